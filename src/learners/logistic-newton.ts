/**
 * Newton's method for L2-penalised logistic regression on standardised
 * columns, with step halving. Parameters are [intercept, β₁..β_p]; the
 * Hessian is Xᵀ W X + l2·I (intercept unpenalised).
 *
 * Written for speed without changing a bit of the result: every sum adds the
 * same terms in the same (row) order as the plain loops did, so fitted models
 * and saved model files are byte for byte what they were. What changed:
 * - the Hessian's p(p+1)/2 column sums are made four at a time in one pass
 *   over the rows, on the products h·x_a computed once per column a (the old
 *   loop evaluated h·x_a·x_b as (h·x_a)·x_b, so the terms are identical);
 * - exp(−|η|) from the accepted objective evaluation is kept and reused by the
 *   next gradient (softplus and the sigmoid take the same exponential);
 * - unweighted fits use weights of 1, and w·t is exactly t;
 * - the loops over rows are small functions (see the note above weightedTotals).
 * On Hillstrom's 42,693 rows (S-learner, 12 columns, 6 iterations) a fresh
 * `liftwise fit` spent about 135 ms of CPU in the solver before and about
 * 50 ms after (a warm solver takes about 29 ms; BENCHMARKS.md, CLI start-up).
 */
import { cholesky, choleskySolve } from '../util/linalg.js';
import { learnerErrors } from './messages.js';

export interface NewtonOptions {
  readonly l2: number;
  readonly fitIntercept: boolean;
  readonly maxIter: number;
  readonly tol: number;
}

export function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/** exp(−|x|) as sigmoid and softplus take it: exp(−x) for x > 0, exp(x) otherwise. */
function expNegAbs(x: number): number {
  return Math.exp(x > 0 ? -x : x);
}

export function newtonLogistic(
  Z: readonly Float64Array[],
  y: Float64Array,
  weight: Float64Array | undefined,
  options: NewtonOptions,
): { intercept: number; coef: Float64Array; iterations: number } {
  const n = y.length;
  const p = Z.length;
  const q = p + 1; // index 0 is the intercept
  // Multiplying by a weight of exactly 1 changes no bit, so one code path serves both cases.
  const w = weight ?? new Float64Array(n).fill(1);
  const beta = new Float64Array(q);
  const sums = new Float64Array(4);
  if (options.fitIntercept) {
    // Start at the log-odds of the mean: one fewer Newton step, and safe for rare outcomes.
    weightedTotals(w, y, n, sums);
    const m = Math.min(Math.max(sums[1]! / sums[0]!, 1e-10), 1 - 1e-10);
    beta[0] = Math.log(m / (1 - m));
  }
  const eta = new Float64Array(n);
  /** exp(−|eta|) of the last objective evaluation. */
  const ex = new Float64Array(n);
  const grad = new Float64Array(q);
  const hess = new Float64Array(q * q);
  const trial = new Float64Array(q);

  const objective = (b: Float64Array): number => {
    linearPredictor(Z, b, eta, n);
    const f = logLoss(eta, ex, y, w, n);
    let pen = 0;
    for (let j = 1; j < q; j++) pen += b[j]! * b[j]!;
    return f + 0.5 * options.l2 * pen;
  };

  let current = objective(beta);
  const r = new Float64Array(n);
  const h = new Float64Array(n);
  const hx = new Float64Array(n);
  for (let iter = 1; iter <= options.maxIter; iter++) {
    // eta and ex hold X·beta and exp(−|X·beta|) for the current beta (the last objective() call was for it).
    logisticTerms(eta, ex, y, w, r, h, n, sums);
    hess.fill(0);
    grad[0] = sums[0]!;
    hess[0] = sums[1]!;
    for (let a = 0; a < p; a++) {
      weightedColumn(h, r, Z[a]!, hx, n, sums);
      grad[a + 1] = sums[0]! + options.l2 * beta[a + 1]!;
      hess[(a + 1) * q] = sums[1]!;
      hess[a + 1] = sums[1]!;
      hessianRow(hess, q, a, hx, Z, n, sums);
      hess[(a + 1) * q + a + 1]! += options.l2;
    }
    if (!options.fitIntercept) {
      // Pin the intercept at 0: unit row/column in the system, zero gradient.
      grad[0] = 0;
      for (let k = 0; k < q; k++) {
        hess[k] = 0;
        hess[k * q] = 0;
      }
      hess[0] = 1;
    }
    if (!cholesky(hess, q)) throw learnerErrors.singular('logistic');
    const step = Float64Array.from(grad);
    choleskySolve(hess, q, step);
    // Step halving keeps Newton monotone when far from the optimum (e.g. near-separable data).
    let t = 1;
    let next = current;
    for (let half = 0; half < 50; half++) {
      for (let k = 0; k < q; k++) trial[k] = beta[k]! - t * step[k]!;
      next = objective(trial);
      if (next <= current + 1e-12 * Math.abs(current)) break;
      t /= 2;
    }
    // The last trial evaluated is the one kept, so eta and ex now belong to the new beta.
    let maxStep = 0;
    for (let k = 0; k < q; k++) maxStep = Math.max(maxStep, Math.abs(beta[k]! - trial[k]!));
    beta.set(trial);
    current = next;
    if (maxStep < options.tol * (1 + maxAbs(beta))) {
      return { intercept: beta[0]!, coef: beta.slice(1), iterations: iter };
    }
  }
  throw learnerErrors.notConverged('logistic', options.maxIter);
}

