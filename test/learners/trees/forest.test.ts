import { describe, expect, it } from 'vitest';
import { RandomForest } from '../../../src/learners/trees/forest.js';
import { createLearner, learnerFromJSON } from '../../../src/learners/registry.js';
import { Random } from '../../../src/util/random.js';
import { accuracy, matrix, rSquared, uniformColumns } from './sim.js';

/** y = 1[x0 + x1 > 1], flipped with probability 0.1: the best possible accuracy is 0.9. */
function classification(n: number, seed: number) {
  const rng = new Random(seed);
  const cols = uniformColumns(n, 6, rng);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const clean = cols[0]![i]! + cols[1]![i]! > 1 ? 1 : 0;
    y[i] = rng.uniform() < 0.1 ? 1 - clean : clean;
  }
  return { X: matrix(cols), y };
}

/** y = sin(2π x0) + 2 x1² + N(0, 0.1²): noise is 0.01 of a total variance of about 0.85. */
function regression(n: number, seed: number) {
  const rng = new Random(seed);
  const cols = uniformColumns(n, 5, rng);
  const y = new Float64Array(n);
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    f[i] = Math.sin(2 * Math.PI * cols[0]![i]!) + 2 * cols[1]![i]! ** 2;
    y[i] = f[i]! + 0.1 * rng.normal();
  }
  return { X: matrix(cols), y, f };
}

describe('RandomForest', () => {
  it('classifies a noisy threshold rule within 0.03 of the Bayes accuracy (0.9)', () => {
    const train = classification(4000, 1);
    const test = classification(4000, 2);
    const rf = new RandomForest({ task: 'classification', nEstimators: 50, minSamplesLeaf: 5, seed: 1, threads: 1 }).fit(train.X, train.y);
    expect(accuracy(rf.predict(test.X), test.y)).toBeGreaterThan(0.87);
  });

  it('fits a smooth regression function: R² on held-out truth above 0.97', () => {
    const train = regression(4000, 3);
    const test = regression(2000, 4);
    const rf = new RandomForest({ task: 'regression', nEstimators: 50, minSamplesLeaf: 3, seed: 1, threads: 1 }).fit(train.X, train.y);
    expect(rSquared(rf.predict(test.X), test.f)).toBeGreaterThan(0.97);
  });

  it('treats an integer sample weight exactly as that many copies of the row', () => {
    const raw = regression(600, 5);
    // Few distinct values, so bin edges do not depend on how often a row appears; integer targets, so sums are exact.
    const X = matrix(raw.X.columns.map((c) => c.map((v) => Math.floor(v * 64) / 64)));
    const yInt = raw.y.map((v) => Math.round(4 * v));
    const rng = new Random(6);
    const w = new Float64Array(X.nRows);
    const rows: number[] = [];
    for (let i = 0; i < X.nRows; i++) {
      w[i] = rng.int(4); // 0..3, zero drops the row
      for (let k = 0; k < w[i]!; k++) rows.push(i);
    }
    const dup = matrix(X.columns.map((c) => Float64Array.from(rows, (i) => c[i]!)));
    const yDup = Float64Array.from(rows, (i) => yInt[i]!);
    const options = { nEstimators: 1, bootstrap: false, maxFeatures: 'all' as const, seed: 0, threads: 1 };
    const weighted = new RandomForest({ task: 'regression', ...options }).fit(X, yInt, { sampleWeight: w });
    const duplicated = new RandomForest({ task: 'regression', ...options }).fit(dup, yDup);
    const probe = regression(500, 7).X;
    expect(Array.from(weighted.predict(probe))).toEqual(Array.from(duplicated.predict(probe)));
  });

  it('gives the same forest for 1 and 2 threads', () => {
    const { X, y } = classification(3000, 8);
    const a = new RandomForest({ task: 'classification', nEstimators: 12, seed: 4, threads: 1 }).fit(X, y);
    const b = new RandomForest({ task: 'classification', nEstimators: 12, seed: 4, threads: 2 }).fit(X, y);
    expect(JSON.stringify(b.toJSON().state)).toBe(JSON.stringify(a.toJSON().state));
    const c = new RandomForest({ task: 'classification', nEstimators: 12, seed: 5, threads: 1 }).fit(X, y);
    expect(JSON.stringify(c.toJSON().state)).not.toBe(JSON.stringify(a.toJSON().state));
  });

  it('round-trips through JSON with bit-identical predictions, also via the registry', () => {
    const { X, y } = classification(2000, 9);
    X.columns[2]![5] = NaN; // a missing value in training
    const rf = createLearner('forest', 'classification', { nEstimators: 20, maxDepth: 6, seed: 2, threads: 1 });
    rf.fit(X, y);
    const text = JSON.stringify(rf.toJSON());
    const back = learnerFromJSON(JSON.parse(text));
    const probe = classification(1000, 10).X;
    probe.columns[1]![3] = NaN;
    expect(Array.from(back.predict(probe))).toEqual(Array.from(rf.predict(probe)));
    expect(back).toBeInstanceOf(RandomForest);
    // Typed arrays are stored as base64 strings, not number lists.
    const trees = (JSON.parse(text) as { state: { trees: Record<string, unknown> } }).state.trees;
    expect(typeof trees.feature).toBe('string');
  });

  it('rejects bad options and damaged model files with clear codes', () => {
    expect(() => new RandomForest({ task: 'classification', nEstimators: 0 })).toThrow(/nEstimators/);
    expect(() => createLearner('forest', 'classification', { maxDepht: 3 })).toThrow(expect.objectContaining({ code: 'E_BAD_LEARNER_OPTIONS' }));
    const { X, y } = classification(300, 11);
    const json = new RandomForest({ task: 'classification', nEstimators: 2, threads: 1 }).fit(X, y).toJSON();
    const state = json.state as { trees: Record<string, unknown> };
    const damaged = { ...json, state: { ...state, trees: { ...state.trees, left: 'AAAA' } } };
    expect(() => RandomForest.fromJSON(damaged)).toThrow(expect.objectContaining({ code: 'E_BAD_MODEL_STATE' }));
  });
});
