/**
 * The four simulation setups of Nie & Wager (2021, "Quasi-oracle estimation
 * of heterogeneous treatment effects"), as causalml's synthetic_data(mode)
 * generates them (causalml/dataset/regression.py, modes 1–4), reimplemented
 * on our seeded generator. Each returns the outcome, features, treatment, the
 * true effect τ(x), the baseline b(x) and the propensity e(x):
 *   y = b(x) + (w − 0.5)·τ(x) + σ·ε.
 * 1: difficult nuisance, easy effect (X uniform on [0,1]^p; e = trimmed sin(π x₀x₁)).
 * 2: randomised trial (X normal, e = 0.5, τ = x₀ + softplus(x₁)).
 * 3: easy propensity, difficult baseline (τ = 1).
 * 4: unrelated treatment and control arms (τ = relu(x₀+x₁+x₂) − relu(x₃+x₄)).
 */
import { Random } from '../util/random.js';

export interface SyntheticData {
  readonly y: Float64Array;
  /** Feature columns x0..x{p-1}. */
  readonly X: Float64Array[];
  readonly w: Int32Array;
  readonly tau: Float64Array;
  readonly b: Float64Array;
  readonly e: Float64Array;
}

const softplus = (v: number): number => (v > 30 ? v : Math.log1p(Math.exp(v)));
const relu = (v: number): number => (v > 0 ? v : 0);

/**
 * @param mode 1..4 (setups A–D)
 * @param p number of features, at least 5
 * @example
 * const { y, X, w, tau } = nieWagerData(1, 500, 6, 1, 42);
 * [y.length, X.length, w.length, tau.length]; // [500, 6, 500, 500]
 */
export function nieWagerData(mode: 1 | 2 | 3 | 4, n: number, p: number, sigma: number, seed: number): SyntheticData {
  if (p < 5) throw new RangeError('the Nie–Wager setups need p >= 5 features');
  const rng = new Random(seed);
  const X = Array.from({ length: p }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) X[j]![i] = mode === 1 ? rng.uniform() : rng.normal();
  const b = new Float64Array(n);
  const e = new Float64Array(n);
  const tau = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [x0, x1, x2, x3, x4] = [X[0]![i]!, X[1]![i]!, X[2]![i]!, X[3]![i]!, X[4]![i]!];
    if (mode === 1) {
      const s = Math.sin(Math.PI * x0 * x1);
      b[i] = s + 2 * (x2 - 0.5) ** 2 + x3 + 0.5 * x4;
      e[i] = Math.max(0.1, Math.min(s, 0.9));
      tau[i] = (x0 + x1) / 2;
    } else if (mode === 2) {
      b[i] = Math.max(0, x0 + x1, x2) + Math.max(0, x3 + x4);
      e[i] = 0.5;
      tau[i] = x0 + softplus(x1);
    } else if (mode === 3) {
      b[i] = 2 * softplus(x0 + x1 + x2);
      e[i] = 1 / (1 + Math.exp(x1 + x2));
      tau[i] = 1;
    } else {
      b[i] = (relu(x0 + x1 + x2) + relu(x3 + x4)) / 2;
      e[i] = 1 / (1 + Math.exp(-x0) + Math.exp(-x1));
      tau[i] = relu(x0 + x1 + x2) - relu(x3 + x4);
    }
  }
  const w = new Int32Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = rng.bernoulli(e[i]!);
  for (let i = 0; i < n; i++) y[i] = b[i]! + (w[i]! - 0.5) * tau[i]! + sigma * rng.normal();
  return { y, X, w, tau, b, e };
}
