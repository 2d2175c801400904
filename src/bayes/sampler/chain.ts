/**
 * One chain from start to finish: find an initial point, warm up (step size by
 * dual averaging, diagonal metric in windows), then draw. Runs the same in the
 * main thread and in a worker, so results never depend on where a chain ran.
 */
import type { LogDensityTarget } from '../target.js';
import { Random } from '../../util/random.js';
import { Nuts } from './nuts.js';
import { DualAveraging, MetricWindows, WelfordVariance } from './adaptation.js';
import { samplerErrors } from './messages.js';
import { threadCpuSeconds } from './thread-cpu.js';

/** Everything one chain needs; structured-clonable so it can cross to a worker. */
export interface ChainConfig {
  /** 0-based chain index (only used in messages). */
  readonly chain: number;
  /** Seed of this chain's own random stream. */
  readonly seed: number;
  readonly warmup: number;
  readonly draws: number;
  readonly targetAccept: number;
  readonly maxTreeDepth: number;
  /** Step size the warmup starts from (Stan: 1). Also μ = log(10·stepSize) for dual averaging. */
  readonly stepSize: number;
  /** Initial point on the unconstrained scale, or the radius of uniform(−r, r) inits. */
  readonly init: Float64Array | number;
  readonly initBuffer: number;
  readonly termBuffer: number;
  readonly window: number;
  readonly gamma: number;
  readonly kappa: number;
  readonly t0: number;
  /** Report progress every this many iterations. */
  readonly progressEvery: number;
}

/** A chain's draws (draw-major: values[d·P + p]) and per-draw sampler statistics. */
export interface ChainOutput {
  readonly chain: number;
  readonly values: Float64Array;
  readonly lp: Float64Array;
  readonly acceptStat: Float64Array;
  readonly stepSize: Float64Array;
  readonly treeDepth: Int32Array;
  readonly nLeapfrog: Int32Array;
  readonly divergent: Uint8Array;
  readonly energy: Float64Array;
  /** Step size used for the draws. */
  readonly adaptedStepSize: number;
  /** Diagonal inverse metric used for the draws (variances on the unconstrained scale). */
  readonly inverseMetric: Float64Array;
  /** The unconstrained point the chain started from. */
  readonly initialPoint: Float64Array;
  readonly warmupSeconds: number;
  readonly samplingSeconds: number;
  /** CPU seconds of the chain's thread over warmup and draws (NaN where the platform cannot tell). */
  readonly cpuSeconds: number;
}

const INIT_ATTEMPTS = 100;

/**
 * Runs one chain on a target.
 *
 * @example
 * const target = { dim: 1, parameterNames: ['x'], constrain: (t: Float64Array, o: Float64Array) => o.set(t),
 *   logDensityGradient: (t: Float64Array, g: Float64Array) => { g[0] = -t[0]!; return -0.5 * t[0]! * t[0]!; } };
 * const out = runChain(target, { ...defaultChainSettings, chain: 0, seed: 1, warmup: 200, draws: 100 });
 * out.values.length; // 100
 */
