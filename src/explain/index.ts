export { permutationImportance } from './permutation.js';
export type { FeatureImportance, PermutationOptions } from './permutation.js';
