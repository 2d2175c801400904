import { countsAtCuts, trapezoid } from './cumulative.js';
import { perfectQiniCurve } from './perfectQiniCurve.js';
import { qiniFromCounts } from './qiniCurve.js';
import type { NumberColumn } from './types.js';
import { checkInputs, requireBothGroups } from './validate.js';

export interface QiniAucOptions {
  /** Whether the perfect ranking may also sort harmed units last (sklift's default, true). */
  readonly negativeEffect?: boolean;
}

/**
 * Normalised area under the Qini curve (scikit-uplift's `qini_auc_score`):
 * (A_model − A_random) / (A_perfect − A_random), areas by the trapezoid rule,
 * A_random under the straight line from (0, 0) to the perfect curve's last point.
 * 1 is a perfect ranking, 0 a random one, below 0 worse than random.
 *
 * @param y outcome, 0 or 1 per row
 * @param uplift predicted uplift; higher means treat first
 * @param treatment 1 for treated rows, 0 for control rows
 *
 * @example
 * qiniAucScore([1, 0, 0, 1], [0.9, 0.5, 0.4, 0.1], [1, 1, 0, 0]); // 1
 * qiniAucScore([1, 0, 0, 1], [0.1, 0.5, 0.4, 0.9], [1, 1, 0, 0]); // -0.5
 */
export function qiniAucScore(
  y: NumberColumn,
  uplift: NumberColumn,
  treatment: NumberColumn,
  options: QiniAucOptions = {},
): number {
  const inputs = checkInputs(y, uplift, treatment);
  requireBothGroups(inputs);
  const actual = qiniFromCounts(countsAtCuts(inputs));
  const perfect = perfectQiniCurve(inputs.y, inputs.t, options);
  return normalisedArea(actual.x, actual.y, perfect.x, perfect.y);
}

/** (area(model) − area(line)) / (area(perfect) − area(line)); shared with upliftAucScore. */
export function normalisedArea(x: Float64Array, y: Float64Array, px: Float64Array, py: Float64Array): number {
  const last = px.length - 1;
  const baseline = trapezoid(Float64Array.of(0, px[last]!), Float64Array.of(0, py[last]!));
  const perfect = trapezoid(px, py) - baseline;
  const actual = trapezoid(x, y) - baseline;
  return actual / perfect;
}
