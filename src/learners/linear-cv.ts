/**
 * Linear models whose L2 penalty is chosen by K-fold cross-validation
 * (learner name 'linear-cv'; scikit-learn's RidgeCV / LogisticRegressionCV,
 * glmnet's cv.glmnet as Nie & Wager use it for the R-learner). A fixed penalty
 * of 1 is right for thousands of rows and far too weak for eighty noisy ones;
 * the second stage of an R- or DR-learner regresses noisy pseudo-outcomes,
 * where the penalty decides most of the error.
 *
 * Folds are seeded; the error is the (sample-weighted) squared error for
 * regression and log-loss for classification; ties go to the larger penalty.
 * After the choice the model is refitted on all rows.
 */
import type { FeatureMatrix } from '../data/features.js';
import { selectRows } from '../data/features.js';
import type { BaseLearner, FitOptions, LearnerJSON, LearnerTask } from './types.js';
import { LogisticRegression, RidgeRegression, linearFitShape, type LinearOptions } from './linear.js';
import { lazySchema } from '../util/schema.js';
import { constructorOptions, preChecked, type WithTask } from './options-check.js';
import { checkTrainingInput } from './checks.js';
import { learnerErrors } from './messages.js';
import { Random } from '../util/random.js';

export interface LinearCVOptions extends Omit<LinearOptions, 'l2'> {
  /** Penalties to try (default 10^-2 … 10^5, 15 values evenly spaced on the log scale). */
  readonly l2Grid?: readonly number[];
  /** Folds (default 5). */
  readonly folds?: number;
}

/** Options of 'linear-cv'. */
export const linearCVOptionsSchema = lazySchema((z) =>
  z.object({ l2Grid: z.array(z.number().nonnegative()).min(1), folds: z.number().int().min(2), ...linearFitShape(z) }).partial().strict(),
);

const DEFAULT_GRID = Array.from({ length: 15 }, (_, i) => 10 ** (-2 + i / 2));

/**
 * @example
 * const x = Float64Array.from({ length: 40 }, (_, i) => i / 10);
 * const X = featureMatrix([x], ['x']);
 * const y = x.map((v) => 2 * v + Math.sin(7 * v));
 * const ridge = new LinearCV({ task: 'regression', folds: 5, seed: 1 }).fit(X, y);
 * ridge.l2 <= 1; // true (the penalty chosen for this almost linear signal is small)
 */
export class LinearCV implements BaseLearner {
  readonly name = 'linear-cv';
  readonly task: LearnerTask;
  readonly options: LinearCVOptions;
  private model: RidgeRegression | LogisticRegression | undefined;
  private chosen: number | undefined;

  constructor(options: WithTask<LinearCVOptions>) {
    const checked = constructorOptions<LinearCVOptions>('linear-cv', ['classification', 'regression'], linearCVOptionsSchema, options);
    this.task = checked.task;
    this.options = { ...checked.options };
  }

  get isFitted(): boolean {
    return this.model !== undefined;
  }

  /** The penalty cross-validation chose. */
  get l2(): number {
    if (this.chosen === undefined) throw learnerErrors.notFitted(this.name);
    return this.chosen;
  }

  private make(l2: number): RidgeRegression | LogisticRegression {
    const { l2Grid: _grid, folds: _folds, ...linear } = this.options;
    const o = { ...linear, l2 };
    return this.task === 'classification' ? new LogisticRegression(preChecked(o)) : new RidgeRegression(preChecked(o));
  }

  fit(X: FeatureMatrix, y: Float64Array, options: FitOptions = {}): this {
    const w = options.sampleWeight;
    checkTrainingInput(this.name, X, y, w);
    const grid = this.options.l2Grid ?? DEFAULT_GRID;
    const k = Math.max(2, Math.min(this.options.folds ?? 5, X.nRows));
    const order = new Random(this.options.seed ?? 0).permutation(X.nRows);
    const fold = new Int32Array(X.nRows);
    for (let j = 0; j < order.length; j++) fold[order[j]!] = j % k;
    const loss = new Float64Array(grid.length);
    for (let f = 0; f < k; f++) {
      const train: number[] = [];
      const test: number[] = [];
      for (let i = 0; i < X.nRows; i++) (fold[i] === f ? test : train).push(i);
      const Xtr = selectRows(X, train);
      const Xte = selectRows(X, test);
      const ytr = Float64Array.from(train, (i) => y[i]!);
      const wtr = w === undefined ? undefined : Float64Array.from(train, (i) => w[i]!);
      for (let g = 0; g < grid.length; g++) {
        let pred: Float64Array;
        try {
          pred = this.make(grid[g]!).fit(Xtr, ytr, wtr === undefined ? {} : { sampleWeight: wtr }).predict(Xte);
        } catch {
          // A fold without both classes (tiny data) cannot score this penalty; the others decide.
          continue;
        }
        for (let j = 0; j < test.length; j++) {
          const i = test[j]!;
          const wi = w === undefined ? 1 : w[i]!;
          const p = pred[j]!;
          if (this.task === 'classification') {
            const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
            loss[g]! += -wi * (y[i]! * Math.log(q) + (1 - y[i]!) * Math.log(1 - q));
          } else loss[g]! += wi * (y[i]! - p) ** 2;
        }
      }
    }
    let best = 0;
    for (let g = 1; g < grid.length; g++) if (loss[g]! <= loss[best]!) best = g;
    this.chosen = grid[best]!;
    this.model = this.make(this.chosen).fit(X, y, options);
    return this;
  }

  predict(X: FeatureMatrix): Float64Array {
    if (this.model === undefined) throw learnerErrors.notFitted(this.name);
    return this.model.predict(X);
  }

  clone(overrides: { seed?: number } = {}): LinearCV {
    return new LinearCV(preChecked({ ...this.options, ...overrides, task: this.task }));
  }

  toJSON(): LearnerJSON {
    return {
      learner: this.name,
      version: 1,
      task: this.task,
      options: { ...this.options },
      state: this.model === undefined ? null : { l2: this.chosen, model: this.model.toJSON() },
    };
  }

  static fromJSON(json: LearnerJSON): LinearCV {
    const learner = new LinearCV(preChecked({ ...(json.options as LinearCVOptions), task: json.task }));
    const s = json.state as { l2?: unknown; model?: LearnerJSON } | null;
    if (s === null || s === undefined) return learner;
    if (typeof s.l2 !== 'number' || typeof s.model !== 'object' || s.model === null) {
      throw learnerErrors.badModelState('linear-cv', 'expected the chosen l2 and the fitted model');
    }
    learner.chosen = s.l2;
    learner.model = json.task === 'classification' ? LogisticRegression.fromJSON(s.model) : RidgeRegression.fromJSON(s.model);
    return learner;
  }
}
