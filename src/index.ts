/** The public API of liftwise (package entry `liftwise`): each area's barrel, and nothing else. What lies under it (sampler internals, solvers, example models, ...) is `liftwise/internals` (internals.ts). */
export * from './errors.js';
export * from './data/index.js';
export * from './learners/index.js';
export * from './uplift/index.js';
export * from './effects/index.js';
export * from './metrics/index.js';
export * from './bayes/index.js';
export * from './causal/index.js';
export * from './allocate/index.js';
export * from './policy/index.js';
export * from './explain/index.js';
export * from './scenario/index.js';
export { Random } from './util/random.js';
export type { Progress } from './util/progress.js';
export { silentProgress } from './util/progress.js';
