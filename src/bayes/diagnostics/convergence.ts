/**
 * Convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter and Bürkner
 * (2021), as the R package posterior and arviz compute them: rank-normalised
 * split R̂ (bulk and folded tail), bulk- and tail-ESS, ESS of the mean, and
 * Monte Carlo standard errors.
 *
 * Every function takes the draws of one quantity as a chain-major
 * Float64Array (chain·draws + draw) and the number of chains. Non-finite
 * draws, constant draws or fewer than four draws per chain give NaN.
 */
import { autocovariance } from './fft.js';
import { normalQuantile } from './normal.js';

/** Lags of the autocovariance summed directly before switching to the FFT for all lags. */
const DIRECT_LAGS = 100;

/** Offset c of the rank back-transform (r − c)/(S − 2c + 1): 3/8 (Blom), as posterior ≥ 0.1 and arviz use. */
export const BLOM_OFFSET = 3 / 8;

export interface RankOptions {
  /** Offset c in Φ⁻¹((r − c)/(S − 2c + 1)). Early posterior and rstan's monitor used 1/2. */
  readonly rankOffset?: number;
}

function drawsPerChain(x: Float64Array, chains: number): number {
  const n = x.length / chains;
  if (!Number.isInteger(n)) throw new RangeError(`${x.length} draws do not split into ${chains} chains of equal length`);
  return n;
}

/** At least four draws per chain, all finite, not all equal. */
function usable(x: Float64Array, n: number): boolean {
  return n >= 4 && finiteAndVarying(x);
}

function finiteAndVarying(x: Float64Array): boolean {
  const first = x[0]!;
  let constant = true;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) return false;
    if (v !== first) constant = false;
  }
  return !constant;
}

/**
 * Splits each chain into halves (dropping the middle draw of odd-length chains).
 *
 * @example
 * splitChains(new Float64Array([1, 2, 3, 4, 5]), 1); // { values: [1, 2, 4, 5], chains: 2 }
 */
export function splitChains(x: Float64Array, chains: number): { values: Float64Array; chains: number } {
  const n = drawsPerChain(x, chains);
  if (n < 2) return { values: x, chains };
  const half = Math.floor(n / 2);
  const second = Math.ceil(n / 2);
  const out = new Float64Array(chains * 2 * half);
  for (let c = 0; c < chains; c++) {
    out.set(x.subarray(c * n, c * n + half), 2 * c * half);
    out.set(x.subarray(c * n + second, c * n + n), (2 * c + 1) * half);
  }
  return { values: out, chains: chains * 2 };
}

/**
 * The permutation that sorts x ascending (stable), by a bottom-up merge sort
 * on typed arrays: several times faster than Array.prototype.sort with a
 * comparator, and no per-element objects.
 */
export function sortOrder(x: Float64Array): Uint32Array {
  const n = x.length;
  let order = new Uint32Array(n);
  let keys = Float64Array.from(x);
  for (let i = 0; i < n; i++) order[i] = i;
  let nextOrder = new Uint32Array(n);
  let nextKeys = new Float64Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const mid = Math.min(start + width, n);
      const end = Math.min(start + 2 * width, n);
      let i = start;
      let j = mid;
      let k = start;
      while (i < mid && j < end) {
        if (keys[j]! < keys[i]!) {
          nextKeys[k] = keys[j]!;
          nextOrder[k++] = order[j++]!;
        } else {
          nextKeys[k] = keys[i]!;
          nextOrder[k++] = order[i++]!;
        }
      }
      while (i < mid) {
        nextKeys[k] = keys[i]!;
        nextOrder[k++] = order[i++]!;
      }
      while (j < end) {
        nextKeys[k] = keys[j]!;
        nextOrder[k++] = order[j++]!;
      }
    }
    [keys, nextKeys] = [nextKeys, keys];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}

/**
 * Ranks 1..S of the pooled values, ties given their average rank.
 *
 * @example
 * averageRanks(new Float64Array([10, 30, 20, 20])); // [1, 4, 2.5, 2.5]
 */
