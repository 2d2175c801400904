/**
 * Sampler options: defaults (Stan's), validation with messages that name the
 * option, and the per-chain configurations they resolve to.
 */
import { availableParallelism } from 'node:os';
import type { Progress } from '../../util/progress.js';
import { Random } from '../../util/random.js';
import { defaultChainSettings, type ChainConfig } from './chain.js';
import { samplerErrors } from './messages.js';

/** Warmup tuning knobs; Stan's defaults. */
export interface AdaptationOptions {
  /** Iterations before the first metric window (75). */
  readonly initBuffer?: number;
  /** Iterations after the last metric window, step size only (50). */
  readonly termBuffer?: number;
  /** Length of the first metric window; later ones double (25). */
  readonly window?: number;
  /** Dual averaging γ (0.05). */
  readonly gamma?: number;
  /** Dual averaging κ (0.75). */
  readonly kappa?: number;
  /** Dual averaging t0 (10). */
  readonly t0?: number;
}

export interface SampleOptions {
  /** Number of chains (4). */
  readonly chains?: number;
  /** Warmup iterations per chain, not kept (1000). */
  readonly warmup?: number;
  /** Kept draws per chain (1000). */
  readonly draws?: number;
  /** Seed; each chain gets its own stream derived from (seed, chain) (0). */
  readonly seed?: number;
  /** Target acceptance statistic δ for step-size adaptation (0.8). */
  readonly targetAccept?: number;
  /** Maximum tree depth: at most 2^depth − 1 leapfrog steps per draw (10). */
  readonly maxTreeDepth?: number;
  /** Step size warmup starts from (1). */
  readonly stepSize?: number;
  /**
   * Initial values on the unconstrained scale: a radius r for uniform(−r, r)
   * inits (2; 0 means all zeros), one point for every chain, or one point per chain.
   */
  readonly init?: number | ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;
  /** Worker threads for a TargetSource: at most min(chains, os.availableParallelism()) (that is the default). */
  readonly threads?: number;
  /** Progress reporter: total = chains × (warmup + draws) iterations. */
  readonly progress?: Progress;
  readonly adaptation?: AdaptationOptions;
}

/** Options after defaults and validation. */
export interface ResolvedSampleOptions {
  readonly chains: number;
  readonly warmup: number;
  readonly draws: number;
  readonly seed: number;
  readonly targetAccept: number;
  readonly maxTreeDepth: number;
  readonly threads: number;
  readonly configs: readonly ChainConfig[];
}

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw samplerErrors.badInteger(name, value, min, max);
  }
  return value;
}

function real(name: string, value: unknown, fallback: number, ok: (x: number) => boolean, rule: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) throw samplerErrors.badNumber(name, value, rule);
  return value;
}

/** Per-chain seeds: chain c's stream depends only on (seed, c), never on how many chains or threads run. */
export function chainSeeds(seed: number, chains: number): number[] {
  const root = new Random(seed);
  const seeds: number[] = [];
  for (let c = 0; c < chains; c++) seeds.push(root.nextUint32() * 2 ** 21 + (root.nextUint32() >>> 11));
  return seeds;
}

function isPointList(init: unknown): init is ReadonlyArray<ArrayLike<number>> {
  return Array.isArray(init) && init.length > 0 && typeof init[0] === 'object' && init[0] !== null;
}

function toPoint(values: ArrayLike<number>, chain: number): Float64Array {
  const point = Float64Array.from(values);
  for (let i = 0; i < point.length; i++) if (!Number.isFinite(point[i]!)) throw samplerErrors.initNotFinite(chain, i);
  return point;
}

/** Applies defaults, checks every option and builds one ChainConfig per chain. */
export function resolveSampleOptions(options: SampleOptions = {}): ResolvedSampleOptions {
  const d = defaultChainSettings;
  const chains = integer('chains', options.chains, 4, 1, 10_000);
  const warmup = integer('warmup', options.warmup, d.warmup, 0, 1e9);
  const draws = integer('draws', options.draws, d.draws, 1, 1e9);
  const seed = real('seed', options.seed, 0, () => true, 'a finite number');
  const targetAccept = real('targetAccept', options.targetAccept, d.targetAccept, (x) => x > 0 && x < 1, 'between 0 and 1 (exclusive)');
  const maxTreeDepth = integer('maxTreeDepth', options.maxTreeDepth, d.maxTreeDepth, 1, 30);
  const stepSize = real('stepSize', options.stepSize, d.stepSize, (x) => x > 0, 'a positive number');
  const cores = Math.max(1, availableParallelism());
  const threads = Math.min(integer('threads', options.threads, Math.min(chains, cores), 1, 10_000), chains, cores);
  const a = options.adaptation ?? {};
  const initBuffer = integer('adaptation.initBuffer', a.initBuffer, d.initBuffer, 0, 1e9);
  const termBuffer = integer('adaptation.termBuffer', a.termBuffer, d.termBuffer, 0, 1e9);
  const window = integer('adaptation.window', a.window, d.window, 1, 1e9);
  const gamma = real('adaptation.gamma', a.gamma, d.gamma, (x) => x > 0, 'a positive number');
  const kappa = real('adaptation.kappa', a.kappa, d.kappa, (x) => x > 0, 'a positive number');
  const t0 = real('adaptation.t0', a.t0, d.t0, (x) => x > 0, 'a positive number');

  const init = options.init ?? d.init;
  const inits: Array<Float64Array | number> = [];
  if (typeof init === 'number') {
    real('init', init, d.init, (x) => x >= 0, 'a radius ≥ 0 or initial values');
    for (let c = 0; c < chains; c++) inits.push(init);
  } else if (isPointList(init)) {
    if (init.length !== chains) throw samplerErrors.initCount(init.length, chains);
    for (let c = 0; c < chains; c++) inits.push(toPoint(init[c]!, c));
  } else {
    for (let c = 0; c < chains; c++) inits.push(toPoint(init as ArrayLike<number>, c));
  }

  const progressEvery = Math.max(1, Math.floor((warmup + draws) / 100));
  const seeds = chainSeeds(seed, chains);
  const configs: ChainConfig[] = [];
  for (let c = 0; c < chains; c++) {
    configs.push({
      chain: c,
      seed: seeds[c]!,
      warmup,
      draws,
      targetAccept,
      maxTreeDepth,
      stepSize,
      init: inits[c]!,
      initBuffer,
      termBuffer,
      window,
      gamma,
      kappa,
      t0,
      progressEvery,
    });
  }
  return { chains, warmup, draws, seed, targetAccept, maxTreeDepth, threads, configs };
}
