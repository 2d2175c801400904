/**
 * Continuous distributions: log density with gradients, draws and means.
 * Each loop reads operands with their stride (0 = broadcast scalar).
 */
import type { DensityCall, Family } from './family.js';
import { digamma, logBeta, logGamma, LOG_SQRT_2PI } from './special.js';
import { gammaVariate } from './sampling.js';

const LOG_PI = Math.log(Math.PI);
const LOG_2 = Math.log(2);

export const normal: Family = {
  name: 'Normal',
  params: ['mu', 'sigma'],
  discrete: false,
  support: 'real',
  logDensity(c: DensityCall): number {
    return c.as[1] === 0 ? normalScalarSigma(c) : normalVectorSigma(c);
  },
  sample(rng, { n, a, as }, out) {
    const mu = a[0]!, ms = as[0]!, sd = a[1]!, ss = as[1]!;
    for (let i = 0; i < n; i++) out[i] = mu[i * ms]! + sd[i * ss]! * rng.normal();
  },
  mean({ n, a, as }, out) {
    const mu = a[0]!, ms = as[0]!;
    for (let i = 0; i < n; i++) out[i] = mu[i * ms]!;
  },
};

/** The common case: one σ for all elements, so log σ is taken once and scalar gradients are summed locally. */
function normalScalarSigma({ n, x, xs, gx, a, as, ga }: DensityCall): number {
  const mu = a[0]!, ms = as[0]!, gmu = ga[0]!;
  const s = a[1]![0]!, gsd = ga[1]!;
  if (!(s > 0)) return -Infinity;
  const inv = 1 / s;
  // Vector adjoints are updated in the loop; scalar (broadcast) ones get the sum afterwards.
  const gxv = xs === 1 ? gx : null;
  const gmuv = ms === 1 ? gmu : null;
  let sumSq = 0;
  let sumZ = 0;
  if (gxv === null && gmuv === null) {
    for (let i = 0; i < n; i++) {
      const z = (x[i * xs]! - mu[i * ms]!) * inv;
      sumSq += z * z;
      sumZ += z;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const z = (x[i * xs]! - mu[i * ms]!) * inv;
      sumSq += z * z;
      sumZ += z;
      const d = z * inv;
      if (gxv !== null) gxv[i] = gxv[i]! - d;
      if (gmuv !== null) gmuv[i] = gmuv[i]! + d;
    }
  }
  if (gx !== null && xs === 0) gx[0] = gx[0]! - sumZ * inv;
  if (gmu !== null && ms === 0) gmu[0] = gmu[0]! + sumZ * inv;
  if (gsd !== null) gsd[0] = gsd[0]! + (sumSq - n) * inv;
  return -0.5 * sumSq - n * (Math.log(s) + LOG_SQRT_2PI);
}

function normalVectorSigma({ n, x, xs, gx, a, as, ga }: DensityCall): number {
  const mu = a[0]!, ms = as[0]!, gmu = ga[0]!;
  const sd = a[1]!, ss = as[1]!, gsd = ga[1]!;
  let lp = 0;
  for (let i = 0; i < n; i++) {
    const s = sd[i * ss]!;
    if (!(s > 0)) return -Infinity;
    const z = (x[i * xs]! - mu[i * ms]!) / s;
    lp -= 0.5 * z * z + Math.log(s);
    const dx = -z / s;
    if (gx !== null) gx[i * xs] = gx[i * xs]! + dx;
    if (gmu !== null) gmu[i * ms] = gmu[i * ms]! - dx;
    if (gsd !== null) gsd[i * ss] = gsd[i * ss]! + (z * z - 1) / s;
  }
  return lp - n * LOG_SQRT_2PI;
}

export const halfNormal: Family = {
  name: 'HalfNormal',
  params: ['sigma'],
  discrete: false,
  support: 'positive',
  logDensity({ n, x, xs, gx, a, as, ga }: DensityCall): number {
    const sd = a[0]!, ss = as[0]!, gsd = ga[0]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const s = sd[i * ss]!;
      const v = x[i * xs]!;
      if (!(s > 0) || v < 0) return -Infinity;
      const z = v / s;
      lp -= 0.5 * z * z + Math.log(s);
      if (gx !== null) gx[i * xs] = gx[i * xs]! - z / s;
      if (gsd !== null) gsd[i * ss] = gsd[i * ss]! + ((z * z - 1) / s);
    }
    return lp + n * (LOG_2 - LOG_SQRT_2PI);
  },
  sample(rng, { n, a, as }, out) {
    const sd = a[0]!, ss = as[0]!;
    for (let i = 0; i < n; i++) out[i] = Math.abs(rng.normal()) * sd[i * ss]!;
  },
  mean({ n, a, as }, out) {
    const sd = a[0]!, ss = as[0]!;
    for (let i = 0; i < n; i++) out[i] = sd[i * ss]! * Math.sqrt(2 / Math.PI);
  },
};

