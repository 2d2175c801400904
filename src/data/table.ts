/**
 * The columnar table every part of liftwise reads.
 *
 * Numeric columns hold a Float64Array (missing = NaN); categorical columns are
 * dictionary-encoded as Int32Array codes into `levels` (missing = -1). Each row
 * remembers the physical line it came from, so later checks (a non-binary
 * treatment, a negative cost) can name the line in the user's file.
 */

export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly name: string;
  /** Index into `levels`, or -1 when the cell is missing. */
  readonly codes: Int32Array;
  /** Distinct values in order of first appearance. */
  readonly levels: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  /** Where the rows came from (a file path as the user gave it), for messages. */
  readonly source: string | undefined;
  readonly nRows: number;
  /** Column names in file order. */
  readonly names: readonly string[];
  readonly columns: ReadonlyMap<string, Column>;
  /** Physical 1-based line of each row in `source` (header is line 1), when known. */
  readonly lines: Int32Array | undefined;
  /**
   * Columns read as categorical although most of their cells are numbers,
   * with the first cell that is not: usually a typo the user wants to hear about.
   */
  readonly mostlyNumeric?: ReadonlyMap<string, MostlyNumeric>;
}

/** An inferred column read as categorical although at least 95 % of its present cells are numbers. */
export interface MostlyNumeric {
  /** The first cell that is not a number: its physical line and text. */
  readonly line: number;
  readonly value: string;
  readonly numericCells?: number;
  readonly presentCells?: number;
}

/** Builds a table from columns of equal length. */
export function createTable(
  columns: readonly Column[],
  options: {
    source?: string | undefined;
    lines?: Int32Array | undefined;
    mostlyNumeric?: ReadonlyMap<string, MostlyNumeric> | undefined;
  } = {},
): Table {
  const map = new Map<string, Column>();
  let nRows = -1;
  for (const column of columns) {
    const length = column.kind === 'numeric' ? column.values.length : column.codes.length;
    if (nRows === -1) nRows = length;
    else if (length !== nRows) {
      throw new RangeError(`column '${column.name}' has ${length} rows, expected ${nRows}`);
    }
    if (map.has(column.name)) throw new RangeError(`duplicate column '${column.name}'`);
    map.set(column.name, column);
  }
  return {
    source: options.source,
    nRows: Math.max(nRows, 0),
    names: columns.map((c) => c.name),
    columns: map,
    lines: options.lines,
    ...(options.mostlyNumeric === undefined || options.mostlyNumeric.size === 0 ? {} : { mostlyNumeric: options.mostlyNumeric }),
  };
}

/** A numeric column from any array of numbers. */
export function numericColumn(name: string, values: ArrayLike<number>): NumericColumn {
  return { kind: 'numeric', name, values: Float64Array.from(values) };
}

/** A categorical column from strings; null, undefined and '' are missing. */
export function categoricalColumn(name: string, values: ReadonlyArray<string | null | undefined>): CategoricalColumn {
  const levels: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') {
      codes[i] = -1;
      continue;
    }
    codes[i] = levelCode(v, index, levels);
  }
  return { kind: 'categorical', name, codes, levels };
}

/** The code of a text among levels numbered in order of first appearance, adding it when new. */
function levelCode(text: string, index: Map<string, number>, levels: string[]): number {
  let code = index.get(text);
  if (code === undefined) {
    code = levels.length;
    levels.push(text);
    index.set(text, code);
  }
  return code;
}

/** The text of one cell as it would be written back out ('' when missing). */
export function cellText(column: Column, row: number): string {
  if (column.kind === 'numeric') {
    const v = column.values[row]!;
    return Number.isNaN(v) ? '' : String(v);
  }
  const code = column.codes[row]!;
  return code < 0 ? '' : column.levels[code]!;
}

/**
 * A column as segment codes over some rows (all rows by default): each distinct
 * text (numbers as their text) gets a code in order of first appearance;
 * missing cells get −1.
 *
 * @example
 * segmentCodes(categoricalColumn('region', ['n', 's', 'n'])); // { codes: [0, 1, 0], levels: ['n', 's'] }
 */
export function segmentCodes(column: Column, rows?: ArrayLike<number>): { codes: Int32Array; levels: string[] } {
  const n = rows === undefined ? (column.kind === 'numeric' ? column.values.length : column.codes.length) : rows.length;
  const levels: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : rows[i]!;
    if (isMissing(column, r)) {
      codes[i] = -1;
      continue;
    }
    codes[i] = levelCode(cellText(column, r), index, levels);
  }
  return { codes, levels };
}

/** True when the cell is missing. */
export function isMissing(column: Column, row: number): boolean {
  return column.kind === 'numeric' ? Number.isNaN(column.values[row]!) : column.codes[row]! < 0;
}

/** A new table holding the given rows (in the given order) of every column. */
export function takeRows(table: Table, rows: ArrayLike<number>): Table {
  const n = rows.length;
  const columns: Column[] = table.names.map((name) => {
    const column = table.columns.get(name)!;
    if (column.kind === 'numeric') {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = column.values[rows[i]!]!;
      return { kind: 'numeric', name, values };
    }
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = column.codes[rows[i]!]!;
    return { kind: 'categorical', name, codes, levels: column.levels };
  });
  let lines: Int32Array | undefined;
  if (table.lines !== undefined) {
    lines = new Int32Array(n);
    for (let i = 0; i < n; i++) lines[i] = table.lines[rows[i]!]!;
  }
  return createTable(columns, { source: table.source, lines, mostlyNumeric: table.mostlyNumeric });
}

/** A new table with extra or replaced columns appended in order. */
export function withColumns(table: Table, extra: readonly Column[]): Table {
  const replaced = new Set(extra.map((c) => c.name));
  const kept = table.names.filter((n) => !replaced.has(n)).map((n) => table.columns.get(n)!);
  return createTable([...kept, ...extra], { source: table.source, lines: table.lines, mostlyNumeric: table.mostlyNumeric });
}

/** The physical line of a row, when the table knows it. */
export function lineOfRow(table: Table, row: number): number | undefined {
  return table.lines === undefined ? undefined : table.lines[row];
}
