/**
 * What the DR-learner and the R-learner share: options, cross-fitted
 * nuisances (nuisance.ts), the clipping and overlap warnings, one final
 * regression of the effect per treated arm, and the saved form. They differ
 * only in the target (and weights) the final regression is fitted to.
 */
import type { FeatureMatrix } from '../data/features.js';
import { selectRows } from '../data/features.js';
import type { BaseLearner, LearnerJSON, } from '../learners/types.js';
import { learnerFromJSON } from '../learners/registry.js';
import { makeLearner, type LearnerSpec } from './learner-spec.js';
import { type CrossFitted, crossFitNuisance } from './nuisance.js';
import { overlapDiagnostics, type OverlapReport } from './overlap.js';
import type { UpliftFitOptions, UpliftLearner, UpliftLearnerJSON } from './types.js';
import { armSeed, checkFitInputs } from './types.js';
import { upliftErrors, upliftWarnings } from './messages.js';
import { lazySchema } from '../util/schema.js';
import { preChecked } from '../learners/options-check.js';
import { methodArgs, type MethodArgs } from './method-args.js';

/** Options of 'dr-learner' and 'r-learner' besides MethodArgs. */
export const crossFitOptionsSchema = lazySchema((z) => {
  const learnerSpec = z.object({ name: z.string(), options: z.record(z.string(), z.unknown()).optional() }).strict();
  return z
    .object({
      folds: z.number().int().min(2).max(50),
      propensity: z.enum(['constant', 'model']),
      propensityLearner: learnerSpec,
      outcomeLearner: learnerSpec,
      clip: z.number().min(0).lt(0.5),
    })
    .partial()
    .strict();
});

/** `task` is the task of the outcome models: 'classification' for 0/1 outcomes (default), 'regression' otherwise. */
export interface CrossFitLearnerOptions extends MethodArgs {
  /** Folds for cross-fitting (default 5). */
  readonly folds?: number;
  /** 'model' (default: observational data) or 'constant' (the arm shares: a randomised test). */
  readonly propensity?: 'model' | 'constant';
  /** Base learner of the propensity model (default logistic regression). */
  readonly propensityLearner?: LearnerSpec;
  /** Base learner of the outcome models (default: the method's base learner). */
  readonly outcomeLearner?: LearnerSpec;
  /** Propensities are kept at least this far from 0 and 1 (default 0.01; 0 = no clipping). */
  readonly clip?: number;
}

export interface FinalTarget {
  /** Rows the final regression of this arm is fitted on. */
  readonly rows: Int32Array;
  readonly target: Float64Array;
  readonly weight?: Float64Array;
}

type ResolvedOptions = Required<Omit<CrossFitLearnerOptions, 'outcomeLearner' | 'armLabels' | 'learner'>> & {
  outcomeLearner: LearnerSpec | null;
  armLabels: string[];
};

export abstract class CrossFitLearner implements UpliftLearner {
  abstract readonly method: string;
  readonly base: LearnerSpec;
  readonly options: ResolvedOptions;
  readonly warnings: string[] = [];
  /** Overlap diagnostics of the training data (propensities before clipping are not kept; these are after). */
  overlap: OverlapReport | undefined;
  protected models: BaseLearner[] | undefined;

  constructor(args: CrossFitLearnerOptions) {
    // Subclasses name themselves statically: their `method` field is not set yet while this runs.
    const method = (this.constructor as unknown as { methodName: string }).methodName;
    const { learner, task, seed, armLabels, options } = methodArgs<Omit<CrossFitLearnerOptions, keyof MethodArgs>>(method, crossFitOptionsSchema, args, true);
    this.base = learner!;
    this.options = {
      seed: seed ?? 0,
      task,
      folds: options.folds ?? 5,
      propensity: options.propensity ?? 'model',
      propensityLearner: options.propensityLearner ?? { name: 'logistic' },
      outcomeLearner: options.outcomeLearner ?? null,
      clip: options.clip ?? 0.01,
      armLabels: [...(armLabels ?? [])],
    };
  }

  get isFitted(): boolean {
    return this.models !== undefined;
  }

  /** The fitted final effect model of each treated arm. */
  get effectModels(): readonly BaseLearner[] {
    if (this.models === undefined) throw upliftErrors.notFitted(this.method);
    return this.models;
  }

  protected abstract finalTargets(cf: CrossFitted, arm: Int32Array, y: Float64Array, X: FeatureMatrix): FinalTarget[];

  fit(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options: UpliftFitOptions = {}): this {
    checkFitInputs(this.method, X, arm, y);
    const o = this.options;
    this.warnings.length = 0;
    const cf = crossFitNuisance(
      X,
      arm,
      y,
      {
        outcome: o.outcomeLearner ?? this.base,
        outcomeTask: o.task,
        propensity: o.propensity === 'constant' ? 'constant' : o.propensityLearner,
        folds: o.folds,
        clip: o.clip,
        seed: o.seed,
      },
      this.method,
    );
    const labels = cf.mu.map((_, a) => o.armLabels[a] ?? String(a));
    if (cf.clipped > 0) this.warnings.push(upliftWarnings.propensityClipped(cf.clipped, arm.length, o.clip));
    if (o.propensity === 'model') {
      this.overlap = overlapDiagnostics(cf.propensity, arm, labels);
      this.warnings.push(...this.overlap.warnings);
    }
    const targets = this.finalTargets(cf, arm, y, X);
    const fitOptions = options.progress === undefined ? {} : { progress: options.progress };
    this.models = targets.map(({ rows, target, weight }, j) => {
      const Xr = rows.length === X.nRows ? X : selectRows(X, rows);
      return makeLearner(this.base, 'regression', armSeed(o.seed, 5000 + j)).fit(Xr, target, {
        ...fitOptions,
        ...(weight === undefined ? {} : { sampleWeight: weight }),
      });
    });
    return this;
  }

  predictUplift(X: FeatureMatrix): Float64Array[] {
    return this.effectModels.map((m) => m.predict(X));
  }

  toJSON(): UpliftLearnerJSON {
    return {
      method: this.method,
      version: 1,
      options: { ...this.options },
      state: { base: this.base, models: this.models === undefined ? null : this.models.map((m) => m.toJSON()) },
    };
  }

  /** Restores the final models into `learner` from a saved state. */
  protected static restore<L extends CrossFitLearner>(json: UpliftLearnerJSON, make: (args: CrossFitLearnerOptions) => L): L {
    const state = json.state as { base?: LearnerSpec; models?: LearnerJSON[] | null } | null;
    if (state === null || typeof state !== 'object' || typeof state.base?.name !== 'string') {
      throw upliftErrors.badState(json.method, 'the base learner is missing');
    }
    const raw = json.options as CrossFitLearnerOptions & { outcomeLearner?: LearnerSpec | null };
    const { outcomeLearner, ...rest } = raw;
    const learner = make(preChecked({ ...rest, learner: state.base, ...(outcomeLearner === null || outcomeLearner === undefined ? {} : { outcomeLearner }) }));
    if (Array.isArray(state.models)) learner.models = state.models.map((m) => learnerFromJSON(m));
    return learner;
  }
}
