import { metricErrors } from './messages.js';
import { skliftOrder } from './ranking.js';
import type { NumberColumn, TopStrategy } from './types.js';
import { checkInputs, requireBothGroups } from './validate.js';

export interface UpliftAtKOptions {
  /** 'overall': the top k rows of the ranking; 'byGroup': the top k treated and the top k control rows. */
  readonly strategy: TopStrategy;
  /**
   * A fraction in (0, 1) (floor(n·k) rows, n counted per group for 'byGroup')
   * or a whole number of rows ≥ 1. Default 0.3.
   */
  readonly k?: number;
}

/**
 * Uplift among the top-ranked rows (scikit-uplift's `uplift_at_k`):
 * mean(y | treated) − mean(y | control) over the rows taken. NaN when the
 * taken rows of one group are empty (only possible with 'overall').
 *
 * @param y outcome, 0 or 1 per row
 * @param uplift predicted uplift; higher means treat first
 * @param treatment 1 for treated rows, 0 for control rows
 *
 * @example
 * const y = [1, 0, 1, 0, 0, 1];
 * const u = [0.9, 0.8, 0.7, 0.6, 0.2, 0.1];
 * const t = [1, 0, 1, 0, 1, 0];
 * upliftAtK(y, u, t, { strategy: 'overall', k: 0.5 }); // 1
 * upliftAtK(y, u, t, { strategy: 'byGroup', k: 2 }); // 1
 * upliftAtK(y, u, t, { strategy: 'overall', k: 6 }); // throws E_METRIC_K (k must be below the 6 rows)
 */
export function upliftAtK(y: NumberColumn, uplift: NumberColumn, treatment: NumberColumn, options: UpliftAtKOptions): number {
  const inputs = checkInputs(y, uplift, treatment);
  requireBothGroups(inputs);
  const { n, nTreated } = inputs;
  const strategy = options.strategy;
  if (strategy !== 'overall' && strategy !== 'byGroup') throw metricErrors.badStrategy(strategy);
  const k = options.k ?? 0.3;
  const fraction = k > 0 && k < 1;
  if (!fraction && !(Number.isInteger(k) && k >= 1 && k < n)) throw metricErrors.badK(k, n);
  const order = skliftOrder(inputs.score);
  const yb = inputs.y;
  const tb = inputs.t;

  if (strategy === 'overall') {
    const size = fraction ? Math.floor(n * k) : k;
    let nt = 0;
    let yt = 0;
    let yc = 0;
    for (let r = 0; r < size; r++) {
      const i = order[r]!;
      nt += tb[i]!;
      yt += yb[i]! & tb[i]!;
      yc += yb[i]! & (1 - tb[i]!);
    }
    return yt / nt - yc / (size - nt);
  }
  const nControl = n - nTreated;
  const takeTreated = fraction ? Math.floor(nTreated * k) : k;
  const takeControl = fraction ? Math.floor(nControl * k) : k;
  if (takeControl > nControl) throw metricErrors.kExceedsGroup(k, 'control', nControl);
  if (takeTreated > nTreated) throw metricErrors.kExceedsGroup(k, 'treated', nTreated);
  let yt = 0;
  let yc = 0;
  let seenT = 0;
  let seenC = 0;
  for (let r = 0; r < n && (seenT < takeTreated || seenC < takeControl); r++) {
    const i = order[r]!;
    if (tb[i] === 1) {
      if (seenT < takeTreated) {
        seenT++;
        yt += yb[i]!;
      }
    } else if (seenC < takeControl) {
      seenC++;
      yc += yb[i]!;
    }
  }
  return yt / takeTreated - yc / takeControl;
}
