/**
 * The numerical engine, independent of how values were estimated and of the
 * business rules: backends/ (highs, glpk.js, javascript-lp-solver reading one
 * LP model), knapsack/ (the exact greedy and Lagrangian methods), core/ (the
 * core method: sifting LP, repair, core search, gap closing over coupling rows).
 */
export type { KnapsackInput, Hulls, PlanTotals } from './knapsack/hulls.js';
export { buildHulls, planTotals, fillGreedy } from './knapsack/hulls.js';
export { GreedyFrontier } from './knapsack/greedy.js';
export type { KnapsackSolution, KnapsackFrontierPoint } from './knapsack/greedy.js';
/** @deprecated the old name of KnapsackFrontierPoint (the greedy's point of a budget sweep). */
export type { KnapsackFrontierPoint as FrontierPoint } from './knapsack/greedy.js';
export { solveBudgetAndCap, armZeroIsCheapest } from './knapsack/lagrangian.js';
export type { LagrangianOptions } from './knapsack/lagrangian.js';
export type { LpModel, LinearResult, LinearSolveOptions, LinearStatus, LinearBackend, BackendName } from './backends/lp-model.js';
/** @deprecated the old name of LpModel (the sparse LP/MIP model every backend reads; not the linear learners). */
export type { LpModel as LinearModel } from './backends/lp-model.js';
export { modelFromRows, objectiveOf } from './backends/lp-model.js';
export { highsBackend } from './backends/highs.js';
export { glpkBackend } from './backends/glpk.js';
export { jslpBackend, JSLP_MAX_COLUMNS } from './backends/jslp.js';
export { argsortDescending } from '../src/util/argsort.js';
export { criticalRatio } from './knapsack/select.js';
