/**
 * The recipient minimum (src/allocate/rules/min-recipients.ts), the rule kind
 * added through the rule-module path: its own module and one line in the
 * registry. References: enumeration of every plan (brute.ts, written from the
 * rule's definition) and the whole MIP solved by highs.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { solveAllocation } from '../../src/allocate/solve.js';
import type { AllocationProblem } from '../../src/allocate/problem.js';
import { findBrokenRule } from '../../src/allocate/plan.js';
import { validateProblem } from '../../src/allocate/validate.js';
import { Random } from '../../src/util/random.js';
import { randomInstance } from '../solvers/instances.js';
import { cli, tempDir } from '../helpers/cli.js';
import { bruteForce } from './brute.js';
import { makeFixture } from '../adversarial/messages-fixtures.js';
import { runScenarioSpec } from '../../src/scenario/run.js';
import { checkScenario } from '../../src/scenario/validate.js';
import { parseScenario } from '../../src/scenario/load.js';

/** A tiny random problem whose best budget-only plan often treats few units, so a minimum binds. */
function tinyProblem(rng: Random): AllocationProblem {
  const n = 2 + rng.int(5);
  const K = 2 + rng.int(3);
  const values = Float64Array.from({ length: n * K }, (_, j) => (j % K === 0 ? 0 : rng.normal() * 0.8 + 0.2));
  const costs = Float64Array.from({ length: n * K }, (_, j) => (j % K === 0 ? 0 : rng.int(4) * 0.5));
  return {
    units: n,
    arms: K,
    values,
    costs,
    budget: rng.int(6) * 0.5,
    minRecipients: rng.int(n + 1),
    ...(rng.uniform() < 0.3 ? { maxRecipients: n - rng.int(2) } : {}),
    ...(rng.uniform() < 0.2 ? { objective: 'profit' as const } : {}),
    ...(rng.uniform() < 0.3 ? { armLimits: [{ arm: 1 + rng.int(K - 1), max: rng.int(3) }] } : {}),
    ...(rng.uniform() < 0.3 ? { segmentRules: [{ column: 's', codes: Int32Array.from({ length: n }, () => rng.int(2)), levels: ['x', 'y'], maxShare: rng.uniform() }] } : {}),
    ...(rng.uniform() < 0.2 ? { eligible: Uint8Array.from({ length: n * K }, () => (rng.uniform() < 0.7 ? 1 : 0)) } : {}),
  };
}

