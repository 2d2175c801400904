/**
 * Random forest on histogram trees (learner name 'forest').
 */
import type { FeatureMatrix } from '../../data/features.js';
import type { BaseLearner, FitOptions, LearnerJSON, LearnerTask } from '../types.js';
import { checkProbabilityTarget, checkTrainingInput } from '../checks.js';
import { learnerErrors } from '../messages.js';
import { silentProgress } from '../../util/progress.js';
import { workerScriptUrl } from '../../util/workers.js';
import { BinMapper, type BinMapperJSON } from './binning.js';
import { bundleFeatures } from './bundles.js';
import { accumulateTrees, concatTrees, treesFromJSON, treesToJSON, type FlatTrees, type FlatTreesJSON, type TreeEnsembleView } from './flat-tree.js';
import { forestTreeBuilder, type ForestJob } from './forest-task.js';
import { defaultThreads, runTasks } from './parallel.js';
import { treeErrors } from './messages.js';
import { maxBinsSchema, maxDepthSchema, maxFeaturesSchema, minSamplesLeafSchema, positiveInt, resolveMaxFeatures, resolveMinSamplesLeaf, type MaxFeatures } from './options.js';
import { lazySchema } from '../../util/schema.js';
import { constructorOptions, preChecked, type WithTask } from '../options-check.js';
import { toShared } from './shared.js';

export interface RandomForestOptions {
  /** Number of trees (default 100). */
  readonly nEstimators?: number;
  /** Largest number of splits from root to leaf; null (default) grows until leaves are pure or too small. */
  readonly maxDepth?: number | null;
  /** Fewest rows in a leaf: a count, or a fraction in (0, 1) of the training rows (default 1). */
  readonly minSamplesLeaf?: number;
  /** Fewest rows in a node that may split (default 2). */
  readonly minSamplesSplit?: number;
  /** Features drawn for each split: 'sqrt' (classification default), 'log2', 'all' (regression default), a fraction or a count. */
  readonly maxFeatures?: MaxFeatures;
  /** Draw rows with replacement for each tree (default true); false uses a subsample without replacement. */
  readonly bootstrap?: boolean;
  /** Fraction of rows drawn per tree, in (0, 1] (default 1). */
  readonly maxSamples?: number;
  /** Quantile bins per numeric feature, 2..255 (default 255). */
  readonly maxBins?: number;
  readonly seed?: number;
  /** Worker threads for training (default min(2, available cores)); results do not depend on it. */
  readonly threads?: number;
}

interface ForestModel {
  readonly mapper: BinMapper;
  readonly trees: FlatTrees;
}

const FORMAT_VERSION = 1;

/** Options of 'forest'. */
export const forestOptionsSchema = lazySchema((z) =>
  z
    .object({
      nEstimators: positiveInt(z),
      maxDepth: maxDepthSchema(z),
      minSamplesLeaf: minSamplesLeafSchema(z),
      minSamplesSplit: z.number().int().min(2),
      maxFeatures: maxFeaturesSchema(z),
      bootstrap: z.boolean(),
      maxSamples: z.number().positive().max(1),
      maxBins: maxBinsSchema(z),
      seed: z.number().int(),
      threads: positiveInt(z),
    })
    .partial()
    .strict(),
);

/**
 * A random forest of histogram trees: bootstrap (or subsampled) rows per
 * tree, features sampled at every split, squared-error splits (for a 0/1
 * target this is the Gini criterion), classification probabilities as the
 * average over trees of the leaf's class-1 frequency. Missing values and
 * categorical code features are handled natively. Same seed → same forest,
 * whatever the number of threads.
 *
 * @example
 * const x = Float64Array.from({ length: 400 }, (_, i) => i / 400);
 * const X = featureMatrix([x], ['x']);
 * const y = x.map((v) => (v > 0.5 ? 1 : 0));
 * const rf = new RandomForest({ task: 'classification', nEstimators: 20, maxDepth: 8, minSamplesLeaf: 20, seed: 1 });
 * rf.fit(X, y);
 * const p = rf.predict(featureMatrix([Float64Array.of(0.1, 0.9)], ['x'])); // P(y = 1)
 * [p[0], p[1]]; // [0, 1]
 */
export class RandomForest implements BaseLearner {
  readonly name = 'forest';
  readonly task: LearnerTask;
  readonly options: RandomForestOptions;
  private model: ForestModel | null = null;

  constructor(given: WithTask<RandomForestOptions>) {
    const { task, options } = constructorOptions<RandomForestOptions>('forest', ['classification', 'regression'], forestOptionsSchema, given);
    this.task = task;
    this.options = { ...options };
  }

  get isFitted(): boolean {
    return this.model !== null;
  }

  /** Number of trees in the fitted forest. */
  get nTrees(): number {
    return this.model?.trees.roots.length ?? 0;
  }

