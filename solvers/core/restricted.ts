/**
 * The LP/MIP model of a multiple-choice problem with coupling rows in which
 * only some units are open and every other unit keeps a fixed arm: the fixed
 * units' values become a constant and their row activities move into the row
 * bounds. With every unit open it is the whole problem's model.
 *
 * Arm 0 is implicit, as in every model the backends read: a column x_ik
 * (k ≥ 1, allowed) is 1 when unit i gets arm k, Σ_k x_ik ≤ 1 (written only
 * for units with two or more columns), and arm 0's value and coefficients are
 * constants, so objective and rows hold differences to arm 0.
 */
import type { LpModel } from '../backends/lp-model.js';
import type { RowSet } from './coupling-rows.js';

export interface RestrictedModel {
  readonly model: LpModel;
  /** Unit and arm of each column. */
  readonly colUnit: Int32Array;
  readonly colArm: Int32Array;
  /** Model row of coupling row r: firstCouplingRow + r (the "one arm" rows come first). */
  readonly firstCouplingRow: number;
  /**
   * With `aggregate`: the classes of identical open units. Class c holds
   * members[offsets[c] … offsets[c+1]); its columns (colClass) count how many
   * of them get each arm, and colUnit names the class's first member.
   */
  readonly classes?: { readonly offsets: Int32Array; readonly members: Int32Array; readonly colClass: Int32Array };
}

export interface RestrictOptions {
  /** n·K flags: only these treated arms get columns (arm 0 is always there); default every allowed arm. */
  readonly keep?: Uint8Array;
  /**
   * Merge open units that are identical (same values, arms and row
   * coefficients) into one class whose columns range over 0 … its size: the
   * same LP with fewer columns, which matters when many units are worth the
   * same (an effect estimated per region). For LPs only: the columns of a
   * class are counts, not 0/1 choices.
   */
  readonly aggregate?: boolean;
}

/**
 * The model over the `open` units (in that order), every other unit on its
 * arm in `fixed`.
 *
 * @example
 * import { RowSet } from './coupling-rows.js';
 * // Two units, one budget row of 1: unit 1 is fixed on arm 1, so unit 0 keeps budget 0.
 * const set = new RowSet({ n: 2, arms: 2, values: Float64Array.of(0, 3, 0, 2), costs: Float64Array.of(0, 1, 0, 1),
 *   rows: [{ lower: -Infinity, upper: 1, costs: Float64Array.of(0, 1, 0, 1) }] });
 * restrictedModel(set, Int32Array.of(0), Int32Array.of(0, 1)).model.rowUpper; // Float64Array [0]
 */
