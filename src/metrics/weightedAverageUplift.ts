import { metricErrors } from './messages.js';
import { skliftOrder } from './ranking.js';
import type { NumberColumn, TopStrategy } from './types.js';
import { checkInputs, requireBothGroups } from './validate.js';

export interface WeightedAverageUpliftOptions {
  /** Number of bins, a whole number below the number of rows. Default 10. */
  readonly bins?: number;
  /** 'overall' (default): bins of the whole ranking; 'byGroup': treated and control rows binned separately. */
  readonly strategy?: TopStrategy;
}

/**
 * Weighted average uplift (scikit-uplift's `weighted_average_uplift`): split
 * the ranking into bins like numpy.array_split (the first n mod bins bins get
 * one row more), take each bin's response-rate difference, and average them
 * weighted by each bin's treated rows. NaN when a bin lacks treated or control
 * rows, as in sklift.
 *
 * @param y outcome, 0 or 1 per row
 * @param uplift predicted uplift; higher means treat first
 * @param treatment 1 for treated rows, 0 for control rows
 *
 * @example
 * const y = [1, 0, 1, 0, 0, 1, 1, 0];
 * const u = [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1];
 * const t = [1, 0, 1, 0, 1, 0, 1, 0];
 * weightedAverageUplift(y, u, t, { bins: 2 }); // 0.5
 * weightedAverageUplift(y, u, t, { bins: 3 }); // 0.625 (bins of 3, 3 and 2 rows)
 * weightedAverageUplift(y, u, t, { bins: 7 }); // NaN (a one-row bin lacks a control row)
 */
export function weightedAverageUplift(
  y: NumberColumn,
  uplift: NumberColumn,
  treatment: NumberColumn,
  options: WeightedAverageUpliftOptions = {},
): number {
  const inputs = checkInputs(y, uplift, treatment);
  requireBothGroups(inputs);
  const { n } = inputs;
  const bins = options.bins ?? 10;
  const strategy = options.strategy ?? 'overall';
  if (strategy !== 'overall' && strategy !== 'byGroup') throw metricErrors.badStrategy(strategy);
  if (!Number.isInteger(bins) || bins < 1 || bins >= n) throw metricErrors.badBins(bins, n);
  const order = skliftOrder(inputs.score);
  const yb = inputs.y;
  const tb = inputs.t;

  let weighted = 0;
  let treatedTotal = 0;
  if (strategy === 'overall') {
    let r = 0;
    for (let b = 0; b < bins; b++) {
      const size = binSize(n, bins, b);
      const end = r + size;
      let nt = 0;
      let yt = 0;
      let yc = 0;
      for (; r < end; r++) {
        const i = order[r]!;
        nt += tb[i]!;
        yt += yb[i]! & tb[i]!;
        yc += yb[i]! & (1 - tb[i]!);
      }
      weighted += nt * (yt / nt - yc / (size - nt));
      treatedTotal += nt;
    }
    return weighted / treatedTotal;
  }
  // byGroup: rank each group on its own, bin each group separately, pair bins by index.
  const treatedRows = new Uint32Array(inputs.nTreated);
  const controlRows = new Uint32Array(n - inputs.nTreated);
  for (let r = 0, a = 0, c = 0; r < n; r++) {
    const i = order[r]!;
    if (tb[i] === 1) treatedRows[a++] = i;
    else controlRows[c++] = i;
  }
  let rt = 0;
  let rc = 0;
  for (let b = 0; b < bins; b++) {
    const nt = binSize(treatedRows.length, bins, b);
    const nc = binSize(controlRows.length, bins, b);
    let yt = 0;
    let yc = 0;
    for (let j = 0; j < nt; j++) yt += yb[treatedRows[rt++]!]!;
    for (let j = 0; j < nc; j++) yc += yb[controlRows[rc++]!]!;
    weighted += nt * (yt / nt - yc / nc);
    treatedTotal += nt;
  }
  return weighted / treatedTotal;
}

/** Size of bin b when numpy.array_split cuts `total` items into `bins` parts. */
function binSize(total: number, bins: number, b: number): number {
  return Math.floor(total / bins) + (b < total % bins ? 1 : 0);
}
