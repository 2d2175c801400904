import { describe, expect, it } from 'vitest';
import { RandomForestClassifier } from 'ml-random-forest';
import { MlCart, MlRandomForest, featureMatrix, learnerFromJSON, toRows } from '../../src/index.js';

/** x = 0 rows have 20 % ones, x = 1 rows have 90 % ones (exact shares). */
function stepData() {
  const n = 100;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = i < 50 ? 0 : 1;
    y[i] = i < 50 ? (i % 5 === 0 ? 1 : 0) : i % 10 === 0 ? 0 : 1;
  }
  return { X: featureMatrix([x]), y };
}

describe('ml-cart adapter', () => {
  it('predicts the exact leaf shares of ones', () => {
    const { X, y } = stepData();
    const tree = new MlCart({ task: 'classification', maxDepth: 1 }).fit(X, y);
    const p = tree.predict(featureMatrix([Float64Array.from([0, 1])]));
    expect(p[0]).toBeCloseTo(0.2, 12);
    expect(p[1]).toBeCloseTo(0.9, 12);
    const copy = learnerFromJSON(JSON.parse(JSON.stringify(tree.toJSON())));
    expect(Array.from(copy.predict(X))).toEqual(Array.from(tree.predict(X)));
  });
});

describe('ml-random-forest adapter', () => {
  it('counts every vote (the library drops one)', () => {
    // Separable: x < 0.5 → 0, else 1. Every tree votes 1 for x = 0.9.
    const n = 60;
    const x = Float64Array.from({ length: n }, (_, i) => i / n);
    const y = Float64Array.from(x, (v) => (v < 0.5 ? 0 : 1));
    const X = featureMatrix([x]);
    const rf = new MlRandomForest({ task: 'classification', nEstimators: 7, probability: 'votes', seed: 3 }).fit(X, y);
    const probe = featureMatrix([Float64Array.from([0.05, 0.95])]);
    expect(Array.from(rf.predict(probe))).toEqual([0, 1]);
    // The library's own share for the same model loses the first tree's vote: 6/7.
    const lib = RandomForestClassifier.load((rf.toJSON().state as { model: never }).model);
    expect(lib.predictProbability(toRows(probe), 1)[1]).toBeCloseTo(6 / 7, 5);
  });

  it('averages leaf frequencies in regression mode and round-trips through JSON', () => {
    const { X, y } = stepData();
    const rf = new MlRandomForest({ task: 'classification', nEstimators: 5, useSampleBagging: false, maxDepth: 1, seed: 1 }).fit(X, y);
    const p = rf.predict(featureMatrix([Float64Array.from([0, 1])]));
    expect(p[0]).toBeCloseTo(0.2, 12);
    expect(p[1]).toBeCloseTo(0.9, 12);
    const copy = learnerFromJSON(JSON.parse(JSON.stringify(rf.toJSON())));
    expect(Array.from(copy.predict(X))).toEqual(Array.from(rf.predict(X)));
  });
});
