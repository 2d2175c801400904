/**
 * The Newton solver of logistic regression was rewritten for speed on the
 * promise of the same bits (src/learners/logistic-newton.ts). The reference
 * here is the plain solver it replaced, loop for loop; every result must be
 * identical to the last bit (Object.is), with and without weights, intercept
 * or penalty, and on separable data. (Step halving, rare from the log-odds
 * start, changes no sum: it only re-evaluates the objective.)
 */
import { describe, expect, it } from 'vitest';
import { newtonLogistic } from '../../src/learners/logistic-newton.js';
import { cholesky, choleskySolve } from '../../src/util/linalg.js';

interface Options {
  l2: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number;
}

function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** The solver as it was before the rewrite (src/learners/linear.ts at b8fc5cd). */
function referenceNewton(Z: Float64Array[], y: Float64Array, weight: Float64Array | undefined, options: Options) {
  const n = y.length;
  const p = Z.length;
  const q = p + 1;
  const beta = new Float64Array(q);
  if (options.fitIntercept) {
    let sw = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const w = weight === undefined ? 1 : weight[i]!;
      sw += w;
      sy += w * y[i]!;
    }
    const m = Math.min(Math.max(sy / sw, 1e-10), 1 - 1e-10);
    beta[0] = Math.log(m / (1 - m));
  }
  const eta = new Float64Array(n);
  const grad = new Float64Array(q);
  const hess = new Float64Array(q * q);
  const trial = new Float64Array(q);
  const weightAt = (i: number): number => (weight === undefined ? 1 : weight[i]!);
  const computeEta = (b: Float64Array): void => {
    eta.fill(b[0]!);
    for (let j = 0; j < p; j++) {
      const c = Z[j]!;
      const bj = b[j + 1]!;
      if (bj === 0) continue;
      for (let i = 0; i < n; i++) eta[i]! += bj * c[i]!;
    }
  };
  const objective = (b: Float64Array): number => {
    computeEta(b);
    let f = 0;
    for (let i = 0; i < n; i++) f += weightAt(i) * (softplus(eta[i]!) - y[i]! * eta[i]!);
    let pen = 0;
    for (let j = 1; j < q; j++) pen += b[j]! * b[j]!;
    return f + 0.5 * options.l2 * pen;
  };
  let current = objective(beta);
  const r = new Float64Array(n);
  const h = new Float64Array(n);
  for (let iter = 1; iter <= options.maxIter; iter++) {
    for (let i = 0; i < n; i++) {
      const pr = sigmoid(eta[i]!);
      const w = weightAt(i);
      r[i] = w * (pr - y[i]!);
      h[i] = w * pr * (1 - pr);
    }
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      grad[0]! += r[i]!;
      hess[0]! += h[i]!;
    }
    for (let a = 0; a < p; a++) {
      const ca = Z[a]!;
      let g = 0;
      let h0 = 0;
      for (let i = 0; i < n; i++) {
        g += r[i]! * ca[i]!;
        h0 += h[i]! * ca[i]!;
      }
      grad[a + 1] = g + options.l2 * beta[a + 1]!;
      hess[(a + 1) * q] = h0;
      hess[a + 1] = h0;
      for (let b = 0; b <= a; b++) {
        const cb = Z[b]!;
        let s = 0;
        for (let i = 0; i < n; i++) s += h[i]! * ca[i]! * cb[i]!;
        hess[(a + 1) * q + b + 1] = s;
        hess[(b + 1) * q + a + 1] = s;
      }
      hess[(a + 1) * q + a + 1]! += options.l2;
    }
    if (!options.fitIntercept) {
      grad[0] = 0;
      for (let k = 0; k < q; k++) {
        hess[k] = 0;
        hess[k * q] = 0;
      }
      hess[0] = 1;
    }
    if (!cholesky(hess, q)) throw new Error('singular');
    const step = Float64Array.from(grad);
    choleskySolve(hess, q, step);
    let t = 1;
    let next = current;
    for (let half = 0; half < 50; half++) {
      for (let k = 0; k < q; k++) trial[k] = beta[k]! - t * step[k]!;
      next = objective(trial);
      if (next <= current + 1e-12 * Math.abs(current)) break;
      t /= 2;
    }
    let maxStep = 0;
    for (let k = 0; k < q; k++) maxStep = Math.max(maxStep, Math.abs(beta[k]! - trial[k]!));
    beta.set(trial);
    current = next;
    let big = 0;
    for (const v of beta) big = Math.max(big, Math.abs(v));
    if (maxStep < options.tol * (1 + big)) return { intercept: beta[0]!, coef: beta.slice(1), iterations: iter };
  }
  throw new Error('not converged');
}

/** Seeded columns: 9 of them (so the Hessian rows take both the four-column and the one-column paths), some binary, some skewed. */
function data(n: number, seed: number) {
  let s = seed;
  const u = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const Z = Array.from({ length: 9 }, (_, j) => Float64Array.from({ length: n }, () => (j % 3 === 0 ? (u() < 0.4 ? 1 : 0) : (u() * 4 - 2) ** (1 + (j % 2)))));
  const y = Float64Array.from({ length: n }, (_, i) => (Z[1]![i]! - 0.5 * Z[2]![i]! + Z[3]![i]! + (u() - 0.5) * 3 > 0 ? 1 : 0));
  const w = Float64Array.from({ length: n }, () => (u() < 0.1 ? 0 : u() * 3));
  return { Z, y, w };
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

describe('newtonLogistic', () => {
  const { Z, y, w } = data(2000, 11);
  const cases: [string, Options, Float64Array | undefined][] = [
    ['defaults', { l2: 1, fitIntercept: true, maxIter: 100, tol: 1e-12 }, undefined],
    ['weighted', { l2: 1, fitIntercept: true, maxIter: 100, tol: 1e-12 }, w],
    ['small penalty', { l2: 1e-4, fitIntercept: true, maxIter: 100, tol: 1e-12 }, undefined],
    ['no intercept, weighted', { l2: 0.5, fitIntercept: false, maxIter: 100, tol: 1e-12 }, w],
  ];
  it.each(cases)('gives the bits of the plain solver: %s', (_, options, weight) => {
    const got = newtonLogistic(Z, y, weight, options);
    const want = referenceNewton(Z, y, weight, options);
    expect(got.iterations).toBe(want.iterations);
    expect(Object.is(got.intercept, want.intercept)).toBe(true);
    expect(same(got.coef, want.coef)).toBe(true);
  });

  it('gives the bits of the plain solver on separable data (many Newton steps)', () => {
    const ys = Float64Array.from(Z[2]!, (v) => (v > 0 ? 1 : 0));
    // Unstandardised, wide columns; only the small penalty keeps the coefficients finite.
    const wide = Z.map((c) => c.map((v) => 30 * v));
    const options = { l2: 1e-3, fitIntercept: true, maxIter: 100, tol: 1e-12 };
    const got = newtonLogistic(wide, ys, undefined, options);
    const want = referenceNewton(wide, ys, undefined, options);
    expect(want.iterations).toBeGreaterThan(10);
    expect(got.iterations).toBe(want.iterations);
    expect(same(got.coef, want.coef)).toBe(true);
  });
});
