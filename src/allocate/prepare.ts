/**
 * From a validated problem to what the solvers read: the values of the chosen
 * objective, the allowed arms (eligibility and the value-over-cost rule
 * folded into one mask), and the structure that decides which solver is exact
 * for it.
 */
import type { KnapsackInput } from '../../solvers/knapsack/hulls.js';
import { armZeroIsCheapest } from '../../solvers/knapsack/lagrangian.js';
import type { AllocationProblem } from './problem.js';

/**
 * 'budget': one budget (or none) and per-unit rules only → the greedy is exact.
 * 'budget-cap': that plus a recipient cap → the Lagrangian with two prices.
 * 'general': several budgets, arm or segment limits → an LP/MIP solver.
 */
export type Structure = 'budget' | 'budget-cap' | 'general';

export interface Prepared {
  readonly problem: AllocationProblem;
  /** Objective values (value, or value − cost), main costs and the allowed mask. */
  readonly input: KnapsackInput;
  /** The budget, Infinity when there is none. */
  readonly budget: number;
  /** The recipient cap, Infinity when there is none. */
  readonly cap: number;
  readonly structure: Structure;
}

/** Prepares a problem that `validateProblem` accepted. */
export function prepareProblem(problem: AllocationProblem): Prepared {
  const { units: n, arms: K, costs } = problem;
  const values = objectiveValues(problem);
  const allowed = allowedMask(problem);
  const input: KnapsackInput = { n, arms: K, values, costs, allowed };
  const budget = problem.budget ?? Infinity;
  const cap = problem.maxRecipients !== undefined && problem.maxRecipients < n ? problem.maxRecipients : Infinity;
  const sideRules =
    (problem.extraBudgets?.length ?? 0) > 0 || (problem.armLimits?.length ?? 0) > 0 || (problem.segmentRules?.length ?? 0) > 0;
  let structure: Structure = 'general';
  if (!sideRules) {
    if (cap === Infinity) structure = 'budget';
    else if (armZeroIsCheapest(input)) structure = 'budget-cap';
  }
  return { problem, input, budget, cap, structure };
}

/** Value per unit and arm under the problem's objective. */
export function objectiveValues(problem: AllocationProblem): Float64Array {
  if (problem.objective !== 'profit') return problem.values;
  const out = new Float64Array(problem.values.length);
  for (let j = 0; j < out.length; j++) out[j] = problem.values[j]! - problem.costs[j]!;
  return out;
}

/** Eligibility and "only where value exceeds cost" as one n·K mask, or undefined when everything is allowed. */
function allowedMask(problem: AllocationProblem): Uint8Array | undefined {
  const { units: n, arms: K, values, costs } = problem;
  if (problem.eligible === undefined && problem.onlyWhereValueExceedsCost !== true) return undefined;
  const mask = new Uint8Array(n * K);
  for (let i = 0; i < n; i++) {
    const row = i * K;
    mask[row] = 1;
    for (let k = 1; k < K; k++) {
      let ok = problem.eligible === undefined || problem.eligible[row + k] !== 0;
      // Value and cost both measured over arm 0, in the same units (money).
      if (ok && problem.onlyWhereValueExceedsCost === true) ok = values[row + k]! - values[row]! > costs[row + k]! - costs[row]!;
      mask[row + k] = ok ? 1 : 0;
    }
  }
  return mask;
}
