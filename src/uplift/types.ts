/**
 * The uplift-learner contract. Arms are coded 0 = control, 1..K-1 = treatments,
 * -1 = a row to leave out. An uplift learner returns one uplift column per
 * treated arm: the estimated E[Y | x, arm k] − E[Y | x, control].
 */
import type { FeatureMatrix } from '../data/features.js';
import type { Progress } from '../util/progress.js';
import type { Effects } from '../effects/effects.js';
import { upliftErrors } from './messages.js';

export type OutcomeKind = 'binary' | 'continuous';

export interface UpliftFitOptions {
  readonly progress?: Progress;
  /**
   * The treatment's numeric value per row (a scholarship amount, a discount
   * percentage), for learners that model a dose (the S-learner with levels).
   */
  readonly dose?: Float64Array;
}

export interface UpliftLearnerJSON {
  /** Method name, e.g. 'two-model'. */
  readonly method: string;
  readonly version: number;
  readonly options: object;
  readonly state: unknown;
}

export interface UpliftLearner {
  readonly method: string;
  readonly isFitted: boolean;
  /** Warnings found while fitting (e.g. an unbalanced split for class transformation). */
  readonly warnings: readonly string[];
  fit(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options?: UpliftFitOptions): this;
  /** One Float64Array per treated arm (arms 1..K-1), each of length X.nRows. */
  predictUplift(X: FeatureMatrix): Float64Array[];
  /**
   * Effects with draws for every row of X (arm labels are codes '0'..'K-1';
   * the model relabels them). Learners with a posterior (bart, bcf) have it.
   */
  predictEffects?(X: FeatureMatrix, options?: { readonly draws?: number }): Effects;
  toJSON(): UpliftLearnerJSON;
}

/** Number of arms (control included) implied by the codes. */
export function countArms(arm: Int32Array): number {
  let k = 0;
  for (let i = 0; i < arm.length; i++) if (arm[i]! + 1 > k) k = arm[i]! + 1;
  return k;
}

/** Indices of rows whose arm is in `arms`. */
export function rowsInArms(arm: Int32Array, arms: readonly number[]): Int32Array {
  const wanted = new Uint8Array(Math.max(...arms, 0) + 1);
  for (const a of arms) wanted[a] = 1;
  let n = 0;
  for (let i = 0; i < arm.length; i++) {
    const a = arm[i]!;
    if (a >= 0 && a < wanted.length && wanted[a] === 1) n++;
  }
  const rows = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < arm.length; i++) {
    const a = arm[i]!;
    if (a >= 0 && a < wanted.length && wanted[a] === 1) rows[j++] = i;
  }
  return rows;
}

/** A seed for the model of arm k, derived so each arm's learner gets its own stream. */
export function armSeed(seed: number, k: number): number {
  return (seed + Math.imul(k, 0x9e3779b1)) | 0;
}

/**
 * The checks every uplift learner makes before fitting: lengths agree and
 * there is a control and at least one treated arm. Returns the arm count K.
 */
export function checkFitInputs(method: string, X: FeatureMatrix, arm: Int32Array, y: Float64Array): number {
  if (arm.length !== X.nRows) throw upliftErrors.lengthMismatch('the treatment', arm.length, X.nRows);
  if (y.length !== X.nRows) throw upliftErrors.lengthMismatch('the outcome', y.length, X.nRows);
  const k = countArms(arm);
  if (k < 2) throw upliftErrors.tooFewArms(method);
  return k;
}
