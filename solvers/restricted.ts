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
import type { LinearModel } from './lp.js';
import type { RowSet } from './rows.js';

export interface RestrictedModel {
  readonly model: LinearModel;
  /** Unit and arm of each column. */
  readonly colUnit: Int32Array;
  readonly colArm: Int32Array;
  /** Model row of coupling row r: firstCouplingRow + r (the "one arm" rows come first). */
  readonly firstCouplingRow: number;
}

export interface RestrictOptions {
  /** n·K flags: only these treated arms get columns (arm 0 is always there); default every allowed arm. */
  readonly keep?: Uint8Array;
}

/**
 * The model over the `open` units (in that order), every other unit on its
 * arm in `fixed`.
 *
 * @example
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

  const colUnit: number[] = [];
  const colArm: number[] = [];
  const objective: number[] = [];
  const unitStart = new Int32Array(open.length + 1);
  for (let u = 0; u < open.length; u++) {
    const i = open[u]!;
    for (let k = 1; k < K; k++) {
      if (allowed !== undefined && allowed[i * K + k] === 0) continue;
      if (keep !== undefined && keep[i * K + k] === 0) continue;
      colUnit.push(i);
      colArm.push(k);
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
  for (let u = 0; u < open.length; u++) {
    const i = open[u]!;
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
  for (let u = 0; u < open.length; u++) {
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
  for (let u = 0; u < open.length; u++) {
    const s = unitStart[u]!;
    const t = unitStart[u + 1]!;
    if (t - s < 2) continue;
    for (let j = s; j < t; j++) {
      rowIndex[e] = j;
      rowValue[e++] = 1;
    }
    rowLower[row] = -Infinity;
    rowUpper[row++] = 1;
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
  const model: LinearModel = {
    numCols,
    numRows,
    objective: Float64Array.from(objective),
    objectiveOffset: offset,
    colUpper: new Float64Array(numCols).fill(1),
    rowStarts,
    rowIndex,
    rowValue,
    rowLower,
    rowUpper,
  };
  return { model, colUnit: Int32Array.from(colUnit), colArm: Int32Array.from(colArm), firstCouplingRow: gub };
}
