import { describe, expect, it } from 'vitest';
import { solveAllocation } from '../../src/allocate/solve.js';
import type { AllocationProblem } from '../../src/allocate/problem.js';
import { Random } from '../../src/util/random.js';
import { bruteForce, keepsRules, objectiveOf } from './brute.js';

const N = 7;
const K = 3;

/** A tiny random problem (3^7 = 2187 plans, enumerable) with some negative values. */
function tiny(seed: number, rules: (rng: Random) => Partial<AllocationProblem>): AllocationProblem {
  const rng = new Random(seed);
  const values = new Float64Array(N * K);
  const costs = new Float64Array(N * K);
  for (let i = 0; i < N; i++) {
    for (let k = 1; k < K; k++) {
      costs[i * K + k] = 0.5 + rng.uniform() * k;
      values[i * K + k] = rng.normal() + 0.8 * k;
    }
  }
  return { units: N, arms: K, armLabels: ['none', 'email', 'call'], values, costs, ...rules(rng) };
}

const segment = (rng: Random) => ({
  column: 'region',
  codes: Int32Array.from({ length: N }, () => rng.int(2)),
  levels: ['north', 'south'],
});

const cases: Array<[string, (rng: Random) => Partial<AllocationProblem>, readonly string[]]> = [
  ['a budget', () => ({ budget: 4 }), ['auto', 'greedy', 'core', 'highs', 'glpk', 'jslp']],
  ['a budget and a recipient cap', () => ({ budget: 6, maxRecipients: 3 }), ['auto', 'lagrangian', 'core', 'highs', 'glpk', 'jslp']],
  ['a profit objective', () => ({ budget: 5, objective: 'profit' as const }), ['auto', 'greedy', 'core', 'highs']],
  [
    'eligibility and value above cost',
    (rng) => ({ budget: 5, eligible: Uint8Array.from({ length: N * K }, () => (rng.uniform() < 0.7 ? 1 : 0)), onlyWhereValueExceedsCost: true }),
    ['auto', 'greedy', 'core', 'highs', 'glpk'],
  ],
  ['a channel budget', () => ({ budget: 6, extraBudgets: [{ name: 'calls', limit: 2, arms: [2] }] }), ['auto', 'core', 'highs', 'glpk', 'jslp']],
  ['arm limits', () => ({ budget: 8, armLimits: [{ arm: 1, min: 2 }, { arm: 2, max: 1 }] }), ['auto', 'core', 'highs', 'glpk', 'jslp']],
  [
    'segment shares',
    (rng) => ({ budget: 6, segmentRules: [{ ...segment(rng), level: 'north', minShare: 0.5 }, { ...segment(rng), maxShare: 0.6 }] }),
    ['auto', 'core', 'highs', 'glpk', 'jslp'],
  ],
  [
    'every rule at once',
    (rng) => ({
      budget: 7,
      maxRecipients: 4,
      extraBudgets: [{ name: 'calls', limit: 3, arms: [2] }],
      armLimits: [{ arm: 1, min: 1 }],
      segmentRules: [{ ...segment(rng), minShare: 0.25 }],
    }),
    ['auto', 'core', 'highs', 'glpk'],
  ],
];

describe.each(cases)('with %s, every solver finds the brute-force optimum', (_name, rules, solvers) => {
  it.each([1, 2, 3])('seed %i', async (seed) => {
    const problem = tiny(seed, rules);
    const best = bruteForce(problem)!;
    expect(best).toBeDefined();
    for (const solver of solvers) {
      const plan = await solveAllocation(problem, { solver: solver as 'auto', mipGap: 0 });
      expect(plan.status, solver).toBe('optimal');
      expect(keepsRules(problem, plan.choice), solver).toBe(true);
      expect(plan.objective, solver).toBeCloseTo(best.objective, 9);
      expect(objectiveOf(problem, plan.choice), solver).toBeCloseTo(plan.objective, 12);
      expect(plan.bound, solver).toBeGreaterThanOrEqual(best.objective - 1e-9);
    }
  });
});

describe('solveAllocation', () => {
  it('picks the solver by structure', async () => {
    const base = tiny(1, () => ({}));
    expect((await solveAllocation({ ...base, budget: 3 })).solver).toBe('greedy');
    expect((await solveAllocation({ ...base, budget: 3, maxRecipients: 2 })).solver).toBe('lagrangian');
    expect((await solveAllocation({ ...base, budget: 3, armLimits: [{ arm: 1, max: 2 }] })).solver).toBe('core');
    // A cap of n binds nothing: still the greedy.
    expect((await solveAllocation({ ...base, budget: 3, maxRecipients: N })).solver).toBe('greedy');
  });

  it('reports spend, recipients and arm counts of the plan it returns', async () => {
    const problem = tiny(4, () => ({ budget: 5, maxRecipients: 3 }));
    const plan = await solveAllocation(problem, { mipGap: 0 });
    let spend = 0;
    const counts = [0, 0, 0];
    for (let i = 0; i < N; i++) {
      spend += problem.costs[i * K + plan.choice[i]!]!;
      counts[plan.choice[i]!]!++;
    }
    expect(plan.spend).toBeCloseTo(spend, 12);
    expect(plan.armCounts).toEqual(counts);
    expect(plan.recipients).toBe(N - counts[0]!);
    expect(plan.gap).toBeCloseTo(plan.bound - plan.objective, 12);
  });

  it('refuses a solver that cannot keep the rules, naming what it lacks', async () => {
    const problem = tiny(1, () => ({ budget: 3, armLimits: [{ arm: 1, max: 2 }] }));
    await expect(solveAllocation(problem, { solver: 'greedy' })).rejects.toMatchObject({
      code: 'E_SOLVER_CANNOT',
      exitCode: 2,
      message: expect.stringMatching(/greedy solver cannot solve this problem: .*arm limits/),
    });
    await expect(solveAllocation(problem, { solver: 'nope' as 'greedy' })).rejects.toMatchObject({ code: 'E_UNKNOWN_SOLVER' });
    // The Lagrangian prices arm 0 against the treated arms' hull: it needs arm 0 to be the cheapest.
    const paidNone = tiny(2, () => ({ budget: 40, maxRecipients: 3 }));
    const costs = paidNone.costs.map((c, j) => (j % K === 0 ? 5 : c));
    await expect(solveAllocation({ ...paidNone, costs }, { solver: 'lagrangian' })).rejects.toMatchObject({
      code: 'E_SOLVER_CANNOT',
      message: expect.stringMatching(/needs arm 0 to be the cheapest arm of every unit\. Use core or highs\./),
    });
    // Auto hands that problem to the core method, which still finds the brute-force optimum.
    const plan = await solveAllocation({ ...paidNone, costs }, { mipGap: 0 });
    expect(plan.solver).toBe('core');
    expect(plan.objective).toBeCloseTo(bruteForce({ ...paidNone, costs })!.objective, 9);
  });
});
