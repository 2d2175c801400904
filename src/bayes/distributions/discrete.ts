/**
 * Discrete likelihoods, with logit and log links. Their values are always
 * observed data (checked when a model compiles), so the loops do not re-check
 * the support; terms that depend on data only are split into `dataTerm`.
 */
import type { DensityCall, Family } from './family.js';
import { invLogit, logChoose, logGamma } from './special.js';
import { binomialVariate, poissonVariate } from './sampling.js';

export const bernoulliLogit: Family = {
  name: 'BernoulliLogit',
  params: ['eta'],
  discrete: true,
  support: 'binary',
  logDensity({ n, x, xs, a, as, ga }: DensityCall): number {
    const eta = a[0]!, es = as[0]!, geta = ga[0]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const e = eta[i * es]!;
      const y = x[i * xs]!;
      // One exponential serves both log(1 + e^±η) and logit⁻¹(η).
      const t = Math.exp(e < 0 ? e : -e);
      const l1 = Math.log1p(t);
      lp -= (y === 1 ? (e < 0 ? -e : 0) : e > 0 ? e : 0) + l1;
      if (geta !== null) geta[i * es] = geta[i * es]! + y - (e >= 0 ? 1 / (1 + t) : t / (1 + t));
    }
    return lp;
  },
  sample(rng, { n, a, as }, out) {
    const eta = a[0]!, es = as[0]!;
    for (let i = 0; i < n; i++) out[i] = rng.bernoulli(invLogit(eta[i * es]!));
  },
  mean({ n, a, as }, out) {
    const eta = a[0]!, es = as[0]!;
    for (let i = 0; i < n; i++) out[i] = invLogit(eta[i * es]!);
  },
};

export const binomialLogit: Family = {
  name: 'BinomialLogit',
  params: ['trials', 'eta'],
  discrete: true,
  support: 'bounded-count',
  dataArgs: [0],
  logDensity({ n, x, xs, a, as, ga }: DensityCall): number {
    const trials = a[0]!, ts = as[0]!;
    const eta = a[1]!, es = as[1]!, geta = ga[1]!;
    if (xs === 1 && ts === 1 && es === 1 && geta !== null) return binomialLogitDense(n, x, trials, eta, geta);
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const e = eta[i * es]!;
      const y = x[i * xs]!;
      const m = trials[i * ts]!;
      // y·log p + (m − y)·log(1 − p) = y·η − m·log(1 + eᶯ); one exponential for both terms.
      const t = Math.exp(e < 0 ? e : -e);
      lp += y * e - m * ((e > 0 ? e : 0) + Math.log1p(t));
      if (geta !== null) geta[i * es] = geta[i * es]! + y - m * (e >= 0 ? 1 / (1 + t) : t / (1 + t));
    }
    return lp;
  },
  dataTerm({ n, x, xs, a, as }: DensityCall): number {
    const trials = a[0]!, ts = as[0]!;
    let lp = 0;
    for (let i = 0; i < n; i++) lp += logChoose(trials[i * ts]!, x[i * xs]!);
    return lp;
  },
  sample(rng, { n, a, as }, out) {
    const trials = a[0]!, ts = as[0]!, eta = a[1]!, es = as[1]!;
    for (let i = 0; i < n; i++) out[i] = binomialVariate(rng, trials[i * ts]!, invLogit(eta[i * es]!));
  },
  mean({ n, a, as }, out) {
    const trials = a[0]!, ts = as[0]!, eta = a[1]!, es = as[1]!;
    for (let i = 0; i < n; i++) out[i] = trials[i * ts]! * invLogit(eta[i * es]!);
  },
};

/** The common case (one trial count and one η per observation, gradient wanted) without strides or branches on null. */
function binomialLogitDense(n: number, y: Float64Array, trials: Float64Array, eta: Float64Array, geta: Float64Array): number {
  let lp = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i]!;
    const m = trials[i]!;
    let softplus: number;
    let p: number;
    if (e > 0) {
      const t = Math.exp(-e);
      softplus = e + Math.log1p(t);
      p = 1 / (1 + t);
    } else {
      const t = Math.exp(e);
      softplus = Math.log1p(t);
      p = t / (1 + t);
    }
    lp += y[i]! * e - m * softplus;
    geta[i] = geta[i]! + y[i]! - m * p;
  }
  return lp;
}

