/** Options of the bart and bcf uplift methods (zod; unknown keys are errors naming their path). */
import type { z } from 'zod';
import { lazySchema, type Zod } from '../../util/schema.js';
import { BART_DEFAULTS } from '../../learners/bart/prior.js';

const common = (z: Zod) => ({
  alpha: z.number().gt(0).lt(1),
  beta: z.number().min(0),
  k: z.number().gt(0),
  nu: z.number().gt(0),
  q: z.number().gt(0).lt(1),
  cuts: z.number().int().min(2).max(255),
  minLeaf: z.number().int().min(0),
  chains: z.number().int().min(1).max(64),
  /** Grow-from-root (XBART) sweeps that start each chain before its warm-up sweeps. */
  gfr: z.number().int().min(0),
  warmup: z.number().int().min(0),
  draws: z.number().int().min(1),
  /** Posterior draws of the forests kept in the saved model. */
  keep: z.number().int().min(1),
  threads: z.number().int().min(1),
  seed: z.number().int(),
});

export const bartOptionsSchema = lazySchema((z) => z.object({ ...common(z), trees: z.number().int().min(1) }).partial().strict());

export const bcfOptionsSchema = lazySchema((z) =>
  z
    .object({
      ...common(z),
      /** Trees of the prognostic forest μ. */
      trees: z.number().int().min(1),
      /** Trees of each arm's effect forest τ_k (bcf's default 50). */
      treesTau: z.number().int().min(1),
      /**
       * The effect forests' split probability α_τ(1 + depth)^−β_τ. Default by outcome (TAU_TREE_PRIOR): 0.7 and 2 for
       * a 0/1 outcome, bcf's published 0.25 and 3 for a continuous one.
       */
      alphaTau: z.number().gt(0).lt(1),
      betaTau: z.number().min(0),
      /** Prior sd of μ(x) and τ(x) in outcome sds (bcf: 2 and 1). */
      muScale: z.number().gt(0),
      tauScale: z.number().gt(0),
      /**
       * Each effect forest learns its scale: τ_k(x) = s_k·τ̃_k(x), s_k ~ N(0, 1) (Hahn, Murray and Carvalho's
       * parameter expansion with the control coefficient at 0). Default false: the fixed-scale prior (the
       * learned scale settles below 1 and under-promises plan values; BENCHMARKS.md).
       */
      adaptiveCoding: z.boolean(),
      /** Each effect forest's leaf variance ~ IG(3, 2·(τ leaf sd)²), sampled (stochtree's sample_sigma2_leaf). */
      sampleLeafScaleTau: z.boolean(),
      /** Each effect forest has an intercept τ₀ ~ N(0, (τ sd)²), so its trees shrink towards it (stochtree's sample_tau_0). */
      tauIntercept: z.boolean(),
      /** Each effect forest's α (split probability α(1 + d)^−β) is drawn from a uniform prior on 0.05, 0.10, …, 0.95 (alphaTau starts it). */
      learnAlphaTau: z.boolean(),
    })
    .partial()
    .strict(),
);

export type BartOptions = z.infer<ReturnType<typeof bartOptionsSchema>>;
export type BcfOptions = z.infer<ReturnType<typeof bcfOptionsSchema>>;

export interface ResolvedOptions {
  trees: number;
  alpha: number;
  beta: number;
  k: number;
  nu: number;
  q: number;
  cuts: number;
  minLeaf: number;
  chains: number;
  gfr: number;
  warmup: number;
  draws: number;
  keep: number;
  threads: number;
  seed: number;
  treesTau: number;
  alphaTau: number;
  betaTau: number;
  muScale: number;
  tauScale: number;
  adaptiveCoding: boolean;
  sampleLeafScaleTau: boolean;
  tauIntercept: boolean;
  learnAlphaTau: boolean;
}

