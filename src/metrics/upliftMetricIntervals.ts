/**
 * Bootstrap intervals for the three ranking metrics `liftwise evaluate`
 * reports: Qini AUC, uplift AUC and uplift@k (strategy 'overall'). A Qini
 * from noise reads exactly like a Qini from a model that works; the interval
 * tells them apart.
 *
 * Rows are resampled by Poisson(1) weights (the Poisson bootstrap): a weight
 * of w is a row drawn w times, so every ranking (the model's and the perfect
 * ones) is sorted once and each replicate is one weighted pass over the rows.
 * The intervals are percentile intervals over the replicates, all three from
 * the same replicates (so they are jointly resampled). The estimates equal
 * qiniAucScore, upliftAucScore and upliftAtK(strategy 'overall') of the rows
 * as given.
 */
import { metricErrors } from './messages.js';
import { cutsOf, poisson1, QiniRanking, quantile, type Cuts } from './qiniAucInterval.js';
import type { NumberColumn } from './types.js';
import { checkInputs, requireBothGroups } from './validate.js';
import { Random } from '../util/random.js';

export interface UpliftMetricIntervalsOptions {
  /** Share of top-ranked rows for uplift@k, in (0, 1) (default 0.3). */
  readonly k?: number;
  /** Bootstrap replicates (default 200). */
  readonly replicates?: number;
  /** Coverage of each interval (default 0.95). */
  readonly level?: number;
  readonly seed?: number;
}

export interface MetricInterval {
  /** The metric on the rows as given. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** Standard deviation of the replicates (the bootstrap standard error). */
  readonly standardError: number;
  /** True when the interval reaches 0 or below: not distinguishable from random targeting. */
  readonly containsZero: boolean;
}

export interface UpliftMetricIntervals {
  readonly qiniAuc: MetricInterval;
  readonly upliftAuc: MetricInterval;
  readonly upliftAtK: MetricInterval;
  readonly k: number;
  readonly level: number;
  readonly replicates: number;
  /** Always 'bootstrap' (Poisson bootstrap over rows): the kind of interval, for reports. */
  readonly kind: 'bootstrap';
}

/** Area under the weighted uplift curve (rate_T − rate_C)·rows and its last point. */
function upliftArea(c: Cuts, y: Uint8Array, t: Uint8Array, w: Float64Array | null): { area: number; x: number; v: number } {
  let nAll = 0;
  let nt = 0;
  let yt = 0;
  let yc = 0;
  let px = 0;
  let pv = 0;
  let area = 0;
  for (let r = 0; r < c.order.length; r++) {
    const i = c.order[r]!;
    const wi = w === null ? 1 : w[i]!;
    nAll += wi;
    if (t[i] === 1) {
      nt += wi;
      yt += wi * y[i]!;
    } else yc += wi * y[i]!;
    if (c.cutAfter[r] === 1) {
      const nc = nAll - nt;
      const v = ((nt !== 0 ? yt / nt : 0) - (nc !== 0 ? yc / nc : 0)) * nAll;
      area += ((nAll - px) * (v + pv)) / 2;
      px = nAll;
      pv = v;
    }
  }
  return { area, x: px, v: pv };
}

/**
 * The ranking's uplift AUC normalised like upliftAucScore. The perfect uplift
 * ranking (scikit-uplift's) depends on whether control responders outnumber
 * treated non-responders, which a replicate's weights can change: both
 * perfect rankings are prepared and the weights pick one.
 */
function upliftAuc(model: Cuts, perfect: readonly [Cuts, Cuts], y: Uint8Array, t: Uint8Array, w: Float64Array | null): number {
  let controlResponders = 0;
  let treatedNonResponders = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w === null ? 1 : w[i]!;
    if (t[i] === 0) controlResponders += wi * y[i]!;
    else treatedNonResponders += wi * (1 - y[i]!);
  }
  const p = upliftArea(perfect[controlResponders > treatedNonResponders ? 1 : 0], y, t, w);
  const a = upliftArea(model, y, t, w);
  const baseline = (p.x * p.v) / 2;
  return (a.area - baseline) / (p.area - baseline);
}

