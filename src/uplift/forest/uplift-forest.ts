/**
 * Uplift random forest (causalml's UpliftRandomForestClassifier) on binned data.
 */
import type { FeatureMatrix } from '../../data/features.js';
import type { Progress } from '../../util/progress.js';
import { silentProgress } from '../../util/progress.js';
import { workerScriptUrl } from '../../util/workers.js';
import { BinMapper, type BinMapperJSON } from '../../learners/trees/binning.js';
import { accumulateTrees, concatTrees, treesFromJSON, treesToJSON, type FlatTrees, type FlatTreesJSON, type TreeEnsembleView } from '../../learners/trees/flat-tree.js';
import { defaultThreads, runTasks } from '../../learners/trees/parallel.js';
import { maxBinsSchema, maxFeaturesSchema, positiveInt, resolveMaxFeatures, type MaxFeatures } from '../../learners/trees/options.js';
import type { z } from 'zod';
import { lazySchema } from '../../util/schema.js';
import { preChecked } from '../../learners/options-check.js';
import type { UpliftFitOptions, UpliftLearner, UpliftLearnerJSON } from '../types.js';
import { upliftErrors } from '../messages.js';
import { methodArgs, type MethodArgs } from '../method-args.js';
import { toShared, toSharedInt32 } from '../../learners/trees/shared.js';
import type { UpliftCriterion } from './criteria.js';
import { upliftForestErrors } from './messages.js';
import { upliftTreeBuilder, type UpliftJob } from './uplift-task.js';

export interface UpliftRandomForestOptions {
  /** Trees (default 10, causalml's n_estimators). */
  readonly nEstimators?: number;
  /** Split criterion (default 'KL'): 'KL', 'ED' (squared Euclidean), 'Chi' or 'DDP' (one treated arm only). */
  readonly criterion?: UpliftCriterion;
  /** Features tried at each split: a count (default 10, capped at the number of features), a fraction, 'sqrt', 'log2' or 'all'. */
  readonly maxFeatures?: MaxFeatures;
  /** Splits from root to leaf (default 4, which is causalml's max_depth = 5: it counts the root as depth 1). */
  readonly maxDepth?: number;
  /** Each child of a split must have more than this many rows (default 100). */
  readonly minSamplesLeaf?: number;
  /** Each arm must have at least this many rows in each child (default 10). */
  readonly minSamplesTreatment?: number;
  /** Weight of the parent's outcome rate in a child's (default 10, causalml's n_reg). */
  readonly nReg?: number;
  /** causalml's normalisation of the KL/ED/Chi gain (default true). */
  readonly normalization?: boolean;
  /** Choose splits on one part of each tree's sample and estimate leaves on the other (default false). */
  readonly honesty?: boolean;
  /** Share of each tree's sample kept for the leaf estimates when honest (default 0.5). */
  readonly estimationSampleSize?: number;
  /** Candidate thresholds: causalml's 'percentiles' (default) or every bin edge ('all'). */
  readonly thresholds?: 'percentiles' | 'all';
  /** Quantile bins per numeric feature, 2..255 (default 255). */
  readonly maxBins?: number;
  readonly seed?: number;
  /** Threads building trees (default min(2, cores)); the forest does not depend on it. */
  readonly threads?: number;
}

export interface UpliftForestFitOptions {
  readonly progress?: Progress;
}

/** The constructor's argument: the forest's options, and `seed` / `task` (which must be 'classification' if given). */
export type UpliftRandomForestArgs = UpliftRandomForestOptions & Omit<MethodArgs, 'learner'>;

export interface UpliftRandomForestJSON {
  readonly model: 'uplift-forest';
  readonly version: number;
  readonly options: UpliftRandomForestOptions;
  readonly state: { readonly nArms: number; readonly bins: BinMapperJSON; readonly trees: FlatTreesJSON } | null;
}

const FORMAT_VERSION = 1;
const CRITERIA: readonly UpliftCriterion[] = ['KL', 'ED', 'Chi', 'DDP'];

/** Options of 'uplift-forest' (UpliftRandomForestOptions), in the order model files list them. */
export const upliftForestOptionsSchema = lazySchema(
  (z) =>
    z
      .object({
        nEstimators: positiveInt(z),
        criterion: z.enum(CRITERIA as [UpliftCriterion, ...UpliftCriterion[]]),
        maxFeatures: maxFeaturesSchema(z),
        maxDepth: positiveInt(z),
        minSamplesLeaf: z.number().int().min(0),
        minSamplesTreatment: z.number().int().min(0),
        nReg: z.number().min(0),
        normalization: z.boolean(),
        honesty: z.boolean(),
        estimationSampleSize: z.number().gt(0).lt(1),
        thresholds: z.enum(['percentiles', 'all']),
        maxBins: maxBinsSchema(z),
        seed: z.number().int(),
        threads: positiveInt(z),
      })
      .partial()
      .strict() as z.ZodType<Record<string, unknown>>,
);

