/**
 * Gradient boosting on histogram trees (learner name 'boosting').
 */
import type { FeatureMatrix } from '../../data/features.js';
import type { BaseLearner, FitOptions, LearnerJSON, LearnerTask } from '../types.js';
import { checkProbabilityTarget, checkTrainingInput } from '../checks.js';
import { learnerErrors } from '../messages.js';
import { sigmoid } from '../logistic-newton.js';
import { silentProgress } from '../../util/progress.js';
import { BinMapper } from './binning.js';
import { accumulateTrees, concatTrees, leavesOfRows, treesToJSON, type FlatTrees, type TreeEnsembleView } from './flat-tree.js';
import { bundleFeatures } from './bundles.js';
import { GrowScratch, growTree, type GrowParams } from './grow.js';
import { validationSplit } from './holdout.js';
import { treeErrors } from './messages.js';
import { maxBinsSchema, maxDepthSchema, minSamplesLeafSchema, positiveInt, resolveMinSamplesLeaf } from './options.js';
import { lazySchema } from '../../util/schema.js';
import { constructorOptions, preChecked, type WithTask } from '../options-check.js';
import { decodeModel } from './forest.js';
import { treeRandom } from './seeds.js';

export interface GradientBoostingOptions {
  /** Boosting iterations (trees), the most that are fitted (default 100). */
  readonly nIterations?: number;
  /** Shrinkage applied to each tree (default 0.1). */
  readonly learningRate?: number;
  /** Largest number of splits from root to leaf; null (default) for no limit. */
  readonly maxDepth?: number | null;
  /** Most leaves per tree, grown best-first (default 31); null for no limit. */
  readonly maxLeaves?: number | null;
  /** Fewest rows in a leaf: a count, or a fraction in (0, 1) of the training rows (default 20). */
  readonly minSamplesLeaf?: number;
  /** L2 penalty on leaf values (default 0). */
  readonly l2?: number;
  /** Quantile bins per numeric feature, 2..255 (default 255). */
  readonly maxBins?: number;
  /** Stop when the validation loss stalls: 'auto' (default) turns it on above 10,000 rows, as scikit-learn does. */
  readonly earlyStopping?: 'auto' | boolean;
  /**
   * Share of rows held out for early stopping (default 0.1): ceil(share · n) rows, stratified for
   * classification, the same rows scikit-learn's HistGradientBoosting holds out for random_state = seed.
   */
  readonly validationFraction?: number;
  /** Iterations without an improvement of more than `tol` before stopping (default 10). */
  readonly nIterNoChange?: number;
  /** Smallest validation-loss improvement that counts (default 1e-7). */
  readonly tol?: number;
  readonly seed?: number;
}

const FORMAT_VERSION = 1;
const MIN_HESSIAN = 1e-3;

/** Options of 'boosting'. */
export const boostingOptionsSchema = lazySchema((z) =>
  z
    .object({
      nIterations: positiveInt(z),
      learningRate: z.number().positive(),
      maxDepth: maxDepthSchema(z),
      maxLeaves: z.number().int().min(2).nullable(),
      minSamplesLeaf: minSamplesLeafSchema(z),
      l2: z.number().nonnegative(),
      maxBins: maxBinsSchema(z),
      earlyStopping: z.union([z.literal('auto'), z.boolean()]),
      validationFraction: z.number().positive().lt(1),
      nIterNoChange: positiveInt(z),
      tol: z.number().nonnegative(),
      seed: z.number().int(),
    })
    .partial()
    .strict(),
);

/**
 * Gradient boosting of histogram trees: logistic loss for a 0/1 target
 * (predict gives P(y = 1)) or squared loss for regression, Newton leaf values
 * −G/(H+λ) shrunk by the learning rate, trees grown best-first up to maxLeaves,
 * and early stopping on a seeded validation split (scikit-learn's rule: stop
 * when none of the last nIterNoChange validation scores beats the one before
 * them by more than tol). With its defaults this is scikit-learn's
 * HistGradientBoosting: the same rows are held out for the same seed
 * (holdout.ts), and the same trees follow up to rounding (its gradients are
 * float32).
 *
 * Speed: the training rows stay in node order across iterations (no per-tree
 * gather), 0/1 and one-hot columns share histogram passes (bundles.ts), and
 * splits whose children both stay leaves only label their rows.
 *
 * @example
 * const x = Float64Array.from({ length: 200 }, (_, i) => i / 200);
 * const X = featureMatrix([x], ['x']);
 * const y = x.map((v) => (v > 0.5 ? 1 : 0));
 * const gb = new GradientBoosting({ task: 'classification', nIterations: 100, maxDepth: 6, seed: 1 });
 * const p = gb.fit(X, y).predict(featureMatrix([Float64Array.of(0.1, 0.9)], ['x'])); // P(y = 1)
 * p[0] < 0.05 && p[1] > 0.95; // true
 */
