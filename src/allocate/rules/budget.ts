/**
 * The main budget: Σ cost of the plan ≤ budget. One of the two prices of the
 * exact knapsack methods; its quick check: giving every unit its cheapest
 * allowed arm must fit.
 */
import { allocateErrors } from '../messages.js';
import type { AllocationProblem } from '../problem.js';
import { fmt, type RuleKind, type ScenarioSchemaParts } from './kind.js';

export interface BudgetFields {
  /** Σ cost of the plan ≤ budget. Absent = no budget. */
  readonly budget?: number;
}

export const budgetTexts = {
  rule: (limit: number) => `the budget (total cost ≤ ${fmt(limit)})`,
  baseAboveBudget: (need: number, budget: number) =>
    `even giving every unit its cheapest arm costs ${fmt(need)}, more than the budget of ${fmt(budget)}`,
};

/** A budget must be a finite number ≥ 0. */
export function checkBudget(field: ReadonlyArray<string | number>, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw allocateErrors.negativeBudget(field, value);
}

/** The budget, Infinity when there is none. */
export function budgetOf(problem: AllocationProblem): number {
  return problem.budget ?? Infinity;
}

/** The scenario's `constraints.budget`. */
export const budgetScenarioFields = ({ z }: ScenarioSchemaParts) => ({ budget: z.number().nonnegative().nullable().optional() });

export const budgetRule: RuleKind = {
  name: 'budget',
  fields: ['budget'],
  shape: 'budget',
  present: (problem) => problem.budget !== undefined,
  validate(problem) {
    if (problem.budget !== undefined) checkBudget(['budget'], problem.budget);
  },
  rows: ({ problem, budget }) => (budget < Infinity ? [{ row: { lower: -Infinity, upper: budget, costs: problem.costs }, text: budgetTexts.rule(budget), role: 'budget' }] : []),
  check: ({ problem, spend, within }) => (problem.budget !== undefined && !within(spend, problem.budget) ? budgetTexts.rule(problem.budget) : undefined),
  quickInfeasibility: ({ base, budget, budgetText }) =>
    base > budget * (1 + 1e-12) ? { message: budgetTexts.baseAboveBudget(base, budget), rules: [budgetText] } : undefined,
  syntax: {
    scenarioPaths: { budget: 'budget' },
    fromScenario: (constraints) => {
      const budget = constraints.budget as number | null | undefined;
      return budget === undefined || budget === null ? {} : { budget };
    },
  },
};
