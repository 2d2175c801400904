/**
 * A bootstrap interval for the Qini AUC, to tell a ranking that finds who
 * responds from one that is noise. The estimate is scikit-uplift's normalised
 * Qini AUC ({@link qiniAucScore}; equal to it for 0/1 outcomes), generalised
 * to numeric outcomes by summing outcomes where the 0/1 version counts
 * responders. The interval is a percentile interval over Poisson bootstrap
 * replicates: each row gets a Poisson(1) weight, which resamples rows without
 * changing the ranking, so both rankings (the model's and the perfect one)
 * are sorted once and each replicate costs one pass over the rows.
 */
import { skliftRanking } from './ranking.js';
import { metricErrors } from './messages.js';
import { Random } from '../util/random.js';
import type { NumberColumn } from './types.js';

export interface QiniAucIntervalOptions {
  /** Bootstrap replicates (default 200). */
  readonly replicates?: number;
  /** Coverage of the interval (default 0.95). */
  readonly level?: number;
  readonly seed?: number;
}

export interface QiniAucInterval {
  /** The Qini AUC of the rows as given. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly replicates: number;
  /** True when the interval reaches 0 or below: the ranking is not distinguishable from a random one. */
  readonly containsZero: boolean;
}

/** A ranking's cut points (one after each group of tied scores) in ranking order. */
export interface Cuts {
  readonly order: Uint32Array;
  /** 1 where a cut follows the row at this rank. */
  readonly cutAfter: Uint8Array;
}

export function cutsOf(score: Float64Array): Cuts {
  const { order, sorted } = skliftRanking(score);
  const n = score.length;
  const cutAfter = new Uint8Array(n);
  for (let r = 0; r < n; r++) if (r === n - 1 || sorted[r] !== sorted[r + 1]) cutAfter[r] = 1;
  return { order, cutAfter };
}

/** Area under the weighted Qini curve of a ranking and its last point (x, q). */
function qiniArea(c: Cuts, y: Float64Array, t: Uint8Array, w: Float64Array | null): { area: number; x: number; q: number } {
  let nt = 0;
  let nAll = 0;
  let yt = 0;
  let yc = 0;
  let px = 0;
  let pq = 0;
  let area = 0;
  const n = c.order.length;
  for (let r = 0; r < n; r++) {
    const i = c.order[r]!;
    const wi = w === null ? 1 : w[i]!;
    nAll += wi;
    if (t[i] === 1) {
      nt += wi;
      yt += wi * y[i]!;
    } else yc += wi * y[i]!;
    if (c.cutAfter[r] === 1) {
      const nc = nAll - nt;
      // Same operation order as qiniFromCounts.
      const q = yt - yc * (nc !== 0 ? nt / nc : 0);
      area += ((nAll - px) * (q + pq)) / 2;
      px = nAll;
      pq = q;
    }
  }
  return { area, x: px, q: pq };
}

function normalised(model: Cuts, perfect: Cuts, y: Float64Array, t: Uint8Array, w: Float64Array | null): number {
  const a = qiniArea(model, y, t, w);
  const p = qiniArea(perfect, y, t, w);
  const baseline = (p.x * p.q) / 2;
  return (a.area - baseline) / (p.area - baseline);
}

/**
 * A ranking prepared once for weighted Qini AUCs: both orders (the model's and
 * the perfect one) sorted, so each value(w) is one pass over the rows.
 * Inputs must already be checked (finite, t in {0, 1}, both groups present).
 */
export class QiniRanking {
  private readonly model: Cuts;
  private readonly perfect: Cuts;
  private readonly y: Float64Array;
  private readonly t: Uint8Array;

  constructor(y: Float64Array, t: Uint8Array, uplift: Float64Array) {
    this.y = y;
    this.t = t;
    const n = y.length;
    const score = new Float64Array(n);
    const perfectScore = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      score[i] = uplift[i]! + 0;
      perfectScore[i] = (t[i] === 1 ? y[i]! : -y[i]!) + 0;
    }
    this.model = cutsOf(score);
    this.perfect = cutsOf(perfectScore);
  }

  /** The normalised Qini AUC with row weights w (null: every row once). */
  value(w: Float64Array | null): number {
    return normalised(this.model, this.perfect, this.y, this.t, w);
  }
}

/**
 * @param y outcome per row (0/1, or any number)
 * @param uplift predicted uplift; higher means treat first
 * @param treatment 1 for treated rows, 0 for control rows
 *
 * @example
 * const r = qiniAucInterval([1, 0, 0, 1, 1, 0, 0, 1], [0.9, 0.5, 0.4, 0.1, 0.8, 0.6, 0.3, 0.2], [1, 1, 0, 0, 1, 1, 0, 0]);
 * r.estimate; // 0.9722222222222223 (qiniAucScore of the same rows)
 */
export function qiniAucInterval(y: NumberColumn, uplift: NumberColumn, treatment: NumberColumn, options: QiniAucIntervalOptions = {}): QiniAucInterval {
  const n = y.length;
  if (n === 0) throw metricErrors.empty();
  if (uplift.length !== n) throw metricErrors.lengthMismatch('uplift', uplift.length, n);
  if (treatment.length !== n) throw metricErrors.lengthMismatch('treatment', treatment.length, n);
  const yy = new Float64Array(n);
  const tt = new Uint8Array(n);
  const score = new Float64Array(n);
  const perfectScore = new Float64Array(n);
  let treated = 0;
  for (let i = 0; i < n; i++) {
    const v = treatment[i];
    if (v !== 0 && v !== 1) throw metricErrors.notBinary('treatment', i, v as number);
    const s = uplift[i];
    if (typeof s !== 'number' || !Number.isFinite(s)) throw metricErrors.scoreNotFinite(i, s as number);
    const yi = y[i];
    if (typeof yi !== 'number' || !Number.isFinite(yi)) throw metricErrors.outcomeNotFinite(i, yi);
    yy[i] = yi;
    tt[i] = v;
    treated += v;
    score[i] = s + 0;
    perfectScore[i] = (v === 1 ? yi : -yi) + 0;
  }
  if (treated === 0) throw metricErrors.singleGroup('treated');
  if (treated === n) throw metricErrors.singleGroup('control');
  const model = cutsOf(score);
  const perfect = cutsOf(perfectScore);
  const estimate = normalised(model, perfect, yy, tt, null);
  const replicates = options.replicates ?? 200;
  const level = options.level ?? 0.95;
  const rng = new Random(options.seed ?? 0);
  const w = new Float64Array(n);
  const values: number[] = [];
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < n; i++) w[i] = poisson1(rng);
    const v = normalised(model, perfect, yy, tt, w);
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  const lower = quantile(values, (1 - level) / 2);
  const upper = quantile(values, 1 - (1 - level) / 2);
  return { estimate, lower, upper, level, replicates, containsZero: !(lower > 0) };
}

/** Poisson(1) by inversion (mean 1: at most a few uniforms per draw). */
export function poisson1(rng: Random): number {
  const u = rng.uniform();
  let k = 0;
  let p = Math.exp(-1);
  let cdf = p;
  while (u > cdf && k < 20) {
    k++;
    p /= k;
    cdf += p;
  }
  return k;
}

/** Linear-interpolation quantile of sorted values (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
