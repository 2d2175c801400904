import { describe, expect, it } from 'vitest';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { featureMatrix, type FeatureMatrix } from '../../src/data/features.js';
import { createTable, numericColumn, takeRows } from '../../src/data/table.js';
import { Random } from '../../src/util/random.js';
import { InputError } from '../../src/errors.js';
import { samplingShapley } from '../../src/explain/sampling-shapley.js';
import { treeShap } from '../../src/explain/tree-shap.js';
import { explainUplift, meanAbsoluteShap, type UpliftExplanation } from '../../src/explain/uplift-shap.js';
import type { TreeEnsembleView } from '../../src/learners/trees/flat-tree.js';
import type { TwoModel } from '../../src/uplift/two-model.js';
import { UpliftModel } from '../../src/uplift/model.js';

/** Exact Shapley values of v(S) = f(x_S, z_rest) for one background row z, by enumerating coalitions. */
function exactAgainstOneRow(f: (v: number[]) => number, x: number[], z: number[]): number[] {
  const m = x.length;
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const v = (mask: number) => f(x.map((xi, j) => ((mask >> j) & 1 ? xi : z[j]!)));
  const phi = new Array<number>(m).fill(0);
  for (let j = 0; j < m; j++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if ((mask >> j) & 1) continue;
      let s = 0;
      for (let b = 0; b < m; b++) s += (mask >> b) & 1;
      phi[j]! += ((fact(s) * fact(m - s - 1)) / fact(m)) * (v(mask | (1 << j)) - v(mask));
    }
  }
  return phi;
}

function maxAdditivityError(e: UpliftExplanation): number {
  const A = e.arms.length;
  const F = e.features.length;
  let worst = 0;
  for (let i = 0; i < e.rows.length; i++) {
    for (let a = 0; a < A; a++) {
      let s = e.base[i * A + a]!;
      for (let j = 0; j < F; j++) s += e.values[(i * A + a) * F + j]!;
      worst = Math.max(worst, Math.abs(s - e.uplift[i * A + a]!));
    }
  }
  return worst;
}

describe('sampling Shapley (permutations, antithetic)', () => {
  const f = (v: number[]) => 2 * v[0]! - v[1]! + 3 * v[0]! * v[2]! + v[1]! * v[2]! * v[3]!;
  const predict = (M: FeatureMatrix) => [Float64Array.from({ length: M.nRows }, (_, i) => f(M.columns.map((c) => c[i]!)))];
  const x = [1.5, -2, 0.7, 3];
  const z = [0.2, 0.5, -1, 1];
  const X = featureMatrix(x.map((v) => Float64Array.of(v)));
  const B = featureMatrix(z.map((v) => Float64Array.of(v)));
  const groups = [[0], [1], [2], [3]];

  it('is exactly additive and converges to the exact Shapley values (one background row); the SE covers the error', () => {
    const exact = exactAgainstOneRow(f, x, z);
    const est = samplingShapley(predict, X, B, groups, { pairs: 400, seed: 3 });
    let sum = est.base[0]!;
    for (let j = 0; j < 4; j++) sum += est.values[j]!;
    expect(Math.abs(sum - f(x))).toBeLessThan(1e-12);
    expect(est.base[0]).toBeCloseTo(f(z), 12);
    for (let j = 0; j < 4; j++) {
      expect(est.se[j]).toBeGreaterThan(0);
      expect(Math.abs(est.values[j]! - exact[j]!)).toBeLessThan(4 * est.se[j]! + 1e-12);
      expect(est.se[j]!).toBeLessThan(0.12);
    }
    // Same seed, same values; more pairs, smaller errors.
    expect(samplingShapley(predict, X, B, groups, { pairs: 400, seed: 3 }).values).toEqual(est.values);
    const few = samplingShapley(predict, X, B, groups, { pairs: 25, seed: 3 });
    expect(few.se[2]!).toBeGreaterThan(2 * est.se[2]!);
  });

  it('a purely additive model needs no sampling: φ_j = β_j (x_j − z_j) exactly, SE 0', () => {
    const lin = (M: FeatureMatrix) => [Float64Array.from({ length: M.nRows }, (_, i) => 3 * M.columns[0]![i]! - 2 * M.columns[1]![i]! + M.columns[2]![i]! + M.columns[3]![i]!)];
    // One player made of columns 2 and 3 (a one-hot feature, say).
    const est = samplingShapley(lin, X, B, [[0], [1], [2, 3]], { pairs: 3, seed: 1 });
    expect(est.values[0]).toBeCloseTo(3 * (1.5 - 0.2), 12);
    expect(est.values[1]).toBeCloseTo(-2 * (-2 - 0.5), 12);
    expect(est.values[2]).toBeCloseTo(0.7 + 1 + 3 - 1, 12);
    for (let j = 0; j < 3; j++) expect(est.se[j]).toBeCloseTo(0, 12);
  });
});

