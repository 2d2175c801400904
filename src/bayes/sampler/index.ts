/**
 * The NUTS sampler: Stan's multinomial No-U-Turn sampler with a diagonal
 * metric, dual-averaging step size and windowed metric adaptation.
 *
 * API
 * ---
 * `sample(target, options?) → Promise<SampleResult>`
 *   - `target`: a `TargetSource` ({ module, exportName, args }: chains run in
 *     worker threads, each rebuilding the target with
 *     `(await import(module))[exportName](args)`), or a `LogDensityTarget`
 *     object (chains run one after another in the calling thread).
 *   - `options` (all optional; Stan's defaults): chains 4, warmup 1000,
 *     draws 1000, seed 0, targetAccept 0.8, maxTreeDepth 10, stepSize 1
 *     (where warmup starts), init 2 (radius of uniform(−r, r) inits on the
 *     unconstrained scale; 0 = zeros; or one point, or one point per chain),
 *     threads (default and maximum min(chains, os.availableParallelism())),
 *     progress (a Progress; total = chains × (warmup + draws) iterations),
 *     adaptation { initBuffer 75, termBuffer 50, window 25, gamma 0.05,
 *     kappa 0.75, t0 10 }.
 *   - Same seed → same draws bit for bit, whatever `threads` is and whether
 *     the chains ran in workers or in-thread: chain c's random stream depends
 *     only on (seed, c).
 *   - Bad options throw InputError (code E_SAMPLER_OPTION / E_SAMPLER_INIT,
 *     path ['options', name]); a chain that cannot start or tune throws a
 *     LiftwiseError (E_SAMPLER_NO_INIT, E_SAMPLER_IMPROPER, ...).
 *
 * `SampleResult` (a `DrawsArray` plus sampler output):
 *   - parameterNames, chains, draws; values: Float64Array of the constrained
 *     parameters, index (chain·draws + draw)·P + p with P = parameterNames.length
 *     (so one draw's vector is values.subarray(row·P, row·P + P));
 *   - stats: lp, acceptStat, stepSize, treeDepth, nLeapfrog, divergent,
 *     energy — one entry per draw, chain-major (Stan's lp__, accept_stat__,
 *     stepsize__, treedepth__, n_leapfrog__, divergent__, energy__);
 *   - chainInfo[c]: adapted stepSize, inverseMetric (variances on the
 *     unconstrained scale), initialPoint, warmupSeconds, samplingSeconds,
 *     cpuSeconds (CPU time of the chain thread; NaN off Linux);
 *   - warmup, maxTreeDepth, seed, threads (0 = in-thread), wallSeconds.
 * `parameterDraws(result, name | index)` → that quantity's draws, chain-major.
 * `drawsToCsv(result)` / `writeDrawsCsv(path, result)`: chain, draw,
 *   parameters..., lp__, accept_stat__, ... (written atomically).
 *
 * Diagnostics and the summary table live in ../diagnostics.
 *
 * @example
 * import { sample } from 'liftwise';
 * import { referenceTargetSource } from 'liftwise/internals';
 * const fit = await sample(referenceTargetSource('funnelTarget', { dim: 10 }), { chains: 2, warmup: 300, draws: 300, seed: 1 });
 * fit.stats.divergent.reduce((a, b) => a + b, 0) > 0; // true (the funnel's neck)
 */
export { sample } from './sample.js';
export type { SampleOptions, AdaptationOptions } from './options.js';
export type { DrawsArray, SamplerStats, ChainInfo, SampleResult } from './result.js';
export { parameterDraws, STAN_STAT_COLUMNS } from './result.js';
export { drawsToCsv, writeDrawsCsv } from './draws-csv.js';
// The NUTS kernel, adaptation, chains and the reference targets are internals: src/internals.ts.
