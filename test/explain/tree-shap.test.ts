import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from '../../src/data/features.js';
import { RandomForest } from '../../src/learners/trees/forest.js';
import { GradientBoosting } from '../../src/learners/trees/boosting.js';
import { UpliftRandomForest } from '../../src/uplift/forest/uplift-forest.js';
import type { FlatTrees, TreeEnsembleView } from '../../src/learners/trees/flat-tree.js';
import { goesLeft, treeShap } from '../../src/explain/tree-shap.js';
import { InputError } from '../../src/errors.js';
import { Random } from '../../src/util/random.js';

/**
 * The reference: Shapley values of v(S) = E[f(x) | x_S] under the trees'
 * path rule (follow x on features in S or fixed, average children by cover
 * otherwise), by enumerating every coalition. Exponential in p: small p only.
 */
function bruteForceShapley(view: TreeEnsembleView, X: FeatureMatrix, row: number, fixed: readonly number[] = []): { phi: number[][]; base: number[] } {
  const trees = view.trees;
  const p = view.mapper.nFeatures;
  const W = trees.width;
  const binned = view.mapper.transform(X);
  const code = (f: number) => binned.codes[row * p + f]!;
  const players = Array.from({ length: p }, (_, j) => j).filter((j) => !fixed.includes(j));
  const cond = (inS: Set<number>): number[] => {
    const out = new Array<number>(W).fill(view.offset);
    const walk = (node: number, w: number) => {
      const f = trees.feature[node]!;
      if (f < 0) {
        for (let k = 0; k < W; k++) out[k]! += w * trees.value[node * W + k]!;
        return;
      }
      if (inS.has(f) || fixed.includes(f)) {
        walk(goesLeft(trees, node, code(f), binned.nBins[f]!) ? trees.left[node]! : trees.right[node]!, w);
        return;
      }
      const c = trees.cover![node]!;
      walk(trees.left[node]!, (w * trees.cover![trees.left[node]!]!) / c);
      walk(trees.right[node]!, (w * trees.cover![trees.right[node]!]!) / c);
    };
    for (const r of trees.roots) walk(r, view.scale);
    return out;
  };
  const m = players.length;
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = Array.from({ length: p }, () => new Array<number>(W).fill(0));
  const cache = new Map<number, number[]>();
  const v = (mask: number): number[] => {
    let r = cache.get(mask);
    if (r === undefined) {
      const s = new Set<number>();
      players.forEach((j, a) => {
        if ((mask >> a) & 1) s.add(j);
      });
      r = cond(s);
      cache.set(mask, r);
    }
    return r;
  };
  for (let a = 0; a < m; a++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if ((mask >> a) & 1) continue;
      let size = 0;
      for (let b = 0; b < m; b++) size += (mask >> b) & 1;
      const weight = (fact(size) * fact(m - size - 1)) / fact(m);
      const with_ = v(mask | (1 << a));
      const without = v(mask);
      for (let k = 0; k < W; k++) phi[players[a]!]![k]! += weight * (with_[k]! - without[k]!);
    }
  }
  return { phi, base: v(0) };
}

/** Five features: three numeric (one with 10 % missing), a 0/1 flag and a 4-level categorical code column. */
function data(n: number, seed: number): { X: FeatureMatrix; y: Float64Array; yBin: Float64Array; arm: Int32Array } {
  const rng = new Random(seed);
  const cols = Array.from({ length: 5 }, () => new Float64Array(n));
  const y = new Float64Array(n);
  const yBin = new Float64Array(n);
  const arm = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    cols[0]![i] = rng.uniform();
    cols[1]![i] = rng.uniform() < 0.1 ? NaN : rng.normal();
    cols[2]![i] = rng.uniform();
    cols[3]![i] = rng.uniform() < 0.5 ? 1 : 0;
    cols[4]![i] = rng.int(4);
    arm[i] = rng.int(3);
    const x1 = Number.isNaN(cols[1]![i]!) ? 0.5 : cols[1]![i]!;
    const f = 2 * cols[0]! [i]! + x1 * cols[3]![i]! + (cols[4]![i] === 2 ? 1 : 0) + (arm[i]! > 0 ? cols[2]![i]! : 0);
    y[i] = f + 0.3 * rng.normal();
    yBin[i] = rng.uniform() < 1 / (1 + Math.exp(-(f - 1.5))) ? 1 : 0;
  }
  return { X: { nRows: n, columns: cols, names: ['a', 'b', 'c', 'flag', 'cat'], categories: [0, 0, 0, 0, 4] }, y, yBin, arm };
}

