/**
 * Cross-fitted nuisance models and doubly robust scores — the one place the
 * DR-learner, the R-learner, policy trees and evaluation get them from.
 *
 * K-fold cross-fitting (Chernozhukov et al. 2018): rows are split into folds
 * (stratified by arm, seeded); each row's outcome and propensity predictions
 * come from models that never saw that row, so the scores built from them are
 * not overfitted to the row's own noise.
 *
 * Outcome models μ_k(x) = E[Y | x, arm k] are fitted per arm (any registered
 * base learner). Propensities e_k(x) = P(arm k | x) come from one classifier
 * (two arms) or one-vs-rest classifiers renormalised to sum to 1 (several
 * arms), or are the arm shares (a randomised test). They are clipped to at
 * least `clip` so inverse weights stay finite; how many rows were clipped is
 * reported, never hidden.
 *
 * Doubly robust score of arm k (Robins et al. 1994; policytree's
 * double_robust_scores): Γ_k(i) = μ_k(x_i) + 1{A_i = k}·(y_i − μ_k(x_i)) / e_k(x_i).
 * E[Γ_k | x] = E[Y(k) | x] when either μ_k or e_k is right.
 */
import type { FeatureMatrix } from '../data/features.js';
import { selectRows } from '../data/features.js';
import type { BaseLearner, LearnerTask } from '../learners/types.js';
import { Random } from '../util/random.js';
import { makeLearner, type LearnerSpec } from './learner-spec.js';
import { armSeed, countArms } from './types.js';
import { upliftErrors } from './messages.js';

export interface NuisanceOptions {
  /** Base learner of the outcome models μ_k. */
  readonly outcome: LearnerSpec;
  /** 'classification' for 0/1 outcomes (μ_k is a probability), else 'regression'. */
  readonly outcomeTask: LearnerTask;
  /** Base learner of the propensity model, or 'constant' (the arm shares: a randomised test). */
  readonly propensity: LearnerSpec | 'constant';
  /** Number of folds, at least 2 (default 5). */
  readonly folds?: number;
  /** Propensities below `clip` are raised to it (and above 1 − clip lowered, with two arms). Default 0.01; 0 = no clipping. */
  readonly clip?: number;
  readonly seed?: number;
}

export interface CrossFitted {
  /** Number of arms K (control = 0). */
  readonly k: number;
  /** Fold of each row, 0..folds-1. */
  readonly fold: Int32Array;
  readonly folds: number;
  /** μ_k for every row (out of fold), one array per arm including control. */
  readonly mu: Float64Array[];
  /** e_k for every row (out of fold, clipped), one array per arm; they sum to 1 per row. */
  readonly propensity: Float64Array[];
  /** Rows whose propensity was clipped, and the clip bound. */
  readonly clipped: number;
  readonly clip: number;
}

/**
 * Folds stratified by arm: each arm's rows are shuffled and dealt round-robin,
 * so every fold holds about 1/folds of every arm.
 */
export function assignFolds(arm: Int32Array, folds: number, seed: number): Int32Array {
  const rng = new Random(seed);
  const fold = new Int32Array(arm.length).fill(-1);
  const k = countArms(arm);
  let offset = 0;
  for (let a = 0; a < k; a++) {
    const rows: number[] = [];
    for (let i = 0; i < arm.length; i++) if (arm[i] === a) rows.push(i);
    rng.shuffle(rows);
    // Continue dealing where the last arm stopped, so small arms do not all start in fold 0.
    for (let j = 0; j < rows.length; j++) fold[rows[j]!] = (offset + j) % folds;
    offset = (offset + rows.length) % folds;
  }
  return fold;
}

/**
 * Out-of-fold predictions of a model fitted on the rows where `use` is 1:
 * the prediction for a row of fold f comes from the model fitted on the used
 * rows outside fold f. Rows with `use` 0 are predicted too (by their fold's model).
 */
export function crossFitPredict(
  make: (fold: number) => BaseLearner,
  X: FeatureMatrix,
  target: Float64Array,
  fold: Int32Array,
  folds: number,
  use: Uint8Array | undefined,
  method: string,
  what: string,
  weight?: Float64Array,
): Float64Array {
  const out = new Float64Array(X.nRows);
  for (let f = 0; f < folds; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < X.nRows; i++) {
      if (fold[i] === f) test.push(i);
      else if (use === undefined || use[i] === 1) train.push(i);
    }
    if (test.length === 0) continue;
    if (train.length === 0) throw upliftErrors.foldTooSmall(method, what, f);
    const y = Float64Array.from(train, (r) => target[r]!);
    const w = weight === undefined ? undefined : Float64Array.from(train, (r) => weight[r]!);
    const model = make(f).fit(selectRows(X, train), y, w === undefined ? {} : { sampleWeight: w });
    const p = model.predict(selectRows(X, test));
    for (let j = 0; j < test.length; j++) out[test[j]!] = p[j]!;
  }
  return out;
}

