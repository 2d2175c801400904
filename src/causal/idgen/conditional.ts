/**
 * Conditional generative models P(v | features) built from liftwise's own
 * learners, one per factor of an estimand (ID-GEN's "conditional models").
 *
 * - Categorical v with K levels: a chain of K−1 binary classifiers
 *   P(v = k | v ≥ k, features) (continuation ratios), which is a proper
 *   distribution over the levels for any classifier; a draw walks the chain.
 * - Numeric v: a regression for the mean plus a residual resampled from the
 *   training rows (a homoscedastic location model; see BENCHMARKS.md for how it
 *   compares with the truth on a heteroscedastic outcome).
 * - No features: the empirical distribution of v (resampled values).
 *
 * Learners: 'linear' (logistic / ridge regression on the features and their
 * pairwise products, so a binary outcome can depend on a combination of binary
 * parents as it does once a hidden confounder is summed out) or 'boosting'
 * (our histogram gradient boosting).
 */
import { featureMatrix } from '../../data/features.js';
import { LogisticRegression, RidgeRegression } from '../../learners/linear.js';
import { GradientBoosting } from '../../learners/trees/boosting.js';
import type { BaseLearner } from '../../learners/types.js';
import type { Random } from '../../util/random.js';
import type { VariableSpec } from './variables.js';

export type ConditionalLearner = 'linear' | 'boosting';

export interface ConditionalOptions {
  readonly learner: ConditionalLearner;
  readonly seed: number;
  /**
   * Residuals for a numeric variable: 'binned' (default) draws from the training rows whose
   * fitted mean falls in the same one of up to 20 quantile bins (each pool centred), so a spread
   * that grows with the mean is kept; 'pooled' draws from all rows (a homoscedastic model).
   * Measured in BENCHMARKS.md.
   */
  readonly residuals?: 'binned' | 'pooled';
}

/** A fitted P(target | features) that draws one value per row of feature columns. */
export interface ConditionalModel {
  readonly target: string;
  readonly features: readonly string[];
  sample(columns: readonly Float64Array[], n: number, rng: Random): Float64Array;
}

/** Interactions are added while the encoded feature count stays at or below this. */
const MAX_INTERACTION_FEATURES = 10;

export function fitConditional(
  target: VariableSpec,
  y: Float64Array,
  features: readonly VariableSpec[],
  columns: readonly Float64Array[],
  options: ConditionalOptions,
): ConditionalModel {
  const names = features.map((f) => f.name);
  if (features.length === 0) return empirical(target.name, y);
  const encode = encoder(features, options.learner === 'linear');
  const X = encode(columns, y.length);
  if (target.kind === 'numeric') {
    const learner: BaseLearner =
      options.learner === 'boosting'
        ? new GradientBoosting({ task: 'regression', seed: options.seed, nIterations: 100, maxDepth: 4 })
        : new RidgeRegression({ l2: 1e-6 });
    learner.fit(featureMatrix(X), y);
    const fitted = learner.predict(featureMatrix(X));
    const pools = residualPools(y, fitted, options.residuals ?? 'binned');
    return {
      target: target.name,
      features: names,
      sample(cols, n, rng) {
        const mean = learner.predict(featureMatrix(encode(cols, n)));
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const pool = pools.residuals[binOf(pools.edges, mean[i]!)]!;
          out[i] = mean[i]! + pool[rng.int(pool.length)]!;
        }
        return out;
      },
    };
  }
  // Categorical: continuation-ratio chain of binary classifiers.
  const k = target.levels.length;
  const steps: Array<BaseLearner | number> = [];
  for (let level = 0; level < k - 1; level++) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i]! >= level) rows.push(i);
    const label = new Float64Array(rows.length);
    let ones = 0;
    for (let r = 0; r < rows.length; r++) {
      label[r] = y[rows[r]!] === level ? 1 : 0;
      ones += label[r]!;
    }
    if (ones === 0 || ones === rows.length) {
      steps.push(rows.length === 0 ? 0 : ones / rows.length);
      continue;
    }
    const sub = X.map((c) => {
      const out = new Float64Array(rows.length);
      for (let r = 0; r < rows.length; r++) out[r] = c[rows[r]!]!;
      return out;
    });
    const learner: BaseLearner =
      options.learner === 'boosting'
        ? new GradientBoosting({ task: 'classification', seed: options.seed + level, nIterations: 100, maxDepth: 4 })
        : new LogisticRegression({ l2: 1e-3 });
    steps.push(learner.fit(featureMatrix(sub), label));
  }
  return {
    target: target.name,
    features: names,
    sample(cols, n, rng) {
      const matrix = featureMatrix(encode(cols, n));
      const p = steps.map((s) => (typeof s === 'number' ? s : s.predict(matrix)));
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let level = 0;
        while (level < k - 1) {
          const step = p[level]!;
          const pk = typeof step === 'number' ? step : step[i]!;
          if (rng.uniform() < pk) break;
          level++;
        }
        out[i] = level;
      }
      return out;
    },
  };
}

