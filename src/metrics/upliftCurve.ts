import { countsAtCuts, type CutCounts } from './cumulative.js';
import type { Curve, NumberColumn } from './types.js';
import { checkInputs } from './validate.js';

/**
 * Uplift curve as scikit-uplift 0.5.1 computes it: same ranking and cuts as
 * {@link qiniCurve}; at a cut of n rows the value is
 * (Y_t / N_t − Y_c / N_c) · n, each ratio 0 while its group is empty.
 *
 * @param y outcome, 0 or 1 per row
 * @param uplift predicted uplift; higher means treat first
 * @param treatment 1 for treated rows, 0 for control rows
 * @returns x = rows targeted, y = response-rate difference times rows
 *
 * @example
 * const curve = upliftCurve([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1], [1, 0, 1, 0]);
 * Array.from(curve.y); // [0, 1, 2, 3, 4]
 */
export function upliftCurve(y: NumberColumn, uplift: NumberColumn, treatment: NumberColumn): Curve {
  return upliftFromCounts(countsAtCuts(checkInputs(y, uplift, treatment)));
}

/** Uplift values at the cuts (shared with the perfect curve). */
export function upliftFromCounts(c: CutCounts): Curve {
  const x = new Float64Array(c.size);
  const v = new Float64Array(c.size);
  for (let k = 1; k < c.size; k++) {
    const n = c.rows[k]!;
    const nt = c.treated[k]!;
    const nc = n - nt;
    const rateT = nt !== 0 ? c.treatedResponders[k]! / nt : 0;
    const rateC = nc !== 0 ? c.controlResponders[k]! / nc : 0;
    x[k] = n;
    v[k] = (rateT - rateC) * n;
  }
  return { x, y: v };
}
