/**
 * scikit-uplift's ranking metrics for a numeric outcome (revenue, spend),
 * where sklift itself takes 0/1 only: the same curves with outcome sums where
 * the 0/1 versions count responders, and the perfect ranking that sorts
 * treated rows by descending outcome and control rows by ascending outcome
 * (sklift's perfect uplift curve, and for 0/1 outcomes the same value as its
 * perfect Qini curve; see qiniAucInterval). On 0/1 outcomes every function here
 * equals its sklift-parity counterpart (tested).
 *
 * `metricMeanings` says, for the CLI and its JSON, what each number means in
 * the outcome's units.
 */
import { countsAtCuts } from './cumulative.js';
import { metricErrors } from './messages.js';
import { normalisedArea } from './qiniAucScore.js';
import { qiniFromCounts } from './qiniCurve.js';
import { skliftOrder } from './ranking.js';
import { upliftFromCounts } from './upliftCurve.js';
import type { NumberColumn } from './types.js';

export interface NumericOutcomeMetrics {
  /** Normalised Qini AUC: 1 perfect ranking, 0 random, < 0 worse than random (unitless). */
  readonly qiniAuc: number;
  /** Normalised uplift AUC (unitless, same scale). */
  readonly upliftAuc: number;
  /** Mean outcome of treated minus control rows among the top k share by score (outcome units per unit). */
  readonly upliftAtK: number;
  /** Incremental outcome of treating the top k share, in total outcome units (the Qini curve at k). */
  readonly incrementalAtK: number;
  /** Treated-weighted mean over score deciles of the decile's treated − control mean outcome (outcome units per unit). */
  readonly weightedAverageUplift: number;
}

interface Checked {
  readonly y: Float64Array;
  readonly t: Uint8Array;
  readonly score: Float64Array;
  readonly nTreated: number;
}

function check(y: NumberColumn, uplift: NumberColumn, treatment: NumberColumn): Checked {
  const n = y.length;
  if (n === 0) throw metricErrors.empty();
  if (uplift.length !== n) throw metricErrors.lengthMismatch('uplift', uplift.length, n);
  if (treatment.length !== n) throw metricErrors.lengthMismatch('treatment', treatment.length, n);
  const yy = new Float64Array(n);
  const t = new Uint8Array(n);
  const score = new Float64Array(n);
  let nTreated = 0;
  for (let i = 0; i < n; i++) {
    const v = treatment[i];
    if (v !== 0 && v !== 1) throw metricErrors.notBinary('treatment', i, v as number);
    t[i] = v;
    nTreated += v;
    const s = uplift[i];
    if (typeof s !== 'number' || !Number.isFinite(s)) throw metricErrors.scoreNotFinite(i, s as number);
    score[i] = s + 0;
    const yi = y[i];
    if (typeof yi !== 'number' || !Number.isFinite(yi)) throw metricErrors.scoreNotFinite(i, yi as number);
    yy[i] = yi;
  }
  if (nTreated === 0) throw metricErrors.singleGroup('treated');
  if (nTreated === n) throw metricErrors.singleGroup('control');
  return { y: yy, t, score, nTreated };
}

/**
 * @param k share of rows in (0, 1] for uplift@k and incremental@k
 * @example
 * const m = numericOutcomeMetrics([12, 0, 3, 0], [0.9, 0.4, 0.5, 0.1], [1, 1, 0, 0], { k: 0.5, bins: 2 });
 * m.upliftAtK; // 9
 */
export function numericOutcomeMetrics(y: NumberColumn, uplift: NumberColumn, treatment: NumberColumn, options: { k?: number; bins?: number } = {}): NumericOutcomeMetrics {
  const c = check(y, uplift, treatment);
  const n = c.y.length;
  const k = options.k ?? 0.3;
  if (!(k > 0 && k <= 1)) throw metricErrors.badK(k, n);
  const perfectScore = Float64Array.from(c.y, (v, i) => (c.t[i] === 1 ? v : -v) + 0);
  const model = countsAtCuts({ n: c.y.length, y: c.y, t: c.t, score: c.score });
  const perfect = countsAtCuts({ n: c.y.length, y: c.y, t: c.t, score: perfectScore });
  const q = qiniFromCounts(model);
  const qp = qiniFromCounts(perfect);
  const u = upliftFromCounts(model);
  const up = upliftFromCounts(perfect);

  const order = skliftOrder(c.score);
  const size = Math.max(1, Math.floor(n * k));
  let nt = 0;
  let yt = 0;
  let yc = 0;
  for (let r = 0; r < size; r++) {
    const i = order[r]!;
    if (c.t[i] === 1) {
      nt++;
      yt += c.y[i]!;
    } else yc += c.y[i]!;
  }
  const nc = size - nt;
  const upliftAtK = yt / nt - yc / nc;
  const incrementalAtK = yt - yc * (nc !== 0 ? nt / nc : 0);

  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1 || bins >= n) throw metricErrors.badBins(bins, n);
  let weighted = 0;
  let treatedTotal = 0;
  for (let b = 0, r = 0; b < bins; b++) {
    const end = r + Math.floor(n / bins) + (b < n % bins ? 1 : 0);
    let bt = 0;
    let sy = 0;
    let sc = 0;
    const start = r;
    for (; r < end; r++) {
      const i = order[r]!;
      if (c.t[i] === 1) {
        bt++;
        sy += c.y[i]!;
      } else sc += c.y[i]!;
    }
    weighted += bt * (sy / bt - sc / (end - start - bt));
    treatedTotal += bt;
  }
  return {
    qiniAuc: normalisedArea(q.x, q.y, qp.x, qp.y),
    upliftAuc: normalisedArea(u.x, u.y, up.x, up.y),
    upliftAtK,
    incrementalAtK,
    weightedAverageUplift: weighted / treatedTotal,
  };
}

/** What each metric of `liftwise evaluate` means, for a 0/1 or a numeric outcome named `outcome`. */
export function metricMeanings(kind: 'binary' | 'continuous', outcome: string, k: number): Record<string, string> {
  const pct = `${Math.round(k * 1000) / 10} %`;
  if (kind === 'binary') {
    return {
      qiniAuc: 'normalised area under the Qini curve: 1 = the best possible ranking, 0 = random targeting, below 0 = worse than random',
      upliftAuc: 'normalised area under the uplift curve, on the same scale (1 perfect, 0 random)',
      upliftAtK: `response rate of treated minus control rows among the top ${pct} of rows by score (a difference of shares: 0.05 = 5 points)`,
      weightedAverageUplift: 'treated − control response rate in each score decile, averaged with the deciles\' treated counts as weights',
    };
  }
  return {
    qiniAuc: `normalised area under the Qini curve of the total incremental '${outcome}': 1 = the best possible ranking (treated rows with the most '${outcome}' first, control rows with the most last), 0 = random targeting; unitless`,
    upliftAuc: 'normalised area under the uplift curve, on the same unitless scale (1 perfect, 0 random)',
    upliftAtK: `mean '${outcome}' of treated minus control rows among the top ${pct} of rows by score, in '${outcome}' units per unit (e.g. dollars per customer)`,
    incrementalAtK: `incremental '${outcome}' in total from treating the top ${pct} of rows (the Qini curve there), in '${outcome}' units: treated rows' sum minus the control rows' sum scaled to as many rows`,
    weightedAverageUplift: `treated − control mean '${outcome}' in each score decile, averaged with the deciles' treated counts as weights, in '${outcome}' units per unit`,
  };
}
