/**
 * BART's default priors (Chipman, George and McCulloch 2010, as dbarts and
 * bartCause use them) and the calibration of the noise prior.
 */
import { logGamma } from '../../bayes/distributions/special.js';
import { leastSquares } from '../../util/linalg.js';

export const BART_DEFAULTS = {
  trees: 200,
  alpha: 0.95,
  beta: 2,
  /** Leaf prior: the sum of trees has prior sd (range/2)/k, i.e. ±k sd cover the outcome's range. */
  k: 2,
  nu: 3,
  q: 0.9,
  /** Quantile cut points per feature (dbarts' numcut is 100). */
  cuts: 100,
  minLeaf: 5,
  chains: 4,
  gfr: 3,
  warmup: 50,
  draws: 250,
  keep: 200,
} as const;

/** Regularised lower incomplete gamma P(a, x), by its series below a + 1 and Lentz's continued fraction above. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - Math.exp(logPrefix) * h;
}

/**
 * The p-quantile of χ²_ν, by bisection on P(ν/2, x/2).
 *
 * @example chiSquareQuantile(0.1, 3) // 0.5843744…
 */
export function chiSquareQuantile(p: number, nu: number): number {
  let lo = 0;
  let hi = Math.max(1, nu);
  while (gammaP(nu / 2, hi / 2) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (gammaP(nu / 2, mid / 2) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * λ of the scaled inverse-χ² prior σ² ~ νλ/χ²_ν such that P(σ < σ̂) = q
 * (CGM's calibration): λ = σ̂² · χ²_ν⁻¹(1 − q)/ν.
 */
export function sigmaPriorScale(sigmaHat: number, nu: number, q: number): number {
  return (sigmaHat * sigmaHat * chiSquareQuantile(1 - q, nu)) / nu;
}

/**
 * σ̂ for the calibration: the residual sd of a least-squares fit on the
 * features when there are more rows than columns (as dbarts does), else the
 * outcome's sd.
 */
export function sigmaEstimate(columns: readonly Float64Array[], y: Float64Array): number {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (y[i]! - mean) ** 2;
  const sdY = Math.sqrt(ss / Math.max(1, n - 1));
  const p = columns.length + 1;
  if (n <= p + 1) return sdY;
  const ones = new Float64Array(n).fill(1);
  // Missing values cannot enter a least-squares fit: fall back to the outcome's sd.
  for (const c of columns) for (let i = 0; i < n; i++) if (Number.isNaN(c[i]!)) return sdY;
  try {
    const design = [ones, ...columns];
    const beta = leastSquares(design, y);
    let rss = 0;
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let j = 0; j < p; j++) f += beta[j]! * design[j]![i]!;
      rss += (y[i]! - f) ** 2;
    }
    const s = Math.sqrt(rss / (n - p));
    return s > 0 && Number.isFinite(s) ? s : sdY;
  } catch {
    return sdY;
  }
}