/**
 * A forest of uplift trees that split on the treatment effect itself, with
 * causalml's KL, ED, Chi and DDP criteria, for a 0/1 outcome and one control
 * against one or more treated arms. Each tree is grown on a bootstrap sample;
 * the forest's uplift for arm a is the average over trees of the leaf's
 * P(y = 1 | arm a) − P(y = 1 | control).
 *
 * It is the 'uplift-forest' method itself: registered under that name, saved
 * in model files as that method.
 *
 * @example
 * // Treatment lifts the response from 0.2 to 0.8 where x = 1 and does nothing where x = 0:
 * const n = 2000;
 * const x = Float64Array.from({ length: n }, (_, i) => i % 2);
 * const arm = Int32Array.from({ length: n }, (_, i) => (i >> 1) % 2);   // 0 = control, 1.. = treated, -1 = skip
 * const y = Float64Array.from({ length: n }, (_, i) => ((i >> 2) % 5 < (x[i] === 1 && arm[i] === 1 ? 4 : 1) ? 1 : 0));
 * const forest = new UpliftRandomForest({ criterion: 'ED', nEstimators: 5, minSamplesLeaf: 50, seed: 1 });
 * forest.fit(featureMatrix([x], ['x']), arm, y);
 * const [uplift1] = forest.predictUplift(featureMatrix([Float64Array.of(0, 1)], ['x']));
 * [uplift1[0], uplift1[1]]; // [0.0, 0.6]
 */
export class UpliftRandomForest implements UpliftLearner {
  readonly method = 'uplift-forest';
  readonly warnings: string[] = [];
  readonly options: UpliftRandomForestOptions;
  private model: { mapper: BinMapper; trees: FlatTrees; nArms: number } | null = null;

  constructor(args: UpliftRandomForestArgs = {}) {
    const { task, seed, options } = methodArgs<UpliftRandomForestOptions>('uplift-forest', upliftForestOptionsSchema, args, false);
    if (task !== 'classification') throw upliftErrors.needsBinaryOutcome('uplift-forest');
    this.options = seed === undefined ? { ...options } : { seed, ...options };
  }

  get isFitted(): boolean {
    return this.model !== null;
  }

  /** Arms including control (K); predictUplift returns K − 1 columns. */
  get nArms(): number {
    return this.model?.nArms ?? 0;
  }