export function runChain(
  target: LogDensityTarget,
  config: ChainConfig,
  onProgress: (done: number) => void = () => {},
): ChainOutput {
  const dim = target.dim;
  if (!(Number.isInteger(dim) && dim > 0)) throw samplerErrors.emptyTarget();
  const names = target.parameterNames.length;
  const rng = new Random(config.seed);
  const nuts = new Nuts(target, config.maxTreeDepth);
  const initialPoint = findInitialPoint(nuts, config, rng);

  const total = config.warmup + config.draws;
  let done = 0;
  const tick = (): void => {
    done++;
    if (done % config.progressEvery === 0 || done === total) onProgress(done);
  };

  // Warmup.
  const cpuStart = threadCpuSeconds();
  const warmupStart = performance.now();
  nuts.stepSize = config.stepSize;
  if (config.warmup > 0) {
    const dual = new DualAveraging(
      { delta: config.targetAccept, gamma: config.gamma, kappa: config.kappa, t0: config.t0 },
      Math.log(10 * config.stepSize),
    );
    const windows = new MetricWindows(config.warmup, config.initBuffer, config.termBuffer, config.window);
    const variance = new WelfordVariance(dim);
    tuneStepSize(nuts, rng, config.chain);
    for (let it = 0; it < config.warmup; it++) {
      nuts.transition(rng);
      nuts.stepSize = dual.learn(nuts.stats.acceptStat);
      const w = windows.step();
      if (w.collect) variance.add(nuts.point.q);
      if (w.windowEnded) {
        variance.regularizedVariance(nuts.inverseMetric);
        for (let i = 0; i < dim; i++) {
          if (!Number.isFinite(nuts.inverseMetric[i]!)) throw samplerErrors.metricOverflow(config.chain);
        }
        variance.restart();
        tuneStepSize(nuts, rng, config.chain);
        dual.mu = Math.log(10 * nuts.stepSize);
        dual.restart();
      }
      tick();
    }
    nuts.stepSize = dual.final();
  }
  const warmupSeconds = (performance.now() - warmupStart) / 1000;

  // Draws.
  const n = config.draws;
  const values = new Float64Array(n * names);
  const lp = new Float64Array(n);
  const acceptStat = new Float64Array(n);
  const stepSize = new Float64Array(n);
  const treeDepth = new Int32Array(n);
  const nLeapfrog = new Int32Array(n);
  const divergent = new Uint8Array(n);
  const energy = new Float64Array(n);
  const row = new Float64Array(names);
  const samplingStart = performance.now();
  for (let d = 0; d < n; d++) {
    nuts.transition(rng);
    const s = nuts.stats;
    target.constrain(nuts.point.q, row);
    values.set(row, d * names);
    lp[d] = nuts.point.lp;
    acceptStat[d] = s.acceptStat;
    stepSize[d] = s.stepSize;
    treeDepth[d] = s.treeDepth;
    nLeapfrog[d] = s.nLeapfrog;
    divergent[d] = s.divergent ? 1 : 0;
    energy[d] = s.energy;
    tick();
  }
  const samplingSeconds = (performance.now() - samplingStart) / 1000;
  const cpuSeconds = threadCpuSeconds() - cpuStart;

  return {
    chain: config.chain,
    values,
    lp,
    acceptStat,
    stepSize,
    treeDepth,
    nLeapfrog,
    divergent,
    energy,
    adaptedStepSize: nuts.stepSize,
    inverseMetric: Float64Array.from(nuts.inverseMetric),
    initialPoint,
    warmupSeconds,
    samplingSeconds,
    cpuSeconds,
  };
}

function tuneStepSize(nuts: Nuts, rng: Random, chain: number): void {
  const outcome = nuts.initStepSize(rng);
  if (outcome === 'improper') throw samplerErrors.improperPosterior(chain);
  if (outcome === 'zero') throw samplerErrors.noStepSize(chain);
}

/** Stan's initialisation: up to 100 uniform(−r, r) points until the log density and gradient are finite. */
function findInitialPoint(nuts: Nuts, config: ChainConfig, rng: Random): Float64Array {
  const dim = nuts.dim;
  const q = new Float64Array(dim);
  if (typeof config.init !== 'number') {
    if (config.init.length !== dim) throw samplerErrors.initLength(config.chain, config.init.length, dim);
    q.set(config.init);
    if (!acceptable(nuts, q)) throw samplerErrors.initRejected(config.chain);
    return q;
  }
  const radius = config.init;
  const attempts = radius === 0 ? 1 : INIT_ATTEMPTS;
  for (let attempt = 0; attempt < attempts; attempt++) {
    for (let i = 0; i < dim; i++) q[i] = radius === 0 ? 0 : radius * (2 * rng.uniform() - 1);
    if (acceptable(nuts, q)) return q;
  }
  throw samplerErrors.noInitialPoint(config.chain, attempts, radius);
}

function acceptable(nuts: Nuts, q: Float64Array): boolean {
  const lp = nuts.setPosition(q);
  if (!Number.isFinite(lp)) return false;
  const g = nuts.point.g;
  for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i]!)) return false;
  return true;
}

/** Stan's defaults for everything but the chain index and seed. */
export const defaultChainSettings = {
  warmup: 1000,
  draws: 1000,
  targetAccept: 0.8,
  maxTreeDepth: 10,
  stepSize: 1,
  init: 2,
  initBuffer: 75,
  termBuffer: 50,
  window: 25,
  gamma: 0.05,
  kappa: 0.75,
  t0: 10,
  progressEvery: 50,
} as const;