export function restrictedModel(set: RowSet, open: Int32Array, fixed: Int32Array, options: RestrictOptions = {}): RestrictedModel {
  const { n, arms: K, values, allowed } = set.input;
  const keep = options.keep;
  // Activities and value with every open unit on arm 0: the constants the columns are measured from.
  const base = fixed.slice(0, n);
  for (let u = 0; u < open.length; u++) base[open[u]!] = 0;
  const act = set.activities(base);
  let offset = 0;
  for (let i = 0; i < n; i++) offset += values[i * K + base[i]!]!;

  const classes = options.aggregate === true ? identicalUnits(set, open, keep) : undefined;
  const reps = classes === undefined ? open : Int32Array.from({ length: classes.offsets.length - 1 }, (_, c) => classes.members[classes.offsets[c]!]!);
  const size = (u: number): number => (classes === undefined ? 1 : classes.offsets[u + 1]! - classes.offsets[u]!);

  const colUnit: number[] = [];
  const colArm: number[] = [];
  const colClass: number[] = [];
  const colUpper: number[] = [];
  const objective: number[] = [];
  const unitStart = new Int32Array(reps.length + 1);
  for (let u = 0; u < reps.length; u++) {
    const i = reps[u]!;
    for (let k = 1; k < K; k++) {
      if (allowed !== undefined && allowed[i * K + k] === 0) continue;
      if (keep !== undefined && keep[i * K + k] === 0) continue;
      colUnit.push(i);
      colArm.push(k);
      colClass.push(u);
      colUpper.push(size(u));
      objective.push(values[i * K + k]! - values[i * K]!);
    }
    unitStart[u + 1] = colUnit.length;
  }
  const numCols = colUnit.length;

  // Coupling-row entries, gathered per row.
  const R = set.numRows;
  const rowCols: number[][] = Array.from({ length: R }, () => []);
  const rowVals: number[][] = Array.from({ length: R }, () => []);
  const rowsOfUnit: number[] = [];
  for (let u = 0; u < reps.length; u++) {
    const i = reps[u]!;
    set.rowsOfUnit(i, rowsOfUnit);
    for (const r of rowsOfUnit) {
      const a0 = set.coefficient(r, i, 0);
      for (let j = unitStart[u]!; j < unitStart[u + 1]!; j++) {
        const a = set.coefficient(r, i, colArm[j]!) - a0;
        if (a === 0) continue;
        rowCols[r]!.push(j);
        rowVals[r]!.push(a);
      }
    }
  }

  let gub = 0;
  let entries = 0;
  for (let u = 0; u < reps.length; u++) {
    const count = unitStart[u + 1]! - unitStart[u]!;
    if (count >= 2) {
      gub++;
      entries += count;
    }
  }
  for (let r = 0; r < R; r++) entries += rowCols[r]!.length;
  const numRows = gub + R;
  const rowStarts = new Int32Array(numRows + 1);
  const rowIndex = new Int32Array(entries);
  const rowValue = new Float64Array(entries);
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  let e = 0;
  let row = 0;
  for (let u = 0; u < reps.length; u++) {
    const s = unitStart[u]!;
    const t = unitStart[u + 1]!;
    if (t - s < 2) continue;
    for (let j = s; j < t; j++) {
      rowIndex[e] = j;
      rowValue[e++] = 1;
    }
    rowLower[row] = -Infinity;
    rowUpper[row++] = size(u);
    rowStarts[row] = e;
  }
  for (let r = 0; r < R; r++) {
    const cols = rowCols[r]!;
    const vals = rowVals[r]!;
    for (let q = 0; q < cols.length; q++) {
      rowIndex[e] = cols[q]!;
      rowValue[e++] = vals[q]!;
    }
    const spec = set.rows[r]!;
    rowLower[row] = spec.lower - act[r]!;
    rowUpper[row++] = spec.upper - act[r]!;
    rowStarts[row] = e;
  }
  const model: LpModel = {
    numCols,
    numRows,
    objective: Float64Array.from(objective),
    objectiveOffset: offset,
    colUpper: Float64Array.from(colUpper),
    rowStarts,
    rowIndex,
    rowValue,
    rowLower,
    rowUpper,
  };
  return {
    model,
    colUnit: Int32Array.from(colUnit),
    colArm: Int32Array.from(colArm),
    firstCouplingRow: gub,
    ...(classes === undefined ? {} : { classes: { ...classes, colClass: Int32Array.from(colClass) } }),
  };
}

/**
 * Classes of identical units among `open` (in order of first member): units
 * are identical when their treated arms' values and row coefficients, all
 * measured from arm 0, and the rows they sit in are the same. The signature
 * is written as the bytes of a Float64Array, so equal doubles compare equal.
 */
function identicalUnits(set: RowSet, open: Int32Array, keep: Uint8Array | undefined): { offsets: Int32Array; members: Int32Array } {
  const { arms: K, values, allowed } = set.input;
  const byKey = new Map<string, number>();
  const classOf = new Int32Array(open.length);
  // One scratch signature, viewed as bytes for the key: no arrays made per unit.
  const signature = new Float64Array(K - 1 + set.numRows * K);
  const bytes = Buffer.from(signature.buffer);
  const rowsOfUnit: number[] = [];
  for (let u = 0; u < open.length; u++) {
    const i = open[u]!;
    let length = 0;
    set.rowsOfUnit(i, rowsOfUnit);
    for (let k = 1; k < K; k++) {
      const usable = (allowed === undefined || allowed[i * K + k] !== 0) && (keep === undefined || keep[i * K + k] !== 0);
      signature[length++] = usable ? values[i * K + k]! - values[i * K]! : NaN;
    }
    for (const r of rowsOfUnit) {
      signature[length++] = -1 - r;
      const a0 = set.coefficient(r, i, 0);
      for (let k = 1; k < K; k++) signature[length++] = set.coefficient(r, i, k) - a0;
    }
    const key = bytes.toString('latin1', 0, 8 * length);
    let c = byKey.get(key);
    if (c === undefined) {
      c = byKey.size;
      byKey.set(key, c);
    }
    classOf[u] = c;
  }
  const offsets = new Int32Array(byKey.size + 1);
  for (let u = 0; u < open.length; u++) offsets[classOf[u]! + 1]!++;
  for (let c = 0; c < byKey.size; c++) offsets[c + 1]! += offsets[c]!;
  const next = offsets.slice(0, byKey.size);
  const members = new Int32Array(open.length);
  for (let u = 0; u < open.length; u++) members[next[classOf[u]!]!++] = open[u]!;
  return { offsets, members };
}
