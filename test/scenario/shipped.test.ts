/**
 * Every shipped scenario runs from a copy of its folder, and its plan is
 * checked against the truth of the process that generated its data.
 */
import { describe, expect, it } from 'vitest';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario, simulateCampaign, solveAllocation, type AllocationProblem } from '../../src/index.js';
import { tempDir } from '../helpers/cli.js';
import { repoPath } from '../helpers/shared.js';

/** Copies scenarios/<names> into a fresh folder (so relative paths are exercised) and returns its root. */
function copyScenarios(...names: string[]): string {
  const dir = tempDir();
  for (const name of names) cpSync(repoPath(`scenarios/${name}`), join(dir, name), { recursive: true });
  return dir;
}

/** Σ over units of the chosen arm's true value. */
function trueTotal(choice: Int32Array, truth: Float64Array, K: number): number {
  let s = 0;
  choice.forEach((a, i) => (s += truth[i * K + a]!));
  return s;
}

describe('shipped scenarios', () => {
  it('e-mail campaign: the base plan gets over 85 % of the best plan and twice random e-mailing', async () => {
    const dir = copyScenarios('email');
    const result = await runScenario(join(dir, 'email', 'scenario.yaml'));
    // The CSV was written by simulateCampaign with these options, so its true effects are known.
    const campaign = simulateCampaign({ n: 12000, seed: 21, arms: ['email', 'coupon'] });
    const n = result.planRows.length;
    const K = 3;
    const truth = new Float64Array(n * K);
    const costs = new Float64Array(n * K);
    result.planRows.forEach((row, i) => {
      truth[i * K + 1] = campaign.trueUplift[row * 2]!;
      truth[i * K + 2] = campaign.trueUplift[row * 2 + 1]!;
      costs[i * K + 1] = 0.25;
      costs[i * K + 2] = 0.6;
    });
    const base = result.variations[0]!;
    expect(base.name).toBe('base');
    expect(base.plan.spend).toBeLessThanOrEqual(450 + 1e-9);
    const oracle = await solveAllocation({ units: n, arms: K, values: truth, costs, budget: 450 });
    const achieved = trueTotal(base.plan.choice, truth, K);
    let meanEmail = 0;
    for (let i = 0; i < n; i++) meanEmail += truth[i * K + 1]! / n;
    expect(achieved).toBeGreaterThan(0.85 * oracle.value);
    expect(achieved).toBeGreaterThan(2 * (450 / 0.25) * meanEmail);
    expect(result.qini[0]!.auc).toBeGreaterThan(0.05);
  });

  it('discount campaign: the dose plans get over 85 % of the true best plan under the same rules', async () => {
    const dir = copyScenarios('discount');
    const result = await runScenario(join(dir, 'discount', 'scenario.yaml'));
    const t = result.dataset.planTable;
    const num = (c: string) => {
      const col = t.columns.get(c)!;
      return col.kind === 'numeric' ? col.values : new Float64Array(0);
    };
    const [recency, history, newbie] = ['recency', 'history', 'newbie'].map(num) as [Float64Array, Float64Array, Float64Array];
    const channel = t.columns.get('channel')!;
    // The purchase probability of scenarios/discount/generate.mjs.
    const prob = (row: number, d: number) => {
      const web = channel.kind === 'categorical' && channel.levels[channel.codes[row]!] === 'Web' ? 1 : 0;
      const s = 0.02 + 0.05 * newbie[row]! + 0.03 * (recency[row]! <= 4 ? 1 : 0);
      return 1 / (1 + Math.exp(-(-2 - 0.05 * recency[row]! + 0.3 * Math.log(history[row]! / 100) + 0.3 * web + s * d - 0.0004 * d * d)));
    };
    const levels = [0, 10, 20, 30];
    const K = 4;
    const n = result.planRows.length;
    const truth = new Float64Array(n * K);
    const costs = new Float64Array(n * K);
    result.planRows.forEach((row, i) => {
      for (let k = 1; k < K; k++) {
        truth[i * K + k] = prob(row, levels[k]!) - prob(row, 0);
        costs[i * K + k] = levels[k]! * 0.15;
      }
    });
    const capped = result.variations.find((v) => v.name === 'cap 20 % of customers')!;
    expect(capped.plan.recipients).toBeLessThanOrEqual(Math.floor(0.2 * n));
    expect(capped.plan.spend).toBeLessThanOrEqual(3000 + 1e-9);
    const problem: AllocationProblem = { units: n, arms: K, values: truth.map((v) => v * 40), costs, budget: 3000, maxRecipients: Math.floor(0.2 * n) };
    const oracle = await solveAllocation(problem);
    expect(trueTotal(capped.plan.choice, truth, K)).toBeGreaterThan(0.85 * trueTotal(oracle.choice, truth, K));
  });

  it('paint line: the 94 % interval of the plan covers the true effect of diluting, −0.421 per batch', async () => {
    const dir = copyScenarios('paint', 'bayes');
    const result = await runScenario(join(dir, 'paint', 'scenario.yaml'));
    for (const v of result.variations) {
      const truth = -0.421 * v.plan.recipients;
      expect(v.interval![0]).toBeLessThan(truth);
      expect(v.interval![1]).toBeGreaterThan(truth);
    }
    // The base plan comes first (the scenario's own rules), then the listed variations.
    const [, everyone, humidOnly, budgeted] = result.variations;
    expect(everyone!.plan.recipients).toBe(1000);
    // Only humid batches: every treated batch is humid.
    const humidity = result.dataset.planTable.columns.get('humidity')!;
    humidOnly!.plan.choice.forEach((a, i) => {
      if (a > 0 && humidity.kind === 'categorical') expect(humidity.levels[humidity.codes[result.planRows[i]!]!]).toBe('humid');
    });
    expect(budgeted!.plan.spend).toBeLessThanOrEqual(500);
  });

  it('store roll-out: DiD effects per region, intervals covering the truth, north renovated first', async () => {
    const dir = copyScenarios('rollout');
    const result = await runScenario(join(dir, 'rollout', 'scenario.yaml'));
    const region = result.dataset.planTable.columns.get('region')!;
    const effectOf: Record<string, number> = { north: 0.8, south: 0.2, west: 0.5 };
    const regionOf = (i: number) => (region.kind === 'categorical' ? region.levels[region.codes[result.planRows[i]!]!]! : '');
    for (const v of result.variations) {
      let truth = 0;
      v.plan.choice.forEach((a, i) => (truth += a > 0 ? effectOf[regionOf(i)]! : 0));
      expect(v.interval![0]).toBeLessThan(truth);
      expect(v.interval![1]).toBeGreaterThan(truth);
    }
    const base = result.variations[0]!;
    // The risk variations: every interval says it is a normal approximation; the CVaR plan's worst 10 % of
    // draws (its objective) is below its mean value and certified by its bound; the P ≥ 0.9 plan renovates only
    // stores whose effect pays with that probability (south's effect, 0.2 × 13 = 2.6 per store, never pays 4–12 k$).
    expect(base.intervalKind).toBe('normal-approximation');
    expect(base.risk).toBe('mean');
    const safer = result.variations.find((v) => v.name.startsWith('safer'))!;
    expect(safer.risk).toBe('cvar:0.1');
    expect(safer.plan.objective).toBeLessThan(safer.expectedIncremental * 13);
    expect(safer.plan.bound).toBeGreaterThanOrEqual(safer.plan.objective);
    expect(['optimal', 'within-gap']).toContain(safer.plan.status);
    const likely = result.variations.find((v) => v.name.startsWith('likely'))!;
    expect(likely.plan.recipients).toBeGreaterThan(0);
    likely.plan.choice.forEach((a, i) => {
      if (a > 0) expect(regionOf(i)).not.toBe('south');
    });
    const share = (name: string) => {
      let treated = 0;
      let total = 0;
      base.plan.choice.forEach((a, i) => {
        if (regionOf(i) !== name) return;
        total++;
        if (a > 0) treated++;
      });
      return treated / total;
    };
    expect(share('north')).toBeGreaterThan(share('west'));
    expect(share('west')).toBeGreaterThan(share('south'));
    const fair = result.variations.find((v) => v.name.startsWith('at least 20 %'))!;
    for (const name of ['north', 'south', 'west']) {
      let treated = 0;
      let total = 0;
      fair.plan.choice.forEach((a, i) => {
        if (regionOf(i) !== name) return;
        total++;
        if (a > 0) treated++;
      });
      expect(treated).toBeGreaterThanOrEqual(Math.ceil(0.2 * total));
    }
  });
});

describe('the scholarship scenario file', () => {
  it('matches liftwise scholarship within one enrolment and keeps budget and cap', async () => {
    const dir = copyScenarios('scholarship');
    const result = await runScenario(join(dir, 'scholarship', 'scenario.yaml'));
    const { runScholarship } = await import('../../src/scholarship/scholarship.js');
    const report = await runScholarship({ dataDir: join(dir, 'scholarship', 'data'), students: 500, seed: 1 });
    const base = result.variations.find((v) => v.name === 'base');
    const capped = result.variations.find((v) => v.name === 'budget 0.2·n, at most 0.2·n recipients');
    expect(base!.plan.status).toBe('optimal');
    expect(base!.plan.spend).toBeLessThanOrEqual(100 + 1e-9);
    expect(capped!.plan.recipients).toBeLessThanOrEqual(100);
    // Both fit a logistic model of the same data (ours also standardises the amount before its L2 penalty).
    const theirs = report.plan.expectedEnrolments - report.noScholarships.expectedEnrolments;
    expect(Math.abs(base!.expectedIncremental - theirs)).toBeLessThan(1);
  });
});
