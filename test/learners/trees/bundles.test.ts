import { describe, expect, it } from 'vitest';
import { BinMapper } from '../../../src/learners/trees/binning.js';
import { bundleFeatures } from '../../../src/learners/trees/bundles.js';
import { GrowScratch, growTree, type GrowParams } from '../../../src/learners/trees/grow.js';
import { buildHistogram } from '../../../src/learners/trees/histogram.js';
import { Random } from '../../../src/util/random.js';
import { matrix } from './sim.js';

/** A continuous column, a 30-level count, two 0/1 columns and a 4-level one-hot block with missing values. */
function campaignLike(n: number, seed: number, extraContinuous = 0) {
  const rng = new Random(seed);
  const amount = new Float64Array(n);
  const count = new Float64Array(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const oneHot = Array.from({ length: 4 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    amount[i] = rng.normal();
    count[i] = rng.int(30);
    a[i] = rng.bernoulli(0.3);
    b[i] = rng.uniform() < 0.05 ? NaN : rng.bernoulli(0.6);
    oneHot[rng.int(4)]![i] = 1;
  }
  const extra = Array.from({ length: extraContinuous }, () => Float64Array.from({ length: n }, () => rng.normal()));
  return matrix([amount, count, a, b, ...oneHot, ...extra]);
}

describe('bundleFeatures', () => {
  const X = campaignLike(3000, 1);
  const data = BinMapper.fit(X).transform(X);
  const bundled = bundleFeatures(data);
  const plain = bundleFeatures(data, { bundle: false });

  it('packs the few-valued columns into one byte-sized bundle and leaves the continuous one alone', () => {
    // 0/1 (2) × 0/1/missing (3) × one-hot block (4) = 24 joint codes; with the count (30 levels) far more than 256 occur.
    expect(plain.nGroups).toBe(8);
    expect(bundled.nGroups).toBe(3);
    expect(bundled.groupOf[0]).not.toBe(bundled.groupOf[2]);
    const q = bundled.groupOf[2]!;
    expect(bundled.isBundle[q]).toBe(1);
    expect(bundled.nIds[q]).toBe(24);
    for (const f of [3, 4, 5, 6, 7]) expect(bundled.groupOf[f]).toBe(q);
  });

  it('gives every feature exactly the histogram it has on its own', () => {
    const rng = new Random(2);
    // Gradients in eighths: every sum is exact, so any difference would be a wrong slot.
    const g = Float64Array.from({ length: X.nRows }, () => (rng.int(17) - 8) / 8);
    const h = Float64Array.from({ length: X.nRows }, () => (1 + rng.int(8)) / 8);
    const histOf = (layout: typeof bundled) => {
      const scratch = new GrowScratch(data, layout);
      scratch.loadRows(Int32Array.from({ length: X.nRows }, (_, i) => i), X.nRows);
      scratch.g.set(g);
      scratch.h.set(h);
      const hist = new Float64Array(scratch.histSize);
      buildHistogram(layout, scratch.codes, scratch.stride, 0, X.nRows, scratch.g, scratch.h, scratch.allGroups, layout.nGroups, hist);
      return hist.subarray(0, data.offsets[data.nFeatures]! * 3);
    };
    expect(Array.from(histOf(bundled))).toEqual(Array.from(histOf(plain)));
  });

  it('grows the same tree with and without bundles, with all features or a sample per split', () => {
    // Six more continuous columns: with 2 features per split the bundled layout (9 groups) builds
    // only the sampled features' groups, the plain one (14 groups) too; with all features both subtract.
    const Xw = campaignLike(3000, 5, 6);
    const wide = BinMapper.fit(Xw).transform(Xw);
    const rng = new Random(3);
    const g = Float64Array.from({ length: Xw.nRows }, (_, i) => (Xw.columns[2]![i]! + Xw.columns[5]![i]! + (Xw.columns[9]![i]! > 0 ? 1 : 0) - rng.int(3)) / 4);
    for (const maxFeatures of [14, 2]) {
      const params: GrowParams = {
        maxDepth: 5,
        maxLeaves: maxFeatures === 14 ? 16 : Infinity,
        minSamplesLeaf: 10,
        minSamplesSplit: 2,
        minHessian: 1e-3,
        l2: 0,
        maxFeatures,
        leafValue: (G, H) => -G / H,
      };
      const grow = (bundle: boolean) => {
        const scratch = new GrowScratch(wide, bundleFeatures(wide, { bundle }));
        scratch.loadRows(Int32Array.from({ length: Xw.nRows }, (_, i) => i), Xw.nRows);
        scratch.g.set(g);
        scratch.h.fill(1);
        return growTree(scratch, params, new Random(4));
      };
      const a = grow(true);
      const b = grow(false);
      expect(a.feature.length).toBeGreaterThan(10);
      expect(Array.from(a.feature).some((f) => f >= 2 && f <= 7)).toBe(true);
      expect(Array.from(a.feature)).toEqual(Array.from(b.feature));
      expect(Array.from(a.split)).toEqual(Array.from(b.split));
      expect(Array.from(a.value)).toEqual(Array.from(b.value));
    }
  });
});