describe('the recipient minimum', () => {
  it('every solver that takes it finds the enumeration optimum on 120 random problems, or says infeasible when enumeration finds no plan', async () => {
    const rng = new Random(11);
    let binding = 0;
    let infeasible = 0;
    for (let t = 0; t < 120; t++) {
      const problem = tinyProblem(rng);
      const { minRecipients: _min, ...without } = problem;
      const best = bruteForce(problem);
      const free = bruteForce(without);
      if (best !== undefined && free !== undefined && best.objective < free.objective - 1e-9) binding++;
      if (best === undefined) infeasible++;
      for (const solver of ['auto', 'core', 'highs', 'glpk', 'jslp'] as const) {
        const outcome = await solveAllocation(problem, { solver, mipGap: 0 }).catch((e: { code: string }) => e);
        if ('code' in outcome) {
          // A minimum above the cap or above n contradicts the rules whatever the data.
          expect(outcome.code, `problem ${t}, ${solver}`).toBe('E_CONTRADICTORY_RULES');
          expect(problem.minRecipients! > (problem.maxRecipients ?? problem.units)).toBe(true);
          continue;
        }
        if (best === undefined) {
          expect(outcome.status, `problem ${t}, ${solver}`).toBe('infeasible');
          continue;
        }
        expect(outcome.objective, `problem ${t}, ${solver}`).toBeCloseTo(best.objective, 9);
        expect(outcome.recipients, `problem ${t}, ${solver}`).toBeGreaterThanOrEqual(problem.minRecipients!);
        expect(outcome.bound, `problem ${t}, ${solver}`).toBeGreaterThanOrEqual(best.objective - 1e-9);
      }
    }
    // The draw exercises the rule: it changes the optimum on some problems and makes others infeasible.
    expect(binding).toBeGreaterThan(10);
    expect(infeasible).toBeGreaterThan(3);
  });

  it('auto solves it by the core method, which matches highs on 1000 units with a segment rule', async () => {
    const input = randomInstance(1000, 4, 21);
    const codes = Int32Array.from({ length: 1000 }, (_, i) => i % 5);
    const problem: AllocationProblem = {
      units: 1000,
      arms: 4,
      values: input.values,
      costs: input.costs,
      budget: 130,
      minRecipients: 300,
      segmentRules: [{ column: 'g', codes, levels: ['a', 'b', 'c', 'd', 'e'], maxShare: 0.4 }],
    };
    const budgetOnly = await solveAllocation({ ...problem, minRecipients: 0 }, { mipGap: 0 });
    expect(budgetOnly.recipients).toBeLessThan(300);
    const core = await solveAllocation(problem, { mipGap: 0 });
    const highs = await solveAllocation(problem, { solver: 'highs', mipGap: 0 });
    expect(core.solver).toBe('core');
    expect(core.status).toBe('optimal');
    expect(core.recipients).toBeGreaterThanOrEqual(300);
    expect(core.objective).toBeCloseTo(highs.objective, 6);
    expect(findBrokenRule(problem, core.choice)).toBeUndefined();
  });

  it('refuses the greedy and the Lagrangian by name, and names the rule when it cannot be met', async () => {
    const problem: AllocationProblem = { units: 3, arms: 2, values: Float64Array.of(0, 5, 0, 4, 0, 1), costs: Float64Array.of(0, 2, 0, 2, 0, 2), budget: 4, minRecipients: 3 };
    await expect(solveAllocation(problem, { solver: 'greedy' })).rejects.toThrow(
      'the greedy solver cannot solve this problem: it handles one budget and per-unit rules; this problem has a recipient minimum. Use core, highs, glpk or jslp.',
    );
    await expect(solveAllocation(problem, { solver: 'lagrangian' })).rejects.toMatchObject({ code: 'E_SOLVER_CANNOT' });
    const plan = await solveAllocation(problem);
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibility?.message).toBe('the recipient minimum (at least 3 units treated) needs at least 6 to pay for, more than the budget (total cost ≤ 4) allows');
    const few = await solveAllocation({ ...problem, budget: 10, eligible: Uint8Array.of(1, 1, 1, 0, 1, 1) });
    expect(few.infeasibility?.message).toBe('the recipient minimum (at least 3 units treated) cannot be met: only 2 units are eligible for it');
  });

  it('is checked against the cap and the units before solving', () => {
    const base: AllocationProblem = { units: 3, arms: 2, values: new Float64Array(6), costs: new Float64Array(6) };
    expect(() => validateProblem({ ...base, minRecipients: 4 })).toThrow('the recipient minimum asks for at least 4 units but there are only 3');
    expect(() => validateProblem({ ...base, minRecipients: 2, maxRecipients: 1 })).toThrow('the number of recipients: the minimum (2) is above the maximum (1)');
    expect(() => validateProblem({ ...base, minRecipients: 1.5 })).toThrow(/minRecipients must be a whole number/);
  });
});