export class GradientBoosting implements BaseLearner {
  readonly name = 'boosting';
  readonly task: LearnerTask;
  readonly options: GradientBoostingOptions;
  private model: { mapper: BinMapper; trees: FlatTrees; baseline: number } | null = null;

  constructor(given: WithTask<GradientBoostingOptions>) {
    const { task, options } = constructorOptions<GradientBoostingOptions>('boosting', ['classification', 'regression'], boostingOptionsSchema, given);
    this.task = task;
    this.options = { ...options };
  }

  get isFitted(): boolean {
    return this.model !== null;
  }

  /** Trees in the fitted model (fewer than nIterations after early stopping). */
  get nTrees(): number {
    return this.model?.trees.roots.length ?? 0;
  }

  /** The fitted model as a formula (baseline + Σ trees, logistic link for classification), for TreeSHAP; undefined before fit. */
  ensembleView(): TreeEnsembleView | undefined {
    const m = this.model;
    if (m === null) return undefined;
    return { trees: m.trees, mapper: m.mapper, scale: 1, offset: m.baseline, link: this.task === 'classification' ? 'logistic' : 'identity' };
  }

  fit(X: FeatureMatrix, y: Float64Array, options: FitOptions = {}): this {
    checkTrainingInput(this.name, X, y, options.sampleWeight);
    const classification = this.task === 'classification';
    if (classification) checkProbabilityTarget(this.name, y);
    const o = this.options;
    const n = X.nRows;
    const seed = o.seed ?? 0;
    const w = options.sampleWeight;
    const stopEarly = o.earlyStopping === 'auto' || o.earlyStopping === undefined ? n > 10_000 : o.earlyStopping;
    const { train, valid } = stopEarly
      ? validationSplit(y, o.validationFraction ?? 0.1, classification, seed)
      : { train: allRows(n), valid: new Int32Array(0) };

    const mapper = BinMapper.fit(X, { maxBins: o.maxBins ?? 255, seed, rows: train });
    const binned = mapper.transform(X);

    // Baseline: weighted mean (log-odds for classification) over training rows.
    let sw = 0;
    let swy = 0;
    for (const i of train) {
      const wi = w === undefined ? 1 : w[i]!;
      sw += wi;
      swy += wi * y[i]!;
    }
    const mean = sw > 0 ? swy / sw : 0;
    if (classification && (mean <= 0 || mean >= 1)) throw treeErrors.singleClassBoosting(mean <= 0 ? 0 : 1);
    const baseline = classification ? Math.log(mean / (1 - mean)) : mean;

    const lr = o.learningRate ?? 0.1;
    const l2 = o.l2 ?? 0;
    const params: GrowParams = {
      maxDepth: o.maxDepth ?? Infinity,
      maxLeaves: o.maxLeaves === null ? Infinity : (o.maxLeaves ?? 31),
      minSamplesLeaf: resolveMinSamplesLeaf(o.minSamplesLeaf ?? 20, train.length),
      minSamplesSplit: 2,
      minHessian: MIN_HESSIAN,
      l2,
      maxFeatures: X.columns.length,
      leafValue: (G, H) => (-G / (H + l2)) * lr,
    };
    const raw = new Float64Array(n).fill(baseline);
    // The training rows stay loaded in the scratch for every tree; each tree leaves them in its own
    // node order, and the next tree's gradients are written in that order.
    const scratch = new GrowScratch(binned, bundleFeatures(binned));
    {
      const rows = new Int32Array(train.length);
      let m = 0;
      for (const i of train) if (w === undefined || w[i]! > 0) rows[m++] = i;
      scratch.loadRows(rows, m);
    }
    const m = scratch.nLoaded;
    const order = scratch.rows;
    const g = scratch.g;
    const h = scratch.h;
    const leaf = new Int32Array(n);
    const trees: FlatTrees[] = [];
    const scores: number[] = [];
    if (stopEarly) scores.push(-validationLoss(raw, y, w, valid, classification));
    const nIter = o.nIterations ?? 100;
    const noChange = o.nIterNoChange ?? 10;
    const tol = o.tol ?? 1e-7;
    const progress = options.progress ?? silentProgress;
    progress.start('boosting iterations', nIter);
    for (let it = 0; it < nIter; it++) {
      gradients(classification, order, m, raw, y, w, g, h);
      const tree = growTree(scratch, params, treeRandom(seed, it), leaf);
      trees.push(tree);
      // Training rows' leaves come from the final partition; only held-out rows walk the tree.
      const value = tree.value;
      for (let a = 0; a < m; a++) {
        const i = order[a]!;
        raw[i] = raw[i]! + value[leaf[i]!]!;
      }
      if (valid.length > 0) {
        leavesOfRows(tree, binned, valid, leaf);
        for (const i of valid) raw[i] = raw[i]! + value[leaf[i]!]!;
      }
      progress.tick();
      if (stopEarly) {
        scores.push(-validationLoss(raw, y, w, valid, classification));
        if (shouldStop(scores, noChange, tol)) break;
      }
    }
    progress.stop();
    this.model = { mapper, trees: concatTrees(trees, 1), baseline };
    return this;
  }

