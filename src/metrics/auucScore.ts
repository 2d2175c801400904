import { causalmlGain, normaliseByLast, sum } from './causalmlCurves.js';
import type { NumberColumn } from './types.js';
import { checkInputs, requireBothGroups } from './validate.js';

export interface CausalmlScoreOptions {
  /** Divide the curve by the absolute value of its last point first (causalml's default, true). */
  readonly normalize?: boolean;
}

/**
 * causalml's `auuc_score`: the mean of the cumulative gain curve
 * (Y_t/N_t − Y_c/N_c) · k over k = 0..n, by default after dividing the curve by
 * |its last point|. Provided for comparison with causalml; it is not
 * sklift's `uplift_auc_score`. causalml's own value can differ when scores
 * tie, because its sort leaves tied rows in an unspecified order; here tied
 * rows stay in input order.
 *
 * @param y outcome, 0 or 1 per row
 * @param uplift predicted uplift; higher means treat first
 * @param treatment 1 for treated rows, 0 for control rows
 *
 * @example
 * auucScore([1, 0, 0, 1], [0.9, 0.4, 0.5, 0.1], [1, 1, 0, 0], { normalize: false }); // 0.8
 */
export function auucScore(
  y: NumberColumn,
  uplift: NumberColumn,
  treatment: NumberColumn,
  options: CausalmlScoreOptions = {},
): number {
  const inputs = checkInputs(y, uplift, treatment);
  requireBothGroups(inputs);
  const gain = causalmlGain(inputs);
  if (options.normalize ?? true) normaliseByLast(gain);
  return sum(gain) / gain.length;
}
