export type { LogDensityTarget, TargetSource } from "./target.js";
export * from './sampler/index.js';
export * from './diagnostics/index.js';
// Models: declaring, compiling, do / observe, predictive and effect draws, model files.
export { Model, MODEL_FORMAT as BAYES_MODEL_FORMAT, MODEL_VERSION as BAYES_MODEL_VERSION } from './model/model.js';
export type { ModelJSON, ParamOptions, ModelTargetArgs } from './model/model.js';
export type { ModelSpec, NodeSpec, DataNodeSpec, GroupNodeSpec, ParamNodeSpec, ObservedNodeSpec, DeterministicNodeSpec, Numbers } from './model/spec.js';
export { CompiledModel } from './model/compile.js';
export type { CompileOptions, FreeParameter } from './model/compile.js';
export { families as distributionFamilies } from './distributions/index.js';
export type { Family as DistributionFamily, Support as DistributionSupport } from './distributions/index.js';
export {
  observe,
  intervene,
  do,
  predictive,
  priorPredictive,
  cate,
  armEffects,
  posteriorEffects,
  expectedOutcomes,
  averageEffect,
  meanOverDraws,
} from './causal/index.js';
export type { InterventionValue, PredictiveOptions, PriorPredictiveOptions, NodeDraws, NewData, EffectOptions, EffectDraws } from './causal/index.js';
export { readModelFile, parseModelFile, bindModelFile, modelFileSchema } from './modelfile/index.js';
export type { ModelFile, ModelFileNode, BindOptions } from './modelfile/index.js';