function rawPrediction(view: TreeEnsembleView, X: FeatureMatrix): Float64Array {
  // Independent of TreeSHAP: walk each row down each tree.
  const p = view.mapper.nFeatures;
  const W = view.trees.width;
  const b = view.mapper.transform(X);
  const out = new Float64Array(X.nRows * W).fill(view.offset);
  for (let i = 0; i < X.nRows; i++) {
    for (const r of view.trees.roots) {
      let node = r;
      while (view.trees.feature[node]! >= 0) {
        const f = view.trees.feature[node]!;
        node = goesLeft(view.trees, node, b.codes[i * p + f]!, b.nBins[f]!) ? view.trees.left[node]! : view.trees.right[node]!;
      }
      for (let k = 0; k < W; k++) out[i * W + k]! += view.scale * view.trees.value[node * W + k]!;
    }
  }
  return out;
}

function checkAgainstBruteForce(view: TreeEnsembleView, X: FeatureMatrix, rows: number, fixed: readonly number[] = []): void {
  const shap = treeShap(view, X, { fixed });
  const W = view.trees.width;
  const p = shap.nFeatures;
  const raw = rawPrediction(view, X);
  let checked = 0;
  for (let i = 0; i < rows; i++) {
    const ref = bruteForceShapley(view, X, i, fixed);
    for (let k = 0; k < W; k++) {
      let sum = shap.base[i * W + k]!;
      expect(shap.base[i * W + k]!).toBeCloseTo(ref.base[k]!, 10);
      for (let j = 0; j < p; j++) {
        const got = shap.values[(i * p + j) * W + k]!;
        expect(Math.abs(got - ref.phi[j]![k]!)).toBeLessThan(1e-10);
        sum += got;
        checked++;
      }
      // Local accuracy: base + Σ φ = the prediction, to 1e-9.
      expect(Math.abs(sum - raw[i * W + k]!)).toBeLessThan(1e-9);
    }
  }
  expect(checked).toBe(rows * p * W);
}

