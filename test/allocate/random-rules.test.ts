import { expect, it } from 'vitest';
import { solveAllocation } from '../../src/allocate/solve.js';
import type { AllocationProblem } from '../../src/allocate/problem.js';
import { SOLVER_NAMES } from '../../src/allocate/plan.js';
import { Random } from '../../src/util/random.js';
import { bruteForce } from './brute.js';

/**
 * 150 seeded random tiny problems (1–5 units, 2–4 arms) with random rules of
 * every kind, some infeasible, some with units that have no eligible arm:
 * every solver that accepts the problem must find the brute-force optimum, or
 * say infeasible when enumeration finds no plan.
 */
it('every solver agrees with enumeration on random problems with random rules', async () => {
  const rng = new Random(7);
  for (let t = 0; t < 150; t++) {
    const n = 1 + rng.int(5);
    const K = 2 + rng.int(3);
    const values = Float64Array.from({ length: n * K }, (_, j) => (j % K === 0 ? (rng.uniform() < 0.3 ? rng.normal() : 0) : rng.normal() + 0.5));
    const costs = Float64Array.from({ length: n * K }, (_, j) => (j % K === 0 || rng.uniform() < 0.1 ? 0 : rng.int(4) * 0.5));
    const problem: AllocationProblem = {
      units: n,
      arms: K,
      values,
      costs,
      budget: rng.int(5) * 0.5,
      ...(rng.uniform() < 0.5 ? { maxRecipients: rng.int(n + 1) } : {}),
      ...(rng.uniform() < 0.2 ? { objective: 'profit' as const } : {}),
      ...(rng.uniform() < 0.3 ? { armLimits: [{ arm: 1 + rng.int(K - 1), ...(rng.uniform() < 0.5 ? { min: rng.int(2) } : { max: rng.int(3) }) }] } : {}),
      ...(rng.uniform() < 0.3
        ? { segmentRules: [{ column: 's', codes: Int32Array.from({ length: n }, () => rng.int(2)), levels: ['x', 'y'], ...(rng.uniform() < 0.5 ? { minShare: rng.uniform() * 0.6 } : { maxShare: rng.uniform() }) }] }
        : {}),
      ...(rng.uniform() < 0.3 ? { extraBudgets: [{ name: 'e', limit: rng.int(4) * 0.5, arms: [K - 1] }] } : {}),
      ...(rng.uniform() < 0.2 ? { onlyWhereValueExceedsCost: true } : {}),
      ...(rng.uniform() < 0.2 ? { eligible: Uint8Array.from({ length: n * K }, () => (rng.uniform() < 0.7 ? 1 : 0)) } : {}),
    };
    const best = bruteForce(problem);
    for (const solver of ['auto', ...SOLVER_NAMES] as const) {
      const outcome = await solveAllocation(problem, { solver, mipGap: 0 }).catch((e: { code: string }) => e);
      // Refusals are fine (a solver that cannot take the rules, rules that contradict each other); wrong answers are not.
      if ('code' in outcome) {
        expect(['E_SOLVER_CANNOT', 'E_CONTRADICTORY_RULES'], `problem ${t}, ${solver}`).toContain(outcome.code);
        continue;
      }
      if (best === undefined) expect(outcome.status, `problem ${t}, ${solver}`).toBe('infeasible');
      else {
        expect(outcome.objective, `problem ${t}, ${solver}`).toBeCloseTo(best.objective, 9);
        expect(outcome.bound, `problem ${t}, ${solver}`).toBeGreaterThanOrEqual(best.objective - 1e-9);
      }
    }
  }
});
