/**
 * The early-stopping hold-out of gradient boosting, drawn exactly as
 * scikit-learn's HistGradientBoosting draws it for `random_state = seed`:
 * numpy's legacy RandomState(seed) (MT19937) draws the estimator's internal
 * seed, which seeds train_test_split(test_size = fraction, stratify = y for
 * classification) — a StratifiedShuffleSplit (or a ShuffleSplit for
 * regression). The same seed therefore holds out the same rows in both
 * libraries, so a comparison at one seed compares the learners rather than
 * two unrelated random splits (the Qini of a two-model boosting moves by
 * ±0.02 with the split alone).
 *
 * The Mersenne Twister comes from random-js; numpy's bounded integers
 * (masked rejection), its Fisher–Yates shuffle and scikit-learn's class
 * allocation (_approximate_mode) are re-implemented here from their
 * documented behaviour.
 */
import { MersenneTwister19937 } from 'random-js';

/** numpy's legacy RandomState draws needed here, on MT19937 seeded like RandomState(seed). */
class NumpyLegacyRandom {
  private readonly mt: MersenneTwister19937;

  constructor(seed: number) {
    this.mt = MersenneTwister19937.seed(seed >>> 0);
  }

  private next32(): number {
    return this.mt.next() >>> 0;
  }

  /** Uniform integer in [0, max], max < 2^32: the smallest all-ones mask ≥ max, redrawn until within. */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const v = (this.next32() & mask) >>> 0;
      if (v <= max) return v;
    }
  }

  /** RandomState.permutation(n): a shuffle of 0..n-1 swapping i with interval(i), i from n-1 down to 1. */
  permutation(n: number): Int32Array {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }
}

/**
 * scikit-learn's _approximate_mode: `draws` split over classes in proportion
 * to their counts, floors first, the remaining draws to the largest
 * remainders (ties broken by the generator, as scikit-learn does).
 */
function approximateMode(counts: readonly number[], draws: number, rng: NumpyLegacyRandom): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let need = draws - floored.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = continuous.map((c, k) => c - floored[k]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const tied: number[] = [];
      remainder.forEach((r, k) => {
        if (r === value) tied.push(k);
      });
      const add = Math.min(tied.length, need);
      // rng.choice(tied, add, replace=False) is permutation(len)[:add].
      const perm = rng.permutation(tied.length);
      for (let a = 0; a < add; a++) floored[tied[perm[a]!]!]! += 1;
      need -= add;
      if (need === 0) break;
    }
  }
  return floored;
}

/**
 * Rows held out for early stopping (and the rest), as scikit-learn's
 * HistGradientBoosting with random_state = seed holds them out: ceil(fraction·n)
 * rows, stratified by class when `stratify` (y is 0/1). Both parts in
 * ascending row order. Seeds are taken modulo 2^32, numpy's seed range.
 *
 * @example
 * const y = Float64Array.from({ length: 20 }, (_, i) => (i < 10 ? 0 : 1));
 * const { train, valid } = validationSplit(y, 0.1, true, 0);
 * [train.length, valid.length]; // [18, 2]
 * Array.from(valid, (i) => y[i]).sort(); // [0, 1] (stratified: one row of each class)
 */
export function validationSplit(
  y: Float64Array,
  fraction: number,
  stratify: boolean,
  seed: number,
): { train: Int32Array; valid: Int32Array } {
  const n = y.length;
  // HistGradientBoosting: self._random_seed = RandomState(random_state).randint(2^32 - 1, dtype=uint64).
  const splitSeed = new NumpyLegacyRandom(seed).interval(0xfffffffe);
  const rng = new NumpyLegacyRandom(splitSeed);
  const nValid = Math.ceil(fraction * n);
  const nTrain = n - nValid;
  const isValid = new Uint8Array(n);
  if (!stratify) {
    const perm = rng.permutation(n);
    for (let a = 0; a < nValid; a++) isValid[perm[a]!] = 1;
  } else {
    // Classes in sorted order, each with its rows ascending.
    const classes: number[][] = [[], []];
    for (let i = 0; i < n; i++) classes[y[i]! >= 0.5 ? 1 : 0]!.push(i);
    const present = classes.filter((c) => c.length > 0);
    const counts = present.map((c) => c.length);
    const trainPer = approximateMode(counts, nTrain, rng);
    const validPer = approximateMode(
      counts.map((c, k) => c - trainPer[k]!),
      nValid,
      rng,
    );
    present.forEach((rows, k) => {
      const perm = rng.permutation(rows.length);
      const from = trainPer[k]!;
      for (let a = from; a < from + validPer[k]!; a++) isValid[rows[perm[a]!]!] = 1;
    });
  }
  let nv = 0;
  for (let i = 0; i < n; i++) nv += isValid[i]!;
  const train = new Int32Array(n - nv);
  const valid = new Int32Array(nv);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (isValid[i] === 1) valid[b++] = i;
    else train[a++] = i;
  }
  return { train, valid };
}
