import { describe, expect, it } from 'vitest';
import { solveAllocation } from '../../src/allocate/solve.js';
import { budgetFrontier } from '../../src/allocate/frontier.js';
import { hasPlan } from '../../src/allocate/plan.js';
import type { AllocationProblem } from '../../src/allocate/problem.js';
import { fourUnits, regions } from './fixtures.js';
import type { Progress } from '../../src/util/progress.js';
import { randomInstance } from '../solvers/instances.js';
import { bruteForce } from './brute.js';
import { cpuTimer } from '../helpers/cpu.js';

const base: AllocationProblem = { ...fourUnits, budget: 10 };

describe('infeasible problems say which rules conflict', () => {
  it('a segment minimum that needs more budget than exists', async () => {
    const plan = await solveAllocation({ ...base, budget: 1, segmentRules: [{ ...regions, level: 'north', minShare: 1 }] });
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibility!.message).toBe(
      "the minimum share treated in region = 'north' (1, i.e. at least 2 units) needs at least 2 to pay for, " +
        'more than the budget (total cost ≤ 1) allows',
    );
    expect(plan.infeasibility!.rules).toHaveLength(2);
  });

  it('segment minimums that each fit the budget but not together, named without a solve', async () => {
    // Two units per region at cost 1 each: either region's minimum alone costs 2 ≤ 2.5, both cost 4.
    const rules = [
      { ...regions, level: 'north', minShare: 0.5 },
      { ...regions, level: 'north', minShare: 1 },
      { ...regions, level: 'south', minShare: 1 },
    ];
    const problem = { ...base, budget: 2.5, segmentRules: rules };
    expect(bruteForce(problem)).toBeUndefined();
    for (const solver of ['auto', 'highs'] as const) {
      const plan = await solveAllocation(problem, { solver });
      expect(plan.status).toBe('infeasible');
      expect(plan.infeasibility!.message).toBe(
        "together the minimum share treated in region = 'north' (1, i.e. at least 2 units); " +
          "the minimum share treated in region = 'south' (1, i.e. at least 2 units) need at least 4 to pay for, " +
          'more than the budget (total cost ≤ 2.5) allows',
      );
      expect(plan.infeasibility!.rules).toHaveLength(3);
    }
  });

  it('an arm minimum with too few eligible units', async () => {
    const eligible = Uint8Array.of(1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0);
    const plan = await solveAllocation({ ...base, eligible, armLimits: [{ arm: 2, min: 2 }] });
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibility!.message).toBe("the minimum for arm 'b' (at least 2 units) cannot be met: only 1 unit is eligible for it");
  });

  it('every unit on its cheapest arm already costs more than the budget', async () => {
    const costs = base.costs.map((c) => c + 1);
    const plan = await solveAllocation({ ...base, costs, budget: 3 });
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibility!.message).toBe('even giving every unit its cheapest arm costs 4, more than the budget of 3');
  });

  it.each(['highs', 'glpk', 'jslp'] as const)('a channel budget against an arm minimum, found by %s and named from the conflict set', async (solver) => {
    // Arm b costs 2 per unit but the 'calls' budget allows 3: two units of b cannot be paid for.
    const plan = await solveAllocation({ ...base, extraBudgets: [{ name: 'calls', limit: 3, arms: [2] }], armLimits: [{ arm: 2, min: 2 }] }, { solver });
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibility!.rules).toContain("budget 'calls' (≤ 3)");
    expect(plan.infeasibility!.rules).toContain("the minimum for arm 'b' (at least 2 units)");
    expect(plan.infeasibility!.rules).not.toContain('the budget (total cost ≤ 10)');
    expect(plan.infeasibility!.message).toMatch(/^no plan keeps all the rules; these conflict: /);
  });
});

describe('infeasible problems with many units', () => {
  // The 'calls' budget pays for at most 0.02·n units of arm 3 (cost ≥ 1.5 each), the arm minimum asks 0.05·n;
  // the cap and the segment maximum are loose and not part of the conflict.
  function conflicting(n: number): AllocationProblem {
    const input = randomInstance(n, 4, 11);
    const costs = input.costs.map((c, j) => (j % 4 === 3 ? Math.max(c, 1.5) : c));
    const codes = Int32Array.from({ length: n }, (_, i) => i % 3);
    return {
      units: n, arms: 4, values: input.values, costs, budget: n,
      maxRecipients: Math.floor(0.9 * n),
      extraBudgets: [{ name: 'calls', limit: 0.03 * n, arms: [3] }],
      armLimits: [{ arm: 3, min: 0.05 * n }],
      segmentRules: [{ column: 'g', codes, levels: ['x', 'y', 'z'], maxShare: 0.95 }],
    };
  }
  const conflict = (n: number): string[] => [`budget 'calls' (≤ ${0.03 * n})`, `the minimum for arm '3' (at least ${0.05 * n} units)`, 'one arm per unit'];

  it('the core method names the same conflicting rules as highs and leaves out the others', async () => {
    const problem = conflicting(400);
    const core = await solveAllocation(problem);
    const highs = await solveAllocation(problem, { solver: 'highs' });
    expect(core.solver).toBe('core');
    expect(core.status).toBe('infeasible');
    expect(core.infeasibility!.rules).toEqual(conflict(400));
    expect(highs.infeasibility!.rules).toEqual(conflict(400));
  });

  it('explains 20,000 units in seconds', async () => {
    // CPU time (helpers/cpu.ts): wall time here went from ~5 s to 37 s at load 18.
    const elapsed = cpuTimer();
    const core = await solveAllocation(conflicting(20_000));
    expect(core.infeasibility!.rules).toEqual(conflict(20_000));
    expect(elapsed()).toBeLessThan(15);
  });
});

