/** The campaign simulator's shapes and the plan score the defaults and auto selection are judged by. */
import { describe, expect, it } from 'vitest';
import { CAMPAIGN_SHAPES, simulateCampaign } from '../../src/causal/campaign.js';
import { planFromPredictions, planScore } from '../../src/causal/plan-score.js';
import { solveAllocation } from '../../src/allocate/solve.js';
import { Random } from '../../src/util/random.js';

const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
};

/** Sums and counts of the spend outcome in the treated (arm 1) and other rows, for a difference in means. */
function armSums(c: { table: { columns: ReadonlyMap<string, unknown> }; arm: ArrayLike<number> }) {
  const y = (c.table.columns.get('spend') as { values: Float64Array }).values;
  let t1 = 0;
  let n1 = 0;
  let t0 = 0;
  let n0 = 0;
  for (let i = 0; i < y.length; i++) {
    if (c.arm[i] === 1) {
      t1 += y[i]!;
      n1++;
    } else {
      t0 += y[i]!;
      n0++;
    }
  }
  return { t1, n1, t0, n0 };
}

describe('simulateCampaign shapes', () => {
  it('keeps the original campaign bit for bit when no shape is given', () => {
    // Values recorded from the simulator before shapes were added (seed 3, 2,000 customers, two arms).
    const c = simulateCampaign({ n: 2000, seed: 3, arms: ['email', 'coupon'] });
    expect(sum(c.trueUplift)).toBe(179.757783565158);
    expect(sum((c.table.columns.get('visit') as { values: Float64Array }).values)).toBe(234);
    expect(c.outcome).toBe('visit');
  });

  it('gives each shape its documented effect pattern', () => {
    const shares: Record<string, number> = {};
    for (const shape of CAMPAIGN_SHAPES) {
      const c = simulateCampaign({ n: 20_000, seed: 3, shape });
      let positive = 0;
      for (const v of c.trueUplift) if (v > 0) positive++;
      shares[shape] = positive / c.trueUplift.length;
      // True uplift is the difference of the arms' true response probabilities.
      expect(c.trueUplift[7]).toBeCloseTo(c.response[7 * 2 + 1]! - c.response[7 * 2]!, 15);
    }
    // Sparse: about 7 % respond (womens × not newbie × recency ≤ 3 ≈ 0.55 · 0.5 · 0.25).
    expect(shares.sparse).toBeGreaterThan(0.055);
    expect(shares.sparse).toBeLessThan(0.085);
    expect(shares.smooth).toBeGreaterThan(0.5);
    expect(shares.categorical).toBeGreaterThan(0.35);
    expect(shares.categorical).toBeLessThan(0.5);
  });

  it('makes numeric outcomes whose noise averages out to the true effect', () => {
    const c = simulateCampaign({ n: 40_000, seed: 8, shape: 'step', outcome: 'numeric' });
    expect(c.outcome).toBe('spend');
    const { t1, n1, t0, n0 } = armSums(c);
    const ate = sum(c.trueUplift) / c.trueUplift.length;
    // Randomised: the difference in means estimates the ATE (SE ≈ 15·sqrt(2/20000) ≈ 0.15).
    expect(Math.abs(t1 / n1 - t0 / n0 - ate)).toBeLessThan(0.5);
  });

  it('confounds assignment with purchase history when asked', () => {
    const c = simulateCampaign({ n: 40_000, seed: 8, shape: 'smooth', outcome: 'numeric', assignment: 'confounded' });
    const { t1, n1, t0, n0 } = armSums(c);
    const ate = sum(c.trueUplift) / c.trueUplift.length;
    // The naive difference is biased upwards by several standard errors.
    expect(t1 / n1 - t0 / n0 - ate).toBeGreaterThan(2);
    expect(Math.min(...c.propensity)).toBeGreaterThanOrEqual(0.05);
    expect(Math.max(...c.propensity)).toBeLessThanOrEqual(0.95);
  });
});

describe('planScore', () => {
  const c = simulateCampaign({ n: 5000, seed: 4, shape: 'step' });
  const truth = c.trueUplift;

  it('is 1 for the oracle, about 0 for a random plan, below 0 for the reverse ranking', () => {
    expect(planScore(truth, planFromPredictions(truth)).score).toBeCloseTo(1, 12);
    const rng = new Random(2);
    const noise = Float64Array.from(truth, () => rng.uniform());
    expect(Math.abs(planScore(truth, planFromPredictions(noise)).score)).toBeLessThan(0.1);
    expect(planScore(truth, planFromPredictions(truth.map((v) => 1 - v))).score).toBeLessThan(0);
  });

  it('plans exactly as the allocation solver does for one arm at one cost', async () => {
    const rng = new Random(5);
    const predicted = Float64Array.from(truth, (v) => v + 0.05 * rng.normal());
    const n = predicted.length;
    const values = new Float64Array(2 * n);
    const costs = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      values[2 * i + 1] = predicted[i]!;
      costs[2 * i + 1] = 1;
    }
    const plan = await solveAllocation({ units: n, arms: 2, values, costs, budget: 0.2 * n });
    const ours = planFromPredictions(predicted, 0.2);
    expect(Array.from(plan.choice)).toEqual(Array.from(ours));
    const s = planScore(truth, ours);
    expect(s.treated).toBe(1000);
    expect(s.score).toBeGreaterThan(0.5);
    expect(s.random).toBeCloseTo((1000 / n) * sum(truth), 10);
  });
});
