import { describe, expect, it } from 'vitest';
import { RandomForest } from '../../../src/learners/trees/forest.js';
import { GradientBoosting } from '../../../src/learners/trees/boosting.js';
import { Random } from '../../../src/util/random.js';
import { accuracy, matrix, uniformColumns } from './sim.js';

/** x0 is missing for 30% of rows and those rows are positive with probability 0.9; else y = 1[x0 > 0.7] (10% noise). */
function missingSignal(n: number, seed: number) {
  const rng = new Random(seed);
  const cols = uniformColumns(n, 3, rng);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (rng.uniform() < 0.3) {
      cols[0]![i] = NaN;
      y[i] = rng.bernoulli(0.9);
    } else y[i] = rng.bernoulli(cols[0]![i]! > 0.7 ? 0.9 : 0.1);
  }
  return { X: matrix(cols), y };
}

/** A 20-level categorical feature; levels in a random half have P(y=1) = 0.85, the others 0.15. */
function categorical(n: number, seed: number, levelsUp: Set<number>) {
  const rng = new Random(seed);
  const code = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    code[i] = rng.int(20);
    y[i] = rng.bernoulli(levelsUp.has(code[i]!) ? 0.85 : 0.15);
  }
  const onehot = Array.from({ length: 20 }, (_, k) => code.map((c) => (c === k ? 1 : 0)));
  return { codes: matrix([code], [20]), onehot: matrix(onehot), y };
}

describe('missing values', () => {
  const train = missingSignal(5000, 1);
  const test = missingSignal(3000, 2);
  const missingRows = (X: typeof test.X) => Array.from(X.columns[0]!.keys()).filter((i) => Number.isNaN(X.columns[0]![i]!));

  it('the forest learns that missing x0 means positive (default direction to the positive side)', () => {
    const rf = new RandomForest({ task: 'classification', nEstimators: 30, maxFeatures: 'all', minSamplesLeaf: 10, seed: 1, threads: 1 }).fit(train.X, train.y);
    const p = rf.predict(test.X);
    const rows = missingRows(test.X);
    const meanMissing = rows.reduce((s, i) => s + p[i]!, 0) / rows.length;
    expect(meanMissing).toBeGreaterThan(0.8);
    expect(accuracy(p, test.y)).toBeGreaterThan(0.86); // Bayes accuracy is 0.9
  });

  it('boosting does too', () => {
    const gb = new GradientBoosting({ task: 'classification', nIterations: 60, maxDepth: 3, seed: 1 }).fit(train.X, train.y);
    const p = gb.predict(test.X);
    const rows = missingRows(test.X);
    expect(rows.reduce((s, i) => s + p[i]!, 0) / rows.length).toBeGreaterThan(0.8);
    expect(accuracy(p, test.y)).toBeGreaterThan(0.86);
  });

  it('sends a missing value never seen in training to the child with more rows', () => {
    const rng = new Random(3);
    const x = new Float64Array(1000).map(() => rng.uniform());
    const y = x.map((v) => (v < 0.8 ? 0 : 1)); // the left child (x < 0.8) is larger
    const stump = new RandomForest({ task: 'regression', nEstimators: 1, bootstrap: false, maxDepth: 1, seed: 0, threads: 1 }).fit(matrix([x]), y);
    expect(Array.from(stump.predict(matrix([Float64Array.of(NaN, 0.1)])))).toEqual([0, 0]);
  });
});

describe('categorical splits', () => {
  const up = new Set([0, 2, 3, 7, 8, 11, 12, 15, 17, 19]);
  const train = categorical(4000, 4, up);
  const test = categorical(4000, 5, up);
  const stump = { nEstimators: 1, bootstrap: false, maxDepth: 1, maxFeatures: 'all' as const, seed: 0, threads: 1 };

  it('one split on category codes separates the two groups of levels (Bayes accuracy 0.85); one-hot cannot', () => {
    const onCodes = new RandomForest({ task: 'classification', ...stump }).fit(train.codes, train.y);
    const onOneHot = new RandomForest({ task: 'classification', ...stump }).fit(train.onehot, train.y);
    const accCodes = accuracy(onCodes.predict(test.codes), test.y);
    const accOneHot = accuracy(onOneHot.predict(test.onehot), test.y);
    expect(accCodes).toBeGreaterThan(0.83);
    expect(accOneHot).toBeLessThan(0.6);
  });

  it('boosting with stumps needs far fewer iterations on codes than on one-hot columns', () => {
    const opts = { nIterations: 3, maxDepth: 1, learningRate: 1, earlyStopping: false, seed: 0 };
    const onCodes = new GradientBoosting({ task: 'classification', ...opts }).fit(train.codes, train.y);
    const onOneHot = new GradientBoosting({ task: 'classification', ...opts }).fit(train.onehot, train.y);
    expect(accuracy(onCodes.predict(test.codes), test.y)).toBeGreaterThan(0.83);
    expect(accuracy(onOneHot.predict(test.onehot), test.y)).toBeLessThan(0.75);
  });
});