/** Residual pools by quantile bins of the fitted mean (one pool when 'pooled' or too few rows). */
function residualPools(y: Float64Array, fitted: Float64Array, mode: 'binned' | 'pooled'): { edges: Float64Array; residuals: Float64Array[] } {
  const n = y.length;
  const bins = mode === 'pooled' ? 1 : Math.max(1, Math.min(20, Math.floor(n / 200)));
  const sorted = Float64Array.from(fitted).sort();
  // edges[b] is the lower bound of bin b + 1.
  const edges = new Float64Array(bins - 1);
  for (let b = 1; b < bins; b++) edges[b - 1] = sorted[Math.floor((b * n) / bins)]!;
  const groups: number[][] = Array.from({ length: bins }, () => []);
  for (let i = 0; i < n; i++) groups[binOf(edges, fitted[i]!)]!.push(y[i]! - fitted[i]!);
  // Ties in the fitted values can leave a bin empty: it borrows every residual.
  const all: number[] = [];
  for (let i = 0; i < n; i++) all.push(y[i]! - fitted[i]!);
  // Each pool is centred: the regression alone sets the mean (so the bins add no noise to E[v | ·]);
  // the pools only carry the spread and shape of the residuals near that mean.
  const centred = (g: number[]): Float64Array => {
    const out = Float64Array.from(g);
    let s = 0;
    for (const r of out) s += r;
    const m = bins === 1 ? 0 : s / out.length;
    for (let i = 0; i < out.length; i++) out[i]! -= m;
    return out;
  };
  return { edges, residuals: groups.map((g) => centred(g.length > 0 ? g : all)) };
}

/** The bin of a value: the number of edges at or below it. */
function binOf(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function empirical(target: string, y: Float64Array): ConditionalModel {
  const values = Float64Array.from(y);
  return {
    target,
    features: [],
    sample(_cols, n, rng) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = values[rng.int(values.length)]!;
      return out;
    },
  };
}

/** Feature columns for the learners: numbers as they are, a K-level variable as K−1 indicators, then pairwise products. */
function encoder(features: readonly VariableSpec[], interactions: boolean): (columns: readonly Float64Array[], n: number) => Float64Array[] {
  return (columns, n) => {
    const out: Float64Array[] = [];
    const owner: number[] = [];
    features.forEach((spec, j) => {
      const c = columns[j]!;
      if (spec.kind === 'numeric' || spec.levels.length <= 2) {
        out.push(c.length === n ? c : c.subarray(0, n));
        owner.push(j);
        return;
      }
      for (let level = 1; level < spec.levels.length; level++) {
        const ind = new Float64Array(n);
        for (let i = 0; i < n; i++) ind[i] = c[i] === level ? 1 : 0;
        out.push(ind);
        owner.push(j);
      }
    });
    if (!interactions || out.length < 2 || out.length > MAX_INTERACTION_FEATURES) return out;
    const base = out.length;
    for (let a = 0; a < base; a++)
      for (let b = a + 1; b < base; b++) {
        // Indicators of one variable never fire together.
        if (owner[a] === owner[b] && features[owner[a]!]!.kind === 'categorical') continue;
        const ca = out[a]!;
        const cb = out[b]!;
        const prod = new Float64Array(n);
        for (let i = 0; i < n; i++) prod[i] = ca[i]! * cb[i]!;
        out.push(prod);
      }
    return out;
  };
}