export function averageRanks(x: Float64Array): Float64Array {
  const n = x.length;
  const order = sortOrder(x);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    const v = x[order[i]!]!;
    while (j + 1 < n && x[order[j + 1]!]! === v) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

/**
 * Rank normalisation: z = Φ⁻¹((r − c)/(S − 2c + 1)) of the pooled ranks.
 *
 * @example
 * rankNormalize(new Float64Array([5, -1, 3]))[1]; // -0.869 (Φ⁻¹((1 − 3/8)/(3 + 1/4)))
 */
export function rankNormalize(x: Float64Array, options: RankOptions = {}): Float64Array {
  const c = options.rankOffset ?? BLOM_OFFSET;
  const ranks = averageRanks(x);
  const denominator = x.length - 2 * c + 1;
  for (let i = 0; i < ranks.length; i++) ranks[i] = normalQuantile((ranks[i]! - c) / denominator);
  return ranks;
}

/** Quantile with linear interpolation between order statistics (R's type 7, numpy's default). */
export function quantileOfSorted(sorted: Float64Array, prob: number): number {
  const h = (sorted.length - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Median as R and numpy compute it: the mean of the two middle values, (a + b)/2.
 * (The type-7 formula a + (b − a)/2 can differ by one ulp, which decides
 * whether the two middle draws tie after folding — and so moves R̂ by ~1e-7.)
 */
export function median(x: Float64Array): number {
  const sorted = Float64Array.from(x).sort();
  const n = sorted.length;
  const half = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

/** Type-7 quantile of unsorted values. */
export function quantile(x: Float64Array, prob: number): number {
  return quantileOfSorted(Float64Array.from(x).sort(), prob);
}

function chainMeansAndVariances(x: Float64Array, chains: number, n: number): { means: Float64Array; variances: Float64Array } {
  const means = new Float64Array(chains);
  const variances = new Float64Array(chains);
  for (let c = 0; c < chains; c++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[c * n + i]!;
    const m = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = x[c * n + i]! - m;
      ss += d * d;
    }
    means[c] = m;
    variances[c] = ss / (n - 1);
  }
  return { means, variances };
}

function sampleVariance(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  const m = s / v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += (v[i]! - m) ** 2;
  return ss / (v.length - 1);
}

/**
 * Classic R̂ of the chains as given (call it on split chains for split-R̂):
 * √(((N−1)/N·W + B/N)/W) with B = N·var(chain means), W = mean chain variance.
 *
 * @example
 * rhatBasic(new Float64Array([1, 2, 3, 3, 4, 5]), 2); // 1.63299 (√(8/3))
 */
export function rhatBasic(x: Float64Array, chains: number): number {
  const n = drawsPerChain(x, chains);
  if (n < 2 || chains < 2 || !finiteAndVarying(x)) return NaN;
  const { means, variances } = chainMeansAndVariances(x, chains, n);
  const between = n * sampleVariance(means);
  let within = 0;
  for (let c = 0; c < chains; c++) within += variances[c]!;
  within /= chains;
  return Math.sqrt((between / within + n - 1) / n);
}

/**
 * ESS of the chains as given (call it on split chains for split-ESS): FFT
 * autocovariances combined across chains, Geyer's initial positive sequence
 * on pairs of lags, then the initial monotone sequence; τ̂ floored at 1/log10(MN).
 *
 * @example
 * import { Random } from 'liftwise';
 * const rng = new Random(1);
 * essBasic(Float64Array.from({ length: 2000 }, () => rng.normal()), 4); // 2158 (about the 2000 draws: they are independent)
 */
export function essBasic(x: Float64Array, chains: number): number {
  const n = drawsPerChain(x, chains);
  if (n < 3 || !finiteAndVarying(x)) return NaN;
  // Mean over chains of the autocovariance at each lag, computed lazily: directly for the first
  // lags (Geyer's sequence usually stops within a few dozen), by FFT for all lags if it runs on.
  const { means } = chainMeansAndVariances(x, chains, n);
  const centred = new Float64Array(x.length);
  for (let c = 0; c < chains; c++) for (let i = 0; i < n; i++) centred[c * n + i] = x[c * n + i]! - means[c]!;
  const acov = new Float64Array(n);
  let computed = 0;
  const ensureLag = (t: number): void => {
    if (t < computed) return;
    if (t < DIRECT_LAGS) {
      for (let lag = computed; lag <= t; lag++) {
        let total = 0;
        for (let c = 0; c < chains; c++) {
          const base = c * n;
          let sum = 0;
          for (let i = 0; i + lag < n; i++) sum += centred[base + i]! * centred[base + i + lag]!;
          total += sum / n;
        }
        acov[lag] = total / chains;
      }
      computed = t + 1;
      return;
    }
    const scratch = new Float64Array(n);
    const all = new Float64Array(n);
    for (let c = 0; c < chains; c++) {
      autocovariance(x, c * n, n, scratch);
      for (let lag = 0; lag < n; lag++) all[lag] = all[lag]! + scratch[lag]! / chains;
    }
    for (let lag = computed; lag < n; lag++) acov[lag] = all[lag]!;
    computed = n;
  };
  ensureLag(1);
  const meanVar = (acov[0]! * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (chains > 1) varPlus += sampleVariance(means);
  const rhoAt = (t: number): number => {
    ensureLag(t);
    return 1 - (meanVar - acov[t]!) / varPlus;
  };

  const rho = new Float64Array(n);
  let t = 0;
  let rhoEven = 1;
  let rhoOdd = rhoAt(1);
  rho[0] = rhoEven;
  rho[1] = rhoOdd;
  // Geyer's initial positive sequence: stop at the first pair with a negative sum.
  while (t < n - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = rhoAt(t);
    rhoOdd = rhoAt(t + 1);
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  // Kept for the improved estimate (less variance when draws are antithetic).
  if (rhoEven > 0) rho[maxT] = rhoEven;
  // Geyer's initial monotone sequence.
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if (rho[t]! + rho[t + 1]! > rho[t - 2]! + rho[t - 1]!) {
      rho[t] = (rho[t - 2]! + rho[t - 1]!) / 2;
      rho[t + 1] = rho[t]!;
    }
  }
  const total = chains * n;
  let sum = 0;
  for (let k = 0; k < maxT; k++) sum += rho[k]!;
  let tau = -1 + 2 * sum + rho[maxT]!;
  tau = Math.max(tau, 1 / Math.log10(total));
  return total / tau;
}

/**
 * Rank-normalised split R̂: the larger of the bulk R̂ (ranks of x) and the tail
 * R̂ (ranks of |x − median|).
 *
 * @example
 * // Two chains stuck in different places:
 * rhat(new Float64Array([1, 2, 1, 2, 1, 2, 9, 8, 9, 8, 9, 8]), 2) > 1.5; // true
 */
export function rhat(x: Float64Array, chains: number, options: RankOptions = {}): number {
  const n = drawsPerChain(x, chains);
  if (!usable(x, n)) return NaN;
  const split = splitChains(x, chains);
  const bulk = rhatBasic(rankNormalize(split.values, options), split.chains);
  const med = median(x);
  const folded = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) folded[i] = Math.abs(x[i]! - med);
  const foldedSplit = splitChains(folded, chains);
  const tail = rhatBasic(rankNormalize(foldedSplit.values, options), foldedSplit.chains);
  return Math.max(bulk, tail);
}

/**
 * Bulk-ESS: split-ESS of the rank-normalised draws.
 *
 * @example
 * // Four chains of 500 independent draws: bulk-ESS close to 2000.
 * import { Random } from 'liftwise';
 * const rng = new Random(1);
 * essBulk(Float64Array.from({ length: 2000 }, () => rng.normal()), 4); // 2173 (about the 2000 draws)
 */
export function essBulk(x: Float64Array, chains: number, options: RankOptions = {}): number {
  const n = drawsPerChain(x, chains);
  if (!usable(x, n)) return NaN;
  const split = splitChains(x, chains);
  return essBasic(rankNormalize(split.values, options), split.chains);
}

/** Split-ESS of the indicator x ≤ q_prob (q by type-7 quantile of the pooled draws). */
export function essQuantile(x: Float64Array, chains: number, prob: number): number {
  const n = drawsPerChain(x, chains);
  if (!usable(x, n)) return NaN;
  const q = quantile(x, prob);
  const indicator = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) indicator[i] = x[i]! <= q ? 1 : 0;
  const split = splitChains(indicator, chains);
  return essBasic(split.values, split.chains);
}

/**
 * Tail-ESS: the smaller ESS of the 5 % and 95 % quantile indicators.
 *
 * @example
 * import { Random } from 'liftwise';
 * const rng = new Random(1);
 * essTail(Float64Array.from({ length: 2000 }, () => rng.normal()), 4); // 1844 (about the 2000 draws)
 */
export function essTail(x: Float64Array, chains: number): number {
  return Math.min(essQuantile(x, chains, 0.05), essQuantile(x, chains, 0.95));
}

/**
 * ESS of the mean: split-ESS of the raw draws.
 *
 * @example
 * essMean(new Float64Array([1, 3, 2, 5, 4, 6, 2, 8, 9, 1, 3, 4]), 2); // 12.95 (anticorrelated draws: an ESS above the 12 draws)
 */
export function essMean(x: Float64Array, chains: number): number {
  const n = drawsPerChain(x, chains);
  if (!usable(x, n)) return NaN;
  const split = splitChains(x, chains);
  return essBasic(split.values, split.chains);
}

/** ESS of the standard deviation, as posterior ≥ 1.4 defines it: split-ESS of |x − mean|. */
export function essSd(x: Float64Array, chains: number): number {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  return essMean(Float64Array.from(x, (v) => Math.abs(v - mean)), chains);
}

/** Standard deviation of the pooled draws (divisor S − 1). */
export function standardDeviation(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  const m = s / x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i]! - m) ** 2;
  return Math.sqrt(ss / (x.length - 1));
}

