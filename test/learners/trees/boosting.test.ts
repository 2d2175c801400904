import { describe, expect, it } from 'vitest';
import { GradientBoosting } from '../../../src/learners/trees/boosting.js';
import { Random } from '../../../src/util/random.js';
import { auc, matrix, rSquared, uniformColumns } from './sim.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** P(y = 1) = sigmoid(4 x0 − 3 x1 + 4 x2 x3 − 2.5). */
function logistic(n: number, seed: number) {
  const rng = new Random(seed);
  const cols = uniformColumns(n, 6, rng);
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = sigmoid(4 * cols[0]![i]! - 3 * cols[1]![i]! + 4 * cols[2]![i]! * cols[3]![i]! - 2.5);
    y[i] = rng.bernoulli(p[i]!);
  }
  return { X: matrix(cols), y, p };
}

describe('GradientBoosting', () => {
  it('ranks held-out rows within 0.02 AUC of the true probabilities', () => {
    const train = logistic(6000, 1);
    const test = logistic(4000, 2);
    const gb = new GradientBoosting({ task: 'classification', nIterations: 150, maxDepth: 3, earlyStopping: false, seed: 1 }).fit(train.X, train.y);
    const bayes = auc(test.p, test.y);
    expect(auc(gb.predict(test.X), test.y)).toBeGreaterThan(bayes - 0.02);
  });

  it('fits a regression function: R² on held-out truth above 0.97', () => {
    const rng = new Random(3);
    const make = (n: number) => {
      const cols = uniformColumns(n, 4, rng);
      const f = cols[0]!.map((x, i) => Math.sin(2 * Math.PI * x) + 2 * cols[1]![i]! ** 2);
      const y = f.map((v) => v + 0.1 * rng.normal());
      return { X: matrix(cols), y, f };
    };
    const train = make(4000);
    const test = make(2000);
    const gb = new GradientBoosting({ task: 'regression', nIterations: 300, seed: 1 }).fit(train.X, train.y);
    expect(rSquared(gb.predict(test.X), test.f)).toBeGreaterThan(0.97);
  });

  it('stops early on a validation split above 10,000 rows, and not below unless asked', () => {
    const big = logistic(12000, 4);
    const stopped = new GradientBoosting({ task: 'classification', nIterations: 500, learningRate: 0.5, seed: 1 }).fit(big.X, big.y);
    expect(stopped.nTrees).toBeGreaterThan(5);
    expect(stopped.nTrees).toBeLessThan(500);
    const small = logistic(2000, 5);
    expect(new GradientBoosting({ task: 'classification', nIterations: 40, seed: 1 }).fit(small.X, small.y).nTrees).toBe(40);
  });

  it("matches scikit-learn's HistGradientBoostingClassifier: same early stopping, probabilities within 1e-7", () => {
    // Reference: scikit-learn 1.2.1, HistGradientBoostingClassifier(max_iter=100, max_depth=6, random_state=seed)
    // fitted on logistic(12000, 4) (written to CSV at 17 digits), predict_proba on logistic(8, 7). It holds
    // out the same rows for early stopping, so the fits agree up to its float32 gradients.
    const train = logistic(12000, 4);
    const probe = logistic(8, 7).X;
    const reference: Record<number, { nIter: number; p: number[] }> = {
      0: {
        nIter: 38,
        p: [0.056219497268367606, 0.26711588431794014, 0.037743708910905296, 0.8095427940427972, 0.39215285852116505, 0.698508401752919, 0.21970455260680696, 0.8156982695310975],
      },
      3: {
        nIter: 58,
        p: [0.05608593059265777, 0.3560058005421156, 0.026253450296832907, 0.7760237996796697, 0.4549292210688036, 0.6831895387691176, 0.2320292827444347, 0.8646369624694578],
      },
    };
    for (const [seed, ref] of Object.entries(reference)) {
      const gb = new GradientBoosting({ task: 'classification', nIterations: 100, maxDepth: 6, seed: Number(seed) }).fit(train.X, train.y);
      expect(gb.nTrees).toBe(ref.nIter);
      const p = gb.predict(probe);
      ref.p.forEach((v, i) => expect(Math.abs(p[i]! - v)).toBeLessThan(1e-7));
    }
  });

  it('round-trips through JSON with bit-identical predictions', () => {
    const { X, y } = logistic(3000, 6);
    const gb = new GradientBoosting({ task: 'classification', nIterations: 30, seed: 2 }).fit(X, y);
    const back = GradientBoosting.fromJSON(JSON.parse(JSON.stringify(gb.toJSON())));
    const probe = logistic(500, 7).X;
    expect(Array.from(back.predict(probe))).toEqual(Array.from(gb.predict(probe)));
  });
});
