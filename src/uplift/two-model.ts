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
import { lazySchema } from '../util/schema.js';
import { preChecked } from '../learners/options-check.js';
import { makeLearner } from './learner-spec.js';
import { methodArgs, type MethodArgs } from './method-args.js';

/** The two-model method has no options of its own: `learner`, `task` and `seed` (MethodArgs). */
export type TwoModelOptions = MethodArgs;

/** Options of 'two-model' besides MethodArgs: none. */
export const twoModelOptionsSchema = lazySchema((z) => z.object({}).strict());

/**
 * @example
 * const X = featureMatrix([Float64Array.of(0, 1, 2, 3, 0, 1, 2, 3)], ['x']);
 * const arm = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1);
 * const y = Float64Array.of(1, 2, 3, 4, 2, 4, 6, 8);
 * const model = new TwoModel({ learner: { name: 'linear', options: { l2: 0 } }, task: 'regression' }).fit(X, arm, y);
 * const [upliftOfArm1] = model.predictUplift(X);
 * upliftOfArm1[3]; // 4 (8 − 4 at x = 3)
 */
export class TwoModel implements UpliftLearner {
  readonly method = 'two-model';
  readonly options: { seed: number };
  readonly warnings: string[] = [];
  private baseLearner: BaseLearner;
  private models: BaseLearner[] | undefined;

  constructor(args: TwoModelOptions) {
    const { learner, task, seed } = methodArgs<object>('two-model', twoModelOptionsSchema, args, true);
    this.options = { seed: seed ?? 0 };
    this.baseLearner = makeLearner(learner!, task, this.options.seed);
  }

  /** The unfitted base learner each arm's model is cloned from. */
  get base(): BaseLearner {
    return this.baseLearner;
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
    const base = learnerFromJSON(state.base);
    const model = new TwoModel(preChecked({ learner: { name: base.name }, task: base.task, seed: (json.options as { seed?: number }).seed ?? 0 }));
    model.baseLearner = base;
    if (Array.isArray(state.models)) {
      if (state.models.length < 2) throw upliftErrors.badState('two-model', 'fewer than two arm models');
      model.models = state.models.map((m) => learnerFromJSON(m));
    }
    return model;
  }
}
