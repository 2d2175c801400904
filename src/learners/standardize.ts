/** Feature standardisation (like scikit-learn's StandardScaler: population sd, scale 1 for constant columns). */
import type { FeatureMatrix } from '../data/features.js';

export interface Scaling {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/** Weighted means and population standard deviations of each column. */
export function fitScaling(X: FeatureMatrix, weight?: Float64Array): Scaling {
  const p = X.columns.length;
  const n = X.nRows;
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  // A weight of exactly 1 changes no product, so unweighted fits share the weighted loops.
  const w = weight ?? new Float64Array(n).fill(1);
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i]!;
  for (let j = 0; j < p; j++) {
    const c = X.columns[j]!;
    const m = weightedSum(c, w, n) / total;
    const sd = Math.sqrt(weightedSquares(c, m, w, n) / total);
    mean[j] = m;
    // A constant column keeps scale 1 so it stays constant (and harmless) after centring.
    scale[j] = sd > 1e-12 * Math.max(1, Math.abs(m)) ? sd : 1;
  }
  return { mean, scale };
}

// The loops over rows are functions of their own, called once per column: V8 optimises each
// once, instead of compiling every loop of one long function on stack replacement (a fresh
// `liftwise fit` runs them once; see logistic-newton.ts).

/** Σ w·c. */
function weightedSum(c: Float64Array, w: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += w[i]! * c[i]!;
  return s;
}

/** Σ w·(c − m)². */
function weightedSquares(c: Float64Array, m: number, w: Float64Array, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = c[i]! - m;
    v += w[i]! * d * d;
  }
  return v;
}

export function identityScaling(p: number): Scaling {
  return { mean: new Float64Array(p), scale: new Float64Array(p).fill(1) };
}

/** Standardised copies of the columns. */
export function applyScaling(X: FeatureMatrix, s: Scaling): Float64Array[] {
  return X.columns.map((c, j) => standardised(c, s.mean[j]!, s.scale[j]!));
}

function standardised(c: Float64Array, m: number, sc: number): Float64Array {
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = (c[i]! - m) / sc;
  return out;
}
