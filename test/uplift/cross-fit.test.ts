import { describe, expect, it } from 'vitest';
import {
  DRLearner,
  RLearner,
  TwoModel,
  assignFolds,
  clipPropensities,
  doublyRobustScores,
  crossFitNuisance,
  featureMatrix,
  nieWagerData,
  overlapDiagnostics,
  upliftLearnerFromJSON,
  Random,
} from '../../src/index.js';

function pehe(u: Float64Array, tau: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i]! - tau[i]!) ** 2;
  return s / u.length;
}

/** Confounded data with a linear effect τ = 1 + x0: treatment more likely when x0 is high. */
function confounded(n: number, seed: number, arms = 2) {
  const rng = new Random(seed);
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const arm = new Int32Array(n);
  const y = new Float64Array(n);
  const tau: Float64Array[] = Array.from({ length: arms - 1 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    x0[i] = rng.normal();
    x1[i] = rng.normal();
    const logits = Array.from({ length: arms }, (_, a) => (a === 0 ? 0 : 0.8 * x0[i]! - 0.3 * a));
    const z = logits.reduce((s, l) => s + Math.exp(l), 0);
    let u = rng.uniform() * z;
    let a = 0;
    while (a < arms - 1 && u >= Math.exp(logits[a]!)) u -= Math.exp(logits[a++]!);
    arm[i] = a;
    for (let k = 1; k < arms; k++) tau[k - 1]![i] = k * (1 + x0[i]!);
    y[i] = 2 * x0[i]! + x1[i]! + (a === 0 ? 0 : tau[a - 1]![i]!) + rng.normal();
  }
  return { X: featureMatrix([x0, x1], ['x0', 'x1']), arm, y, tau };
}

describe('cross-fitting', () => {
  it('deals every arm evenly over the folds, the same for the same seed', () => {
    const arm = Int32Array.from({ length: 103 }, (_, i) => (i % 10 < 3 ? 1 : 0));
    const fold = assignFolds(arm, 5, 7);
    for (const a of [0, 1]) {
      const counts = [0, 0, 0, 0, 0];
      for (let i = 0; i < arm.length; i++) if (arm[i] === a) counts[fold[i]!]!++;
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    expect(assignFolds(arm, 5, 7)).toEqual(fold);
  });

  it('clips propensities to the bound, keeps rows summing to 1 and counts the rows clipped', () => {
    const e = [Float64Array.of(0.995, 0.5, 0.2, 0.004), Float64Array.of(0.005, 0.5, 0.8, 0.996)];
    expect(clipPropensities(e, 0.01)).toBe(2);
    expect(Array.from(e[0]!)).toEqual([0.99, 0.5, 0.2, 0.01]);
    expect(e[1]![0]).toBeCloseTo(0.01, 15);
    expect(e[1]![3]).toBeCloseTo(0.99, 15);
    const three = [Float64Array.of(0.002), Float64Array.of(0.398), Float64Array.of(0.6)];
    expect(clipPropensities(three, 0.05)).toBe(1);
    expect(three[0]![0]).toBe(0.05);
    expect(three[1]![0]! + three[2]![0]!).toBeCloseTo(0.95, 15);
    expect(three[1]![0]! / three[2]![0]!).toBeCloseTo(0.398 / 0.6, 12);
  });

  it('doubly robust scores follow the closed form', () => {
    const mu = [Float64Array.of(1, 2), Float64Array.of(3, 5)];
    const propensity = [Float64Array.of(0.75, 0.5), Float64Array.of(0.25, 0.5)];
    const [g0, g1] = doublyRobustScores({ mu, propensity }, Int32Array.of(1, 0), Float64Array.of(4, 1));
    expect(Array.from(g0!)).toEqual([1, 2 + (1 - 2) / 0.5]);
    expect(Array.from(g1!)).toEqual([3 + (4 - 3) / 0.25, 5]);
  });

  it('the DR score average is unbiased for the average effect under confounding where the difference in means is not', () => {
    const d = confounded(4000, 11);
    const cf = crossFitNuisance(d.X, d.arm, d.y, { outcome: { name: 'linear' }, outcomeTask: 'regression', propensity: { name: 'logistic' } }, 'test');
    const [g0, g1] = doublyRobustScores(cf, d.arm, d.y);
    let ate = 0;
    let trueAte = 0;
    let t1 = 0;
    let n1 = 0;
    let t0 = 0;
    for (let i = 0; i < d.y.length; i++) {
      ate += g1![i]! - g0![i]!;
      trueAte += d.tau[0]![i]!;
      if (d.arm[i] === 1) {
        t1 += d.y[i]!;
        n1++;
      } else t0 += d.y[i]!;
    }
    ate /= d.y.length;
    trueAte /= d.y.length;
    const naive = t1 / n1 - t0 / (d.y.length - n1);
    expect(Math.abs(ate - trueAte)).toBeLessThan(0.1);
    expect(naive - trueAte).toBeGreaterThan(0.8);
  });
});

describe('DR-learner and R-learner', () => {
  it('recover a linear effect under confounding (PEHE < 0.02 on 4000 rows) with a linear final stage', () => {
    const d = confounded(4000, 3);
    for (const L of [DRLearner, RLearner]) {
      const m = new L({ learner: { name: 'linear' }, task: 'regression', seed: 1 }).fit(d.X, d.arm, d.y);
      expect(pehe(m.predictUplift(d.X)[0]!, d.tau[0]!)).toBeLessThan(0.02);
    }
  });

  it('handle three arms: each arm against control', () => {
    const d = confounded(6000, 5, 3);
    for (const L of [DRLearner, RLearner]) {
      const m = new L({ learner: { name: 'linear' }, task: 'regression', seed: 2 }).fit(d.X, d.arm, d.y);
      const u = m.predictUplift(d.X);
      expect(u.length).toBe(2);
      expect(pehe(u[0]!, d.tau[0]!)).toBeLessThan(0.05);
      expect(pehe(u[1]!, d.tau[1]!)).toBeLessThan(0.08);
    }
  });

  it('beat the two-model learner on Nie–Wager setup 3 (constant effect, difficult baseline)', () => {
    const d = nieWagerData(3, 1000, 6, 0.5, 9);
    const X = featureMatrix(d.X);
    const r = new RLearner({ learner: { name: 'linear' }, task: 'regression' }).fit(X, d.w, d.y);
    const two = new TwoModel({ learner: { name: 'linear', options: {} }, task: 'regression' }).fit(X, d.w, d.y);
    const pr = pehe(r.predictUplift(X)[0]!, d.tau);
    const pt = pehe(two.predictUplift(X)[0]!, d.tau);
    expect(pr).toBeLessThan(0.1);
    expect(pr).toBeLessThan(pt / 3);
  });

  it('warn how many rows had their propensity clipped, and report overlap', () => {
    const d = confounded(2000, 8);
    const strong = { ...d, arm: Int32Array.from(d.X.columns[0]!, (v, i) => (v > 1.5 ? 1 : v < -1.5 ? 0 : d.arm[i]!)) };
    const m = new DRLearner({ learner: { name: 'linear' }, task: 'regression', clip: 0.1, armLabels: ['control', 'promo'] }).fit(strong.X, strong.arm, strong.y);
    const cf = crossFitNuisance(strong.X, strong.arm, strong.y, { outcome: { name: 'linear' }, outcomeTask: 'regression', propensity: { name: 'logistic' }, clip: 0.1 }, 'test');
    expect(cf.clipped).toBeGreaterThan(0);
    expect(m.warnings[0]).toContain(`clipped to at least 0.1 in ${cf.clipped} of 2000 rows`);
    expect(m.overlap?.arms.map((a) => a.arm)).toEqual(['control', 'promo']);
    expect(m.overlap!.arms[1]!.inArm.median).toBeGreaterThan(m.overlap!.arms[1]!.otherArms.median);
  });

  it('save and load to the same predictions, bit for bit', () => {
    const d = confounded(500, 4);
    for (const L of [DRLearner, RLearner]) {
      const m = new L({ learner: { name: 'boosting', options: { nIterations: 20 } }, task: 'regression', folds: 3, seed: 5 }).fit(d.X, d.arm, d.y);
      const back = upliftLearnerFromJSON(JSON.parse(JSON.stringify(m.toJSON())));
      expect(back.predictUplift(d.X)).toEqual(m.predictUplift(d.X));
      const again = new L({ learner: { name: 'boosting', options: { nIterations: 20 } }, task: 'regression', folds: 3, seed: 5 }).fit(d.X, d.arm, d.y);
      expect(again.predictUplift(d.X)).toEqual(m.predictUplift(d.X));
    }
  });
});

describe('overlap diagnostics', () => {
  it('computes the share outside [0.05, 0.95] and Kish effective sample sizes', () => {
    const e1 = Float64Array.of(0.5, 0.5, 0.02, 0.98, 0.25, 0.75);
    const e0 = Float64Array.from(e1, (p) => 1 - p);
    const arm = Int32Array.of(1, 0, 0, 1, 1, 0);
    const r = overlapDiagnostics([e0, e1], arm, ['c', 't'], 0.1);
    expect(r.shareOutside).toBeCloseTo(2 / 6, 15);
    // arm t rows: e1 = 0.5, 0.98, 0.25 → w = 2, 1/0.98, 4
    const w = [2, 1 / 0.98, 4];
    const ess = w.reduce((a, b) => a + b) ** 2 / w.reduce((a, b) => a + b * b, 0);
    expect(r.arms[1]!.effectiveSampleSize).toBeCloseTo(ess, 12);
    expect(r.warnings[0]).toContain('33.3 % of the rows (2 of 6)');
  });
});
