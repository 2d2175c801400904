export { UpliftRandomForest } from './uplift-forest.js';
export type { UpliftRandomForestOptions, UpliftRandomForestArgs, UpliftRandomForestJSON, UpliftForestFitOptions } from './uplift-forest.js';
export type { UpliftCriterion } from './criteria.js';