describe('explainUplift', () => {
  const c = simulateCampaign({ n: 3000, seed: 11 });
  const train = takeRows(c.table, Int32Array.from({ length: 2500 }, (_, i) => i));
  const test = takeRows(c.table, Int32Array.from({ length: 200 }, (_, i) => 2500 + i));
  const spec = { treatment: 'treatment', outcome: 'visit', exclude: ['id'], seed: 1 };

  it('two-model forests: exact, the difference of the arm models’ TreeSHAP values, additive to 1e-9', () => {
    const model = UpliftModel.fit(train, { ...spec, method: 'two-model', learner: 'forest', learnerOptions: { nEstimators: 20, minSamplesLeaf: 20, threads: 1 } });
    const e = explainUplift(model, test);
    expect(e.method).toBe('tree');
    expect(e.se).toBeNull();
    expect(e.features).toEqual(['recency', 'history', 'mens', 'womens', 'zip_code', 'newbie', 'channel']);
    expect(maxAdditivityError(e)).toBeLessThan(1e-9);
    // Against the two arm models' own TreeSHAP values for unit 5, feature 'womens' (column 3; codes encoding).
    const X = model.encoder.transform(test);
    const [m0, m1] = (model.learner as TwoModel).armModels as unknown as { ensembleView(): TreeEnsembleView }[];
    const s0 = treeShap(m0!.ensembleView(), X);
    const s1 = treeShap(m1!.ensembleView(), X);
    const q = X.columns.length;
    expect(e.values[5 * 7 + 3]).toBeCloseTo(s1.values[5 * q + 3]! - s0.values[5 * q + 3]!, 12);
    expect(e.base[5]).toBeCloseTo(s1.base[5]! - s0.base[5]!, 12);
  });

  it('S-learner forest and uplift forest: exact and additive; recency (which gates the simulated lift) leads, the zip code (no effect) trails womens', () => {
    const s = UpliftModel.fit(train, { ...spec, method: 's-learner', learner: 'forest', learnerOptions: { nEstimators: 30, minSamplesLeaf: 10, threads: 1 } });
    const es = explainUplift(s, test);
    expect(es.method).toBe('tree');
    expect(es.how).toMatch(/treatment column held/);
    expect(maxAdditivityError(es)).toBeLessThan(1e-9);
    const uf = UpliftModel.fit(train, { ...spec, method: 'uplift-forest', methodOptions: { nEstimators: 20, minSamplesLeaf: 50, threads: 1 } });
    const eu = explainUplift(uf, test);
    expect(eu.method).toBe('tree');
    expect(maxAdditivityError(eu)).toBeLessThan(1e-9);
    for (const e of [es, eu]) {
      const ranked = meanAbsoluteShap(e);
      expect(ranked[0]!.feature).toBe('recency');
      const of = (f: string) => ranked.find((t) => t.feature === f)!.meanAbs;
      expect(of('zip_code')).toBeLessThan(of('womens') / 1.5);
    }
  });

  it('a boosting classifier is not a tree sum in probability units: auto samples, tree is refused (exit 2)', () => {
    const model = UpliftModel.fit(train, { ...spec, method: 'two-model', learner: 'boosting', learnerOptions: { nIterations: 20 } });
    expect(() => explainUplift(model, test, { method: 'tree' })).toThrow(InputError);
    const rows = Int32Array.of(0, 7, 42);
    const e = explainUplift(model, test, { rows, pairs: 8, seed: 2 });
    expect(e.method).toBe('sampling');
    expect(e.how).toMatch(/logistic of its tree sum/);
    expect(maxAdditivityError(e)).toBeLessThan(1e-12);
    expect(e.se).not.toBeNull();
    // A row's values do not depend on the other rows asked for.
    const alone = explainUplift(model, test, { rows: Int32Array.of(42), pairs: 8, seed: 2 });
    expect(Array.from(alone.values)).toEqual(Array.from(e.values.subarray(2 * 7, 3 * 7)));
  });

  it('DR-learner (observational method): sampling estimate, additive, with standard errors', () => {
    const model = UpliftModel.fit(train, { ...spec, method: 'dr-learner', learner: 'logistic' });
    const e = explainUplift(model, test, { rows: Int32Array.of(1, 2, 3, 4), pairs: 16, seed: 1 });
    expect(e.method).toBe('sampling');
    expect(maxAdditivityError(e)).toBeLessThan(1e-12);
    for (const v of e.se!) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('S-learner with dose levels: exact per level against the reference level; the dose-driving feature leads', () => {
    const rng = new Random(9);
    const n = 1500;
    const x0 = Float64Array.from({ length: n }, () => rng.uniform());
    const x1 = Float64Array.from({ length: n }, () => rng.uniform());
    const dose = Float64Array.from({ length: n }, () => 10 * rng.int(3));
    const y = Float64Array.from({ length: n }, (_, i) => x0[i]! * (dose[i]! / 10) + 0.1 * rng.normal());
    const table = createTable([numericColumn('x0', x0), numericColumn('x1', x1), numericColumn('discount', dose), numericColumn('y', y)]);
    const model = UpliftModel.fit(table, {
      treatment: 'discount', outcome: 'y', doseLevels: [0, 10, 20], method: 's-learner', learner: 'forest',
      learnerOptions: { nEstimators: 20, minSamplesLeaf: 10, threads: 1 }, seed: 1,
    });
    const e = explainUplift(model, table, { rows: Array.from({ length: 100 }, (_, i) => i) });
    expect(e.method).toBe('tree');
    expect(e.how).toMatch(/dose held at the level/);
    expect(e.arms).toHaveLength(2);
    expect(maxAdditivityError(e)).toBeLessThan(1e-9);
    const ranked = meanAbsoluteShap(e);
    for (const arm of e.arms) {
      const of = (f: string) => ranked.find((r) => r.arm === arm && r.feature === f)!.meanAbs;
      // The simulated effect of a dose d is x0 · d / 10: x0 drives it, x1 does not.
      expect(of('x0')).toBeGreaterThan(5 * of('x1'));
    }
  });
});