describe('budget frontier', () => {
  it('gives the exact LP bound of every budget in one pass, and plans within it', async () => {
    const input = randomInstance(400, 4, 3);
    const problem: AllocationProblem = { units: input.n, arms: input.arms, values: input.values, costs: input.costs };
    const budgets = Array.from({ length: 6 }, (_, j) => j * 30);
    const points = budgetFrontier(problem, budgets);
    for (const [j, budget] of budgets.entries()) {
      const plan = await solveAllocation({ ...problem, budget }, { solver: 'greedy', closeGap: false });
      expect(points[j]!.bound).toBeCloseTo(plan.bound, 9);
      expect(points[j]!.objective).toBeLessThanOrEqual(points[j]!.bound + 1e-9);
      expect(points[j]!.spend).toBeLessThanOrEqual(budget + 1e-9);
      if (j > 0) expect(points[j]!.bound).toBeGreaterThanOrEqual(points[j - 1]!.bound);
    }
  });

  it('refuses problems with more than a budget', () => {
    expect(() => budgetFrontier({ ...base, maxRecipients: 2 }, [1, 2])).toThrow(/one-pass frontier needs a problem with one budget/);
  });
});

describe('time limit, gap and progress', () => {
  it('reports the highs solve as progress and stops at the time limit with a bound, or says no plan was found', async () => {
    const input = randomInstance(3000, 4, 8, { noise: 0.3 });
    const problem: AllocationProblem = {
      units: input.n,
      arms: input.arms,
      values: input.values,
      costs: input.costs,
      budget: 600,
      armLimits: [{ arm: 3, max: 200 }],
    };
    const labels: string[] = [];
    const progress: Progress = { start: (label) => labels.push(label), tick() {}, stop() {} };
    // "No plan within the time limit" is a status (it was the exception E_NO_PLAN_IN_TIME).
    const outcome = await solveAllocation(problem, { solver: 'highs', mipGap: 0, timeLimit: 0.01, progress });
    expect(labels).toContain('highs MIP');
    expect(outcome.status).toBe('time-limit');
    if (outcome.status === 'time-limit' && !outcome.planFound) {
      expect(outcome.choice.every((k) => k === 0)).toBe(true);
      expect(outcome.objective).toBeNaN();
    } else {
      expect(outcome.bound).toBeGreaterThanOrEqual(outcome.objective);
    }
  });

  it('returns "no plan within the time limit" as a status of its own: no plan, no infeasibility, the best bound so far', async () => {
    const input = randomInstance(20_000, 4, 9);
    const codes = Int32Array.from({ length: 20_000 }, (_, i) => i % 7);
    const problem: AllocationProblem = {
      units: 20_000, arms: 4, values: input.values, costs: input.costs, budget: 4000,
      segmentRules: [{ column: 'g', codes, levels: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], minShare: 0.1 }],
    };
    const plan = await solveAllocation(problem, { timeLimit: 0.0001 });
    expect(plan.status).toBe('time-limit');
    expect(hasPlan(plan)).toBe(false);
    expect(plan.status === 'time-limit' && plan.planFound).toBe(false);
    expect('infeasibility' in plan).toBe(false);
    // The sifting LP stopped before its optimum: no bound is proven yet, and no unit is treated.
    expect(plan.bound).toBeNaN();
    expect(plan.recipients).toBe(0);
    const solved = await solveAllocation(problem);
    expect(hasPlan(solved)).toBe(true);
    expect('planFound' in solved).toBe(false);
  });

  it('stops closing the gap once it is within mipGap', async () => {
    const input = randomInstance(300, 4, 5);
    const problem: AllocationProblem = { units: input.n, arms: input.arms, values: input.values, costs: input.costs, budget: 45 };
    const loose = await solveAllocation(problem, { mipGap: 1e-2 });
    expect(loose.relativeGap).toBeLessThanOrEqual(1e-2);
    expect(loose.notes).toEqual([]);
    const exact = await solveAllocation(problem, { mipGap: 0 });
    expect(exact.status).toBe('optimal');
    expect(exact.objective).toBeGreaterThanOrEqual(loose.objective - 1e-9);
    expect(exact.notes[0]).toMatch(/^core (search|MIP \(highs\)): \d+ units, \d+ columns/);
  });
});
