/**
 * Two-way within transformation: removes unit and period means from a column
 * by alternating projections (demean by unit, then by period, until the unit
 * means are zero). A balanced panel needs one sweep; an unbalanced one a few.
 * By Frisch–Waugh–Lovell, regressing demeaned y on demeaned regressors gives
 * the same slopes and residuals as the regression with unit and period dummies.
 */

export interface TwoWayIndex {
  readonly unit: Int32Array;
  readonly period: Int32Array;
  readonly nUnits: number;
  readonly nPeriods: number;
}

export interface DemeanOptions {
  /** Stop when every unit mean is below tolerance · (1 + largest |value|). Default 1e-13. */
  readonly tolerance?: number;
  /** Default 10,000 sweeps. */
  readonly maxSweeps?: number;
}

export interface Demeaned {
  readonly values: Float64Array;
  readonly sweeps: number;
  readonly converged: boolean;
}

/**
 * @example
 * // 2 units × 2 periods, y = unit effect + period effect: nothing is left.
 * const idx = { unit: Int32Array.of(0, 0, 1, 1), period: Int32Array.of(0, 1, 0, 1), nUnits: 2, nPeriods: 2 };
 * Array.from(demeanTwoWay(Float64Array.of(1, 3, 11, 13), idx).values); // [0, 0, 0, 0]
 */
export function demeanTwoWay(column: Float64Array, index: TwoWayIndex, options: DemeanOptions = {}): Demeaned {
  const { unit, period, nUnits, nPeriods } = index;
  const tolerance = options.tolerance ?? 1e-13;
  const maxSweeps = options.maxSweeps ?? 10_000;
  const n = column.length;
  const values = Float64Array.from(column);
  const unitCount = new Float64Array(nUnits);
  const periodCount = new Float64Array(nPeriods);
  for (let r = 0; r < n; r++) {
    unitCount[unit[r]!]!++;
    periodCount[period[r]!]!++;
  }
  let scale = 0;
  for (let r = 0; r < n; r++) scale = Math.max(scale, Math.abs(values[r]!));
  const limit = tolerance * (1 + scale);
  const unitSum = new Float64Array(nUnits);
  const periodSum = new Float64Array(nPeriods);

  subtractMeans(values, unit, unitSum, unitCount);
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    subtractMeans(values, period, periodSum, periodCount);
    // Converged when the period step left the unit means at zero.
    unitSum.fill(0);
    for (let r = 0; r < n; r++) unitSum[unit[r]!] = unitSum[unit[r]!]! + values[r]!;
    let worst = 0;
    for (let i = 0; i < nUnits; i++) if (unitCount[i]! > 0) worst = Math.max(worst, Math.abs(unitSum[i]! / unitCount[i]!));
    if (worst <= limit) return { values, sweeps: sweep, converged: true };
    for (let i = 0; i < nUnits; i++) if (unitCount[i]! > 0) unitSum[i] = unitSum[i]! / unitCount[i]!;
    for (let r = 0; r < n; r++) values[r] = values[r]! - unitSum[unit[r]!]!;
  }
  return { values, sweeps: maxSweeps, converged: false };
}

function subtractMeans(values: Float64Array, group: Int32Array, sums: Float64Array, counts: Float64Array): void {
  sums.fill(0);
  for (let r = 0; r < values.length; r++) sums[group[r]!] = sums[group[r]!]! + values[r]!;
  for (let g = 0; g < sums.length; g++) if (counts[g]! > 0) sums[g] = sums[g]! / counts[g]!;
  for (let r = 0; r < values.length; r++) values[r] = values[r]! - sums[group[r]!]!;
}
