import { describe, expect, it } from 'vitest';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { systematicSplit } from '../../src/data/split.js';
import { takeRows } from '../../src/data/table.js';
import { UpliftModel } from '../../src/uplift/model.js';
import { solveAllocation } from '../../src/allocate/solve.js';
import { planValue } from '../../src/effects/planValue.js';
import { Random } from '../../src/util/random.js';
import type { BcfOptions } from '../../src/uplift/bart/options.js';

/**
 * Issue 14's validation in miniature: a simulated campaign with known
 * per-unit effects (binary visit, randomised e-mail, the 'hillstrom' shape),
 * bcf fitted on one half, a plan over the other half (per-unit costs
 * 0.5 + U(0, 1), budget 20 % of the total cost) chosen on the posterior mean.
 * The plan's true incremental outcome is Σ true uplift over its treated
 * customers; it should lie inside the plan's 90 % posterior interval, and the
 * reported mean should be near it on average.
 */
async function planAgainstTruth(seed: number, options: BcfOptions, rows: number, method: 'bcf' | 'bart') {
  const campaign = simulateCampaign({ n: rows, seed: 500 + seed, arms: ['email'] });
  const split = systematicSplit(rows, 0.5);
  const train = takeRows(campaign.table, split.train);
  const holdout = takeRows(campaign.table, split.test);
  const n = holdout.nRows;
  const rng = new Random(900 + seed);
  const costs = new Float64Array(2 * n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    costs[2 * i + 1] = 0.5 + rng.uniform();
    total += costs[2 * i + 1]!;
  }
  const model = UpliftModel.fit(train, { treatment: 'treatment', outcome: 'visit', exclude: ['id'], seed, method, methodOptions: { ...options } });
  const effects = model.effects(holdout);
  const plan = await solveAllocation({ units: n, arms: 2, values: effects.mean, costs, budget: 0.2 * total });
  let truth = 0;
  for (let i = 0; i < n; i++) if (plan.choice[i]! > 0) truth += campaign.trueUplift[split.test[i]!]!;
  const v = planValue(effects, plan.choice, { level: 0.9 });
  return { truth, mean: v.mean, lower: v.interval![0], upper: v.interval![1] };
}

async function calibration(options: BcfOptions, seeds: number, rows: number, method: 'bcf' | 'bart' = 'bcf') {
  let covered = 0;
  let ratio = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const r = await planAgainstTruth(seed, options, rows, method);
    if (r.lower <= r.truth && r.truth <= r.upper) covered++;
    ratio += r.mean / r.truth / seeds;
  }
  return { covered, ratio };
}

// A small sampler (one chain, 50 + 20 trees): about 3 CPU s for the ten seeds of one setting (bart: about 6).
const small: BcfOptions = { chains: 1, trees: 50, treesTau: 20, gfr: 2, warmup: 40, draws: 100, keep: 100, threads: 1 };
const smallBart: BcfOptions = { chains: 1, trees: 50, gfr: 2, warmup: 40, draws: 100, keep: 100, threads: 1 };
const SEEDS = 10;
const ROWS = 3000;

describe('plans from bcf against their true incremental outcome (issue 14)', () => {
  const defaults = calibration(small, SEEDS, ROWS);

  it('bcf’s default: the plan’s 90 % interval covers its truth in ≥ 8 of 10 seeds', async () => {
    const { covered, ratio } = await defaults;
    console.log(`bcf default: covered ${covered}/${SEEDS}, reported/true ${ratio.toFixed(3)}`);
    expect(covered).toBeGreaterThanOrEqual(8);
  }, 120_000);

  // Issue 14 asks for within 10 % on average; 20 seeds of the default sampler at 4000 training rows give −7.6 %
  // (BENCHMARKS.md). This small sampler on 1500 training rows: 1.030 and 9/10 covered at this commit.
  it('bcf’s default reports the plan’s value within 12 % of its truth on average', async () => {
    const { ratio } = await defaults;
    expect(Math.abs(ratio - 1)).toBeLessThan(0.12);
  }, 120_000);

  it('the earlier default, bcf’s published effect-forest prior (α_τ 0.25, β_τ 3), under-promises: reported ÷ true 0.70–0.86', async () => {
    // Almost only stumps: an additive effect that flattens the campaign's interaction (0.779 at this commit; 20
    // seeds of the default sampler: −21.4 %, 8/20 covered). Asserted as measured so the old numbers stay reproducible.
    const { ratio } = await calibration({ ...small, alphaTau: 0.25, betaTau: 3 }, SEEDS, ROWS);
    console.log(`bcf alphaTau 0.25 betaTau 3: reported/true ${ratio.toFixed(3)}`);
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(0.86);
  }, 120_000);
});

describe('plans from bart against their true incremental outcome (issue 14)', () => {
  const defaults = calibration(smallBart, SEEDS, ROWS, 'bart');

  it('bart’s default on a 0/1 outcome (β 1): covers in ≥ 8 of 10 seeds, reported ÷ true within 12 %', async () => {
    const { covered, ratio } = await defaults;
    console.log(`bart default: covered ${covered}/${SEEDS}, reported/true ${ratio.toFixed(3)}`);
    expect(covered).toBeGreaterThanOrEqual(8);
    expect(Math.abs(ratio - 1)).toBeLessThan(0.12);
  }, 120_000);

  it('CGM’s tree prior (α 0.95, β 2), the earlier default, reports less on the same seeds', async () => {
    // 0.933 against the default's 0.987 at this commit; this small sampler on 1500 training rows reads higher than
    // the default sampler on 4000 (20 seeds there: β 2 −19 %, 13/20 covered; β 1 −5.6 %, 18/20; BENCHMARKS.md).
    const { covered, ratio } = await calibration({ ...smallBart, alpha: 0.95, beta: 2 }, SEEDS, ROWS, 'bart');
    console.log(`bart beta 2: covered ${covered}/${SEEDS}, reported/true ${ratio.toFixed(3)}`);
    expect(ratio).toBeGreaterThan(0.88);
    expect(ratio).toBeLessThan(0.96);
    expect((await defaults).ratio - ratio).toBeGreaterThan(0.03);
  }, 120_000);
});