  /** Raw scores: log-odds for classification, the prediction for regression. */
  decisionFunction(X: FeatureMatrix): Float64Array {
    const model = this.model;
    if (model === null) throw learnerErrors.notFitted(this.name);
    if (X.columns.length !== model.mapper.nFeatures) throw treeErrors.featureMismatch(this.name, X.columns.length, model.mapper.nFeatures);
    const binned = model.mapper.transform(X);
    const out = new Float64Array(X.nRows).fill(model.baseline);
    accumulateTrees(model.trees, 0, model.trees.roots.length, binned.codes, X.nRows, binned.nBins, out);
    return out;
  }

  predict(X: FeatureMatrix): Float64Array {
    const raw = this.decisionFunction(X);
    if (this.task === 'classification') for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]!);
    return raw;
  }

  clone(overrides: { seed?: number } = {}): GradientBoosting {
    return new GradientBoosting(preChecked({ ...this.options, ...(overrides.seed === undefined ? {} : { seed: overrides.seed }), task: this.task }));
  }

  toJSON(): LearnerJSON {
    const model = this.model;
    return {
      learner: this.name,
      version: FORMAT_VERSION,
      task: this.task,
      options: { ...this.options },
      state:
        model === null
          ? null
          : { baseline: model.baseline, bins: model.mapper.toJSON(), trees: treesToJSON(model.trees) },
    };
  }

  static fromJSON(json: LearnerJSON): GradientBoosting {
    if (json.version !== FORMAT_VERSION) throw treeErrors.badModel('boosting', `format version ${String(json.version)} is not ${FORMAT_VERSION}`);
    const gb = new GradientBoosting(preChecked({ ...(json.options as GradientBoostingOptions), task: json.task }));
    if (json.state !== null) {
      const baseline = (json.state as { baseline?: unknown }).baseline;
      if (typeof baseline !== 'number' || !Number.isFinite(baseline)) throw treeErrors.badModel('boosting', 'no baseline');
      gb.model = { ...decodeModel('boosting', json.state), baseline };
    }
    return gb;
  }
}

function allRows(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/** Gradient and hessian of the loss at each loaded position a (row order[a]) of the tree. */
function gradients(
  classification: boolean,
  order: Int32Array,
  m: number,
  raw: Float64Array,
  y: Float64Array,
  w: Float64Array | undefined,
  g: Float64Array,
  h: Float64Array,
): void {
  if (classification) {
    for (let a = 0; a < m; a++) {
      const i = order[a]!;
      const p = sigmoid(raw[i]!);
      g[a] = p - y[i]!;
      h[a] = p * (1 - p);
    }
  } else {
    for (let a = 0; a < m; a++) {
      const i = order[a]!;
      g[a] = raw[i]! - y[i]!;
      h[a] = 1;
    }
  }
  if (w !== undefined) {
    for (let a = 0; a < m; a++) {
      const wi = w[order[a]!]!;
      g[a] = g[a]! * wi;
      h[a] = h[a]! * wi;
    }
  }
}

function validationLoss(raw: Float64Array, y: Float64Array, w: Float64Array | undefined, valid: Int32Array, classification: boolean): number {
  let loss = 0;
  let sw = 0;
  for (const i of valid) {
    const wi = w === undefined ? 1 : w[i]!;
    const z = raw[i]!;
    // Logistic loss in a stable form: log(1 + e^z) − y·z.
    const l = classification ? Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i]! * z : 0.5 * (z - y[i]!) ** 2;
    loss += wi * l;
    sw += wi;
  }
  return sw > 0 ? loss / sw : 0;
}

/** scikit-learn's rule: stop if none of the last k scores beats the score k+1 back by more than tol. */
function shouldStop(scores: number[], k: number, tol: number): boolean {
  if (scores.length < k + 1) return false;
  const reference = scores[scores.length - k - 1]! + tol;
  for (let a = scores.length - k; a < scores.length; a++) if (scores[a]! > reference) return false;
  return true;
}