describe('TreeSHAP (exact, Algorithm 2)', () => {
  const { X, y, yBin, arm } = data(400, 7);

  it('a single split: the split feature gets f(x) − E f, the others 0 (closed form)', () => {
    const trees: FlatTrees = {
      width: 1,
      roots: Int32Array.of(0),
      feature: Int32Array.of(0, -1, -1),
      split: Int32Array.of(0, 0, 0),
      flags: Uint8Array.of(0, 0, 0),
      left: Int32Array.of(1, 0, 0),
      right: Int32Array.of(2, 0, 0),
      value: Float64Array.of(0, 10, 4),
      bits: new Uint32Array(0),
      cover: Float64Array.of(4, 1, 3),
    };
    const forest = new RandomForest({ task: 'regression', nEstimators: 1, seed: 1, threads: 1 }).fit(X, y);
    const view = { ...forest.ensembleView()!, trees, scale: 1, offset: 0 };
    const shap = treeShap(view, X);
    const b = view.mapper.transform(X);
    for (let i = 0; i < 20; i++) {
      const leftSide = b.codes[i * 5]! <= 0;
      // E f = (1·10 + 3·4) / 4 = 5.5.
      expect(shap.base[i]).toBe(5.5);
      expect(shap.values[i * 5]).toBeCloseTo((leftSide ? 10 : 4) - 5.5, 12);
      for (let j = 1; j < 5; j++) expect(shap.values[i * 5 + j]).toBe(0);
    }
  });

  it('random forest (missing values, categorical codes, repeated features on a path) equals brute-force Shapley', () => {
    const rf = new RandomForest({ task: 'regression', nEstimators: 8, maxDepth: 6, minSamplesLeaf: 3, seed: 3, threads: 1 }).fit(X, y);
    const view = rf.ensembleView()!;
    expect(view.trees.cover).toBeDefined();
    checkAgainstBruteForce(view, X, 12);
    // And the sum is the forest's own prediction.
    const shap = treeShap(view, X);
    const pred = rf.predict(X);
    for (let i = 0; i < 50; i++) {
      let s = shap.base[i]!;
      for (let j = 0; j < 5; j++) s += shap.values[i * 5 + j]!;
      expect(Math.abs(s - pred[i]!)).toBeLessThan(1e-9);
    }
  });

  it('gradient boosting (regression and the log-odds of classification) equals brute-force Shapley', () => {
    const gb = new GradientBoosting({ task: 'regression', nIterations: 15, maxLeaves: 12, minSamplesLeaf: 5, seed: 2 }).fit(X, y);
    checkAgainstBruteForce(gb.ensembleView()!, X, 10);
    const gc = new GradientBoosting({ task: 'classification', nIterations: 10, maxLeaves: 8, minSamplesLeaf: 5, seed: 2 }).fit(X, yBin);
    const view = gc.ensembleView()!;
    expect(view.link).toBe('logistic');
    checkAgainstBruteForce(view, X, 6);
    const shap = treeShap(view, X);
    const margin = gc.decisionFunction(X);
    for (let i = 0; i < 50; i++) {
      let s = shap.base[i]!;
      for (let j = 0; j < 5; j++) s += shap.values[i * 5 + j]!;
      expect(Math.abs(s - margin[i]!)).toBeLessThan(1e-9);
    }
  });

  it('uplift forest: one SHAP vector per arm, each equal to brute force', () => {
    const uf = new UpliftRandomForest({ nEstimators: 5, maxDepth: 4, minSamplesLeaf: 10, minSamplesTreatment: 2, maxFeatures: 'all', seed: 4, threads: 1 });
    uf.fit(X, arm, yBin);
    const view = uf.ensembleView()!;
    expect(view.trees.width).toBe(3);
    checkAgainstBruteForce(view, X, 8);
    const rates = uf.predictRates(X);
    const shap = treeShap(view, X);
    for (let i = 0; i < 30; i++) {
      for (let k = 0; k < 3; k++) {
        let s = shap.base[i * 3 + k]!;
        for (let j = 0; j < 5; j++) s += shap.values[(i * 5 + j) * 3 + k]!;
        expect(Math.abs(s - rates[i * 3 + k]!)).toBeLessThan(1e-9);
      }
    }
  });

  it('fixed features are conditioned on, never players (an S-learner treatment column)', () => {
    const rf = new RandomForest({ task: 'regression', nEstimators: 6, maxDepth: 5, seed: 5, threads: 1 }).fit(X, y);
    const view = rf.ensembleView()!;
    checkAgainstBruteForce(view, X, 8, [3]);
    const shap = treeShap(view, X, { fixed: [3] });
    for (let i = 0; i < 20; i++) expect(shap.values[i * 5 + 3]).toBe(0);
  });

  it('a model saved before covers were recorded is refused with a clear input error', () => {
    const rf = new RandomForest({ task: 'regression', nEstimators: 2, seed: 1, threads: 1 }).fit(X, y);
    const json = rf.toJSON();
    const state = json.state as { trees: Record<string, unknown> };
    delete state.trees.cover;
    const old = RandomForest.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(old.predict(X)).toEqual(rf.predict(X));
    expect(() => treeShap(old.ensembleView()!, X)).toThrow(InputError);
    expect(() => treeShap(old.ensembleView()!, X)).toThrow(/refit the model/);
    // A saved model with covers keeps them exactly.
    const again = RandomForest.fromJSON(JSON.parse(JSON.stringify(rf.toJSON())));
    expect(again.ensembleView()!.trees.cover).toEqual(rf.ensembleView()!.trees.cover);
  });
});
