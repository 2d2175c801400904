/** The allocation layer: problems, rules, plans and the solve entry points. */
export type { AllocationProblem, ArmLimit, ExtraBudget, SegmentRule, Objective } from './problem.js';
export { armLabel } from './problem.js';
export { validateProblem } from './validate.js';
export type { Plan, PlanStatus, PlanSummary, SolverName, Infeasibility } from './plan.js';
export { summarizePlan, findBrokenRule, SOLVER_NAMES } from './plan.js';
export { solveAllocation } from './solve.js';
export type { SolveOptions } from './solve.js';
export { budgetFrontier } from './frontier.js';
export type { FrontierPoint as BudgetFrontierPoint } from './frontier.js';
export { doseProblem, doseLevels, checkLevels } from './dose.js';
export type { DoseSpec, DoseRules } from './dose.js';
export { buildModel } from './model.js';
export type { BuiltModel } from './model.js';
export { prepareProblem } from './prepare.js';
export type { Prepared, Structure } from './prepare.js';
