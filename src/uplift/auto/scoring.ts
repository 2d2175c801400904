/**
 * Out-of-fold scores of grid members.
 *
 * Randomised data: the Qini AUC (scikit-uplift's normalised area, numeric
 * outcomes summed instead of counted) of the out-of-fold uplift, per treated
 * arm against control, averaged over arms.
 *
 * Observational data: the Qini compares treated with control rows as if they
 * were alike, which confounding breaks; the R-score does not. With m(x) =
 * E[y | x] and e(x) = P(treated | x) fitted out of fold, the R-loss of an
 * uplift τ is mean((y − m − (t − e)·τ)²) (Nie & Wager's R-learner loss), and
 * the score is 1 − loss(τ) / loss(τ̄), τ̄ the best constant effect — EconML's
 * RScorer. 0: no better than one effect for everyone; higher is better.
 */
import type { FeatureMatrix } from '../../data/features.js';
import { selectRows } from '../../data/features.js';
import { GradientBoosting } from '../../learners/trees/boosting.js';
import { QiniRanking, poisson1, quantile } from '../../metrics/qiniAucInterval.js';
import { Random } from '../../util/random.js';
import { armSeed, rowsInArms } from '../types.js';
import { foldRows } from './folds.js';

/** Rows of one treated arm and the control, with what the scores need about them. */
export interface ArmRows {
  /** Label of the treated arm. */
  readonly arm: string;
  /** Row indices (into the fitting rows) of arm k and the control. */
  readonly rows: Int32Array;
  readonly t: Float64Array;
  readonly y: Float64Array;
  /** Out-of-fold propensity P(arm k | x, arm ∈ {0, k}). */
  readonly e: Float64Array;
  /** Out-of-fold E[y | x] on these rows (observational data only). */
  readonly m: Float64Array | null;
  /** Fold of each of these rows. */
  readonly fold: Int32Array;
}

/** Settings of the nuisance models: boosting regularised like the uplift defaults (leaves of ≥ 50 rows, 15 leaves). */
const NUISANCE = { nIterations: 100, learningRate: 0.1, maxLeaves: 15, minSamplesLeaf: 50 } as const;

/** Out-of-fold predictions of a boosting model of `target` on `rows`. */
function outOfFold(X: FeatureMatrix, rows: Int32Array, target: Float64Array, fold: Int32Array, nFolds: number, classification: boolean, seed: number): Float64Array {
  const subFold = Int32Array.from(rows, (r) => fold[r]!);
  const out = new Float64Array(rows.length);
  for (let f = 0; f < nFolds; f++) {
    const { train, test } = foldRows(subFold, f);
    if (test.length === 0) continue;
    const yTrain = Float64Array.from(train, (i) => target[i]!);
    let ones = 0;
    for (const v of yTrain) ones += v;
    // A fold with one class only (a tiny arm) gets the training share.
    if (classification && (ones === 0 || ones === yTrain.length)) {
      for (const i of test) out[i] = ones / Math.max(1, yTrain.length);
      continue;
    }
    const model = new GradientBoosting({ task: classification ? 'classification' : 'regression', ...NUISANCE, seed: armSeed(seed, f) });
    model.fit(selectRows(X, Int32Array.from(train, (i) => rows[i]!)), yTrain);
    const p = model.predict(selectRows(X, Int32Array.from(test, (i) => rows[i]!)));
    for (let j = 0; j < test.length; j++) out[test[j]!] = p[j]!;
  }
  return out;
}

/** Per treated arm: its rows with the control, treatment flags, outcomes, and out-of-fold nuisances. */
export function armRows(
  X: FeatureMatrix,
  arm: Int32Array,
  y: Float64Array,
  fold: Int32Array,
  nFolds: number,
  armLabels: readonly string[],
  withOutcomeModel: boolean,
  seed: number,
): ArmRows[] {
  const out: ArmRows[] = [];
  for (let k = 1; k < armLabels.length; k++) {
    const rows = rowsInArms(arm, [0, k]);
    const t = Float64Array.from(rows, (r) => (arm[r] === k ? 1 : 0));
    const yk = Float64Array.from(rows, (r) => y[r]!);
    const e = outOfFold(X, rows, t, fold, nFolds, true, armSeed(seed, 500 + k));
    // Keep propensities away from 0 and 1 as the learners' own clip does, so residuals stay bounded.
    for (let i = 0; i < e.length; i++) e[i] = Math.min(0.99, Math.max(0.01, e[i]!));
    const binary = yk.every((v) => v === 0 || v === 1);
    const m = withOutcomeModel ? outOfFold(X, rows, yk, fold, nFolds, binary, armSeed(seed, 600 + k)) : null;
    out.push({ arm: armLabels[k]!, rows, t, y: yk, e, m, fold: Int32Array.from(rows, (r) => fold[r]!) });
  }
  return out;
}

/**
 * Is treatment predictable from the features? The out-of-fold propensity's
 * AUC for telling treated from control rows, against its null distribution
 * under randomisation (Mann–Whitney: mean 1/2, variance (n₁ + n₀ + 1) / (12 n₁ n₀)).
 * z above 3.3 (one-sided p < 0.0005) in any arm calls the data observational.
 */
