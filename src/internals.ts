/**
 * `liftwise/internals`: the parts under the public API, for benchmarks, tests
 * and people extending liftwise. No stability promise: names here change with
 * the code they expose. The public entry (src/index.ts, `liftwise`) re-exports
 * none of them.
 *
 * - the NUTS kernel, its adaptation and chains, and the reference targets the
 *   sampler is tested on (a funnel, Gaussians, Rethinking's reedfrogs);
 * - the example Bayesian models (Rethinking m13.2, the paint line);
 * - model plumbing for worker threads (modelTarget / modelSource) and the
 *   node helpers predictive draws use;
 * - the allocation layer's preparation and LP/MIP model building;
 * - the numerical engine (solvers/: the exact knapsack methods, the LP/MIP
 *   backends, the core method's coupling rows);
 * - low-level tree code (the histogram binner).
 *
 * @example
 * import { sample } from 'liftwise';
 * import { referenceTargetSource } from 'liftwise/internals';
 * const fit = await sample(referenceTargetSource('gaussianTarget', { means: [0, 3], sds: [1, 2] }), { chains: 1, warmup: 200, draws: 200, seed: 1 });
 * fit.parameterNames.length; // 2
 */
// Sampler internals and reference targets.
export { isTargetSource } from './bayes/sampler/sample.js';
export { Nuts, PhasePoint, MAX_DELTA_H } from './bayes/sampler/nuts.js';
export type { TransitionStats } from './bayes/sampler/nuts.js';
export { DualAveraging, MetricWindows, WelfordVariance } from './bayes/sampler/adaptation.js';
export { runChain, defaultChainSettings } from './bayes/sampler/chain.js';
export type { ChainConfig, ChainOutput } from './bayes/sampler/chain.js';
export { chainSeeds } from './bayes/sampler/options.js';
export { gaussianTarget, correlatedGaussianTarget, funnelTarget, reedfrogsTarget, referenceTargetSource } from './bayes/sampler/reference-targets.js';
// Example models and model plumbing.
export { m13_2Model, m13_2Target, m13_2Source, paintLineData, paintLineModel, PAINT_LINE } from './bayes/model/examples.js';
export { modelTarget, modelSource } from './bayes/model/model.js';
export { nodeLengths as modelNodeLengths } from './bayes/causal/conditioning.js';
export { withData as withModelData } from './bayes/causal/predictive.js';
// Allocation: from a problem to the solver's model.
export { prepareProblem } from './allocate/prepare.js';
export type { Prepared, Structure } from './allocate/prepare.js';
export { buildModel } from './allocate/model.js';
export type { BuiltModel } from './allocate/model.js';
// The numerical engine.
export * from '../solvers/index.js';
// Low-level tree code.
export { BinMapper } from './learners/trees/binning.js';
export type { BinnedData } from './learners/trees/binning.js';