/**
 * Monte Carlo standard error of the mean: sd / √ESS_mean.
 *
 * @example
 * import { Random } from 'liftwise';
 * const rng = new Random(1);
 * mcseMean(Float64Array.from({ length: 4000 }, () => rng.normal()), 4); // 0.0154 (about 1/√4000 = 0.0158)
 */
export function mcseMean(x: Float64Array, chains: number): number {
  return standardDeviation(x) / Math.sqrt(essMean(x, chains));
}

/**
 * Monte Carlo standard error of the standard deviation by the delta method,
 * as posterior ≥ 1.4 (and arviz.summary's mcse_sd) computes it: with
 * c = x − mean, Var(c²) = mean(c⁴) − mean(c²)² over ESS_mean(c²) draws, then
 * MCSE(sd) = √(Var / mean(c²) / 4).
 *
 * @example
 * import { Random } from 'liftwise';
 * const rng = new Random(1);
 * mcseSd(Float64Array.from({ length: 4000 }, () => rng.normal()), 4); // 0.0123 (about 1/√8000 = 0.0112)
 */
export function mcseSd(x: Float64Array, chains: number): number {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const c2 = Float64Array.from(x, (v) => (v - mean) ** 2);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    m2 += c2[i]!;
    m4 += c2[i]! * c2[i]!;
  }
  m2 /= n;
  m4 /= n;
  const varVar = (m4 - m2 * m2) / essMean(c2, chains);
  return Math.sqrt(varVar / m2 / 4);
}