// The loops over rows below are small functions of their own, called many times with the same
// types: V8 optimises each once and keeps it, where one large function with the loops inline was
// compiled on stack replacement loop by loop and thrown away on leaving each loop (a fresh process
// fits once, so that warm-up was most of the fit's time).

/** sums[0] = Σ w, sums[1] = Σ w·y. */
function weightedTotals(w: Float64Array, y: Float64Array, n: number, sums: Float64Array): void {
  let sw = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i]!;
    sy += w[i]! * y[i]!;
  }
  sums[0] = sw;
  sums[1] = sy;
}

/** eta = b₀ + Σⱼ bⱼ₊₁·Z[j], columns added in order (a zero coefficient adds nothing and is skipped). */
function linearPredictor(Z: readonly Float64Array[], b: Float64Array, eta: Float64Array, n: number): void {
  eta.fill(b[0]!);
  for (let j = 0; j < Z.length; j++) {
    const bj = b[j + 1]!;
    if (bj !== 0) addScaled(eta, bj, Z[j]!, n);
  }
}

function addScaled(eta: Float64Array, b: number, c: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) eta[i]! += b * c[i]!;
}

/** Σ w·(softplus(eta) − y·eta), keeping exp(−|eta|) in ex. */
function logLoss(eta: Float64Array, ex: Float64Array, y: Float64Array, w: Float64Array, n: number): number {
  let f = 0;
  for (let i = 0; i < n; i++) {
    const x = eta[i]!;
    const e = expNegAbs(x);
    ex[i] = e;
    // softplus(x) = log(1 + exp(x)) without overflow.
    const softplus = x > 0 ? x + Math.log1p(e) : Math.log1p(e);
    f += w[i]! * (softplus - y[i]! * x);
  }
  return f;
}

/** Per row r = w·(p − y) and h = w·p·(1 − p) with p = σ(eta); sums[0] = Σ r, sums[1] = Σ h. */
function logisticTerms(eta: Float64Array, ex: Float64Array, y: Float64Array, w: Float64Array, r: Float64Array, h: Float64Array, n: number, sums: Float64Array): void {
  let g0 = 0;
  let h00 = 0;
  for (let i = 0; i < n; i++) {
    const e = ex[i]!;
    const pr = eta[i]! >= 0 ? 1 / (1 + e) : e / (1 + e);
    const wi = w[i]!;
    const ri = wi * (pr - y[i]!);
    const hi = wi * pr * (1 - pr);
    r[i] = ri;
    h[i] = hi;
    g0 += ri;
    h00 += hi;
  }
  sums[0] = g0;
  sums[1] = h00;
}

/** hx = h·c per row; sums[0] = Σ r·c, sums[1] = Σ h·c. */
function weightedColumn(h: Float64Array, r: Float64Array, c: Float64Array, hx: Float64Array, n: number, sums: Float64Array): void {
  let g = 0;
  let h0 = 0;
  for (let i = 0; i < n; i++) {
    const t = h[i]! * c[i]!;
    g += r[i]! * c[i]!;
    h0 += t;
    hx[i] = t;
  }
  sums[0] = g;
  sums[1] = h0;
}

/**
 * Row a+1 (and its mirror column) of the Hessian below the diagonal and on
 * it: Σᵢ hx[i]·Z[b][i] for b = 0..a, four columns b per pass over the rows.
 */
function hessianRow(hess: Float64Array, q: number, a: number, hx: Float64Array, Z: readonly Float64Array[], n: number, sums: Float64Array): void {
  let b = 0;
  for (; b + 3 <= a; b += 4) {
    dot4(hx, Z[b]!, Z[b + 1]!, Z[b + 2]!, Z[b + 3]!, n, sums);
    for (let k = 0; k < 4; k++) setSymmetric(hess, q, a + 1, b + 1 + k, sums[k]!);
  }
  for (; b <= a; b++) setSymmetric(hess, q, a + 1, b + 1, dot(hx, Z[b]!, n));
}

/** Four dot products of x with c0..c3 in one pass (each summed in row order) into sums[0..3]. */
function dot4(x: Float64Array, c0: Float64Array, c1: Float64Array, c2: Float64Array, c3: Float64Array, n: number, sums: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < n; i++) {
    const t = x[i]!;
    s0 += t * c0[i]!;
    s1 += t * c1[i]!;
    s2 += t * c2[i]!;
    s3 += t * c3[i]!;
  }
  sums[0] = s0;
  sums[1] = s1;
  sums[2] = s2;
  sums[3] = s3;
}

function dot(x: Float64Array, c: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]! * c[i]!;
  return s;
}

function setSymmetric(m: Float64Array, q: number, i: number, j: number, v: number): void {
  m[i * q + j] = v;
  m[j * q + i] = v;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}
