import { describe, expect, it } from 'vitest';
import { LogisticRegression, RidgeRegression, featureMatrix, learnerFromJSON, createLearner } from '../../src/index.js';

/** The integer LCG of test/fixtures/logistic_reference.py, reproduced exactly. */
function lcg(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = BigInt(seed);
  for (let i = 0; i < n; i++) {
    s = (1103515245n * s + 12345n) % 2n ** 31n;
    out[i] = Number(s) / 2 ** 31;
  }
  return out;
}

function referenceData() {
  const n = 300;
  const u = lcg(4 * n, 7);
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const y = new Float64Array(n);
  const eta = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = u[4 * i]! * 10 - 5;
    x1[i] = u[4 * i + 1]! ** 2 * 3;
    x2[i] = u[4 * i + 2]! > 0.5 ? 1 : 0;
    eta[i] = 0.3 + (0.8 * x0[i]!) / 5 - 1.2 * x1[i]! + 0.7 * x2[i]!;
    y[i] = u[4 * i + 3]! < 1 / (1 + Math.exp(-eta[i]!)) ? 1 : 0;
    w[i] = 0.5 + (i % 3);
  }
  return { X: featureMatrix([x0, x1, x2]), y, eta, w };
}

/** Unweighted standardisation (population sd), as StandardScaler does in the reference script. */
function standardized(columns: readonly Float64Array[]) {
  return featureMatrix(
    columns.map((c) => {
      const m = c.reduce((a, b) => a + b, 0) / c.length;
      const sd = Math.sqrt(c.reduce((a, b) => a + (b - m) ** 2, 0) / c.length);
      return c.map((v) => (v - m) / sd);
    }),
  );
}

describe('LogisticRegression', () => {
  const { X, y, w } = referenceData();

  it('reproduces the data of the reference script', () => {
    expect(y.reduce((a, b) => a + b, 0)).toBe(133);
  });

  it('matches scikit-learn LogisticRegression(C=1) on standardised features to 1e-6', () => {
    const model = new LogisticRegression({ l2: 1 }).fit(X, y);
    const { intercept, coef } = model.standardizedCoefficients();
    // scikit-learn 1.2.1, newton-cg, tol 1e-14 (test/fixtures/logistic_reference.py)
    expect(intercept).toBeCloseTo(-0.3270229925743652, 6);
    const ref = [0.5628687194047278, -0.9592119013781902, 0.37138749314184655];
    coef.forEach((c, j) => expect(Math.abs(c - ref[j]!)).toBeLessThan(1e-6));
  });

  it('matches scikit-learn with sample weights and C=4 to 1e-6', () => {
    const Z = standardized(X.columns);
    const model = new LogisticRegression({ l2: 0.25, standardize: false }).fit(Z, y, { sampleWeight: w });
    const { intercept, coef } = model.coefficients();
    expect(Math.abs(intercept - -0.3542428242015737)).toBeLessThan(1e-6);
    const ref = [0.4701055987388903, -0.8998993526079556, 0.4231550346697736];
    coef.forEach((c, j) => expect(Math.abs(c - ref[j]!)).toBeLessThan(1e-6));
  });

  it('satisfies the optimality condition Xᵀ(y − p) = l2·β exactly', () => {
    const model = new LogisticRegression({ l2: 1 }).fit(X, y);
    const Z = standardized(X.columns);
    const p = model.predict(X);
    const { coef } = model.standardizedCoefficients();
    let g0 = 0;
    for (let i = 0; i < y.length; i++) g0 += y[i]! - p[i]!;
    expect(Math.abs(g0)).toBeLessThan(1e-10);
    Z.columns.forEach((c, j) => {
      let g = 0;
      for (let i = 0; i < y.length; i++) g += c[i]! * (y[i]! - p[i]!);
      expect(Math.abs(g - coef[j]!)).toBeLessThan(1e-10);
    });
  });

  it('recovers the closed-form MLE for one binary feature without penalty', () => {
    // 40 rows with x=0 (10 ones), 60 rows with x=1 (45 ones): intercept = logit(0.25), slope = logit(0.75) − logit(0.25).
    const x = new Float64Array(100);
    const t = new Float64Array(100);
    for (let i = 0; i < 100; i++) {
      x[i] = i < 40 ? 0 : 1;
      t[i] = i < 10 || (i >= 40 && i < 85) ? 1 : 0;
    }
    const model = new LogisticRegression({ l2: 0 }).fit(featureMatrix([x]), t);
    const { intercept, coef } = model.coefficients();
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(Math.abs(intercept - logit(0.25))).toBeLessThan(1e-12);
    expect(Math.abs(coef[0]! - (logit(0.75) - logit(0.25)))).toBeLessThan(1e-12);
  });

  it('round-trips through JSON with identical predictions', () => {
    const model = new LogisticRegression({ l2: 0.5 }).fit(X, y);
    const copy = learnerFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(copy.predict(X))).toEqual(Array.from(model.predict(X)));
  });

  it('rejects missing features and non-binary targets with named errors', () => {
    const bad = featureMatrix([Float64Array.from([1, NaN, 3])], ['age']);
    expect(() => new LogisticRegression().fit(bad, Float64Array.from([0, 1, 0]))).toThrow(/feature 'age' has missing values/);
    expect(() => new LogisticRegression().fit(featureMatrix([Float64Array.from([1, 2])]), Float64Array.from([0, 2]))).toThrow(
      /target in \[0, 1\]/,
    );
    expect(() => createLearner('logistic', 'classification', { l2: -1 })).toThrow(/l2/);
  });
});

describe('RidgeRegression', () => {
  it('matches scikit-learn Ridge(alpha=2) on standardised features to 1e-9', () => {
    const { X, eta } = referenceData();
    const model = new RidgeRegression({ l2: 2 }).fit(X, eta);
    const { intercept, coef } = model.standardizedCoefficients();
    expect(Math.abs(intercept - -0.48755326040970104)).toBeLessThan(1e-9);
    const ref = [0.45574581713021123, -1.044197523855408, 0.34817728197534964];
    coef.forEach((c, j) => expect(Math.abs(c - ref[j]!)).toBeLessThan(1e-9));
  });
});
