/**
 * Defaults for base learners inside an uplift method, and the default method
 * and learner.
 *
 * A learner's own defaults are a classifier's: trees grown until leaves are
 * pure (forest minSamplesLeaf 1), boosting with 31-leaf trees of 20 rows.
 * That fits each arm's outcome as closely as possible, but an uplift is a
 * difference of fits (or a regression on their residuals), so their noise
 * adds up while the effect — a few points of a response rate — drowns in it.
 * Inside an uplift method the learners get leaves of a share of the rows and
 * gentler boosting; options a user gives still win, and the learners'
 * standalone defaults are unchanged.
 *
 * Every value was chosen on the simulated campaigns of
 * bench/uplift-defaults.bench.mjs (shapes smooth, step, sparse, categorical,
 * hillstrom; binary and numeric; randomised and confounded; 10^3 to 10^5
 * rows), scored as (true value of a 20 %-budget plan − random) / (oracle −
 * random); BENCHMARKS.md, "Default and auto uplift", has the table. The
 * comments quote the mean plan score over the seven 10^3-10^4 campaigns, two
 * seeds each, measured while choosing.
 */
import type { OutcomeKind } from './types.js';

/** Uplift-context defaults of each base learner, applied under the user's options. */
export const UPLIFT_LEARNER_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  forest: {
    // Leaves of 2 % of the rows: fully grown trees (leaf 1) planned 0.53-0.60 of the oracle's value on the smooth and
    // step campaigns where leaves of 100 rows reached 0.73-0.86; a share rather than a count because a fixed 200
    // rows was best at 10^4 rows but left 10^3-row campaigns with no split at all (x-learner 0.74 vs 0.82 mean).
    minSamplesLeaf: 0.02,
    // Half the features at each split rather than sqrt(p): effects often depend on two or three features jointly, and
    // sqrt of ~10 encoded columns seldom offers both at one split (x-learner 0.821 vs 0.797 mean).
    maxFeatures: 0.5,
  },
  boosting: {
    // Small, slow trees: the standalone 0.1 × 100 iterations of 31-leaf trees chased each arm's noise (two-model 0.49
    // smooth, 0.55 step); 0.05 × 100 of 7-leaf trees with leaves of ≥ 2 % of the rows gave the S-learner 0.915 mean,
    // against 0.808 for 15 leaves of 100 rows and 0.882 for leaves of 4 %.
    learningRate: 0.05,
    nIterations: 100,
    maxLeaves: 7,
    minSamplesLeaf: 0.02,
  },
};

/** The learner's options inside an uplift method: the uplift defaults, then the user's options over them. */
export function upliftLearnerOptions(name: string, options: object | undefined): Record<string, unknown> {
  return { ...(UPLIFT_LEARNER_DEFAULTS[name] ?? {}), ...(options ?? {}) };
}

/**
 * The method `liftwise fit` uses without --method: the S-learner (one model,
 * treatment as a feature) with boosting planned 0.915 of the oracle's value on
 * average, 98 % of the best of 40 method × learner × setting combinations
 * chosen per campaign (two-model logistic, the old default, 0.63).
 */
export const DEFAULT_METHOD = 's-learner';

/** The base learner used without --learner (boosting handles missing values and categorical codes natively). */
export function defaultLearner(_outcome: OutcomeKind): string {
  return 'boosting';
}
