/**
 * Uplift-context defaults and automatic selection, judged on seeded simulated
 * campaigns whose true effects are known: plan scores (true value of a plan
 * buying 20 % of a fresh holdout, between random targeting = 0 and the oracle
 * = 1), exact for the seeds, and thresholds against the truth.
 */
import { describe, expect, it } from 'vitest';
import { simulateCampaign, type CampaignOptions } from '../../src/causal/campaign.js';
import { planFromPredictions, planScore } from '../../src/causal/plan-score.js';
import { UpliftModel } from '../../src/uplift/model.js';
import { selectUpliftMember } from '../../src/uplift/auto/select.js';
import { defaultGrid, type GridMember } from '../../src/uplift/auto/grid.js';
import { makeLearner } from '../../src/uplift/learner-spec.js';
import { RandomForest } from '../../src/learners/trees/forest.js';
import type { UpliftSpec } from '../../src/uplift/model.js';

function campaign(options: CampaignOptions & { n: number; seed: number }) {
  const train = simulateCampaign(options);
  const holdout = simulateCampaign({ ...options, n: 8000, seed: options.seed + 100_000 });
  return { train, holdout };
}

function planScoreOf(model: UpliftModel, holdout: ReturnType<typeof simulateCampaign>): number {
  return planScore(holdout.trueUplift, planFromPredictions(model.score(holdout.table).uplift[0]!)).score;
}

const roles = (outcome: string, seed = 1): UpliftSpec => ({ treatment: 'treatment', outcome, exclude: ['id'], seed });

// A small grid so the selection tests stay fast: the default, the old default and a forest.
const smallGrid: GridMember[] = [
  { label: 's-learner/boosting (default)', method: 's-learner', learner: 'boosting' },
  { label: 'two-model/logistic', method: 'two-model', learner: 'logistic' },
  { label: 'x-learner/forest', method: 'x-learner', learner: 'forest', learnerOptions: { nEstimators: 30 } },
];

describe('uplift-context learner defaults', () => {
  it('give tree learners leaves of a share of the rows inside uplift methods, and leave standalone defaults alone', () => {
    const inside = makeLearner({ name: 'forest' }, 'classification', 3) as RandomForest;
    expect(inside.options).toMatchObject({ minSamplesLeaf: 0.02, maxFeatures: 0.5, seed: 3 });
    const user = makeLearner({ name: 'forest', options: { minSamplesLeaf: 7 } }, 'classification', 3) as RandomForest;
    expect(user.options.minSamplesLeaf).toBe(7);
    expect(new RandomForest({ task: 'classification' }).options.minSamplesLeaf).toBeUndefined();
  });

  it('the default fit plans far better than the old default and the forest with standalone defaults on a step-shaped campaign', () => {
    const { train, holdout } = campaign({ n: 6000, seed: 21, shape: 'step' });
    const byDefault = UpliftModel.fit(train.table, roles('visit'));
    expect(byDefault.learner.method).toBe('s-learner');
    expect(byDefault.learnerName).toBe('boosting');
    const oldDefault = UpliftModel.fit(train.table, { ...roles('visit'), method: 'two-model', learner: 'logistic' });
    const rawForest = UpliftModel.fit(train.table, {
      ...roles('visit'),
      method: 'two-model',
      learner: 'forest',
      learnerOptions: { minSamplesLeaf: 1, maxFeatures: 'sqrt' },
    });
    const scores = [byDefault, oldDefault, rawForest].map((m) => planScoreOf(m, holdout));
    // Exact for these seeds (the plan scores are sums over the same 8,000 simulated customers).
    expect(scores.map((s) => +s.toFixed(4))).toEqual([0.9131, 0.8255, 0.6342]);
    expect(scores[0]).toBeGreaterThan(0.85);
  });
});