export const poissonLog: Family = {
  name: 'PoissonLog',
  params: ['eta'],
  discrete: true,
  support: 'count',
  logDensity({ n, x, xs, a, as, ga }: DensityCall): number {
    const eta = a[0]!, es = as[0]!, geta = ga[0]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const e = eta[i * es]!;
      const y = x[i * xs]!;
      const rate = Math.exp(e);
      lp += y * e - rate;
      if (geta !== null) geta[i * es] = geta[i * es]! + (y - rate);
    }
    return lp;
  },
  dataTerm: logFactorialTerm,
  sample(rng, { n, a, as }, out) {
    const eta = a[0]!, es = as[0]!;
    for (let i = 0; i < n; i++) out[i] = poissonVariate(rng, Math.exp(eta[i * es]!));
  },
  mean({ n, a, as }, out) {
    const eta = a[0]!, es = as[0]!;
    for (let i = 0; i < n; i++) out[i] = Math.exp(eta[i * es]!);
  },
};

export const bernoulli: Family = {
  name: 'Bernoulli',
  params: ['p'],
  discrete: true,
  support: 'binary',
  logDensity({ n, x, xs, a, as, ga }: DensityCall): number {
    const pA = a[0]!, ps = as[0]!, gp = ga[0]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const p = pA[i * ps]!;
      if (!(p >= 0 && p <= 1)) return -Infinity;
      if (x[i * xs]! === 1) {
        lp += Math.log(p);
        if (gp !== null) gp[i * ps] = gp[i * ps]! + 1 / p;
      } else {
        lp += Math.log1p(-p);
        if (gp !== null) gp[i * ps] = gp[i * ps]! - (1 / (1 - p));
      }
    }
    return lp;
  },
  sample(rng, { n, a, as }, out) {
    const pA = a[0]!, ps = as[0]!;
    for (let i = 0; i < n; i++) out[i] = rng.bernoulli(pA[i * ps]!);
  },
  mean({ n, a, as }, out) {
    const pA = a[0]!, ps = as[0]!;
    for (let i = 0; i < n; i++) out[i] = pA[i * ps]!;
  },
};

export const binomial: Family = {
  name: 'Binomial',
  params: ['trials', 'p'],
  discrete: true,
  support: 'bounded-count',
  dataArgs: [0],
  logDensity({ n, x, xs, a, as, ga }: DensityCall): number {
    const trials = a[0]!, ts = as[0]!;
    const pA = a[1]!, ps = as[1]!, gp = ga[1]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const p = pA[i * ps]!;
      if (!(p >= 0 && p <= 1)) return -Infinity;
      const y = x[i * xs]!;
      const fails = trials[i * ts]! - y;
      if (y > 0) lp += y * Math.log(p);
      if (fails > 0) lp += fails * Math.log1p(-p);
      if (gp !== null) gp[i * ps] = gp[i * ps]! + ((y > 0 ? y / p : 0) - (fails > 0 ? fails / (1 - p) : 0));
    }
    return lp;
  },
  dataTerm: binomialLogit.dataTerm!,
  sample(rng, { n, a, as }, out) {
    const trials = a[0]!, ts = as[0]!, pA = a[1]!, ps = as[1]!;
    for (let i = 0; i < n; i++) out[i] = binomialVariate(rng, trials[i * ts]!, pA[i * ps]!);
  },
  mean({ n, a, as }, out) {
    const trials = a[0]!, ts = as[0]!, pA = a[1]!, ps = as[1]!;
    for (let i = 0; i < n; i++) out[i] = trials[i * ts]! * pA[i * ps]!;
  },
};

export const poisson: Family = {
  name: 'Poisson',
  params: ['rate'],
  discrete: true,
  support: 'count',
  logDensity({ n, x, xs, a, as, ga }: DensityCall): number {
    const rate = a[0]!, rs = as[0]!, grate = ga[0]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const r = rate[i * rs]!;
      if (!(r >= 0)) return -Infinity;
      const y = x[i * xs]!;
      lp += (y > 0 ? y * Math.log(r) : 0) - r;
      if (grate !== null) grate[i * rs] = grate[i * rs]! + ((y > 0 ? y / r : 0) - 1);
    }
    return lp;
  },
  dataTerm: logFactorialTerm,
  sample(rng, { n, a, as }, out) {
    const rate = a[0]!, rs = as[0]!;
    for (let i = 0; i < n; i++) out[i] = poissonVariate(rng, rate[i * rs]!);
  },
  mean({ n, a, as }, out) {
    const rate = a[0]!, rs = as[0]!;
    for (let i = 0; i < n; i++) out[i] = rate[i * rs]!;
  },
};

function logFactorialTerm({ n, x, xs }: DensityCall): number {
  let lp = 0;
  for (let i = 0; i < n; i++) lp -= logGamma(x[i * xs]! + 1);
  return lp;
}
