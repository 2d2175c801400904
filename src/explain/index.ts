export { permutationImportance } from './permutation.js';
export type { FeatureImportance, PermutationOptions } from './permutation.js';
export { treeShap } from './tree-shap.js';
export type { TreeShapOptions, TreeShapValues } from './tree-shap.js';
export { samplingShapley } from './sampling-shapley.js';
export type { SamplingShapleyOptions, ShapleyEstimate } from './sampling-shapley.js';
export { explainUplift, meanAbsoluteShap } from './uplift-shap.js';
export type { ExplainMethod, ExplainOptions, UpliftExplanation } from './uplift-shap.js';