describe('automatic selection', () => {
  const { train, holdout } = campaign({ n: 4000, seed: 5, shape: 'smooth' });

  it('gives the same leaderboard for one thread and two', () => {
    const one = selectUpliftMember(train.table, roles('visit', 2), { grid: smallGrid, threads: 1, replicates: 50 });
    const two = selectUpliftMember(train.table, roles('visit', 2), { grid: smallGrid, threads: 2, replicates: 50 });
    const strip = (s: typeof one) => s.selection.leaderboard.map(({ seconds, ...e }) => e);
    expect(strip(two)).toEqual(strip(one));
    expect(two.selection.signal).toEqual(one.selection.signal);
    expect(one.selection.design).toBe('randomised');
    expect(one.selection.criterion).toBe('qini-auc');
    expect(one.selection.leaderboard.map((e) => e.rank)).toEqual([1, 2, 3]);
  });

  it('refits the chosen member on all rows, keeps the leaderboard in the model file, and plans well', () => {
    const model = UpliftModel.fit(train.table, { ...roles('visit', 2), method: 'auto' }, { auto: { grid: smallGrid, replicates: 50 } });
    const selection = model.selection!;
    const chosen = smallGrid.find((m) => m.label === selection.chosen)!;
    expect(model.learner.method).toBe(chosen.method);
    const again = UpliftModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(again.selection).toEqual(selection);
    expect(Array.from(again.score(holdout.table).uplift[0]!)).toEqual(Array.from(model.score(holdout.table).uplift[0]!));
    // The smooth effect is learnable from 4,000 rows: the interval excludes 0 and the plan is good.
    expect(selection.noSignal).toBe(false);
    expect(planScoreOf(model, holdout)).toBeGreaterThan(0.75);
  });

  it('says there is no signal when the treatment does nothing', () => {
    const none = simulateCampaign({ n: 3000, seed: 9, shape: 'sparse', treatedShare: 0.5 });
    const y = (none.table.columns.get('visit') as { values: Float64Array }).values;
    // Redraw outcomes from the baseline response only, so the true uplift is 0 for everyone.
    let u = 12345;
    for (let i = 0; i < y.length; i++) {
      u = (Math.imul(u, 1103515245) + 12345) >>> 0;
      y[i] = u / 2 ** 32 < none.response[2 * i]! ? 1 : 0;
    }
    const { selection } = selectUpliftMember(none.table, roles('visit', 4), { grid: smallGrid, replicates: 100 });
    expect(selection.noSignal).toBe(true);
    expect(selection.signal[0]!.lower).toBeLessThan(0);
  });

  it('detects confounded assignment and scores by the R-score', () => {
    const conf = simulateCampaign({ n: 4000, seed: 6, shape: 'smooth', outcome: 'numeric', assignment: 'confounded' });
    const { selection } = selectUpliftMember(conf.table, roles('spend', 1), { grid: smallGrid.slice(0, 2), replicates: 50 });
    expect(selection.design).toBe('observational');
    expect(selection.designCheck[0]!.z).toBeGreaterThan(3.3);
    expect(selection.criterion).toBe('r-score');
  });

  it('keeps to a time budget: members after the first are skipped once it is spent', () => {
    const { selection } = selectUpliftMember(train.table, roles('visit', 2), { grid: smallGrid, timeBudget: 1e-6, threads: 1, replicates: 20 });
    expect(selection.leaderboard.map((e) => e.status)).toEqual(['ok', 'skipped', 'skipped']);
    expect(selection.chosen).toBe(smallGrid[0]!.label);
  });

  it('has a grid whose first member is the default method and learner, for both designs and outcome kinds', () => {
    for (const outcome of ['binary', 'continuous'] as const) {
      for (const design of ['randomised', 'observational'] as const) {
        const grid = defaultGrid(outcome, design);
        expect(grid[0]).toMatchObject({ method: 's-learner', learner: 'boosting' });
        expect(grid.some((m) => m.method === 'uplift-forest')).toBe(outcome === 'binary' && design === 'randomised');
      }
    }
  });

  it('refuses a learner with method auto, naming the field', () => {
    expect(() => UpliftModel.fit(train.table, { ...roles('visit'), method: 'auto', learner: 'forest' })).toThrow(/method 'auto' chooses the base learner/);
  });
});

describe('qiniAucInterval', () => {
  it('equals qiniAucScore for 0/1 outcomes and covers it', async () => {
    const { qiniAucInterval } = await import('../../src/metrics/qiniAucInterval.js');
    const { qiniAucScore } = await import('../../src/metrics/qiniAucScore.js');
    const c = simulateCampaign({ n: 5000, seed: 31, shape: 'step' });
    const y = (c.table.columns.get('visit') as { values: Float64Array }).values;
    const t = Float64Array.from(c.arm);
    const r = qiniAucInterval(y, c.trueUplift, t, { seed: 1 });
    expect(r.estimate).toBeCloseTo(qiniAucScore(y, c.trueUplift, t), 12);
    expect(r.lower).toBeLessThan(r.estimate);
    expect(r.upper).toBeGreaterThan(r.estimate);
    expect(r.containsZero).toBe(false);
  });
});
