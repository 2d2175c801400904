/**
 * The transformed-outcome learner (Athey & Imbens): regress
 * z = y·(t − p)/(p·(1 − p)) on x, where p is the propensity. E[z | x] is the
 * CATE for any treated share (an 85/15 split included) and for continuous
 * outcomes. With several treated arms, one regression per arm on that arm's
 * rows and the control rows.
 */
import type { FeatureMatrix } from '../data/features.js';
import { selectRows } from '../data/features.js';
import type { BaseLearner, LearnerJSON } from '../learners/types.js';
import { makeLearner, type LearnerSpec } from './learner-spec.js';
import { learnerFromJSON } from '../learners/registry.js';
import type { UpliftFitOptions, UpliftLearner, UpliftLearnerJSON } from './types.js';
import { armSeed, checkFitInputs, rowsInArms } from './types.js';
import { upliftErrors } from './messages.js';
import { Propensity, type PropensityMode, type PropensityState } from './propensity.js';
import { preChecked } from '../learners/options-check.js';
import { methodArgs, type MethodArgs } from './method-args.js';
import { propensityOptionsSchema } from './propensity.js';

export interface TransformedOutcomeOptions extends MethodArgs {
  /** 'constant' (treated share; default) or 'model' (a classifier of treatment on x). */
  readonly propensity?: PropensityMode;
  /** Propensities are clipped to [clip, 1 − clip] (default 0.01). */
  readonly clip?: number;
}

/**
 * @example
 * const X = featureMatrix([Float64Array.of(0, 1, 2, 3, 0, 1, 2, 3)], ['x']);
 * const arm = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1);
 * const y = Float64Array.of(1, 1, 1, 1, 2, 2, 2, 2);
 * const model = new TransformedOutcome({ learner: { name: 'linear', options: { l2: 0 } }, task: 'regression', propensity: 'constant' });
 * const [uplift] = model.fit(X, arm, y).predictUplift(X);
 * uplift[0]; // 1 (z = ±2y with half the rows treated averages to the effect, 2 − 1)
 */
export class TransformedOutcome implements UpliftLearner {
  readonly method = 'transformed-outcome';
  readonly options: { seed: number; propensity: PropensityMode; clip: number };
  readonly warnings: string[] = [];
  readonly base: LearnerSpec;
  private models: BaseLearner[] | undefined;
  private propensities: Propensity[] | undefined;

  constructor(args: TransformedOutcomeOptions) {
    const { learner, seed, options } = methodArgs<{ propensity?: PropensityMode; clip?: number }>('transformed-outcome', propensityOptionsSchema, args, true);
    this.base = learner!;
    this.options = { seed: seed ?? 0, propensity: options.propensity ?? 'constant', clip: options.clip ?? 0.01 };
  }

  get isFitted(): boolean {
    return this.models !== undefined;
  }

  fit(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options: UpliftFitOptions = {}): this {
    const k = checkFitInputs(this.method, X, arm, y);
    const models: BaseLearner[] = [];
    const propensities: Propensity[] = [];
    for (let a = 1; a < k; a++) {
      const rows = rowsInArms(arm, [0, a]);
      const Xa = selectRows(X, rows);
      const t = Float64Array.from(rows, (r) => (arm[r] === a ? 1 : 0));
      if (!t.includes(1)) throw upliftErrors.emptyArm(this.method, a);
      if (!t.includes(0)) throw upliftErrors.emptyArm(this.method, 0);
      const propensity = Propensity.fit(this.options.propensity, Xa, t, this.options.clip, () =>
        makeLearner(this.base, 'classification', armSeed(this.options.seed, 1000 + a)),
      );
      const p = propensity.predict(Xa);
      const z = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const pi = p[i]!;
        z[i] = (y[rows[i]!]! * (t[i]! - pi)) / (pi * (1 - pi));
      }
      const model = makeLearner(this.base, 'regression', armSeed(this.options.seed, a));
      model.fit(Xa, z, options.progress === undefined ? {} : { progress: options.progress });
      models.push(model);
      propensities.push(propensity);
    }
    this.models = models;
    this.propensities = propensities;
    return this;
  }

  predictUplift(X: FeatureMatrix): Float64Array[] {
    if (this.models === undefined) throw upliftErrors.notFitted(this.method);
    return this.models.map((m) => m.predict(X));
  }

  toJSON(): UpliftLearnerJSON {
    return {
      method: this.method,
      version: 1,
      options: { ...this.options },
      state: {
        base: this.base,
        models: this.models?.map((m) => m.toJSON()) ?? null,
        propensities: this.propensities?.map((p) => p.toJSON()) ?? null,
      },
    };
  }

  static fromJSON(json: UpliftLearnerJSON): TransformedOutcome {
    const state = json.state as { base?: LearnerSpec; models?: LearnerJSON[] | null; propensities?: PropensityState[] | null } | null;
    if (state === null || typeof state !== 'object' || typeof state.base?.name !== 'string') {
      throw upliftErrors.badState('transformed-outcome', 'the base learner is missing');
    }
    const learner = new TransformedOutcome(preChecked({ ...(json.options as TransformedOutcomeOptions), learner: state.base }));
    if (state !== null && Array.isArray(state.models) && Array.isArray(state.propensities)) {
      learner.models = state.models.map((m) => learnerFromJSON(m));
      learner.propensities = state.propensities.map((p) => Propensity.fromJSON(p));
    }
    return learner;
  }
}
