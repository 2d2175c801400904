import type { CausalmlScoreOptions } from './auucScore.js';
import { causalmlQini, normaliseByLast, sum } from './causalmlCurves.js';
import type { NumberColumn } from './types.js';
import { checkInputs, requireBothGroups } from './validate.js';

/**
 * causalml's `qini_score`: the mean gap between the Qini curve
 * Y_t − Y_c · N_t / N_c (k = 0..n, one point per row) and the straight line
 * from its first to its last point, by default after dividing the curve by
 * |its last point|. Provided for comparison with causalml; sklift's
 * normalised score is {@link qiniAucScore}. Tied scores: see {@link auucScore}.
 *
 * @param y outcome, 0 or 1 per row
 * @param uplift predicted uplift; higher means treat first
 * @param treatment 1 for treated rows, 0 for control rows
 *
 * @example
 * qiniScore([1, 0, 0, 1], [0.9, 0.4, 0.5, 0.1], [1, 1, 0, 0], { normalize: false }); // 0.5
 */
export function qiniScore(
  y: NumberColumn,
  uplift: NumberColumn,
  treatment: NumberColumn,
  options: CausalmlScoreOptions = {},
): number {
  const inputs = checkInputs(y, uplift, treatment);
  requireBothGroups(inputs);
  const qini = causalmlQini(inputs);
  if (options.normalize ?? true) normaliseByLast(qini);
  const m = qini.length;
  const first = qini[0]!;
  const last = qini[m - 1]!;
  // Sum of numpy.linspace(first, last, m), the straight line's points.
  let line = 0;
  const step = (last - first) / (m - 1);
  for (let k = 0; k < m - 1; k++) line += first + k * step;
  line += last;
  return (sum(qini) - line) / m;
}
