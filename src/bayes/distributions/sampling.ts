/**
 * Random variates the predictive draws need beyond uniform, normal and
 * exponential (which util/random.ts provides).
 */
import type { Random } from '../../util/random.js';
import { logGamma } from './special.js';

/** Gamma(shape, rate 1) by Marsaglia and Tsang (2000); shape < 1 by the boost u^(1/shape). */
export function gammaVariate(rng: Random, shape: number): number {
  if (!(shape > 0)) return NaN;
  if (shape < 1) return gammaVariate(rng, shape + 1) * Math.pow(rng.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Poisson(λ): inversion for small λ, Hörmann's PTRS transformed rejection (1993) for λ ≥ 10. */
export function poissonVariate(rng: Random, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) return NaN;
  if (lambda < 10) {
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    const u = rng.uniform();
    while (u > cdf && k < 1000) {
      k++;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) {
      return k;
    }
  }
}

/** Binomial(n, p) by CDF inversion on the smaller tail (expected cost O(n·min(p, 1−p))). */
export function binomialVariate(rng: Random, n: number, p: number): number {
  if (!(p >= 0 && p <= 1) || !(n >= 0)) return NaN;
  if (p > 0.5) return n - binomialVariate(rng, n, 1 - p);
  if (p === 0 || n === 0) return 0;
  const q = 1 - p;
  const ratio = p / q;
  let prob = Math.exp(n * Math.log(q));
  if (prob === 0) {
    // n·p is huge; fall back to a normal approximation rounded into range.
    const k = Math.round(n * p + Math.sqrt(n * p * q) * rng.normal());
    return Math.min(n, Math.max(0, k));
  }
  const u = rng.uniform();
  let cdf = prob;
  let k = 0;
  while (u > cdf && k < n) {
    prob *= (ratio * (n - k)) / (k + 1);
    k++;
    cdf += prob;
  }
  return k;
}
