/**
 * From a validated problem to what the solvers read: the values of the chosen
 * objective, the allowed arms (every per-unit rule folded into one mask), and
 * the structure that decides which solver is exact for it.
 */
import type { KnapsackInput } from '../../solvers/knapsack/hulls.js';
import { armZeroIsCheapest } from '../../solvers/knapsack/lagrangian.js';
import type { AllocationProblem } from './problem.js';
import type { RuleKind } from './rules/kind.js';
import { budgetOf } from './rules/budget.js';
import { capOf } from './rules/max-recipients.js';
import { RULE_KINDS } from './rules/registry.js';

/**
 * 'budget': one budget (or none) and per-unit rules only → the greedy is exact.
 * 'budget-cap': that plus a recipient cap → the Lagrangian with two prices.
 * 'general': side rules (more budgets, arm limits, segment rules, a recipient
 * minimum, …) → the core method or an LP/MIP solver.
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

/** The side rules (shape 'side') a problem has: what the knapsack methods cannot take. */
export function sideRules(problem: AllocationProblem): RuleKind[] {
  return RULE_KINDS.filter((kind) => kind.shape === 'side' && kind.present(problem));
}

/** Prepares a problem that `validateProblem` accepted. */
export function prepareProblem(problem: AllocationProblem): Prepared {
  const { units: n, arms: K, costs } = problem;
  const values = objectiveValues(problem);
  const allowed = allowedMask(problem);
  const input: KnapsackInput = { n, arms: K, values, costs, allowed };
  const budget = budgetOf(problem);
  const cap = capOf(problem);
  let structure: Structure = 'general';
  if (sideRules(problem).length === 0) {
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

/** Every per-unit rule as one n·K mask (1 = allowed; arm 0 always), or undefined when everything is allowed. */
function allowedMask(problem: AllocationProblem): Uint8Array | undefined {
  const kinds = RULE_KINDS.filter((kind) => kind.restrict !== undefined && kind.present(problem));
  if (kinds.length === 0) return undefined;
  const mask = new Uint8Array(problem.units * problem.arms).fill(1);
  for (const kind of kinds) kind.restrict!(problem, mask);
  return mask;
}
