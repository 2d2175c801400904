export { UpliftRandomForest } from './uplift-forest.js';
export type { UpliftRandomForestOptions, UpliftRandomForestJSON, UpliftForestFitOptions } from './uplift-forest.js';
export type { UpliftCriterion } from './criteria.js';
