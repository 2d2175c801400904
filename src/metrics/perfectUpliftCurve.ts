import { countsAtCuts } from './cumulative.js';
import { upliftFromCounts } from './upliftCurve.js';
import type { Curve, NumberColumn } from './types.js';
import { checkOutcomeAndTreatment } from './validate.js';

/**
 * The uplift curve of an ideal ranking (scikit-uplift's `perfect_uplift_curve`):
 * the uplift curve of the score 2·[y = t] + s, where s is y when control
 * responders outnumber treated non-responders and t otherwise.
 *
 * @param y outcome, 0 or 1 per row
 * @param treatment 1 for treated rows, 0 for control rows
 *
 * @example
 * const best = perfectUpliftCurve([1, 0, 0, 1], [1, 1, 0, 0]);
 * Array.from(best.x); // [0, 1, 2, 3, 4]
 * Array.from(best.y); // [0, 1, 2, 1.5, 0]
 */
export function perfectUpliftCurve(y: NumberColumn, treatment: NumberColumn): Curve {
  const { n, y: yb, t: tb } = checkOutcomeAndTreatment(y, treatment);
  let controlResponders = 0;
  let treatedNonResponders = 0;
  for (let i = 0; i < n; i++) {
    controlResponders += yb[i]! & (1 - tb[i]!);
    treatedNonResponders += (1 - yb[i]!) & tb[i]!;
  }
  const useOutcome = controlResponders > treatedNonResponders;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = 2 * (yb[i] === tb[i] ? 1 : 0) + (useOutcome ? yb[i]! : tb[i]!);
  return upliftFromCounts(countsAtCuts({ n, y: yb, t: tb, score }));
}
