/**
 * Turns named table columns into what a method needs: a binary or numeric
 * outcome, a treatment coded as arms (0 = control), with errors that name the
 * file, line and column of the first offending cell.
 */
import type { Column, Table } from './table.js';
import { cellText, lineOfRow } from './table.js';
import { dataErrors } from './messages.js';
import { parseNumber } from './numbers.js';

/** The column, or an error that lists the columns there are. */
export function requireColumn(table: Table, name: string, role: string): Column {
  const column = table.columns.get(name);
  if (column === undefined) throw dataErrors.unknownColumn(table.source, name, role, table.names);
  return column;
}

/**
 * Every cell of a column as a finite number (≥ 0 if asked), or the error
 * `fail` builds for the first cell that is missing, not a number (with its
 * text as written) or out of range, at its physical line.
 */
export function checkedNumbers(
  table: Table,
  column: Column,
  options: { nonNegative?: boolean; fail: (line: number | undefined, text: string, need: string) => Error },
): Float64Array {
  const n = table.nRows;
  const fail = (row: number, text: string, need: string): never => {
    throw options.fail(lineOfRow(table, row), text, need);
  };
  // The cell's text only on failure (no string per row on the way).
  const check = (row: number, x: number, text?: string): void => {
    if (Number.isNaN(x)) fail(row, '', 'is missing');
    if (!Number.isFinite(x)) fail(row, text ?? String(x), 'is not finite');
    if (options.nonNegative === true && x < 0) fail(row, text ?? String(x), 'is negative');
  };
  if (column.kind === 'numeric') {
    for (let i = 0; i < n; i++) check(i, column.values[i]!);
    return column.values;
  }
  // The reader kept text somewhere in the column: parse each cell, failing at the first bad one.
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const code = column.codes[i]!;
    const text = code < 0 ? '' : column.levels[code]!;
    const x = code < 0 ? NaN : (parseNumber(text) ?? fail(i, text, 'is not a number'));
    check(i, x, text);
    values[i] = x;
  }
  return values;
}

/** A 0/1 outcome as Float64Array; any other value is an error naming its line. */
export function binaryOutcome(table: Table, name: string, rows?: ArrayLike<number>): Float64Array {
  const column = requireColumn(table, name, 'outcome');
  const n = rows === undefined ? table.nRows : rows.length;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : rows[i]!;
    const v = column.kind === 'numeric' ? column.values[r]! : NaN;
    if (v === 0 || v === 1) {
      y[i] = v;
      continue;
    }
    if (column.kind === 'numeric' && Number.isNaN(v)) {
      throw dataErrors.missingValue(table.source, lineOfRow(table, r), name, 'outcome');
    }
    throw dataErrors.notBinary(
      table.source,
      lineOfRow(table, r),
      name,
      'outcome',
      cellText(column, r),
      'this method needs a binary outcome coded 0/1 (use a regression learner for a continuous outcome)',
    );
  }
  return y;
}

/** A numeric outcome; a missing cell is an error naming its line. */
export function numericOutcome(table: Table, name: string, rows?: ArrayLike<number>): Float64Array {
  const column = requireColumn(table, name, 'outcome');
  const n = rows === undefined ? table.nRows : rows.length;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : rows[i]!;
    if (column.kind !== 'numeric') {
      throw dataErrors.notNumeric(table.source, lineOfRow(table, r), name, cellText(column, r));
    }
    const v = column.values[r]!;
    if (Number.isNaN(v)) throw dataErrors.missingValue(table.source, lineOfRow(table, r), name, 'outcome');
    y[i] = v;
  }
  return y;
}

/** How treatment labels map to arms: arms[0] is the control label. */
export interface ArmEncoding {
  readonly column: string;
  /** Arm labels; index 0 is the control, 1.. the treatments. */
  readonly arms: readonly string[];
}

