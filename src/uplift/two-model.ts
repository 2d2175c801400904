/**
 * The two-model learner (T-learner): one base model per arm, control
 * included; uplift of arm k = f_k(x) − f_0(x). Works for any number of arms
 * and for binary (classification) or continuous (regression) outcomes.
 */
import type { FeatureMatrix } from '../data/features.js';
import { selectRows } from '../data/features.js';
import type { BaseLearner } from '../learners/types.js';
import { learnerFromJSON } from '../learners/registry.js';
import type { LearnerJSON } from '../learners/types.js';
import type { UpliftFitOptions, UpliftLearner, UpliftLearnerJSON } from './types.js';
import { armSeed, checkFitInputs, rowsInArms } from './types.js';
import { upliftErrors } from './messages.js';

export interface TwoModelOptions {
  /** Seed from which each arm's model seed is derived (default 0). */
  readonly seed?: number;
}

/**
 * @example
 * const model = new TwoModel(new LogisticRegression()).fit(X, arm, y);
 * const [upliftOfArm1] = model.predictUplift(X);
 */
export class TwoModel implements UpliftLearner {
  readonly method = 'two-model';
  readonly base: BaseLearner;
  readonly options: { seed: number };
  readonly warnings: string[] = [];
  private models: BaseLearner[] | undefined;

  constructor(base: BaseLearner, options: TwoModelOptions = {}) {
    this.base = base;
    this.options = { seed: options.seed ?? 0 };
  }

  get isFitted(): boolean {
    return this.models !== undefined;
  }

  /** The fitted per-arm models (index 0 = control). */
  get armModels(): readonly BaseLearner[] {
    if (this.models === undefined) throw upliftErrors.notFitted(this.method);
    return this.models;
  }

  fit(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options: UpliftFitOptions = {}): this {
    const k = checkFitInputs(this.method, X, arm, y);
    const models: BaseLearner[] = [];
    for (let a = 0; a < k; a++) {
      const rows = rowsInArms(arm, [a]);
      if (rows.length === 0) throw upliftErrors.emptyArm(this.method, a);
      const yArm = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) yArm[i] = y[rows[i]!]!;
      const model = this.base.clone({ seed: armSeed(this.options.seed, a) });
      model.fit(selectRows(X, rows), yArm, options.progress === undefined ? {} : { progress: options.progress });
      models.push(model);
    }
    this.models = models;
    return this;
  }

  predictUplift(X: FeatureMatrix): Float64Array[] {
    const models = this.armModels;
    const control = models[0]!.predict(X);
    return models.slice(1).map((m) => {
      const p = m.predict(X);
      for (let i = 0; i < p.length; i++) p[i]! -= control[i]!;
      return p;
    });
  }

  toJSON(): UpliftLearnerJSON {
    return {
      method: this.method,
      version: 1,
      options: { ...this.options },
      state: {
        base: this.base.toJSON(),
        models: this.models === undefined ? null : this.models.map((m) => m.toJSON()),
      },
    };
  }

  static fromJSON(json: UpliftLearnerJSON): TwoModel {
    const state = json.state as { base?: LearnerJSON; models?: LearnerJSON[] | null } | null;
    if (state === null || typeof state !== 'object' || state.base === undefined) {
      throw upliftErrors.badState('two-model', 'the base learner is missing');
    }
    const model = new TwoModel(learnerFromJSON(state.base), json.options as TwoModelOptions);
    if (Array.isArray(state.models)) {
      if (state.models.length < 2) throw upliftErrors.badState('two-model', 'fewer than two arm models');
      model.models = state.models.map((m) => learnerFromJSON(m));
    }
    return model;
  }
}
