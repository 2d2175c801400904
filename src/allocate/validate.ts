/**
 * Checks an allocation problem before any solver sees it, and names the
 * field at fault: shapes and finite values and non-negative costs here, then
 * each rule kind's own checks (rules/*.ts, in registry order): non-negative
 * budgets, a cap no larger than n, and rules that contradict each other
 * whatever the data (a minimum above its maximum, minimums that need more
 * recipients than the cap allows). Rules that only fail for these data (not
 * enough budget for a minimum) are infeasibility, explained by `explain.ts`.
 */
import type { AllocationProblem } from './problem.js';
import { allocateErrors } from './messages.js';
import { checkMatrix } from './shape.js';
import { isCount } from './rules/kind.js';
import { RULE_KINDS } from './rules/registry.js';

/**
 * Throws an InputError (exit code 2) naming the first field that is wrong.
 *
 * @example
 * validateProblem({ units: 1, arms: 2, values: Float64Array.of(0, 1), costs: Float64Array.of(0, 1), budget: -1 }); // throws E_NEGATIVE_BUDGET
 */
export function validateProblem(problem: AllocationProblem): void {
  const { units: n, arms: K } = problem;
  if (!isCount(n) || n < 1) throw allocateErrors.badCount('units', n, 'a whole number ≥ 1');
  if (!isCount(K) || K < 2) throw allocateErrors.badCount('arms', K, 'a whole number ≥ 2 (arm 0 = no treatment, and at least one treatment)');
  if (problem.armLabels !== undefined && problem.armLabels.length !== K) {
    throw allocateErrors.badLength('armLabels', problem.armLabels.length, K, 'one label per arm');
  }
  checkMatrix(problem, 'values', problem.values, false);
  checkMatrix(problem, 'costs', problem.costs, true);
  for (const kind of RULE_KINDS) kind.validate?.(problem);
}

// Where these lived before the rule kinds had modules.
export { segmentsOf, minCount, maxCount } from './rules/segments.js';
