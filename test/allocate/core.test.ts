import { describe, expect, it } from 'vitest';
import { solveAllocation } from '../../src/allocate/solve.js';
import { buildModel } from '../../src/allocate/model.js';
import { prepareProblem } from '../../src/allocate/prepare.js';
import type { AllocationProblem } from '../../src/allocate/problem.js';
import { highsBackend } from '../../solvers/backends/highs.js';
import { Random } from '../../src/util/random.js';
import { randomInstance } from '../solvers/instances.js';
import { keepsRules, objectiveOf } from './brute.js';
import { cpuTimer } from '../helpers/cpu.js';

/**
 * The 'core' method (LP by sifting, reduced-cost fixing, exact core search)
 * on problems too large to enumerate, against highs solving the whole MIP to
 * optimality on the same model.
 */
function withRules(n: number, seed: number, rules: 'segments' | 'channel'): AllocationProblem {
  const input = randomInstance(n, 4, seed);
  const rng = new Random(seed + 1);
  const codes = Int32Array.from({ length: n }, () => rng.int(3));
  const levels = ['a', 'b', 'c'];
  const base = { units: n, arms: 4, values: input.values, costs: input.costs, budget: 0.15 * n };
  return rules === 'segments'
    ? { ...base, segmentRules: [{ column: 'g', codes, levels, level: 'a', minShare: 0.4 }, { column: 'g', codes, levels, level: 'c', maxShare: 0.2 }], armLimits: [{ arm: 3, max: Math.floor(0.04 * n) }] }
    : { ...base, extraBudgets: [{ name: 'arm 3', limit: 0.02 * n, arms: [3] }], maxRecipients: Math.floor(0.2 * n) };
}

describe.each(['segments', 'channel'] as const)('core method with %s', (rules) => {
  it.each([1, 2])('finds the MIP optimum of highs at n = 400, seed %i', async (seed) => {
    const problem = withRules(400, seed, rules);
    const built = buildModel(prepareProblem(problem));
    const mip = await highsBackend.solve(built.model, { integer: true, mipGap: 0 });
    const lp = await highsBackend.solve(built.model, { integer: false });
    expect(mip.status).toBe('optimal');
    const plan = await solveAllocation(problem, { mipGap: 0 });
    expect(plan.solver).toBe('core');
    expect(plan.status).toBe('optimal');
    expect(keepsRules(problem, plan.choice)).toBe(true);
    expect(objectiveOf(problem, plan.choice)).toBeCloseTo(plan.objective, 9);
    // buildModel's objective leaves out arm 0's values (all zero here), so the two are comparable directly.
    expect(Math.abs(plan.objective - mip.objective) / Math.abs(mip.objective)).toBeLessThan(1e-9);
    // The LP found by sifting is the LP optimum of highs.
    expect(Math.abs(plan.lp!.bound - lp.objective) / Math.abs(lp.objective)).toBeLessThan(1e-9);
    expect(plan.bound).toBeGreaterThanOrEqual(plan.objective - 1e-9);
    expect(plan.bound).toBeLessThanOrEqual(plan.lp!.bound + 1e-9);
  });
});

/** Effects estimated per region: every unit of a region is worth the same, costs per arm; a minimum share per region. */
function tied(n: number, seed: number): AllocationProblem {
  const rng = new Random(seed);
  const regions = 5;
  const effect = Array.from({ length: regions }, () => 0.2 + rng.uniform());
  const codes = Int32Array.from({ length: n }, () => rng.int(regions));
  const values = new Float64Array(n * 3);
  const costs = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    values[i * 3 + 1] = effect[codes[i]!]!;
    values[i * 3 + 2] = effect[codes[i]!]! * 1.7;
    costs[i * 3 + 1] = 1;
    costs[i * 3 + 2] = 2.2;
  }
  const levels = ['a', 'b', 'c', 'd', 'e'];
  return { units: n, arms: 3, values, costs, budget: 0.3 * n, segmentRules: [{ column: 'region', codes, levels, minShare: 0.1 }] };
}

describe('core method with identical units', () => {
  it.each([1, 2])('merges them into classes and still finds the MIP and LP optimum of highs, seed %i', async (seed) => {
    const problem = tied(300, seed);
    const built = buildModel(prepareProblem(problem));
    const mip = await highsBackend.solve(built.model, { integer: true, mipGap: 0 });
    const lp = await highsBackend.solve(built.model, { integer: false });
    const plan = await solveAllocation(problem, { mipGap: 0 });
    expect(plan.solver).toBe('core');
    expect(plan.status).toBe('optimal');
    expect(keepsRules(problem, plan.choice)).toBe(true);
    expect(Math.abs(plan.objective - mip.objective) / Math.abs(mip.objective)).toBeLessThan(1e-9);
    expect(Math.abs(plan.lp!.bound - lp.objective) / Math.abs(lp.objective)).toBeLessThan(1e-9);
    // Five regions: the open units fall into at most five classes.
    const classes = /\((\d+) classes of identical units\)/.exec(plan.notes[0]!);
    expect(classes).not.toBeNull();
    expect(Number(classes![1])).toBeLessThanOrEqual(5);
  });
});

describe('core method at scale', () => {
  it('closes the gap on 20,000 units with segment rules in seconds', async () => {
    const problem = withRules(20_000, 3, 'segments');
    const elapsed = cpuTimer();
    const plan = await solveAllocation(problem, { mipGap: 1e-6 });
    const seconds = elapsed();
    expect(plan.solver).toBe('core');
    expect(['optimal', 'within-gap']).toContain(plan.status);
    expect(plan.relativeGap).toBeLessThanOrEqual(1e-6);
    expect(keepsRules(problem, plan.choice)).toBe(true);
    // highs's MIP on this model takes tens of seconds (bench/allocate-rules.bench.mjs); the core method a fraction of that.
    expect(seconds).toBeLessThan(15);
  });
});