export const exponential: Family = {
  name: 'Exponential',
  params: ['rate'],
  discrete: false,
  support: 'positive',
  logDensity({ n, x, xs, gx, a, as, ga }: DensityCall): number {
    const rate = a[0]!, rs = as[0]!, grate = ga[0]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const r = rate[i * rs]!;
      const v = x[i * xs]!;
      if (!(r > 0) || v < 0) return -Infinity;
      lp += Math.log(r) - r * v;
      if (gx !== null) gx[i * xs] = gx[i * xs]! - r;
      if (grate !== null) grate[i * rs] = grate[i * rs]! + (1 / r - v);
    }
    return lp;
  },
  sample(rng, { n, a, as }, out) {
    const rate = a[0]!, rs = as[0]!;
    for (let i = 0; i < n; i++) out[i] = rng.exponential() / rate[i * rs]!;
  },
  mean({ n, a, as }, out) {
    const rate = a[0]!, rs = as[0]!;
    for (let i = 0; i < n; i++) out[i] = 1 / rate[i * rs]!;
  },
};

export const studentT: Family = {
  name: 'StudentT',
  params: ['nu', 'mu', 'sigma'],
  discrete: false,
  support: 'real',
  logDensity({ n, x, xs, gx, a, as, ga }: DensityCall): number {
    const nuA = a[0]!, ns = as[0]!, gnu = ga[0]!;
    const mu = a[1]!, ms = as[1]!, gmu = ga[1]!;
    const sd = a[2]!, ss = as[2]!, gsd = ga[2]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const nu = nuA[i * ns]!;
      const s = sd[i * ss]!;
      if (!(s > 0) || !(nu > 0)) return -Infinity;
      const z = (x[i * xs]! - mu[i * ms]!) / s;
      const z2 = z * z;
      lp +=
        logGamma(0.5 * (nu + 1)) - logGamma(0.5 * nu) - 0.5 * Math.log(nu * Math.PI) - Math.log(s) -
        0.5 * (nu + 1) * Math.log1p(z2 / nu);
      const dx = -((nu + 1) * z) / (s * (nu + z2));
      if (gx !== null) gx[i * xs] = gx[i * xs]! + dx;
      if (gmu !== null) gmu[i * ms] = gmu[i * ms]! - dx;
      if (gsd !== null) gsd[i * ss] = gsd[i * ss]! + (-1 / s + ((nu + 1) * z2) / (s * (nu + z2)));
      if (gnu !== null) {
        const dnu =
          0.5 * (digamma(0.5 * (nu + 1)) - digamma(0.5 * nu)) - 0.5 / nu - 0.5 * Math.log1p(z2 / nu) +
          ((nu + 1) * z2) / (2 * nu * (nu + z2));
        gnu[i * ns] = gnu[i * ns]! + dnu;
      }
    }
    return lp;
  },
  sample(rng, { n, a, as }, out) {
    const nuA = a[0]!, ns = as[0]!, mu = a[1]!, ms = as[1]!, sd = a[2]!, ss = as[2]!;
    for (let i = 0; i < n; i++) {
      const nu = nuA[i * ns]!;
      const chi2 = 2 * gammaVariate(rng, 0.5 * nu);
      out[i] = mu[i * ms]! + sd[i * ss]! * (rng.normal() / Math.sqrt(chi2 / nu));
    }
  },
  mean({ n, a, as }, out) {
    const nuA = a[0]!, ns = as[0]!, mu = a[1]!, ms = as[1]!;
    for (let i = 0; i < n; i++) out[i] = nuA[i * ns]! > 1 ? mu[i * ms]! : NaN;
  },
};

