/** The public API of liftwise. */
export * from './errors.js';
export * from './data/index.js';
export { Random } from './util/random.js';
export type { Progress } from './util/progress.js';
export { silentProgress } from './util/progress.js';
export type { BaseLearner, LearnerJSON, LearnerTask, FitOptions } from './learners/types.js';
