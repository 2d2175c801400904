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

export interface ClassTransformationOptions {
  readonly seed?: number;
  /** Warn when the treated share leaves [0.5 − tolerance, 0.5 + tolerance] (default 0.1). */
  readonly balanceTolerance?: number;
  /** Labels of the arms, for messages (index 0 = control). */
  readonly armLabels?: readonly string[];
}

/**
 * @example
 * const model = new ClassTransformation(new LogisticRegression()).fit(X, arm, y);
 * const [uplift] = model.predictUplift(X); // 2·P(z = 1 | x) − 1
 */
export class ClassTransformation implements UpliftLearner {
  readonly method = 'class-transformation';
  readonly base: BaseLearner;
  readonly options: { seed: number; balanceTolerance: number; armLabels: readonly string[] | null };
  readonly warnings: string[] = [];
  private models: BaseLearner[] | undefined;

  constructor(base: BaseLearner, options: ClassTransformationOptions = {}) {
    if (base.task !== 'classification') throw upliftErrors.needsBinaryOutcome('class-transformation');
    this.base = base;
    this.options = {
      seed: options.seed ?? 0,
      balanceTolerance: options.balanceTolerance ?? 0.1,
      armLabels: options.armLabels ?? null,
    };
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
    const model = new ClassTransformation(learnerFromJSON(state.base), {
      ...(opts.seed === undefined ? {} : { seed: opts.seed }),
      ...(opts.balanceTolerance === undefined ? {} : { balanceTolerance: opts.balanceTolerance }),
      ...(opts.armLabels == null ? {} : { armLabels: opts.armLabels }),
    });
    if (Array.isArray(state.models)) model.models = state.models.map((m) => learnerFromJSON(m));
    if (Array.isArray(state.warnings)) model.warnings.push(...state.warnings);
    return model;
  }
}
