/**
 * Adapters that put ml-random-forest and ml-cart behind the BaseLearner
 * contract. Both libraries scan every row for every candidate split, so they
 * are slow beyond a few thousand rows (reference §8); liftwise's own `forest`
 * and `boosting` learners are the fast defaults and these stay as options.
 *
 * Probabilities: ml-random-forest's predictProbability drops the first tree's
 * vote, so for classification these adapters either fit regression trees on
 * the 0/1 target (probability = mean of leaf frequencies, the default) or
 * count class votes themselves (`probability: 'votes'`).
 */
import { createRequire } from 'node:module';
import type { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import type { DecisionTreeRegression } from 'ml-cart';
import type { FeatureMatrix } from '../data/features.js';
import { toRows } from '../data/features.js';
import type { BaseLearner, FitOptions, LearnerJSON, LearnerTask } from './types.js';
import { checkFeatureCount, checkNoMissing, checkProbabilityTarget, checkTrainingInput } from './checks.js';
import { learnerErrors } from './messages.js';
import { lazySchema } from '../util/schema.js';
import { constructorOptions, preChecked, type WithTask } from './options-check.js';

// The two libraries are loaded when one of these learners is created or loaded, not when the
// registry is imported: importing them costs every command about 0.15 s (bench/cli-startup).
const require = createRequire(import.meta.url);
const mlForest = (): typeof import('ml-random-forest') => require('ml-random-forest') as typeof import('ml-random-forest');
const mlCart = (): typeof import('ml-cart') => require('ml-cart') as typeof import('ml-cart');

export type ProbabilityMethod = 'regression' | 'votes';

export interface MlRandomForestOptions {
  /** Trees (default 50, the library's default). */
  readonly nEstimators?: number;
  /** Fraction (0, 1] or count of features each tree sees; the library samples them once per tree (default 1). */
  readonly maxFeatures?: number;
  /** Maximum tree depth (default unlimited). */
  readonly maxDepth?: number;
  /** Minimum rows to split a node further (default 3, the library's). */
  readonly minNumSamples?: number;
  /** Bootstrap rows per tree (default true). */
  readonly useSampleBagging?: boolean;
  /** How class probabilities are made (default 'regression'). */
  readonly probability?: ProbabilityMethod;
  /** Seed for the library's row and feature sampling (a 32-bit integer; default 42). */
  readonly seed?: number;
}

/** Options of 'ml-random-forest'. */
export const mlRandomForestOptionsSchema = lazySchema((z) =>
  z
    .object({
      nEstimators: z.number().int().positive(),
      maxFeatures: z.number().positive(),
      maxDepth: z.number().int().positive(),
      minNumSamples: z.number().int().positive(),
      useSampleBagging: z.boolean(),
      probability: z.enum(['regression', 'votes']),
      seed: z.number().int(),
    })
    .partial()
    .strict(),
);

/** Options of 'ml-cart'. */
export const mlCartOptionsSchema = lazySchema((z) =>
  z.object({ maxDepth: z.number().int().positive(), minNumSamples: z.number().int().positive(), seed: z.number().int() }).partial().strict(),
);

/** The two learners' tasks. */
const TASKS = ['classification', 'regression'] as const;

/**
 * ml-random-forest behind the BaseLearner contract.
 *
 * @example
 * const x = Float64Array.from({ length: 60 }, (_, i) => i / 60);
 * const y = x.map((v) => (v < 0.5 ? 0 : 1));
 * const rf = new MlRandomForest({ task: 'classification', nEstimators: 7, probability: 'votes', seed: 3 }).fit(featureMatrix([x], ['x']), y);
 * rf.predict(featureMatrix([Float64Array.of(0.05, 0.95)], ['x'])); // [0, 1] (P(y = 1): the share of trees voting 1)
 */
export class MlRandomForest implements BaseLearner {
  readonly name = 'ml-random-forest';
  readonly task: LearnerTask;
  readonly options: Required<Omit<MlRandomForestOptions, 'maxDepth'>> & { maxDepth: number | null };
  private model: RandomForestClassifier | RandomForestRegression | undefined;
  private nFeatures = 0;

  constructor(given: WithTask<MlRandomForestOptions>) {
    const { task, options } = constructorOptions<MlRandomForestOptions>('ml-random-forest', TASKS, mlRandomForestOptionsSchema, given);
    this.task = task;
    this.options = {
      nEstimators: options.nEstimators ?? 50,
      maxFeatures: options.maxFeatures ?? 1,
      maxDepth: options.maxDepth ?? null,
      minNumSamples: options.minNumSamples ?? 3,
      useSampleBagging: options.useSampleBagging ?? true,
      probability: options.probability ?? 'regression',
      seed: (options.seed ?? 42) | 0,
    };
  }

  get isFitted(): boolean {
    return this.model !== undefined;
  }

  private get usesVotes(): boolean {
    return this.task === 'classification' && this.options.probability === 'votes';
  }

  fit(X: FeatureMatrix, y: Float64Array, options: FitOptions = {}): this {
    if (options.sampleWeight !== undefined) throw learnerErrors.noWeights(this.name);
    checkTrainingInput(this.name, X, y);
    if (this.task === 'classification') checkProbabilityTarget(this.name, y);
    checkNoMissing(this.name, X);
    const common = {
      nEstimators: this.options.nEstimators,
      maxFeatures: this.options.maxFeatures,
      replacement: true,
      seed: this.options.seed,
      useSampleBagging: this.options.useSampleBagging,
      // Out-of-bag scoring can throw "input must not be empty" with few trees, and costs time.
      noOOB: true,
      treeOptions: {
        minNumSamples: this.options.minNumSamples,
        ...(this.options.maxDepth === null ? {} : { maxDepth: this.options.maxDepth }),
      },
    };
    const rows = toRows(X);
    const model = this.usesVotes ? new (mlForest().RandomForestClassifier)(common) : new (mlForest().RandomForestRegression)({ ...common, selectionMethod: 'mean' });
    options.progress?.start(`${this.name}: fitting ${this.options.nEstimators} trees`, 1);
    model.train(rows, this.usesVotes ? Array.from(y, (v) => (v >= 0.5 ? 1 : 0)) : Array.from(y));
    options.progress?.tick();
    options.progress?.stop();
    this.model = model;
    this.nFeatures = X.columns.length;
    return this;
  }

  predict(X: FeatureMatrix): Float64Array {
    const model = this.requireModel();
    checkFeatureCount(this.name, X, this.nFeatures);
    checkNoMissing(this.name, X);
    const rows = toRows(X);
    if (!this.usesVotes) return Float64Array.from(model.predict(rows));
    // Count votes for class 1 across all trees (the library's own share drops one vote).
    const votes = model.predictionValues(rows);
    const out = new Float64Array(X.nRows);
    for (let i = 0; i < X.nRows; i++) {
      const row = votes.getRow(i);
      let ones = 0;
      for (const v of row) if (v === 1) ones++;
      out[i] = ones / row.length;
    }
    return out;
  }

  clone(overrides: { seed?: number } = {}): MlRandomForest {
    return new MlRandomForest(preChecked({ ...this.plainOptions(), ...overrides, task: this.task }));
  }

  toJSON(): LearnerJSON {
    return {
      learner: this.name,
      version: 1,
      task: this.task,
      options: this.plainOptions(),
      state: this.model === undefined ? null : { nFeatures: this.nFeatures, model: this.model.toJSON() },
    };
  }

  static fromJSON(json: LearnerJSON): MlRandomForest {
    const learner = new MlRandomForest(preChecked({ ...(json.options as MlRandomForestOptions), task: json.task }));
    if (json.state === null || json.state === undefined) return learner;
    const state = json.state as { nFeatures?: unknown; model?: { name?: unknown } };
    if (typeof state.nFeatures !== 'number' || typeof state.model !== 'object' || state.model === null) {
      throw learnerErrors.badModelState(json.learner, 'expected nFeatures and model');
    }
    try {
      const model = state.model as Parameters<typeof RandomForestRegression.load>[0];
      learner.model = learner.usesVotes
        ? mlForest().RandomForestClassifier.load(model as unknown as Parameters<typeof RandomForestClassifier.load>[0])
        : mlForest().RandomForestRegression.load(model);
    } catch (e) {
      throw learnerErrors.badModelState(json.learner, e instanceof Error ? e.message : String(e));
    }
    learner.nFeatures = state.nFeatures;
    return learner;
  }

  private plainOptions(): MlRandomForestOptions {
    const { maxDepth, ...rest } = this.options;
    return maxDepth === null ? rest : { ...rest, maxDepth };
  }

  private requireModel(): RandomForestClassifier | RandomForestRegression {
    if (this.model === undefined) throw learnerErrors.notFitted(this.name);
    return this.model;
  }
}

export interface MlCartOptions {
  /** Maximum depth (default unlimited). */
  readonly maxDepth?: number;
  /** Minimum rows to split a node further (default 3). */
  readonly minNumSamples?: number;
  /** Accepted for a uniform interface; a single CART tree has no randomness. */
  readonly seed?: number;
}

/**
 * One ml-cart decision tree. For classification it grows a regression tree on
 * the 0/1 target, so a leaf predicts the share of ones among its rows.
 *
 * @example
 * const X = featureMatrix([Float64Array.of(1, 2, 3, 4, 5, 6)], ['x']);
 * const y = Float64Array.of(0, 0, 0, 1, 1, 1);
 * const tree = new MlCart({ task: 'classification', maxDepth: 4 }).fit(X, y);
 * tree.predict(X); // [0, 0, 0, 1, 1, 1] (P(y = 1) = the leaf's share of ones)
 */
export class MlCart implements BaseLearner {
  readonly name = 'ml-cart';
  readonly task: LearnerTask;
  readonly options: { maxDepth: number | null; minNumSamples: number; seed: number };
  private tree: DecisionTreeRegression | undefined;
  private nFeatures = 0;

  constructor(given: WithTask<MlCartOptions>) {
    const { task, options } = constructorOptions<MlCartOptions>('ml-cart', TASKS, mlCartOptionsSchema, given);
    this.task = task;
    this.options = { maxDepth: options.maxDepth ?? null, minNumSamples: options.minNumSamples ?? 3, seed: options.seed ?? 0 };
  }

  get isFitted(): boolean {
    return this.tree !== undefined;
  }

  fit(X: FeatureMatrix, y: Float64Array, options: FitOptions = {}): this {
    if (options.sampleWeight !== undefined) throw learnerErrors.noWeights(this.name);
    checkTrainingInput(this.name, X, y);
    if (this.task === 'classification') checkProbabilityTarget(this.name, y);
    checkNoMissing(this.name, X);
    const tree = new (mlCart().DecisionTreeRegression)({
      minNumSamples: this.options.minNumSamples,
      ...(this.options.maxDepth === null ? {} : { maxDepth: this.options.maxDepth }),
    });
    options.progress?.start(`${this.name}: fitting a tree`, 1);
    tree.train(toRows(X), Array.from(y));
    options.progress?.tick();
    options.progress?.stop();
    this.tree = tree;
    this.nFeatures = X.columns.length;
    return this;
  }

  predict(X: FeatureMatrix): Float64Array {
    if (this.tree === undefined) throw learnerErrors.notFitted(this.name);
    checkFeatureCount(this.name, X, this.nFeatures);
    checkNoMissing(this.name, X);
    return Float64Array.from(this.tree.predict(toRows(X)));
  }

  clone(overrides: { seed?: number } = {}): MlCart {
    return new MlCart(preChecked({ ...this.plainOptions(), ...overrides, task: this.task }));
  }

  toJSON(): LearnerJSON {
    return {
      learner: this.name,
      version: 1,
      task: this.task,
      options: this.plainOptions(),
      state: this.tree === undefined ? null : { nFeatures: this.nFeatures, tree: this.tree.toJSON() },
    };
  }

  static fromJSON(json: LearnerJSON): MlCart {
    const learner = new MlCart(preChecked({ ...(json.options as MlCartOptions), task: json.task }));
    if (json.state === null || json.state === undefined) return learner;
    const state = json.state as { nFeatures?: unknown; tree?: unknown };
    if (typeof state.nFeatures !== 'number' || typeof state.tree !== 'object' || state.tree === null) {
      throw learnerErrors.badModelState(json.learner, 'expected nFeatures and tree');
    }
    try {
      learner.tree = mlCart().DecisionTreeRegression.load(state.tree as Record<string, unknown>);
    } catch (e) {
      throw learnerErrors.badModelState(json.learner, e instanceof Error ? e.message : String(e));
    }
    learner.nFeatures = state.nFeatures;
    return learner;
  }

  private plainOptions(): MlCartOptions {
    const { maxDepth, ...rest } = this.options;
    return maxDepth === null ? rest : { ...rest, maxDepth };
  }
}