describe('liftwise allocate --min-recipients', () => {
  const SCORES = ['id,uplift,cost', 'a,0.30,1', 'b,0.25,1', 'c,0.02,1', 'd,-0.01,1', 'e,0.01,1'].join('\n');

  it('treats at least the minimum (a count or a share), as enumeration does, and re-raises contradictions at the flag', async () => {
    const dir = tempDir('liftwise-min-recipients-');
    const scores = join(dir, 'scores.csv');
    writeFileSync(scores, `${SCORES}\n`);
    const values = Float64Array.of(0, 0.3, 0, 0.25, 0, 0.02, 0, -0.01, 0, 0.01);
    const costs = Float64Array.of(0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
    // 100 % forces the unit whose uplift is negative in; 0.8 of 5 is 4, the units worth treating anyway.
    for (const [flag, count] of [['100%', 5], ['0.8', 4]] as const) {
      const r = await cli(['allocate', '--scores', scores, '--budget', '5', '--cost', '1', '--min-recipients', flag, '--mip-gap', '0', '--out', join(dir, `plan-${count}.csv`), '--json', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout);
      expect(summary.recipients).toBe(count);
      expect(summary.objective).toBeCloseTo(bruteForce({ units: 5, arms: 2, values, costs, budget: 5, minRecipients: count })!.objective, 9);
    }
    const bad = await cli(['allocate', '--scores', scores, '--budget', '5', '--cost', '1', '--min-recipients', '3', '--max-recipients', '2', '--out', join(dir, 'x.csv'), '--quiet']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('field min-recipients: ');
    expect(bad.stderr).toContain('the number of recipients: the minimum (3) is above the maximum (2)');
  });

  it('says the time limit came before any plan with the message and exit code of before', async () => {
    const dir = tempDir('liftwise-no-plan-');
    const scores = join(dir, 'scores.csv');
    const rng = new Random(3);
    const lines = ['id,uplift,cost,g'];
    for (let i = 0; i < 20_000; i++) lines.push(`u${i},${(rng.uniform() * 0.3).toFixed(4)},${(0.5 + rng.uniform()).toFixed(3)},${'abcdefg'[i % 7]}`);
    writeFileSync(scores, `${lines.join('\n')}\n`);
    const r = await cli(['allocate', '--scores', scores, '--budget', '5000', '--cost-col', 'cost', '--min-share', 'g:0.1', '--time-limit', '0.0001', '--out', join(dir, 'plan.csv'), '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the core solver found no plan within the time limit of 0.0001 s; allow more time');
  });
});

describe('scenarios: constraints.minRecipients', () => {
  const spec = (constraints: Record<string, unknown>, variations: Array<Record<string, unknown>> = []) => ({
    name: 'volume commitment',
    data: { file: 'campaign.csv', id: 'id', treatment: 'treatment', control: 'control', outcome: 'visit', features: ['recency', 'history', 'channel'], holdout: 0.3 },
    model: { kind: 'uplift', method: 'two-model', learner: 'logistic' },
    arms: [
      { name: 'email', cost: 0.25 },
      { name: 'coupon', cost: 0.6 },
    ],
    valuePerOutcome: 10,
    constraints,
    variations,
  });

  it('plans at least the minimum (a percentage of the planned units), and a variation can remove it with null', async () => {
    const fx = await makeFixture();
    const result = await runScenarioSpec(spec({ budget: 60, minRecipients: '80%' }, [{ name: 'free', constraints: { minRecipients: null } }]), fx.dir);
    const [base, free] = result.variations;
    const n = base!.plan.choice.length;
    expect(free!.plan.recipients).toBeLessThan(Math.floor(0.8 * n));
    expect(base!.plan.recipients).toBeGreaterThanOrEqual(Math.floor(0.8 * n));
    expect(base!.plan.solver).toBe('core');
    expect(base!.plan.objective).toBeLessThanOrEqual(free!.plan.objective + 1e-9);
  });

  it('names the variation field when the minimum contradicts the cap', async () => {
    const fx = await makeFixture();
    const scenario = parseScenario(JSON.stringify(spec({ budget: 60 }, [{ name: 'tight', constraints: { maxRecipients: 5, minRecipients: 10 } }])), join(fx.dir, '(scenario object)'));
    const error = await checkScenario(scenario).then(() => undefined, (e: { code: string; message: string }) => e);
    expect(error?.code).toBe('E_CONTRADICTORY_RULES');
    expect(error?.message).toContain('field variations[0].constraints.minRecipients');
    expect(error?.message).toContain('the number of recipients: the minimum (10) is above the maximum (5)');
  });
});
