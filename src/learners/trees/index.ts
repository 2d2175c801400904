export { RandomForest } from './forest.js';
export type { RandomForestOptions } from './forest.js';
export { GradientBoosting } from './boosting.js';
export type { GradientBoostingOptions } from './boosting.js';
export type { MaxFeatures } from './options.js';
