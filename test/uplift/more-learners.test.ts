import { describe, expect, it } from 'vitest';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { UpliftModel, takeRows, systematicSplit, createTable, numericColumn, Random } from '../../src/index.js';
import { correlation, mean } from '../helpers/stats.js';

function heldOut(share: number) {
  const c = simulateCampaign({ n: 40_000, seed: 3, treatedShare: share });
  const { train, test } = systematicSplit(c.table.nRows, 0.3);
  return {
    train: takeRows(c.table, train),
    test: takeRows(c.table, test),
    truth: Float64Array.from(test, (r) => c.trueUplift[r]!),
  };
}

const spec = { treatment: 'treatment', outcome: 'visit', exclude: ['id'], seed: 1 } as const;

describe('transformed outcome, S- and X-learner recover a simulated effect', () => {
  const balanced = heldOut(0.5);
  const skewed = heldOut(0.85);

  for (const method of ['transformed-outcome', 's-learner', 'x-learner'] as const) {
    it(`${method} ranks like the true CATE (correlation > 0.7) on a 50/50 and an 85/15 split`, () => {
      for (const d of [balanced, skewed]) {
        const model = UpliftModel.fit(d.train, { ...spec, method });
        expect(correlation(model.score(d.test).uplift[0]!, d.truth)).toBeGreaterThan(0.7);
      }
    });
  }

  it('on an 85/15 split the transformed outcome is unbiased where class transformation is not', () => {
    const trueMean = mean(skewed.truth);
    const to = UpliftModel.fit(skewed.train, { ...spec, method: 'transformed-outcome' });
    expect(Math.abs(mean(to.score(skewed.test).uplift[0]!) - trueMean)).toBeLessThan(0.01);
    const modelled = UpliftModel.fit(skewed.train, { ...spec, method: 'transformed-outcome', methodOptions: { propensity: 'model' } });
    expect(Math.abs(mean(modelled.score(skewed.test).uplift[0]!) - trueMean)).toBeLessThan(0.01);
    const ct = UpliftModel.fit(skewed.train, { ...spec, method: 'class-transformation' });
    expect(mean(ct.score(skewed.test).uplift[0]!)).toBeLessThan(trueMean - 0.3);
  });

  it('X-learner and transformed outcome give one column per arm with several arms', () => {
    const c = simulateCampaign({ n: 30_000, seed: 5, arms: ['email', 'sms'] });
    const split = systematicSplit(c.table.nRows, 0.3);
    for (const method of ['x-learner', 'transformed-outcome', 's-learner'] as const) {
      const model = UpliftModel.fit(takeRows(c.table, split.train), { ...spec, method });
      const { arms, uplift } = model.score(takeRows(c.table, split.test));
      expect(arms).toEqual(['email', 'sms']);
      for (let k = 0; k < 2; k++) {
        const truth = Float64Array.from(split.test, (r) => c.trueUplift[r * 2 + k]!);
        expect(correlation(uplift[k]!, truth)).toBeGreaterThan(0.65);
      }
    }
  });
});

describe('S-learner with a continuous dose', () => {
  it('reads the response at chosen levels and matches the true dose effect', () => {
    // Scholarship-like: amount in [0, 2.5] k$, P(enroll) = σ(−1 + x1 − 0.5·x2 + 0.6·amount).
    const n = 20_000;
    const rng = new Random(8);
    const x1 = new Float64Array(n);
    const x2 = new Float64Array(n);
    const amount = new Float64Array(n);
    const enroll = new Float64Array(n);
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    for (let i = 0; i < n; i++) {
      x1[i] = rng.normal();
      x2[i] = rng.normal();
      amount[i] = 2.5 * rng.uniform();
      enroll[i] = rng.bernoulli(sigmoid(-1 + x1[i]! - 0.5 * x2[i]! + 0.6 * amount[i]!));
    }
    const table = createTable([numericColumn('x1', x1), numericColumn('x2', x2), numericColumn('amount', amount), numericColumn('enroll', enroll)]);
    const levels = [0, 0.5, 1, 1.5, 2, 2.5];
    const model = UpliftModel.fit(table, {
      treatment: 'amount',
      outcome: 'enroll',
      method: 's-learner',
      learner: 'logistic',
      learnerOptions: { l2: 0 },
      doseLevels: levels,
    });
    const { arms, uplift } = model.score(table);
    expect(arms).toEqual(['0.5', '1', '1.5', '2', '2.5']);
    levels.slice(1).forEach((level, k) => {
      let worst = 0;
      for (let i = 0; i < n; i++) {
        const base = -1 + x1[i]! - 0.5 * x2[i]!;
        worst = Math.max(worst, Math.abs(uplift[k]![i]! - (sigmoid(base + 0.6 * level) - sigmoid(base))));
      }
      // A well-specified model on 20,000 rows: per-unit effects within 0.03 everywhere.
      expect(worst).toBeLessThan(0.03);
    });
  });

  it('refuses a dose for a method that cannot model one', () => {
    const table = createTable([numericColumn('x', [1, 2, 3, 4]), numericColumn('d', [0, 1, 2, 0]), numericColumn('y', [0, 1, 1, 0])]);
    expect(() => UpliftModel.fit(table, { treatment: 'd', outcome: 'y', method: 'two-model', doseLevels: [0, 1] })).toThrow(/cannot model a dose/);
  });
});

describe('uplift forest through the uplift pipeline', () => {
  it('recovers the simulated effect and survives a save and load', async () => {
    const c = simulateCampaign({ n: 30_000, seed: 9 });
    const { train, test } = systematicSplit(c.table.nRows, 0.3);
    const model = UpliftModel.fit(takeRows(c.table, train), {
      ...spec,
      method: 'uplift-forest',
      learnerOptions: { nEstimators: 30, criterion: 'ED', maxDepth: 5 },
    });
    const testTable = takeRows(c.table, test);
    const u = model.score(testTable).uplift[0]!;
    expect(correlation(u, Float64Array.from(test, (r) => c.trueUplift[r]!))).toBeGreaterThan(0.7);
    const copy = UpliftModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(copy.score(testTable).uplift[0]!)).toEqual(Array.from(u));
  });
});

describe('pipeline input checks', () => {
  it('refuses the treatment or the outcome as a feature, naming the column', () => {
    const table = createTable([numericColumn('x', [1, 2, 3, 4]), numericColumn('t', [0, 1, 0, 1]), numericColumn('y', [0, 1, 1, 0])]);
    expect(() => UpliftModel.fit(table, { treatment: 't', outcome: 'y', features: ['x', 't'] })).toThrow(/column 't' is the treatment; it cannot also be a feature/);
    expect(() => UpliftModel.fit(table, { treatment: 't', outcome: 'y', features: ['y'] })).toThrow(/column 'y' is the outcome/);
  });
});
