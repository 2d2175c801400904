import { countsAtCuts } from './cumulative.js';
import { qiniFromCounts } from './qiniCurve.js';
import type { Curve, NumberColumn } from './types.js';
import { checkOutcomeAndTreatment } from './validate.js';

export interface PerfectQiniOptions {
  /**
   * True (default, as in sklift): the best ranking may also put units the
   * treatment harms last, so the curve is the Qini curve of y·t − y·(1 − t).
   * False: the three points (0, 0), (R, R), (n, R) with R = ΣY_t − N_t·ΣY_c / N_c.
   * (When R < 0 the middle point lies left of 0; sklift's area function then
   * raises, while {@link qiniAucScore} integrates the polyline as it is.)
   */
  readonly negativeEffect?: boolean;
}

/**
 * The Qini curve of an ideal ranking (scikit-uplift's `perfect_qini_curve`).
 *
 * @param y outcome, 0 or 1 per row
 * @param treatment 1 for treated rows, 0 for control rows
 *
 * @example
 * const best = perfectQiniCurve([1, 0, 0, 1], [1, 1, 0, 0]);
 * Array.from(best.x); // [0, 1, 3, 4]
 * Array.from(best.y); // [0, 1, 1, 0]
 * Array.from(perfectQiniCurve([1, 0, 0, 1], [1, 1, 0, 0], { negativeEffect: false }).y); // [0, 0, 0]
 */
export function perfectQiniCurve(y: NumberColumn, treatment: NumberColumn, options: PerfectQiniOptions = {}): Curve {
  const checked = checkOutcomeAndTreatment(y, treatment);
  const { n, y: yb, t: tb } = checked;
  if (options.negativeEffect ?? true) {
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) score[i] = yb[i]! * tb[i]! - yb[i]! * (1 - tb[i]!);
    return qiniFromCounts(countsAtCuts({ n, y: yb, t: tb, score }));
  }
  let yt = 0;
  let yc = 0;
  for (let i = 0; i < n; i++) {
    yt += yb[i]! & tb[i]!;
    yc += yb[i]! & (1 - tb[i]!);
  }
  const nt = checked.nTreated;
  // Same operation order as sklift: ΣY_t − (N_t · ΣY_c) / N_c.
  const r = yt - (nt * yc) / (n - nt);
  return { x: Float64Array.of(0, r, n), y: Float64Array.of(0, r, r) };
}
