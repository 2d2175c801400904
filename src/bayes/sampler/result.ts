/**
 * What sample() returns: draws of the constrained parameters for every chain
 * (chain-major, then draw, then parameter) and Stan's per-draw sampler
 * statistics, all on typed arrays.
 */
import type { ChainOutput } from './chain.js';

/** Draws of named quantities: values[(chain·draws + draw)·P + p], P = parameterNames.length. */
export interface DrawsArray {
  readonly parameterNames: readonly string[];
  readonly chains: number;
  readonly draws: number;
  readonly values: Float64Array;
}

/** Stan's sampler parameters per draw, chain-major (index chain·draws + draw). */
export interface SamplerStats {
  /** Log density at the draw (unconstrained, Jacobian included; Stan's lp__). */
  readonly lp: Float64Array;
  readonly acceptStat: Float64Array;
  readonly stepSize: Float64Array;
  readonly treeDepth: Int32Array;
  readonly nLeapfrog: Int32Array;
  /** 1 if the trajectory diverged. */
  readonly divergent: Uint8Array;
  /** Hamiltonian at the draw (Stan's energy__). */
  readonly energy: Float64Array;
}

/** Adaptation outcome and timing of one chain. */
export interface ChainInfo {
  readonly stepSize: number;
  /** Diagonal inverse metric (variances on the unconstrained scale). */
  readonly inverseMetric: Float64Array;
  /** Unconstrained initial point. */
  readonly initialPoint: Float64Array;
  readonly warmupSeconds: number;
  readonly samplingSeconds: number;
  /** CPU seconds of the chain's thread (warmup and draws; NaN where the platform cannot tell). */
  readonly cpuSeconds: number;
}

export interface SampleResult extends DrawsArray {
  readonly stats: SamplerStats;
  readonly chainInfo: readonly ChainInfo[];
  /** Warmup iterations per chain (not kept). */
  readonly warmup: number;
  readonly maxTreeDepth: number;
  readonly seed: number;
  /** Worker threads used (0: ran in the calling thread). */
  readonly threads: number;
  /** Wall-clock seconds of the whole call. */
  readonly wallSeconds: number;
}

/** Sampler statistic names as Stan writes them, in Stan's column order. */
export const STAN_STAT_COLUMNS = [
  ['lp__', 'lp'],
  ['accept_stat__', 'acceptStat'],
  ['stepsize__', 'stepSize'],
  ['treedepth__', 'treeDepth'],
  ['n_leapfrog__', 'nLeapfrog'],
  ['divergent__', 'divergent'],
  ['energy__', 'energy'],
] as const;

/** Joins the chains' outputs (in chain order) into one result. */
export function assembleResult(
  parameterNames: readonly string[],
  outputs: readonly ChainOutput[],
  meta: { warmup: number; draws: number; maxTreeDepth: number; seed: number; threads: number; wallSeconds: number },
): SampleResult {
  const chains = outputs.length;
  const n = meta.draws;
  const P = parameterNames.length;
  const values = new Float64Array(chains * n * P);
  const stats = {
    lp: new Float64Array(chains * n),
    acceptStat: new Float64Array(chains * n),
    stepSize: new Float64Array(chains * n),
    treeDepth: new Int32Array(chains * n),
    nLeapfrog: new Int32Array(chains * n),
    divergent: new Uint8Array(chains * n),
    energy: new Float64Array(chains * n),
  };
  const chainInfo: ChainInfo[] = [];
  outputs.forEach((out, c) => {
    values.set(out.values, c * n * P);
    stats.lp.set(out.lp, c * n);
    stats.acceptStat.set(out.acceptStat, c * n);
    stats.stepSize.set(out.stepSize, c * n);
    stats.treeDepth.set(out.treeDepth, c * n);
    stats.nLeapfrog.set(out.nLeapfrog, c * n);
    stats.divergent.set(out.divergent, c * n);
    stats.energy.set(out.energy, c * n);
    chainInfo.push({
      stepSize: out.adaptedStepSize,
      inverseMetric: out.inverseMetric,
      initialPoint: out.initialPoint,
      warmupSeconds: out.warmupSeconds,
      samplingSeconds: out.samplingSeconds,
      cpuSeconds: out.cpuSeconds,
    });
  });
  return {
    parameterNames: [...parameterNames],
    chains,
    draws: n,
    values,
    stats,
    chainInfo,
    warmup: meta.warmup,
    maxTreeDepth: meta.maxTreeDepth,
    seed: meta.seed,
    threads: meta.threads,
    wallSeconds: meta.wallSeconds,
  };
}

/**
 * The draws of one quantity, chain-major (index chain·draws + draw).
 *
 * @example
 * const d = { parameterNames: ['a', 'b'], chains: 1, draws: 2, values: new Float64Array([1, 2, 3, 4]) };
 * parameterDraws(d, 'b'); // Float64Array [2, 4]
 */
export function parameterDraws(draws: DrawsArray, parameter: string | number): Float64Array {
  const p = typeof parameter === 'number' ? parameter : draws.parameterNames.indexOf(parameter);
  const P = draws.parameterNames.length;
  if (p < 0 || p >= P) throw new RangeError(`no parameter ${JSON.stringify(parameter)} in the draws`);
  const total = draws.chains * draws.draws;
  const out = new Float64Array(total);
  const values = draws.values;
  for (let i = 0; i < total; i++) out[i] = values[i * P + p]!;
  return out;
}
