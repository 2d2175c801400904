import { countsAtCuts, type CutCounts } from './cumulative.js';
import type { Curve, NumberColumn } from './types.js';
import { checkInputs } from './validate.js';

/**
 * Qini curve as scikit-uplift 0.5.1 computes it: rank rows by descending
 * uplift score (stable sort reversed, so among ties the later row comes
 * first), cut after the last row of each group of equal scores, and at each cut
 * report Y_t − Y_c · N_t / N_c (cumulative treated / control responders and
 * rows; the ratio is 0 while there are no control rows). Starts at (0, 0).
 *
 * @param y outcome, 0 or 1 per row
 * @param uplift predicted uplift; higher means treat first
 * @param treatment 1 for treated rows, 0 for control rows
 * @returns x = rows targeted, y = incremental responders
 *
 * @example
 * const curve = qiniCurve([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1], [1, 0, 1, 0]);
 * Array.from(curve.x); // [0, 1, 2, 3, 4]
 * Array.from(curve.y); // [0, 1, 1, 2, 2]
 */
export function qiniCurve(y: NumberColumn, uplift: NumberColumn, treatment: NumberColumn): Curve {
  return qiniFromCounts(countsAtCuts(checkInputs(y, uplift, treatment)));
}

/** Qini values at the cuts (shared with the perfect curve). */
export function qiniFromCounts(c: CutCounts): Curve {
  const x = new Float64Array(c.size);
  const v = new Float64Array(c.size);
  for (let k = 1; k < c.size; k++) {
    const nt = c.treated[k]!;
    const nc = c.rows[k]! - nt;
    x[k] = c.rows[k]!;
    v[k] = c.treatedResponders[k]! - c.controlResponders[k]! * (nc !== 0 ? nt / nc : 0);
  }
  return { x, y: v };
}
