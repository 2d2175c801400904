/** A simulated campaign with a known CATE, for the bart/bcf tests and the coverage bench. */
import { featureMatrix, type FeatureMatrix } from '../../src/data/features.js';
import { Random } from '../../src/util/random.js';

export interface Simulated {
  readonly X: FeatureMatrix;
  readonly arm: Int32Array;
  readonly y: Float64Array;
  /** True effect of arm 1 per unit (probability difference for binary outcomes). */
  readonly cate: Float64Array;
}

const logistic = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * Five uniform features; prognostic μ = 2x₁ + sin(πx₂), effect τ = 0.5 + x₃;
 * assignment confounded through x₁ (P(t = 1) = logistic(2x₁ − 1)) unless `randomised`.
 * Continuous: y = μ + tτ + N(0, 0.5²). Binary: P(y = 1) = logistic(μ − 1.5 + tτ).
 */
export function simulateCampaign(n: number, seed: number, kind: 'continuous' | 'binary', randomised = false): Simulated {
  const rng = new Random(seed);
  const cols = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => rng.uniform()));
  const arm = new Int32Array(n);
  const y = new Float64Array(n);
  const cate = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x1 = cols[0]![i]!;
    const mu = 2 * x1 + Math.sin(Math.PI * cols[1]![i]!);
    const tau = 0.5 + cols[2]![i]!;
    arm[i] = rng.uniform() < (randomised ? 0.5 : logistic(2 * x1 - 1)) ? 1 : 0;
    if (kind === 'continuous') {
      y[i] = mu + arm[i]! * tau + 0.5 * rng.normal();
      cate[i] = tau;
    } else {
      y[i] = rng.uniform() < logistic(mu - 1.5 + arm[i]! * tau) ? 1 : 0;
      cate[i] = logistic(mu - 1.5 + tau) - logistic(mu - 1.5);
    }
  }
  return { X: featureMatrix(cols), arm, y, cate };
}
