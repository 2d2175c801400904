export type { BaseLearner, LearnerJSON, LearnerTask, FitOptions } from './types.js';
