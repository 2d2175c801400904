/** Feature standardisation (like scikit-learn's StandardScaler: population sd, scale 1 for constant columns). */
import type { FeatureMatrix } from '../data/features.js';

export interface Scaling {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/** Weighted means and population standard deviations of each column. */
export function fitScaling(X: FeatureMatrix, weight?: Float64Array): Scaling {
  const p = X.columns.length;
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  let total = 0;
  for (let i = 0; i < X.nRows; i++) total += weight === undefined ? 1 : weight[i]!;
  for (let j = 0; j < p; j++) {
    const c = X.columns[j]!;
    let m = 0;
    for (let i = 0; i < X.nRows; i++) m += (weight === undefined ? 1 : weight[i]!) * c[i]!;
    m /= total;
    let v = 0;
    for (let i = 0; i < X.nRows; i++) {
      const d = c[i]! - m;
      v += (weight === undefined ? 1 : weight[i]!) * d * d;
    }
    const sd = Math.sqrt(v / total);
    mean[j] = m;
    // A constant column keeps scale 1 so it stays constant (and harmless) after centring.
    scale[j] = sd > 1e-12 * Math.max(1, Math.abs(m)) ? sd : 1;
  }
  return { mean, scale };
}

export function identityScaling(p: number): Scaling {
  return { mean: new Float64Array(p), scale: new Float64Array(p).fill(1) };
}

/** Standardised copies of the columns. */
export function applyScaling(X: FeatureMatrix, s: Scaling): Float64Array[] {
  return X.columns.map((c, j) => {
    const m = s.mean[j]!;
    const sc = s.scale[j]!;
    const out = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = (c[i]! - m) / sc;
    return out;
  });
}