  fit(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options: UpliftFitOptions = {}): this {
    const n = X.nRows;
    if (arm.length !== n) throw upliftForestErrors.lengthMismatch('the arm column', arm.length, n);
    if (y.length !== n) throw upliftForestErrors.lengthMismatch('the outcome', y.length, n);
    let K = 0;
    for (let i = 0; i < n; i++) {
      const a = arm[i]!;
      if (!Number.isInteger(a) || a < -1) throw upliftForestErrors.badArm(i, a);
      if (a < 0) continue;
      if (y[i] !== 0 && y[i] !== 1) throw upliftForestErrors.notBinary(i, y[i]!);
      if (a + 1 > K) K = a + 1;
    }
    if (K < 2) throw upliftForestErrors.noTreatedArm();
    const perArm = new Int32Array(K);
    for (let i = 0; i < n; i++) if (arm[i]! >= 0) perArm[arm[i]!]!++;
    for (let a = 0; a < K; a++) if (perArm[a] === 0) throw upliftForestErrors.emptyArm(a);
    const o = this.options;
    const criterion = o.criterion ?? 'KL';
    if (criterion === 'DDP' && K > 2) throw upliftForestErrors.ddpTwoArms(K - 1);

    const nTrees = o.nEstimators ?? 10;
    const threads = Math.min(o.threads ?? defaultThreads(), nTrees);
    const seed = o.seed ?? 0;
    const used = new Int32Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) if (arm[i]! >= 0) used[m++] = i;
    const mapper = BinMapper.fit(X, { maxBins: o.maxBins ?? 255, seed, rows: used.subarray(0, m) });
    const shared = threads > 1;
    const binned = mapper.transform(X, { shared });
    const job: UpliftJob = {
      codes: binned.codes,
      nRows: n,
      nBins: binned.nBins,
      categorical: binned.categorical,
      arm: shared ? toSharedInt32(arm) : arm,
      y: shared ? toShared(y) : y,
      seed,
      honesty: o.honesty ?? false,
      estimationSampleSize: o.estimationSampleSize ?? 0.5,
      params: {
        K,
        criterion,
        maxDepth: o.maxDepth ?? 4,
        minSamplesLeaf: o.minSamplesLeaf ?? 100,
        minSamplesTreatment: o.minSamplesTreatment ?? 10,
        nReg: o.nReg ?? 10,
        normalization: o.normalization ?? true,
        maxFeatures: resolveMaxFeatures(o.maxFeatures ?? 10, X.columns.length),
        thresholds: o.thresholds ?? 'percentiles',
      },
    };
    const progress = options.progress ?? silentProgress;
    progress.start('uplift trees', nTrees);
    const trees = runTasks({
      script: () => workerScriptUrl(import.meta.url, './uplift-worker.js'),
      kind: 'uplift-forest',
      shared: job,
      nTasks: nTrees,
      threads,
      local: upliftTreeBuilder(job),
      onTask: () => progress.tick(),
    });
    progress.stop();
    this.model = { mapper, trees: concatTrees(trees, K), nArms: K };
    return this;
  }

  /** The fitted forest as a formula (mean of the trees; leaf column k = arm k's rate), for TreeSHAP; undefined before fit. */
  ensembleView(): TreeEnsembleView | undefined {
    const m = this.model;
    return m === null ? undefined : { trees: m.trees, mapper: m.mapper, scale: 1 / m.trees.roots.length, offset: 0, link: 'identity' };
  }

  /** Average over trees of P(y = 1 | arm) per row: nRows × K, row-major. */
  predictRates(X: FeatureMatrix): Float64Array {
    const model = this.model;
    if (model === null) throw upliftErrors.notFitted(this.method);
    if (X.columns.length !== model.mapper.nFeatures) throw upliftForestErrors.featureMismatch(X.columns.length, model.mapper.nFeatures);
    const binned = model.mapper.transform(X);
    const K = model.nArms;
    const out = new Float64Array(X.nRows * K);
    const nTrees = model.trees.roots.length;
    accumulateTrees(model.trees, 0, nTrees, binned.codes, X.nRows, binned.nBins, out);
    for (let k = 0; k < out.length; k++) out[k] = out[k]! / nTrees;
    return out;
  }

  /** Estimated uplift of each treated arm over control: K − 1 arrays of nRows. */
  predictUplift(X: FeatureMatrix): Float64Array[] {
    const rates = this.predictRates(X);
    const K = this.model!.nArms;
    const n = X.nRows;
    const out: Float64Array[] = [];
    for (let a = 1; a < K; a++) {
      const u = new Float64Array(n);
      for (let i = 0; i < n; i++) u[i] = rates[i * K + a]! - rates[i * K]!;
      out.push(u);
    }
    return out;
  }

  /** The saved form: the method's envelope around the forest's own versioned form (UpliftRandomForestJSON). */
  toJSON(): UpliftLearnerJSON {
    const model = this.model;
    const forest: UpliftRandomForestJSON = {
      model: 'uplift-forest',
      version: FORMAT_VERSION,
      options: { ...this.options },
      state: model === null ? null : { nArms: model.nArms, bins: model.mapper.toJSON(), trees: treesToJSON(model.trees) },
    };
    return { method: this.method, version: 1, options: { ...forest.options }, state: forest };
  }

  static fromJSON(envelope: UpliftLearnerJSON): UpliftRandomForest {
    const json = (envelope as { state?: unknown }).state as UpliftRandomForestJSON;
    if (typeof json !== 'object' || json === null || json.model !== 'uplift-forest') throw upliftForestErrors.badModel('not an uplift-forest model');
    if (json.version !== FORMAT_VERSION) throw upliftForestErrors.badModel(`format version ${String(json.version)} is not ${FORMAT_VERSION}`);
    const forest = new UpliftRandomForest(preChecked({ ...json.options }));
    const s = json.state;
    if (s !== null) {
      if (typeof s !== 'object' || !Number.isInteger(s.nArms) || s.nArms < 2) throw upliftForestErrors.badModel('bad arm count');
      const mapper = BinMapper.fromJSON(s.bins);
      if (mapper === undefined) throw upliftForestErrors.badModel('the bin edges are inconsistent');
      const trees = treesFromJSON(s.trees, mapper.nFeatures);
      if (typeof trees === 'string') throw upliftForestErrors.badModel(trees);
      if (trees.width !== s.nArms) throw upliftForestErrors.badModel('leaf width differs from the arm count');
      forest.model = { mapper, trees, nArms: s.nArms };
    }
    return forest;
  }
}
