import { describe, expect, it } from 'vitest';
import { ForestSampler } from '../../src/learners/bart/forest-sampler.js';
import { chiSquareQuantile, gammaP } from '../../src/learners/bart/prior.js';
import { normalCdf } from '../../src/learners/bart/normal.js';
import { Random } from '../../src/util/random.js';

/** P(height of a tree drawn from the CGM prior = h), by the recursion over depths. */
function priorHeight(alpha: number, beta: number, maxH: number): number[] {
  // atMost(d, h): P(subtree rooted at depth d has height ≤ h).
  const atMost = (d: number, h: number): number => {
    const p = alpha * (1 + d) ** -beta;
    if (h === 0) return 1 - p;
    const c = atMost(d + 1, h - 1);
    return 1 - p + p * c * c;
  };
  const out: number[] = [];
  for (let h = 0; h <= maxH; h++) out.push(atMost(0, h) - (h === 0 ? 0 : atMost(0, h - 1)));
  return out;
}

describe('BART forest sampler', () => {
  it('a prior-only run recovers the tree prior’s height distribution', () => {
    const alpha = 0.95;
    const beta = 2;
    const trees = 40;
    const codes = Uint8Array.of(3, 100, 200);
    const s = new ForestSampler(
      { codes, nColumns: 3, nBins: Int32Array.of(255, 255, 255), vars: Int32Array.of(0, 1, 2), items: 1, unitOf: Int32Array.of(0), basis: Uint8Array.of(1) },
      { trees, alpha, beta, leafSd: 1, minLeaf: 0 },
    );
    const rng = new Random(7);
    const resid = new Float64Array(1);
    const counts = new Float64Array(8);
    const sweeps = 5000;
    for (let it = 0; it < sweeps + 200; it++) {
      s.sweep(resid, 1, rng, false);
      if (it >= 200) for (let t = 0; t < trees; t++) counts[Math.min(7, s.height(t))]!++;
    }
    const exact = priorHeight(alpha, beta, 6);
    for (let h = 0; h <= 4; h++) expect(Math.abs(counts[h]! / (sweeps * trees) - exact[h]!)).toBeLessThan(0.01);
    // The exact values, for the record: P(h = 0) = 0.05, P(h = 1) ≈ 0.5289.
    expect(exact[0]).toBeCloseTo(0.05, 12);
  });

  it('one tree, one possible split: the posterior split probability and fit match the closed form', () => {
    // Ten units at x = 0, ten at x = 1; the only cut splits them; children cannot split further.
    const n = 20;
    const codes = Uint8Array.from({ length: n }, (_, i) => (i < 10 ? 0 : 1));
    const y = Float64Array.from({ length: n }, (_, i) => (i < 10 ? 0.1 : 0.75) + 0.3 * Math.sin(i));
    const sigma = 1;
    const tau = 0.5;
    const alpha = 0.5;
    const s = new ForestSampler(
      { codes, nColumns: 1, nBins: Int32Array.of(2), vars: Int32Array.of(0), items: n, unitOf: Int32Array.from({ length: n }, (_, i) => i), basis: new Uint8Array(n).fill(1) },
      { trees: 1, alpha, beta: 2, leafSd: tau, minLeaf: 0 },
    );
    const logML = (w: number, sum: number) => -0.5 * Math.log(1 + (w * tau * tau) / sigma ** 2) + (tau * tau * sum * sum) / (2 * sigma ** 2 * (sigma ** 2 + w * tau * tau));
    let sL = 0;
    let sR = 0;
    for (let i = 0; i < n; i++) if (i < 10) sL += y[i]!;
    else sR += y[i]!;
    const logOdds = Math.log(alpha / (1 - alpha)) + logML(10, sL) + logML(10, sR) - logML(20, sL + sR);
    const pSplit = 1 / (1 + Math.exp(-logOdds));
    const postMean = (w: number, sum: number) => (tau * tau * sum) / (sigma ** 2 + w * tau * tau);
    const fitUnit0 = pSplit * postMean(10, sL) + (1 - pSplit) * postMean(20, sL + sR);
    const resid = Float64Array.from(y);
    const rng = new Random(11);
    let splits = 0;
    let fit0 = 0;
    const sweeps = 40000;
    for (let it = 0; it < sweeps; it++) {
      s.sweep(resid, sigma ** 2, rng);
      if (s.leafCount(0) === 2) splits++;
      fit0 += s.fit[0]!;
      // The residual stays y − fit.
      if (it % 5000 === 0) for (let i = 0; i < n; i++) expect(resid[i]! + s.fit[i]!).toBeCloseTo(y[i]!, 10);
    }
    expect(pSplit).toBeGreaterThan(0.2);
    expect(pSplit).toBeLessThan(0.8);
    expect(Math.abs(splits / sweeps - pSplit)).toBeLessThan(0.02);
    expect(Math.abs(fit0 / sweeps - fitUnit0)).toBeLessThan(0.01);
  });

  it('grow-from-root sweeps: with one candidate cut the split is drawn with its exact posterior probability', () => {
    // Same data as above: one tree, one cut. XBART's weights — split ∝ exp(L(left) + L(right)), no split
    // ∝ |C|·(1/α − 1)·exp(L(root)) with |C| = 1 — are then the exact posterior odds of the split.
    const n = 20;
    const codes = Uint8Array.from({ length: n }, (_, i) => (i < 10 ? 0 : 1));
    const y = Float64Array.from({ length: n }, (_, i) => (i < 10 ? 0.1 : 0.75) + 0.3 * Math.sin(i));
    const tau = 0.5;
    const alpha = 0.5;
    const s = new ForestSampler(
      { codes, nColumns: 1, nBins: Int32Array.of(2), vars: Int32Array.of(0), items: n, unitOf: Int32Array.from({ length: n }, (_, i) => i), basis: new Uint8Array(n).fill(1) },
      { trees: 1, alpha, beta: 2, leafSd: tau, minLeaf: 0 },
    );
    const logML = (w: number, sum: number) => -0.5 * Math.log(1 + w * tau * tau) + (tau * tau * sum * sum) / (2 * (1 + w * tau * tau));
    let sL = 0;
    let sR = 0;
    for (let i = 0; i < n; i++) if (i < 10) sL += y[i]!;
    else sR += y[i]!;
    const pSplit = 1 / (1 + Math.exp(-(Math.log(alpha / (1 - alpha)) + logML(10, sL) + logML(10, sR) - logML(20, sL + sR))));
    const resid = Float64Array.from(y);
    const rng = new Random(5);
    let splits = 0;
    const sweeps = 20000;
    for (let it = 0; it < sweeps; it++) {
      s.gfrSweep(resid, 1, rng);
      if (s.leafCount(0) === 2) splits++;
      if (it % 4000 === 0) for (let i = 0; i < n; i++) expect(resid[i]! + s.fit[i]!).toBeCloseTo(y[i]!, 10);
    }
    expect(Math.abs(splits / sweeps - pSplit)).toBeLessThan(0.015);
  });

  it('normal CDF, regularised gamma and the χ² quantile match published values', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 15);
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
    // qchisq(0.1, 3) in R.
    expect(chiSquareQuantile(0.1, 3)).toBeCloseTo(0.5843744, 6);
  });
});
