/**
 * Class transformation (Jaskowski & Jaroszewicz 2012): fit one classifier on
 * z = 1 when y equals t, and read uplift = 2·P(z = 1 | x) − 1. Exact only when
 * half the rows are treated; like scikit-uplift it applies no correction, but
 * it warns when the split is far from 50/50. With several treated arms, one
 * model is fitted per arm on that arm's rows and the control rows.
 */
import type { FeatureMatrix } from '../data/features.js';
import { selectRows } from '../data/features.js';
import type { BaseLearner, LearnerJSON } from '../learners/types.js';
import { learnerFromJSON } from '../learners/registry.js';
import type { UpliftFitOptions, UpliftLearner, UpliftLearnerJSON } from './types.js';
import { armSeed, checkFitInputs, rowsInArms } from './types.js';
import { upliftErrors, upliftWarnings } from './messages.js';
import { lazySchema } from '../util/schema.js';
import { preChecked } from '../learners/options-check.js';
import { makeLearner } from './learner-spec.js';
import { methodArgs, type MethodArgs } from './method-args.js';

export interface ClassTransformationOptions extends MethodArgs {
  /** Warn when the treated share leaves [0.5 − tolerance, 0.5 + tolerance] (default 0.1). */
  readonly balanceTolerance?: number;
}

/** Options of 'class-transformation' besides MethodArgs. */
export const classTransformationOptionsSchema = lazySchema((z) => z.object({ balanceTolerance: z.number().min(0).max(0.5) }).partial().strict());

/**
 * @example
 * const X = featureMatrix([Float64Array.of(0, 0, 0, 0, 1, 1, 1, 1)], ['x']);
 * const arm = Int32Array.of(0, 1, 0, 1, 0, 1, 0, 1);
 * const y = Float64Array.of(0, 1, 0, 1, 1, 0, 1, 0);
 * const model = new ClassTransformation({ learner: { name: 'logistic', options: { l2: 0.01 } } }).fit(X, arm, y);
 * const [uplift] = model.predictUplift(X); // 2·P(z = 1 | x) − 1
 * uplift[0] > 0.9 && uplift[7] < -0.9; // true (treatment helps at x = 0, hurts at x = 1)
 */
export class ClassTransformation implements UpliftLearner {
  readonly method = 'class-transformation';
  readonly options: { seed: number; balanceTolerance: number; armLabels: readonly string[] | null };
  readonly warnings: string[] = [];
  private baseLearner: BaseLearner;
  private models: BaseLearner[] | undefined;

  constructor(args: ClassTransformationOptions) {
    const { learner, task, seed, armLabels, options } = methodArgs<{ balanceTolerance?: number }>(
      'class-transformation',
      classTransformationOptionsSchema,
      args,
      true,
    );
    if (task !== 'classification') throw upliftErrors.needsBinaryOutcome('class-transformation');
    this.options = {
      seed: seed ?? 0,
      balanceTolerance: options.balanceTolerance ?? 0.1,
      armLabels: armLabels ?? null,
    };
    this.baseLearner = makeLearner(learner!, 'classification', this.options.seed);
  }

  /** The unfitted classifier each arm's model is cloned from. */
  get base(): BaseLearner {
    return this.baseLearner;
  }

  get isFitted(): boolean {
    return this.models !== undefined;
  }

  fit(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options: UpliftFitOptions = {}): this {
    for (const v of y) if (v !== 0 && v !== 1) throw upliftErrors.needsBinaryOutcome(this.method);
    const k = checkFitInputs(this.method, X, arm, y);
    this.warnings.length = 0;
    const models: BaseLearner[] = [];
    for (let a = 1; a < k; a++) {
      const rows = rowsInArms(arm, [0, a]);
      const z = new Float64Array(rows.length);
      let treated = 0;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const t = arm[r] === a ? 1 : 0;
        treated += t;
        z[i] = y[r] === t ? 1 : 0;
      }
      if (treated === 0) throw upliftErrors.emptyArm(this.method, a);
      if (treated === rows.length) throw upliftErrors.emptyArm(this.method, 0);
      const share = treated / rows.length;
      if (Math.abs(share - 0.5) > this.options.balanceTolerance) {
        this.warnings.push(upliftWarnings.unbalancedClassTransformation(share, this.options.armLabels?.[a] ?? String(a)));
      }
      const model = this.base.clone({ seed: armSeed(this.options.seed, a) });
      model.fit(selectRows(X, rows), z, options.progress === undefined ? {} : { progress: options.progress });
      models.push(model);
    }
    this.models = models;
    return this;
  }

  predictUplift(X: FeatureMatrix): Float64Array[] {
    if (this.models === undefined) throw upliftErrors.notFitted(this.method);
    return this.models.map((m) => {
      const p = m.predict(X);
      for (let i = 0; i < p.length; i++) p[i] = 2 * p[i]! - 1;
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
        warnings: [...this.warnings],
      },
    };
  }

  static fromJSON(json: UpliftLearnerJSON): ClassTransformation {
    const state = json.state as { base?: LearnerJSON; models?: LearnerJSON[] | null; warnings?: string[] } | null;
    if (state === null || typeof state !== 'object' || state.base === undefined) {
      throw upliftErrors.badState('class-transformation', 'the base learner is missing');
    }
    const opts = json.options as { seed?: number; balanceTolerance?: number; armLabels?: string[] | null };
    const base = learnerFromJSON(state.base);
    if (base.task !== 'classification') throw upliftErrors.needsBinaryOutcome('class-transformation');
    const model = new ClassTransformation(
      preChecked({
        learner: { name: base.name },
        ...(opts.seed === undefined ? {} : { seed: opts.seed }),
        ...(opts.balanceTolerance === undefined ? {} : { balanceTolerance: opts.balanceTolerance }),
        ...(opts.armLabels == null ? {} : { armLabels: opts.armLabels }),
      }),
    );
    model.baseLearner = base;
    if (Array.isArray(state.models)) model.models = state.models.map((m) => learnerFromJSON(m));
    if (Array.isArray(state.warnings)) model.warnings.push(...state.warnings);
    return model;
  }
}