/** Cross-fitted outcome models per arm and propensities for every row. */
export function crossFitNuisance(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options: NuisanceOptions, method: string): CrossFitted {
  const folds = options.folds ?? 5;
  const clip = options.clip ?? 0.01;
  const seed = options.seed ?? 0;
  const k = countArms(arm);
  const counts = new Int32Array(k);
  for (const a of arm) if (a >= 0) counts[a]!++;
  for (let a = 0; a < k; a++) {
    if (counts[a]! === 0) throw upliftErrors.emptyArm(method, a);
    if (counts[a]! < folds) throw upliftErrors.armSmallerThanFolds(method, a, counts[a]!, folds);
  }
  const fold = assignFolds(arm, folds, seed);
  const mu: Float64Array[] = [];
  for (let a = 0; a < k; a++) {
    const use = Uint8Array.from(arm, (v) => (v === a ? 1 : 0));
    mu.push(
      crossFitPredict(
        (f) => makeLearner(options.outcome, options.outcomeTask, armSeed(seed, 10 * a + f)),
        X,
        y,
        fold,
        folds,
        use,
        method,
        `the outcome model of arm ${a}`,
      ),
    );
  }
  const propensity = crossFitPropensity(X, arm, k, counts, fold, folds, options.propensity, seed, method);
  const clipped = clipPropensities(propensity, clip);
  return { k, fold, folds, mu, propensity, clipped, clip };
}

function crossFitPropensity(
  X: FeatureMatrix,
  arm: Int32Array,
  k: number,
  counts: Int32Array,
  fold: Int32Array,
  folds: number,
  spec: LearnerSpec | 'constant',
  seed: number,
  method: string,
): Float64Array[] {
  const n = arm.length;
  if (spec === 'constant') return Array.from(counts, (c) => new Float64Array(n).fill(c / n));
  const oneVsRest = (a: number): Float64Array =>
    crossFitPredict(
      (f) => makeLearner(spec, 'classification', armSeed(seed, 1000 + 10 * a + f)),
      X,
      Float64Array.from(arm, (v) => (v === a ? 1 : 0)),
      fold,
      folds,
      undefined,
      method,
      `the propensity model of arm ${a}`,
    );
  if (k === 2) {
    const e1 = oneVsRest(1);
    return [Float64Array.from(e1, (p) => 1 - p), e1];
  }
  const e = Array.from({ length: k }, (_, a) => oneVsRest(a));
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = 0; a < k; a++) s += e[a]![i]!;
    for (let a = 0; a < k; a++) e[a]![i] = s > 0 ? e[a]![i]! / s : 1 / k;
  }
  return e;
}

/**
 * Raises every propensity below `clip` to `clip` and renormalises the row
 * (with two arms this is the usual [clip, 1 − clip]). Returns the number of
 * rows changed.
 */
export function clipPropensities(e: Float64Array[], clip: number): number {
  if (clip <= 0) return 0;
  const n = e[0]!.length;
  const k = e.length;
  let rows = 0;
  for (let i = 0; i < n; i++) {
    let low = 0;
    for (let a = 0; a < k; a++) if (e[a]![i]! < clip) low++;
    if (low === 0) continue;
    rows++;
    // Clipped arms get exactly `clip`; the others share the rest in proportion.
    let rest = 0;
    for (let a = 0; a < k; a++) if (e[a]![i]! >= clip) rest += e[a]![i]!;
    const scale = (1 - low * clip) / rest;
    for (let a = 0; a < k; a++) e[a]![i] = e[a]![i]! < clip ? clip : e[a]![i]! * scale;
  }
  return rows;
}

/** Γ_k(i) = μ_k(x_i) + 1{A_i = k}·(y_i − μ_k(x_i)) / e_k(x_i), one array per arm. */
export function doublyRobustScores(cf: Pick<CrossFitted, 'mu' | 'propensity'>, arm: Int32Array, y: Float64Array): Float64Array[] {
  return cf.mu.map((mu, a) => {
    const e = cf.propensity[a]!;
    const g = new Float64Array(mu.length);
    for (let i = 0; i < mu.length; i++) g[i] = arm[i] === a ? mu[i]! + (y[i]! - mu[i]!) / e[i]! : mu[i]!;
    return g;
  });
}
