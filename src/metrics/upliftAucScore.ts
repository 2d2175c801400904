import { countsAtCuts } from './cumulative.js';
import { perfectUpliftCurve } from './perfectUpliftCurve.js';
import { normalisedArea } from './qiniAucScore.js';
import { upliftFromCounts } from './upliftCurve.js';
import type { NumberColumn } from './types.js';
import { checkInputs, requireBothGroups } from './validate.js';

/**
 * Normalised area under the uplift curve (scikit-uplift's `uplift_auc_score`):
 * like {@link qiniAucScore} with uplift curves and the perfect uplift curve.
 *
 * @param y outcome, 0 or 1 per row
 * @param uplift predicted uplift; higher means treat first
 * @param treatment 1 for treated rows, 0 for control rows
 *
 * @example
 * upliftAucScore([1, 0, 0, 1], [0.9, 0.4, 0.5, 0.1], [1, 1, 0, 0]); // 1
 */
export function upliftAucScore(y: NumberColumn, uplift: NumberColumn, treatment: NumberColumn): number {
  const inputs = checkInputs(y, uplift, treatment);
  requireBothGroups(inputs);
  const actual = upliftFromCounts(countsAtCuts(inputs));
  const perfect = perfectUpliftCurve(inputs.y, inputs.t);
  return normalisedArea(actual.x, actual.y, perfect.x, perfect.y);
}
