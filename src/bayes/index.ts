export type { LogDensityTarget, TargetSource } from "./target.js";
export * from './sampler/index.js';
export * from './diagnostics/index.js';
