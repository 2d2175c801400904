export { modelFileSchema } from './schema.js';
export type { ModelFile, ModelFileNode } from './schema.js';
export { readModelFile, parseModelFile, bindModelFile, needsData } from './load.js';
export type { BindOptions } from './load.js';