export const cauchy: Family = {
  name: 'Cauchy',
  params: ['mu', 'sigma'],
  discrete: false,
  support: 'real',
  logDensity({ n, x, xs, gx, a, as, ga }: DensityCall): number {
    const mu = a[0]!, ms = as[0]!, gmu = ga[0]!;
    const sd = a[1]!, ss = as[1]!, gsd = ga[1]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const s = sd[i * ss]!;
      if (!(s > 0)) return -Infinity;
      const z = (x[i * xs]! - mu[i * ms]!) / s;
      const q = 1 + z * z;
      lp -= Math.log(s) + Math.log(q);
      const dx = (-2 * z) / (s * q);
      if (gx !== null) gx[i * xs] = gx[i * xs]! + dx;
      if (gmu !== null) gmu[i * ms] = gmu[i * ms]! - dx;
      if (gsd !== null) gsd[i * ss] = gsd[i * ss]! + (-1 / s + (2 * z * z) / (s * q));
    }
    return lp - n * LOG_PI;
  },
  sample(rng, { n, a, as }, out) {
    const mu = a[0]!, ms = as[0]!, sd = a[1]!, ss = as[1]!;
    for (let i = 0; i < n; i++) out[i] = mu[i * ms]! + sd[i * ss]! * Math.tan(Math.PI * (rng.uniform() - 0.5));
  },
  mean({ n }, out) {
    out.fill(NaN, 0, n);
  },
};

export const halfCauchy: Family = {
  name: 'HalfCauchy',
  params: ['sigma'],
  discrete: false,
  support: 'positive',
  logDensity({ n, x, xs, gx, a, as, ga }: DensityCall): number {
    const sd = a[0]!, ss = as[0]!, gsd = ga[0]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const s = sd[i * ss]!;
      const v = x[i * xs]!;
      if (!(s > 0) || v < 0) return -Infinity;
      const z = v / s;
      const q = 1 + z * z;
      lp -= Math.log(s) + Math.log(q);
      if (gx !== null) gx[i * xs] = gx[i * xs]! - (2 * z) / (s * q);
      if (gsd !== null) gsd[i * ss] = gsd[i * ss]! + (-1 / s + (2 * z * z) / (s * q));
    }
    return lp + n * (LOG_2 - LOG_PI);
  },
  sample(rng, { n, a, as }, out) {
    const sd = a[0]!, ss = as[0]!;
    for (let i = 0; i < n; i++) out[i] = sd[i * ss]! * Math.abs(Math.tan(Math.PI * (rng.uniform() - 0.5)));
  },
  mean({ n }, out) {
    out.fill(Infinity, 0, n);
  },
};

export const beta: Family = {
  name: 'Beta',
  params: ['alpha', 'beta'],
  discrete: false,
  support: 'unit',
  logDensity({ n, x, xs, gx, a, as, ga }: DensityCall): number {
    const al = a[0]!, als = as[0]!, gal = ga[0]!;
    const be = a[1]!, bes = as[1]!, gbe = ga[1]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const p = al[i * als]!;
      const q = be[i * bes]!;
      const v = x[i * xs]!;
      if (!(p > 0) || !(q > 0) || !(v >= 0 && v <= 1)) return -Infinity;
      const logV = Math.log(v);
      const log1mV = Math.log1p(-v);
      lp += (p - 1) * logV + (q - 1) * log1mV - logBeta(p, q);
      if (gx !== null) gx[i * xs] = gx[i * xs]! + ((p - 1) / v - (q - 1) / (1 - v));
      if (gal !== null || gbe !== null) {
        const dpq = digamma(p + q);
        if (gal !== null) gal[i * als] = gal[i * als]! + (logV - digamma(p) + dpq);
        if (gbe !== null) gbe[i * bes] = gbe[i * bes]! + (log1mV - digamma(q) + dpq);
      }
    }
    return lp;
  },
  sample(rng, { n, a, as }, out) {
    const al = a[0]!, als = as[0]!, be = a[1]!, bes = as[1]!;
    for (let i = 0; i < n; i++) {
      const g1 = gammaVariate(rng, al[i * als]!);
      const g2 = gammaVariate(rng, be[i * bes]!);
      out[i] = g1 / (g1 + g2);
    }
  },
  mean({ n, a, as }, out) {
    const al = a[0]!, als = as[0]!, be = a[1]!, bes = as[1]!;
    for (let i = 0; i < n; i++) out[i] = al[i * als]! / (al[i * als]! + be[i * bes]!);
  },
};

