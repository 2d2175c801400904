/**
 * Least squares with standard errors, on column-major regressors: the kernel
 * under pooled OLS, two-way fixed effects and the event study.
 *
 * Standard errors are either classical, s²·(XᵀX)⁻¹ with s² = RSS / df, or
 * cluster-robust CR1: c · B·(Σ_g s_g s_gᵀ)·B with B = (XᵀX)⁻¹,
 * s_g = Σ_{rows of cluster g} x_r·û_r, and c = G/(G − 1) · (n − 1)/(n − K).
 */
import { cholesky, choleskyInverse, choleskySolve, dot } from '../util/linalg.js';
import { panelErrors } from './messages.js';

/** One estimated coefficient. */
export interface Term {
  readonly name: string;
  readonly estimate: number;
  readonly standardError: number;
  /** estimate / standardError. */
  readonly tStat: number;
}

export interface RegressionFit {
  readonly terms: readonly Term[];
  /** Covariance of the estimates, p × p row-major, in the order of `terms`. */
  readonly covariance: Float64Array;
  readonly nObs: number;
  /** Residual degrees of freedom used for s² (absorbed effects subtracted). */
  readonly dfResidual: number;
  /** √(RSS / dfResidual). */
  readonly residualStdError: number;
  readonly standardErrors: 'classical' | 'cluster-CR1';
  /** Number of clusters for 'cluster-CR1', else 0. */
  readonly nClusters: number;
  /** The factor the covariance was scaled by (1 for classical; G/(G−1)·(n−1)/(n−K) for CR1). */
  readonly smallSampleFactor: number;
}

export type StandardErrorSpec =
  | { readonly kind: 'classical'; readonly absorbed: number }
  | {
      readonly kind: 'cluster';
      /** Cluster code of each row (codes need not be dense). */
      readonly cluster: Int32Array;
      /** Number of distinct clusters G. */
      readonly nClusters: number;
      /** K in (n − 1)/(n − K): regressors plus absorbed parameters not nested in the clusters. */
      readonly parameters: number;
      /** Absorbed parameters, for dfResidual. */
      readonly absorbed: number;
    };

/**
 * Fits y on the columns (no intercept is added) and computes standard errors.
 * `what` names the model in the error raised when columns are collinear.
 */
export function fitOls(
  names: readonly string[],
  columns: readonly Float64Array[],
  y: Float64Array,
  se: StandardErrorSpec,
  what: string,
): RegressionFit {
  const p = columns.length;
  const n = y.length;
  const dfResidual = n - p - se.absorbed;
  if (dfResidual <= 0) throw panelErrors.tooFewObservations(n, p + se.absorbed);
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    xty[a] = dot(columns[a]!, y);
    for (let b = 0; b <= a; b++) {
      const v = dot(columns[a]!, columns[b]!);
      xtx[a * p + b] = v;
      xtx[b * p + a] = v;
    }
  }
  // Relative pivot check: Cholesky alone accepts near-singular matrices whose pivots are rounding noise.
  const diagonal = Float64Array.from({ length: p }, (_, j) => xtx[j * p + j]!);
  if (!cholesky(xtx, p) || !pivotsAreSolid(xtx, diagonal, p)) throw panelErrors.collinear(what);
  const bread = choleskyInverse(xtx, p);
  const solved = Float64Array.from(xty);
  choleskySolve(xtx, p, solved);
  const residual = Float64Array.from(y);
  for (let j = 0; j < p; j++) {
    const c = columns[j]!;
    const bj = solved[j]!;
    for (let r = 0; r < n; r++) residual[r] = residual[r]! - bj * c[r]!;
  }
  const rss = dot(residual, residual);

  let covariance: Float64Array;
  let factor: number;
  let nClusters = 0;
  if (se.kind === 'classical') {
    factor = 1;
    const s2 = rss / dfResidual;
    covariance = Float64Array.from(bread, (v) => v * s2);
  } else {
    nClusters = se.nClusters;
    let slots = 0;
    for (let r = 0; r < n; r++) slots = Math.max(slots, se.cluster[r]! + 1);
    const scores = new Float64Array(slots * p);
    for (let j = 0; j < p; j++) {
      const c = columns[j]!;
      for (let r = 0; r < n; r++) scores[se.cluster[r]! * p + j] = scores[se.cluster[r]! * p + j]! + c[r]! * residual[r]!;
    }
    const meat = new Float64Array(p * p);
    for (let g = 0; g < slots; g++) {
      const off = g * p;
      for (let a = 0; a < p; a++) {
        const sa = scores[off + a]!;
        if (sa === 0) continue;
        for (let b = 0; b <= a; b++) meat[a * p + b] = meat[a * p + b]! + sa * scores[off + b]!;
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) meat[b * p + a] = meat[a * p + b]!;
    const g = se.nClusters;
    factor = (g / (g - 1)) * ((n - 1) / (n - se.parameters));
    covariance = sandwich(bread, meat, p, factor);
  }
  const terms = names.map((name, j) => {
    const estimate = solved[j]!;
    const standardError = Math.sqrt(Math.max(covariance[j * p + j]!, 0));
    return { name, estimate, standardError, tStat: estimate / standardError };
  });
  return {
    terms,
    covariance,
    nObs: n,
    dfResidual,
    residualStdError: Math.sqrt(rss / dfResidual),
    standardErrors: se.kind === 'classical' ? 'classical' : 'cluster-CR1',
    nClusters,
    smallSampleFactor: factor,
  };
}

/** factor · B·M·B for symmetric B and M (p × p, row-major). */
function sandwich(bread: Float64Array, meat: Float64Array, p: number, factor: number): Float64Array {
  const half = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let k = 0; k < p; k++) {
      const bak = bread[a * p + k]!;
      if (bak === 0) continue;
      for (let b = 0; b < p; b++) half[a * p + b] = half[a * p + b]! + bak * meat[k * p + b]!;
    }
  }
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += half[a * p + k]! * bread[k * p + b]!;
      out[a * p + b] = s * factor;
    }
  }
  return out;
}

/** Each squared Cholesky pivot must keep more than 1e-10 of its column's sum of squares. */
function pivotsAreSolid(l: Float64Array, diagonal: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    const pivot = l[j * p + j]!;
    if (!(pivot * pivot > 1e-10 * diagonal[j]!)) return false;
  }
  return true;
}

/** The term with this name, or an error listing the names there are. */
export function termOf(fit: RegressionFit, name: string): Term {
  const found = fit.terms.find((t) => t.name === name);
  if (found === undefined) throw new RangeError(`no term '${name}'; the terms are ${fit.terms.map((t) => t.name).join(', ')}`);
  return found;
}
