import { describe, expect, it } from 'vitest';
import { LinearCV, RidgeRegression, featureMatrix, learnerFromJSON, Random } from '../../src/index.js';

function data(n: number, signal: number, seed: number) {
  const rng = new Random(seed);
  const cols = Array.from({ length: 8 }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const y = Float64Array.from({ length: n }, (_, i) => signal * cols[0]![i]! + rng.normal());
  return { X: featureMatrix(cols), y };
}

describe('linear-cv', () => {
  it('chooses a heavy penalty for a noise target and a light one for a strong signal', () => {
    const noise = data(80, 0, 1);
    const strong = data(80, 3, 1);
    const a = new LinearCV({ task: 'regression', seed: 1 }).fit(noise.X, noise.y);
    const b = new LinearCV({ task: 'regression', seed: 1 }).fit(strong.X, strong.y);
    expect(a.l2).toBeGreaterThanOrEqual(100);
    expect(b.l2).toBeLessThanOrEqual(10);
    // The refit is the plain ridge with the chosen penalty.
    expect(b.predict(strong.X)).toEqual(new RidgeRegression({ l2: b.l2 }).fit(strong.X, strong.y).predict(strong.X));
  });

  it('predicts held-out rows of a small noisy sample better than the fixed penalty', () => {
    let cv = 0;
    let fixed = 0;
    for (let s = 0; s < 10; s++) {
      const train = data(60, 0.3, 100 + s);
      const test = data(1000, 0.3, 200 + s);
      const mse = (p: Float64Array) => p.reduce((acc, v, i) => acc + (v - 0.3 * test.X.columns[0]![i]!) ** 2, 0) / p.length;
      cv += mse(new LinearCV({ task: 'regression', seed: s }).fit(train.X, train.y).predict(test.X));
      fixed += mse(new RidgeRegression().fit(train.X, train.y).predict(test.X));
    }
    expect(cv).toBeLessThan(0.6 * fixed);
  });

  it('round-trips through JSON and is the same for the same seed', () => {
    const d = data(100, 1, 3);
    const m = new LinearCV({ task: 'classification', seed: 4 }).fit(d.X, Float64Array.from(d.y, (v) => (v > 0 ? 1 : 0)));
    const back = learnerFromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back.predict(d.X)).toEqual(m.predict(d.X));
  });
});
