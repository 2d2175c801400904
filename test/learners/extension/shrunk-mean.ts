/**
 * A learner added the way a contributor adds one: this module (a class that
 * follows the BaseLearner contract, and its options schema) plus one
 * `registerLearner` call (test/learners/extension.test.ts). It predicts the
 * training mean of y shrunk towards `prior` by `priorWeight` pseudo-rows:
 * inside a two-model uplift fit it gives each arm's shrunk mean, so the uplift
 * is the (shrunk) difference of arm means.
 */
import type { FeatureMatrix } from '../../../src/data/features.js';
import { checkFeatureCount, checkTrainingInput } from '../../../src/learners/checks.js';
import { learnerErrors } from '../../../src/learners/messages.js';
import { constructorOptions, preChecked, type WithTask } from '../../../src/learners/options-check.js';
import type { LearnerEntry } from '../../../src/learners/registry.js';
import type { BaseLearner, FitOptions, LearnerJSON, LearnerTask } from '../../../src/learners/types.js';
import { lazySchema } from '../../../src/util/schema.js';

export interface ShrunkMeanOptions {
  /** Value the mean is shrunk towards (default 0). */
  readonly prior?: number;
  /** Weight of the prior, in rows (default 0: the plain mean). */
  readonly priorWeight?: number;
  readonly seed?: number;
}

export const shrunkMeanOptionsSchema = lazySchema((z) =>
  z.object({ prior: z.number(), priorWeight: z.number().nonnegative(), seed: z.number().int() }).partial().strict(),
);

export class ShrunkMean implements BaseLearner {
  readonly name = 'shrunk-mean';
  readonly task: LearnerTask;
  readonly options: ShrunkMeanOptions;
  private state: { mean: number; nFeatures: number } | undefined;

  constructor(given: WithTask<ShrunkMeanOptions>) {
    const { task, options } = constructorOptions<ShrunkMeanOptions>('shrunk-mean', ['classification', 'regression'], shrunkMeanOptionsSchema, given);
    this.task = task;
    this.options = { ...options };
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  fit(X: FeatureMatrix, y: Float64Array, options: FitOptions = {}): this {
    const w = options.sampleWeight;
    checkTrainingInput(this.name, X, y, w);
    const k = this.options.priorWeight ?? 0;
    let sum = k * (this.options.prior ?? 0);
    let total = k;
    for (let i = 0; i < y.length; i++) {
      sum += (w?.[i] ?? 1) * y[i]!;
      total += w?.[i] ?? 1;
    }
    this.state = { mean: sum / total, nFeatures: X.columns.length };
    return this;
  }

  predict(X: FeatureMatrix): Float64Array {
    if (this.state === undefined) throw learnerErrors.notFitted(this.name);
    checkFeatureCount(this.name, X, this.state.nFeatures);
    return new Float64Array(X.nRows).fill(this.state.mean);
  }

  clone(overrides: { seed?: number } = {}): ShrunkMean {
    return new ShrunkMean(preChecked({ ...this.options, ...overrides, task: this.task }));
  }

  toJSON(): LearnerJSON {
    return { learner: this.name, version: 1, task: this.task, options: { ...this.options }, state: this.state ?? null };
  }

  static fromJSON(json: LearnerJSON): ShrunkMean {
    const learner = new ShrunkMean({ ...(json.options as ShrunkMeanOptions), task: json.task });
    const s = json.state as { mean?: unknown; nFeatures?: unknown } | null;
    if (s !== null) {
      if (typeof s.mean !== 'number' || typeof s.nFeatures !== 'number') throw learnerErrors.badModelState('shrunk-mean', 'expected mean and nFeatures');
      learner.state = { mean: s.mean, nFeatures: s.nFeatures };
    }
    return learner;
  }
}

/** Its registry entry: what `registerLearner` takes. */
export const shrunkMeanEntry: LearnerEntry = {
  name: 'shrunk-mean',
  tasks: ['classification', 'regression'],
  description: 'the training mean shrunk towards a prior (an example learner)',
  options: shrunkMeanOptionsSchema,
  create: (options) => new ShrunkMean(options),
  fromJSON: (json) => ShrunkMean.fromJSON(json),
};