export const uniform: Family = {
  name: 'Uniform',
  params: ['lower', 'upper'],
  discrete: false,
  support: 'interval',
  logDensity({ n, x, xs, a, as, ga }: DensityCall): number {
    const lo = a[0]!, los = as[0]!, glo = ga[0]!;
    const hi = a[1]!, his = as[1]!, ghi = ga[1]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const l = lo[i * los]!;
      const h = hi[i * his]!;
      const v = x[i * xs]!;
      if (!(h > l) || v < l || v > h) return -Infinity;
      const w = h - l;
      lp -= Math.log(w);
      if (glo !== null) glo[i * los] = glo[i * los]! + 1 / w;
      if (ghi !== null) ghi[i * his] = ghi[i * his]! - 1 / w;
    }
    return lp;
  },
  sample(rng, { n, a, as }, out) {
    const lo = a[0]!, los = as[0]!, hi = a[1]!, his = as[1]!;
    for (let i = 0; i < n; i++) out[i] = lo[i * los]! + (hi[i * his]! - lo[i * los]!) * rng.uniform();
  },
  mean({ n, a, as }, out) {
    const lo = a[0]!, los = as[0]!, hi = a[1]!, his = as[1]!;
    for (let i = 0; i < n; i++) out[i] = 0.5 * (lo[i * los]! + hi[i * his]!);
  },
};

export const logNormal: Family = {
  name: 'LogNormal',
  params: ['mu', 'sigma'],
  discrete: false,
  support: 'positive',
  logDensity({ n, x, xs, gx, a, as, ga }: DensityCall): number {
    const mu = a[0]!, ms = as[0]!, gmu = ga[0]!;
    const sd = a[1]!, ss = as[1]!, gsd = ga[1]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const s = sd[i * ss]!;
      const v = x[i * xs]!;
      if (!(s > 0) || !(v > 0)) return -Infinity;
      const logV = Math.log(v);
      const z = (logV - mu[i * ms]!) / s;
      lp -= 0.5 * z * z + Math.log(s) + logV;
      if (gx !== null) gx[i * xs] = gx[i * xs]! - ((1 + z / s) / v);
      if (gmu !== null) gmu[i * ms] = gmu[i * ms]! + z / s;
      if (gsd !== null) gsd[i * ss] = gsd[i * ss]! + ((z * z - 1) / s);
    }
    return lp - n * LOG_SQRT_2PI;
  },
  sample(rng, { n, a, as }, out) {
    const mu = a[0]!, ms = as[0]!, sd = a[1]!, ss = as[1]!;
    for (let i = 0; i < n; i++) out[i] = Math.exp(mu[i * ms]! + sd[i * ss]! * rng.normal());
  },
  mean({ n, a, as }, out) {
    const mu = a[0]!, ms = as[0]!, sd = a[1]!, ss = as[1]!;
    for (let i = 0; i < n; i++) out[i] = Math.exp(mu[i * ms]! + 0.5 * sd[i * ss]! * sd[i * ss]!);
  },
};

/** Gamma(shape α, rate β). */
export const gamma: Family = {
  name: 'Gamma',
  params: ['alpha', 'beta'],
  discrete: false,
  support: 'positive',
  logDensity({ n, x, xs, gx, a, as, ga }: DensityCall): number {
    const al = a[0]!, als = as[0]!, gal = ga[0]!;
    const be = a[1]!, bes = as[1]!, gbe = ga[1]!;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const p = al[i * als]!;
      const r = be[i * bes]!;
      const v = x[i * xs]!;
      if (!(p > 0) || !(r > 0) || !(v > 0)) return -Infinity;
      const logV = Math.log(v);
      const logR = Math.log(r);
      lp += p * logR - logGamma(p) + (p - 1) * logV - r * v;
      if (gx !== null) gx[i * xs] = gx[i * xs]! + ((p - 1) / v - r);
      if (gal !== null) gal[i * als] = gal[i * als]! + (logR - digamma(p) + logV);
      if (gbe !== null) gbe[i * bes] = gbe[i * bes]! + (p / r - v);
    }
    return lp;
  },
  sample(rng, { n, a, as }, out) {
    const al = a[0]!, als = as[0]!, be = a[1]!, bes = as[1]!;
    for (let i = 0; i < n; i++) out[i] = gammaVariate(rng, al[i * als]!) / be[i * bes]!;
  },
  mean({ n, a, as }, out) {
    const al = a[0]!, als = as[0]!, be = a[1]!, bes = as[1]!;
    for (let i = 0; i < n; i++) out[i] = al[i * als]! / be[i * bes]!;
  },
};

/** The improper flat prior (Stan's default for an unstated prior): log density 0. */
export const flat: Family = {
  name: 'Flat',
  params: [],
  discrete: false,
  support: 'flat',
  logDensity(): number {
    return 0;
  },
  sample(_rng, { n }, out) {
    out.fill(NaN, 0, n);
  },
  mean({ n }, out) {
    out.fill(NaN, 0, n);
  },
};