export interface EncodedTreatment {
  readonly encoding: ArmEncoding;
  /** Arm index per row, or -1 for rows in an arm that was not selected. */
  readonly arm: Int32Array;
  /** Row counts per arm. */
  readonly counts: Int32Array;
}

export interface TreatmentOptions {
  /** The control label; inferred for 0/1 columns and for a level named 'control'. */
  readonly control?: string | undefined;
  /** Only these treated labels (others are left out); default: every non-control label. */
  readonly treated?: readonly string[] | undefined;
}

/** Distinct labels of a treatment column in a stable order (numbers ascending, text as first seen). */
function treatmentLabels(column: Column): string[] {
  if (column.kind === 'categorical') return [...column.levels];
  const distinct = new Set<number>();
  for (const v of column.values) if (!Number.isNaN(v)) distinct.add(v);
  return [...distinct].sort((a, b) => a - b).map(String);
}

/**
 * Codes a treatment column as arms, control first.
 *
 * @example
 * const table = await readTable('campaign.csv'); // segment: No E-Mail, Mens E-Mail, Womens E-Mail, No E-Mail, …
 * const t = encodeTreatment(table, 'segment', { control: 'No E-Mail', treated: ['Womens E-Mail'] });
 * t.encoding; // { column: 'segment', arms: ['No E-Mail', 'Womens E-Mail'] }
 * t.arm.slice(0, 4); // Int32Array [0, -1, 1, 0] (-1: a row in neither arm)
 */
export function encodeTreatment(table: Table, name: string, options: TreatmentOptions = {}): EncodedTreatment {
  const column = requireColumn(table, name, 'treatment');
  const labels = treatmentLabels(column);
  let control = options.control;
  if (control === undefined) {
    if (labels.includes('0')) control = '0';
    else {
      const named = labels.find((l) => l.toLowerCase() === 'control');
      if (named === undefined) throw dataErrors.needControl(table.source, name, labels);
      control = named;
    }
  }
  if (!labels.includes(control)) throw dataErrors.unknownArm(table.source, name, control, labels);
  const treated = options.treated ?? labels.filter((l) => l !== control);
  for (const t of treated) if (!labels.includes(t)) throw dataErrors.unknownArm(table.source, name, t, labels);
  if (treated.length === 0) throw dataErrors.singleArm(table.source, name, 'treated');
  const arms = [control, ...treated.filter((t) => t !== control)];
  return encodeTreatmentAs(table, { column: name, arms });
}

/** Codes a treatment column with a known encoding (as saved in a model). */
export function encodeTreatmentAs(table: Table, encoding: ArmEncoding): EncodedTreatment {
  const column = requireColumn(table, encoding.column, 'treatment');
  const armOf = new Map<string, number>();
  encoding.arms.forEach((label, k) => armOf.set(label, k));
  const arm = new Int32Array(table.nRows);
  const counts = new Int32Array(encoding.arms.length);
  // Map each distinct label once, not each row's text.
  const byCode =
    column.kind === 'categorical' ? column.levels.map((l) => armOf.get(l) ?? -1) : undefined;
  for (let i = 0; i < table.nRows; i++) {
    let k: number;
    if (column.kind === 'categorical') {
      const code = column.codes[i]!;
      if (code < 0) throw dataErrors.missingValue(table.source, lineOfRow(table, i), encoding.column, 'treatment');
      k = byCode![code]!;
    } else {
      const v = column.values[i]!;
      if (Number.isNaN(v)) throw dataErrors.missingValue(table.source, lineOfRow(table, i), encoding.column, 'treatment');
      k = armOf.get(String(v)) ?? -1;
    }
    arm[i] = k;
    if (k >= 0) counts[k]!++;
  }
  if (counts[0] === 0) throw dataErrors.singleArm(table.source, encoding.column, `control ('${encoding.arms[0]}')`);
  for (let k = 1; k < counts.length; k++) {
    if (counts[k] === 0) throw dataErrors.singleArm(table.source, encoding.column, `'${encoding.arms[k]}'`);
  }
  return { encoding, arm, counts };
}
