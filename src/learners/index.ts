export type { BaseLearner, LearnerJSON, LearnerTask, FitOptions } from './types.js';
export { LogisticRegression, RidgeRegression, sigmoid } from './linear.js';
export type { LinearOptions } from './linear.js';
export { MlRandomForest, MlCart } from './ml-adapters.js';
export type { MlRandomForestOptions, MlCartOptions, ProbabilityMethod } from './ml-adapters.js';
export { createLearner, learnerFromJSON, learnerNames, learnerEntry, registerLearner } from './registry.js';
export type { LearnerEntry } from './registry.js';
export * from './trees/index.js';
