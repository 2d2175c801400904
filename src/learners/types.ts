/**
 * The base-learner contract every model in liftwise builds on (scikit-learn's
 * estimator rules): options in the constructor with documented defaults,
 * `fit` returns `this`, learned state kept apart from options, `predict` after
 * `fit`, and `toJSON()` / `fromJSON()` that round-trip exactly. Same options,
 * same seed, same data → the same model, bit for bit.
 */
import type { FeatureMatrix } from '../data/features.js';
import type { Progress } from '../util/progress.js';

export type LearnerTask = 'classification' | 'regression';

export interface FitOptions {
  /** Non-negative weight per row; learners that cannot use weights say so by throwing. */
  readonly sampleWeight?: Float64Array;
  /** Receives progress while fitting (e.g. trees done); silent by default. */
  readonly progress?: Progress;
}

/** The saved form of a fitted learner. `state` is learner-specific and JSON-safe. */
export interface LearnerJSON {
  /** Registry name, e.g. 'logistic'. */
  readonly learner: string;
  /** Format version of `state` for this learner. */
  readonly version: number;
  readonly task: LearnerTask;
  readonly options: object;
  readonly state: unknown;
}

export interface BaseLearner {
  /** Registry name, e.g. 'logistic', 'ml-random-forest'. */
  readonly name: string;
  /** Classification learners predict P(y = 1) for a 0/1 target; regression learners predict a value. */
  readonly task: LearnerTask;
  /** True once `fit` has run (or the learner was loaded). */
  readonly isFitted: boolean;
  fit(X: FeatureMatrix, y: Float64Array, options?: FitOptions): this;
  /** P(y = 1) for classification, the predicted value for regression. */
  predict(X: FeatureMatrix): Float64Array;
  /** A new unfitted learner with the same options (and optionally another seed). */
  clone(overrides?: { seed?: number }): BaseLearner;
  toJSON(): LearnerJSON;
}