/**
 * Uplift among the top floor(W·k) rows by weight (W the total weight; with
 * weights 1 exactly upliftAtK's 'overall'). The row at the boundary counts
 * with the part of its weight that fits.
 */
function upliftAtTop(order: Uint32Array, y: Uint8Array, t: Uint8Array, w: Float64Array | null, k: number): number {
  let total = 0;
  if (w === null) total = order.length;
  else for (let i = 0; i < w.length; i++) total += w[i]!;
  let left = Math.floor(total * k);
  let nt = 0;
  let nc = 0;
  let yt = 0;
  let yc = 0;
  for (let r = 0; r < order.length && left > 0; r++) {
    const i = order[r]!;
    const take = Math.min(w === null ? 1 : w[i]!, left);
    left -= take;
    if (t[i] === 1) {
      nt += take;
      yt += take * y[i]!;
    } else {
      nc += take;
      yc += take * y[i]!;
    }
  }
  return yt / nt - yc / nc;
}

function summarise(estimate: number, values: number[], level: number): MetricInterval {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  let mean = 0;
  for (const v of finite) mean += v;
  mean /= Math.max(1, finite.length);
  let ss = 0;
  for (const v of finite) ss += (v - mean) ** 2;
  const lower = quantile(finite, (1 - level) / 2);
  const upper = quantile(finite, 1 - (1 - level) / 2);
  return { estimate, lower, upper, standardError: Math.sqrt(ss / Math.max(1, finite.length - 1)), containsZero: !(lower > 0) };
}

/**
 * Percentile bootstrap intervals of the Qini AUC, uplift AUC and uplift@k of
 * a ranking, from the same seeded replicates.
 *
 * @param y outcome, 0 or 1 per row
 * @param uplift predicted uplift; higher means treat first
 * @param treatment 1 for treated rows, 0 for control rows
 *
 * @example
 * const r = upliftMetricIntervals([1, 0, 0, 1, 1, 0, 0, 1], [0.9, 0.5, 0.4, 0.1, 0.8, 0.6, 0.3, 0.2], [1, 1, 0, 0, 1, 1, 0, 0], { k: 0.75 });
 * r.qiniAuc.estimate; // 0.9722222222222223
 * r.upliftAtK.estimate; // 0.5
 * r.kind; // "bootstrap"
 */
export function upliftMetricIntervals(
  y: NumberColumn,
  uplift: NumberColumn,
  treatment: NumberColumn,
  options: UpliftMetricIntervalsOptions = {},
): UpliftMetricIntervals {
  const inputs = checkInputs(y, uplift, treatment);
  requireBothGroups(inputs);
  const k = options.k ?? 0.3;
  if (!(k > 0 && k < 1)) throw metricErrors.badK(k, inputs.n);
  const level = options.level ?? 0.95;
  const replicates = options.replicates ?? 200;
  const { n, y: yb, t: tb, score } = inputs;
  const yf = Float64Array.from(yb);
  const qini = new QiniRanking(yf, tb, score);
  const model = cutsOf(score);
  const perfectScores = [0, 1].map((useOutcome) => Float64Array.from({ length: n }, (_, i) => 2 * (yb[i] === tb[i] ? 1 : 0) + (useOutcome === 1 ? yb[i]! : tb[i]!)));
  const perfect = [cutsOf(perfectScores[0]!), cutsOf(perfectScores[1]!)] as const;
  const rng = new Random(options.seed ?? 0);
  const w = new Float64Array(n);
  const reps = { qini: [] as number[], auc: [] as number[], atK: [] as number[] };
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < n; i++) w[i] = poisson1(rng);
    reps.qini.push(qini.value(w));
    reps.auc.push(upliftAuc(model, perfect, yb, tb, w));
    reps.atK.push(upliftAtTop(model.order, yb, tb, w, k));
  }
  return {
    qiniAuc: summarise(qini.value(null), reps.qini, level),
    upliftAuc: summarise(upliftAuc(model, perfect, yb, tb, null), reps.auc, level),
    upliftAtK: summarise(upliftAtTop(model.order, yb, tb, null, k), reps.atK, level),
    k,
    level,
    replicates,
    kind: 'bootstrap',
  };
}
