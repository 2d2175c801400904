/** Solver backends and the exact knapsack solvers; all independent of how values were estimated. */
export type { KnapsackInput, Hulls, PlanTotals } from './knapsack.js';
export { buildHulls, planTotals, fillGreedy } from './knapsack.js';
export { GreedyFrontier } from './greedy.js';
export type { KnapsackSolution, FrontierPoint } from './greedy.js';
export { solveBudgetAndCap, armZeroIsCheapest } from './lagrangian.js';
export type { LagrangianOptions } from './lagrangian.js';
export type { LinearModel, LinearResult, LinearSolveOptions, LinearStatus, LinearBackend, BackendName } from './lp.js';
export { modelFromRows, objectiveOf } from './lp.js';
export { highsBackend } from './highs.js';
export { glpkBackend } from './glpk.js';
export { jslpBackend, JSLP_MAX_COLUMNS } from './jslp.js';
export { argsortDescending } from '../src/util/argsort.js';
export { criticalRatio } from './select.js';
