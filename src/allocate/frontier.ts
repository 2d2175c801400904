/**
 * The budget frontier: the best plan at many budgets from one sort of the
 * hull steps (the greedy order does not depend on the budget), so a sweep of
 * 50 budgets costs about as much as one solve.
 */
import { GreedyFrontier } from '../../solvers/knapsack/greedy.js';
import type { AllocationProblem } from './problem.js';
import { validateProblem } from './validate.js';
import { prepareProblem } from './prepare.js';
import { allocateErrors } from './messages.js';

export interface BudgetFrontierPoint {
  readonly budget: number;
  /** Objective of the integer plan at this budget (NaN when no plan fits the budget). */
  readonly objective: number;
  /** LP bound at this budget. */
  readonly bound: number;
  readonly gap: number;
  readonly spend: number;
  readonly recipients: number;
}

/**
 * Plans at each budget for a problem with one budget and per-unit rules (the
 * problem's own `budget` is ignored). Without `fill` a point costs a binary
 * search; with `fill` a pass over the units (a better integer plan).
 *
 * @example
 * const problem = { units: 3, arms: 2, values: Float64Array.of(0, 5, 0, 4, 0, 1), costs: Float64Array.of(0, 2, 0, 2, 0, 2), budget: 4 };
 * budgetFrontier(problem, [2, 4, 6]).map((p) => p.objective); // [5, 9, 10]
 */
export function budgetFrontier(
  problem: AllocationProblem,
  budgets: readonly number[],
  options: { fill?: boolean } = {},
): BudgetFrontierPoint[] {
  validateProblem(problem);
  budgets.forEach((b, j) => {
    if (!(Number.isFinite(b) && b >= 0)) throw allocateErrors.negativeBudget(['budgets', j], b);
  });
  const prepared = prepareProblem(problem);
  if (prepared.structure !== 'budget') {
    throw allocateErrors.solverCannot('frontier', 'the one-pass frontier needs a problem with one budget and per-unit rules only', 'solveAllocation at each budget');
  }
  const frontier = GreedyFrontier.build(prepared.input);
  return frontier.sweep(budgets, options).map((p) => ({
    budget: p.budget,
    objective: p.value,
    bound: p.bound,
    gap: p.bound - p.value,
    spend: p.cost,
    recipients: p.recipients,
  }));
}