/**
 * The effect forests' default tree prior (α_τ, β_τ) by outcome kind (issue 14; BENCHMARKS.md, "bcf's effect-forest
 * prior"). bcf's 0.25 and 3 grows almost only stumps, an additive effect. A 0/1 outcome carries little information
 * per row, so the prior decides: stumps flattened the simulated campaign's interaction and plans on the posterior
 * mean promised 21 % less than they delivered (8 of 20 seeds' 90 % intervals held the truth); with 0.7 and 2, 7.6 %
 * less and 18 of 20, and better coverage and absolute error on the step, sparse, categorical and smooth shapes (the
 * additive smooth one, 20 seeds, turns from −12 % to +11 %). A continuous outcome lets the
 * data grow the trees: there the deeper prior over-promised plans (the campaign's spend, 10 seeds: +18.9 % against
 * +1.8 %) and lost per-unit accuracy (√PEHE 0.246 against 0.206 in bench/bart-coverage, IHDP 0.495 against 0.442),
 * so it keeps bcf's.
 */
export const TAU_TREE_PRIOR = {
  binary: { alpha: 0.7, beta: 2 },
  continuous: { alpha: 0.25, beta: 3 },
} as const;

/**
 * bart's tree prior on a 0/1 outcome (issue 14; BENCHMARKS.md, "bart's tree prior on 0/1 outcomes"): β 1 instead of
 * CGM's 2. bart's one forest carries the effect only through trees that split on the treatment below other splits,
 * and a 0/1 outcome carries too little per row to grow them against β 2: plans on bart's posterior mean promised
 * 19 % less than they delivered on the simulated campaign (13 of 20 seeds' 90 % intervals held the truth); with
 * β 1, 5.6 % less and 18 of 20. Continuous outcomes and bcf's μ forest keep CGM's 0.95 and 2.
 */
export const BART_BINARY_TREE_PRIOR = { alpha: 0.95, beta: 1 } as const;

/**
 * Options with their defaults. `binary`: the outcome is 0/1 (probit), which sets the effect forests' tree prior
 * and, for `method` 'bart', its forest's.
 */
export function resolveOptions(options: BcfOptions, threads: number, binary: boolean, method: 'bart' | 'bcf'): ResolvedOptions {
  const tauPrior = binary ? TAU_TREE_PRIOR.binary : TAU_TREE_PRIOR.continuous;
  const treePrior = binary && method === 'bart' ? BART_BINARY_TREE_PRIOR : BART_DEFAULTS;
  return {
    trees: options.trees ?? BART_DEFAULTS.trees,
    alpha: options.alpha ?? treePrior.alpha,
    beta: options.beta ?? treePrior.beta,
    k: options.k ?? BART_DEFAULTS.k,
    nu: options.nu ?? BART_DEFAULTS.nu,
    q: options.q ?? BART_DEFAULTS.q,
    cuts: options.cuts ?? BART_DEFAULTS.cuts,
    minLeaf: options.minLeaf ?? BART_DEFAULTS.minLeaf,
    chains: options.chains ?? BART_DEFAULTS.chains,
    gfr: options.gfr ?? BART_DEFAULTS.gfr,
    warmup: options.warmup ?? BART_DEFAULTS.warmup,
    draws: options.draws ?? BART_DEFAULTS.draws,
    keep: options.keep ?? BART_DEFAULTS.keep,
    threads: options.threads ?? threads,
    seed: options.seed ?? 0,
    treesTau: options.treesTau ?? 50,
    alphaTau: options.alphaTau ?? tauPrior.alpha,
    betaTau: options.betaTau ?? tauPrior.beta,
    muScale: options.muScale ?? 2,
    tauScale: options.tauScale ?? 1,
    adaptiveCoding: options.adaptiveCoding ?? false,
    sampleLeafScaleTau: options.sampleLeafScaleTau ?? false,
    tauIntercept: options.tauIntercept ?? false,
    learnAlphaTau: options.learnAlphaTau ?? false,
  };
}