export function randomisationCheck(arms: readonly ArmRows[]): { auc: number; z: number; observational: boolean }[] {
  return arms.map((a) => {
    const n = a.t.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a.e[i]! - a.e[j]!);
    // Mid-ranks for ties.
    let rankSum = 0;
    let n1 = 0;
    for (let r = 0; r < n; ) {
      let s = r;
      while (s + 1 < n && a.e[order[s + 1]!] === a.e[order[r]!]) s++;
      const mid = (r + s) / 2 + 1;
      for (let q = r; q <= s; q++) {
        if (a.t[order[q]!] === 1) {
          rankSum += mid;
          n1++;
        }
      }
      r = s + 1;
    }
    const n0 = n - n1;
    const auc = n1 === 0 || n0 === 0 ? 0.5 : (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * n0);
    const z = n1 === 0 || n0 === 0 ? 0 : (auc - 0.5) / Math.sqrt((n1 + n0 + 1) / (12 * n1 * n0));
    return { auc, z, observational: z > 3.3 };
  });
}

/** A member's criterion on one arm as a function of Poisson row weights (null: every row once). */
export type Criterion = (w: Float64Array | null) => number;

/**
 * Qini AUC of out-of-fold uplift on one arm, computed within each fold and
 * averaged: each fold's uplift comes from one model, so its ranking is
 * consistent, while pooling folds would mix the scales of three models.
 */
export function qiniCriterion(a: ArmRows, uplift: Float64Array, nFolds: number): Criterion {
  const parts: { idx: Int32Array; ranking: QiniRanking }[] = [];
  for (let f = 0; f < nFolds; f++) {
    const idx: number[] = [];
    let treated = 0;
    for (let i = 0; i < a.fold.length; i++) {
      if (a.fold[i] === f) {
        idx.push(i);
        treated += a.t[i]!;
      }
    }
    if (treated === 0 || treated === idx.length) continue;
    const rows = Int32Array.from(idx);
    const ranking = new QiniRanking(
      Float64Array.from(rows, (i) => a.y[i]!),
      Uint8Array.from(rows, (i) => a.t[i]!),
      Float64Array.from(rows, (i) => uplift[a.rows[i]!]!),
    );
    parts.push({ idx: rows, ranking });
  }
  return (w) => {
    let sum = 0;
    for (const p of parts) sum += p.ranking.value(w === null ? null : Float64Array.from(p.idx, (i) => w[i]!));
    return parts.length === 0 ? NaN : sum / parts.length;
  };
}

/** The R-score of out-of-fold uplift on one arm (observational data). */
export function rCriterion(a: ArmRows, uplift: Float64Array): Criterion {
  return (w) => rScoreWeighted(a, uplift, w);
}

/** Poisson(1) weights for n rows. */
export function poissonWeights(rng: Random, n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = poisson1(rng);
  return w;
}

/** Percentile interval of a criterion over Poisson bootstrap replicates. */
export function criterionInterval(criterion: Criterion, n: number, seed: number, replicates = 200, level = 0.95) {
  const estimate = criterion(null);
  const rng = new Random(seed);
  const values: number[] = [];
  for (let b = 0; b < replicates; b++) {
    const v = criterion(poissonWeights(rng, n));
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((x, y) => x - y);
  const lower = quantile(values, (1 - level) / 2);
  const upper = quantile(values, 1 - (1 - level) / 2);
  return { estimate, lower, upper, level, replicates, containsZero: !(lower > 0) };
}

/**
 * Share of paired bootstrap replicates in which `challenger` scores above
 * `incumbent` (the same weights for both, arms averaged): the evidence that
 * the challenger is really better rather than luckier on these folds.
 */
export function pairedWinShare(challenger: readonly Criterion[], incumbent: readonly Criterion[], arms: readonly ArmRows[], seed: number, replicates = 200): number {
  const rng = new Random(seed);
  let wins = 0;
  for (let b = 0; b < replicates; b++) {
    let diff = 0;
    arms.forEach((a, k) => {
      const w = poissonWeights(rng, a.rows.length);
      diff += challenger[k]!(w) - incumbent[k]!(w);
    });
    if (diff > 0) wins++;
  }
  return wins / replicates;
}

/** R-score (1 − R-loss / R-loss of the best constant effect) with Poisson weights w (null: all 1). */
function rScoreWeighted(a: ArmRows, tau: Float64Array, w: Float64Array | null): number {
  const m = a.m!;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < a.rows.length; i++) {
    const wi = w === null ? 1 : w[i]!;
    const ry = a.y[i]! - m[i]!;
    const rt = a.t[i]! - a.e[i]!;
    sxy += wi * ry * rt;
    sxx += wi * rt * rt;
  }
  const constant = sxx === 0 ? 0 : sxy / sxx;
  let loss = 0;
  let base = 0;
  for (let i = 0; i < a.rows.length; i++) {
    const wi = w === null ? 1 : w[i]!;
    const ry = a.y[i]! - m[i]!;
    const rt = a.t[i]! - a.e[i]!;
    loss += wi * (ry - rt * tau[a.rows[i]!]!) ** 2;
    base += wi * (ry - rt * constant) ** 2;
  }
  return base === 0 ? 0 : 1 - loss / base;
}
