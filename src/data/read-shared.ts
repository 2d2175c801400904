/**
 * What both CSV readers share: checking the header against the options,
 * handling one parsed data row's cells given as strings, and turning the
 * builders into a Table. Keeping these in one place is what makes the two
 * readers' tables and errors identical.
 */
import type { MostlyNumeric, Table } from './table.js';
import { createTable } from './table.js';
import { dataErrors } from './messages.js';
import { ColumnBuilder, type ColumnKind } from './builders.js';
import type { MissingSpellings } from './missing.js';
import type { Int32Store } from './column-store.js';

/** Signals that an inferred column must be re-read as categorical. */
export class RetryAsCategorical {
  constructor(readonly column: string) {}
}

export interface ColumnPlan {
  readonly builders: ColumnBuilder[];
  /** For each kept column, its field position in the row. */
  readonly positions: number[];
}

/** Checks the header names and the options' column names; makes one builder per kept column. */
export function setUpColumns(
  file: string,
  header: readonly string[],
  schema: Readonly<Record<string, ColumnKind>>,
  columns: readonly string[] | undefined,
  expectedRows = 0,
  exactText: readonly string[] = [],
  reread: readonly string[] = [],
): ColumnPlan {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    // An unnamed column is refused when every column is read; a caller that names its columns
    // (an R export's unnamed row-name column, say) does not read it.
    if (name === '') {
      if (columns === undefined) throw dataErrors.emptyHeaderName(file, i + 1);
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) throw dataErrors.duplicateHeader(file, name, first + 1, i + 1);
    seen.set(name, i);
  });
  for (const name of Object.keys(schema)) {
    if (!seen.has(name)) throw dataErrors.unknownSchemaColumn(file, name, header);
  }
  const wanted = columns ?? header;
  const positions: number[] = [];
  const builders: ColumnBuilder[] = [];
  for (const name of wanted) {
    const position = seen.get(name);
    if (position === undefined) throw dataErrors.unknownColumn(file, name, 'requested', header);
    positions.push(position);
    builders.push(new ColumnBuilder(name, schema[name], expectedRows, exactText.includes(name), reread.includes(name)));
  }
  return { builders, positions };
}

/** The error for a data row whose field count differs from the header's, or undefined when it matches. */
export function fieldCountError(file: string, line: number, got: number, expected: number): Error | undefined {
  if (got === expected) return undefined;
  return got > expected ? dataErrors.tooManyFields(file, line, got, expected) : dataErrors.tooFewFields(file, line, got, expected);
}

/**
 * Adds one cell given as text. Returns undefined when stored, the error to
 * throw, or a RetryAsCategorical.
 */
export function addTextCell(
  file: string,
  builder: ColumnBuilder,
  text: string,
  missing: MissingSpellings,
  line: number,
): Error | RetryAsCategorical | undefined {
  if (builder.exact) {
    if (text === '') builder.pushMissing();
    else builder.push(text, line);
    return undefined;
  }
  if (missing.hasText(text)) {
    builder.pushMissing();
    return undefined;
  }
  const pushed = builder.push(text, line);
  return pushResultToOutcome(file, builder, pushed, text, line);
}

export function pushResultToOutcome(
  file: string,
  builder: ColumnBuilder,
  pushed: true | false | 'not-numeric',
  text: string | (() => string),
  line: number,
): Error | RetryAsCategorical | undefined {
  if (pushed === true) return undefined;
  if (pushed === false) return new RetryAsCategorical(builder.name);
  return dataErrors.notNumeric(file, line, builder.name, typeof text === 'string' ? text : text());
}

/** The table at the end of the file, or the error for a file without header or rows. */
export function finishTable(file: string, header: readonly string[] | undefined, builders: readonly ColumnBuilder[], lines: Int32Store): Table {
  if (header === undefined) throw dataErrors.emptyFile(file);
  if (lines.length === 0) throw dataErrors.noDataRows(file);
  const mostlyNumeric = new Map<string, MostlyNumeric>();
  for (const b of builders) if (b.mostlyNumeric) mostlyNumeric.set(b.name, { ...b.firstText!, numericCells: b.numericCells, presentCells: b.presentCells });
  return createTable(
    builders.map((b) => b.build()),
    { source: file, lines: lines.take(), mostlyNumeric },
  );
}