  /** The fitted forest as a formula (the mean of the trees), for TreeSHAP; undefined before fit. */
  ensembleView(): TreeEnsembleView | undefined {
    const m = this.model;
    return m === null ? undefined : { trees: m.trees, mapper: m.mapper, scale: 1 / m.trees.roots.length, offset: 0, link: 'identity' };
  }

  fit(X: FeatureMatrix, y: Float64Array, options: FitOptions = {}): this {
    checkTrainingInput(this.name, X, y, options.sampleWeight);
    if (this.task === 'classification') checkProbabilityTarget(this.name, y);
    const o = this.options;
    const nTrees = o.nEstimators ?? 100;
    const threads = Math.min(o.threads ?? defaultThreads(), nTrees);
    const seed = o.seed ?? 0;
    const mapper = BinMapper.fit(X, { maxBins: o.maxBins ?? 255, seed });
    const shared = threads > 1;
    const binned = mapper.transform(X, { shared });
    const p = X.columns.length;
    const n = X.nRows;
    const maxFeatures = resolveMaxFeatures(o.maxFeatures ?? (this.task === 'classification' ? 'sqrt' : 'all'), p);
    const job: ForestJob = {
      codes: binned.codes,
      layout: bundleFeatures(binned, { shared }),
      nRows: n,
      nBins: binned.nBins,
      categorical: binned.categorical,
      y: shared ? toShared(y) : y,
      weight: options.sampleWeight === undefined ? null : shared ? toShared(options.sampleWeight) : options.sampleWeight,
      seed,
      bootstrap: o.bootstrap ?? true,
      sampleSize: Math.max(1, Math.round((o.maxSamples ?? 1) * n)),
      maxDepth: o.maxDepth ?? Infinity,
      minSamplesLeaf: resolveMinSamplesLeaf(o.minSamplesLeaf ?? 1, n),
      minSamplesSplit: o.minSamplesSplit ?? 2,
      maxFeatures,
    };
    const progress = options.progress ?? silentProgress;
    progress.start('trees', nTrees);
    const trees = runTasks({
      script: () => workerScriptUrl(import.meta.url, './tree-worker.js'),
      kind: 'forest',
      shared: job,
      nTasks: nTrees,
      threads,
      local: forestTreeBuilder(job),
      onTask: () => progress.tick(),
    });
    progress.stop();
    this.model = { mapper, trees: concatTrees(trees, 1) };
    return this;
  }

  predict(X: FeatureMatrix): Float64Array {
    const model = this.model;
    if (model === null) throw learnerErrors.notFitted(this.name);
    if (X.columns.length !== model.mapper.nFeatures) throw treeErrors.featureMismatch(this.name, X.columns.length, model.mapper.nFeatures);
    const binned = model.mapper.transform(X);
    const out = new Float64Array(X.nRows);
    const nTrees = model.trees.roots.length;
    accumulateTrees(model.trees, 0, nTrees, binned.codes, X.nRows, binned.nBins, out);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! / nTrees;
    return out;
  }

  clone(overrides: { seed?: number } = {}): RandomForest {
    return new RandomForest(preChecked({ ...this.options, ...(overrides.seed === undefined ? {} : { seed: overrides.seed }), task: this.task }));
  }

  toJSON(): LearnerJSON {
    const model = this.model;
    return {
      learner: this.name,
      version: FORMAT_VERSION,
      task: this.task,
      options: { ...this.options },
      state: model === null ? null : { bins: model.mapper.toJSON(), trees: treesToJSON(model.trees) },
    };
  }

  static fromJSON(json: LearnerJSON): RandomForest {
    if (json.version !== FORMAT_VERSION) throw treeErrors.badModel('forest', `format version ${String(json.version)} is not ${FORMAT_VERSION}`);
    const forest = new RandomForest(preChecked({ ...(json.options as RandomForestOptions), task: json.task }));
    if (json.state !== null) forest.model = decodeModel('forest', json.state);
    return forest;
  }
}

/** Decodes the { bins, trees } state shared by the forest and boosting formats. */
export function decodeModel(learner: string, state: unknown): ForestModel {
  const s = state as { bins?: BinMapperJSON; trees?: FlatTreesJSON } | null;
  if (typeof s !== 'object' || s === null || s.bins === undefined || s.trees === undefined) throw treeErrors.badModel(learner, 'state has no bins or trees');
  const mapper = BinMapper.fromJSON(s.bins);
  if (mapper === undefined) throw treeErrors.badModel(learner, 'the bin edges are inconsistent');
  const trees = treesFromJSON(s.trees, mapper.nFeatures);
  if (typeof trees === 'string') throw treeErrors.badModel(learner, trees);
  return { mapper, trees };
}