/** Every convergence measure of one quantity, sharing the sorting and rank work between them. */
export interface ConvergenceSummary {
  readonly mean: number;
  readonly sd: number;
  /** The pooled draws, sorted (for quantiles and intervals). */
  readonly sorted: Float64Array;
  readonly rhat: number;
  readonly essBulk: number;
  readonly essTail: number;
  readonly essMean: number;
  readonly mcseMean: number;
  readonly mcseSd: number;
}

/**
 * rhat, essBulk, essTail, essMean, mcseMean and mcseSd of one quantity at
 * once — the same numbers the separate functions give, with two sorts
 * instead of seven.
 *
 * @example
 * import { Random } from 'liftwise';
 * const rng = new Random(1);
 * convergenceSummary(Float64Array.from({ length: 4000 }, () => rng.normal()), 4).rhat; // 1.001
 */
export function convergenceSummary(x: Float64Array, chains: number, options: RankOptions = {}): ConvergenceSummary {
  const n = drawsPerChain(x, chains);
  const total = x.length;
  let sum = 0;
  for (let i = 0; i < total; i++) sum += x[i]!;
  const mean = sum / total;
  const sorted = Float64Array.from(x).sort();
  const sd = standardDeviation(x);
  if (!usable(x, n)) {
    return { mean, sd, sorted, rhat: NaN, essBulk: NaN, essTail: NaN, essMean: NaN, mcseMean: NaN, mcseSd: NaN };
  }
  const split = splitChains(x, chains);
  const z = rankNormalize(split.values, options);
  const bulkRhat = rhatBasic(z, split.chains);
  const essBulkValue = essBasic(z, split.chains);

  const half = Math.floor(total / 2);
  const med = total % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
  const absolute = new Float64Array(total);
  for (let i = 0; i < total; i++) absolute[i] = Math.abs(x[i]! - med);
  const folded = splitChains(absolute, chains);
  const tailRhat = rhatBasic(rankNormalize(folded.values, options), folded.chains);

  const indicatorEss = (prob: number): number => {
    const q = quantileOfSorted(sorted, prob);
    const values = split.values;
    const indicator = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) indicator[i] = values[i]! <= q ? 1 : 0;
    return essBasic(indicator, split.chains);
  };
  const essTailValue = Math.min(indicatorEss(0.05), indicatorEss(0.95));

  const essMeanValue = essBasic(split.values, split.chains);
  return {
    mean,
    sd,
    sorted,
    rhat: Math.max(bulkRhat, tailRhat),
    essBulk: essBulkValue,
    essTail: essTailValue,
    essMean: essMeanValue,
    mcseMean: sd / Math.sqrt(essMeanValue),
    mcseSd: mcseSd(x, chains),
  };
}
