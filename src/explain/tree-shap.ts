/**
 * Exact TreeSHAP (Lundberg, Erion et al. 2018/2020, Algorithm 2): SHAP values
 * of a tree ensemble's raw output in O(trees · leaves · depth²) per row, with
 * the trees' own "path-dependent" conditional expectation: E[f(x) | x_S]
 * follows x at a split on a feature in S and averages the two children by
 * their training covers otherwise. The path bookkeeping (extend, unwind, the
 * unwound sum) follows the published algorithm; our trees' decisions
 * (numeric bins, default direction of missing values, categorical bit sets)
 * decide which child is "hot" for a row.
 *
 * Leaves may hold several values (an uplift tree holds one per arm): the
 * weights of a path do not depend on the leaf value, so each column gets its
 * own SHAP values from one pass.
 *
 * `fixed` features are always conditioned on (never players): an S-learner's
 * treatment column, so that f(x, arm k) is explained as a function of x alone.
 */
import type { FeatureMatrix } from '../data/features.js';
import { BITSET_WORDS, CATEGORICAL, DEFAULT_LEFT, type FlatTrees, type TreeEnsembleView } from '../learners/trees/flat-tree.js';
import { explainErrors } from './messages.js';

export interface TreeShapOptions {
  /** Feature indices conditioned on for every coalition (not explained). */
  readonly fixed?: readonly number[];
  /** Called after each row (for progress). */
  readonly onRow?: () => void;
}

export interface TreeShapValues {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Leaf columns (1, or one per arm for an uplift forest). */
  readonly width: number;
  /** SHAP value of row i, feature j, column k at ((i · nFeatures) + j) · width + k, on the raw (pre-link) scale. */
  readonly values: Float64Array;
  /** Expected raw output per row and column: (i · width) + k. Constant over rows unless `fixed` features split. */
  readonly base: Float64Array;
}

/** True when a row with bin `code` goes to the left child of `node`. */
export function goesLeft(trees: FlatTrees, node: number, code: number, missingCode: number): boolean {
  const fl = trees.flags[node]!;
  if ((fl & CATEGORICAL) !== 0) return ((trees.bits[trees.split[node]! * BITSET_WORDS + (code >>> 5)]! >>> (code & 31)) & 1) === 1;
  if (code === missingCode) return (fl & DEFAULT_LEFT) !== 0;
  return code <= trees.split[node]!;
}

/** Deepest root-to-leaf path (in splits) over all trees. */
function maxDepth(trees: FlatTrees): number {
  let deepest = 0;
  const stack: number[] = [];
  for (const root of trees.roots) {
    stack.push(root, 0);
    while (stack.length > 0) {
      const d = stack.pop()!;
      const node = stack.pop()!;
      if (trees.feature[node]! < 0) deepest = Math.max(deepest, d);
      else stack.push(trees.left[node]!, d + 1, trees.right[node]!, d + 1);
    }
  }
  return deepest;
}

/** Covers of a model saved before they were recorded are absent: explaining it needs a refit or sampling. */
export function requireCovers(trees: FlatTrees): Float64Array {
  if (trees.cover === undefined) throw explainErrors.noCovers();
  return trees.cover;
}

/**
 * SHAP values of every row of X for the ensemble's raw output:
 * base + Σ_j values[j] = offset + scale · Σ_t tree_t(x), column by column.
 *
 * @example
 * // y = 2·a + b on a 4 × 4 grid.
 * const a = Float64Array.from({ length: 16 }, (_, i) => i % 4), b = Float64Array.from({ length: 16 }, (_, i) => Math.floor(i / 4));
 * const X = featureMatrix([a, b], ['a', 'b']);
 * const forest = createLearner('forest', 'regression', { nEstimators: 5, seed: 1, threads: 1 }).fit(X, Float64Array.from(a, (v, i) => 2 * v + b[i]!)) as RandomForest;
 * const shap = treeShap(forest.ensembleView()!, X);
 * // Local accuracy: shap.base[0] + Σ_j shap.values[j] equals forest.predict(X)[0].
 * Math.abs(shap.base[0]! + shap.values[0]! + shap.values[1]! - forest.predict(X)[0]!) < 1e-9; // true
 */
export function treeShap(view: TreeEnsembleView, X: FeatureMatrix, options: TreeShapOptions = {}): TreeShapValues {
  const trees = view.trees;
  const cover = requireCovers(trees);
  const p = view.mapper.nFeatures;
  if (X.columns.length !== p) throw explainErrors.featureMismatch(X.columns.length, p);
  const binned = view.mapper.transform(X);
  const codes = binned.codes;
  const missing = binned.nBins;
  const n = X.nRows;
  const W = trees.width;
  const { feature, left, right, value } = trees;
  const scale = view.scale;
  const isFixed = new Uint8Array(p);
  for (const f of options.fixed ?? []) isFixed[f] = 1;
  const anyFixed = (options.fixed ?? []).length > 0;

  const D = maxDepth(trees);
  const L = D + 2;
  // One path segment per tree level; a child copies its parent's segment and extends it.
  const pFeat = new Int32Array(L * L);
  const pZero = new Float64Array(L * L);
  const pOne = new Float64Array(L * L);
  const pW = new Float64Array(L * L);

  const values = new Float64Array(n * p * W);
  const base = new Float64Array(n * W);
  let row = 0;
  let rowBase = 0;
  let phiBase = 0;

  const hotChild = (node: number): number => {
    const f = feature[node]!;
    return goesLeft(trees, node, codes[rowBase + f]!, missing[f]!) ? left[node]! : right[node]!;
  };

  const extend = (seg: number, ud: number, zero: number, one: number, f: number): void => {
    pFeat[seg + ud] = f;
    pZero[seg + ud] = zero;
    pOne[seg + ud] = one;
    pW[seg + ud] = ud === 0 ? 1 : 0;
    for (let i = ud - 1; i >= 0; i--) {
      pW[seg + i + 1] = pW[seg + i + 1]! + (one * pW[seg + i]! * (i + 1)) / (ud + 1);
      pW[seg + i] = (zero * pW[seg + i]! * (ud - i)) / (ud + 1);
    }
  };

  const unwind = (seg: number, ud: number, k: number): void => {
    const one = pOne[seg + k]!;
    const zero = pZero[seg + k]!;
    let next = pW[seg + ud]!;
    for (let i = ud - 1; i >= 0; i--) {
      if (one !== 0) {
        const t = pW[seg + i]!;
        pW[seg + i] = (next * (ud + 1)) / ((i + 1) * one);
        next = t - (pW[seg + i]! * zero * (ud - i)) / (ud + 1);
      } else {
        pW[seg + i] = (pW[seg + i]! * (ud + 1)) / (zero * (ud - i));
      }
    }
    for (let i = k; i < ud; i++) {
      pFeat[seg + i] = pFeat[seg + i + 1]!;
      pZero[seg + i] = pZero[seg + i + 1]!;
      pOne[seg + i] = pOne[seg + i + 1]!;
    }
  };

  /** Total weight of the path with element k taken out (without changing the path). */
  const unwoundSum = (seg: number, ud: number, k: number): number => {
    const one = pOne[seg + k]!;
    const zero = pZero[seg + k]!;
    let next = pW[seg + ud]!;
    let total = 0;
    if (one !== 0) {
      for (let i = ud - 1; i >= 0; i--) {
        const t = (next * (ud + 1)) / ((i + 1) * one);
        total += t;
        next = pW[seg + i]! - (t * zero * (ud - i)) / (ud + 1);
      }
    } else {
      for (let i = ud - 1; i >= 0; i--) total += pW[seg + i]! / zero / ((ud - i) / (ud + 1));
    }
    return total;
  };

  const fraction = (child: number, node: number): number => {
    const c = cover[node]!;
    // A node no training row reached (possible only in hand-made trees): split evenly.
    return c > 0 ? cover[child]! / c : 0.5;
  };

  /** parentUd: last index of the parent's path to copy (−1 at the root). */
  const recurse = (node: number, level: number, parentUd: number, zero: number, one: number, f: number, doExtend: boolean): void => {
    const seg = level * L;
    if (level > 0) {
      const from = seg - L;
      for (let i = 0; i <= parentUd; i++) {
        pFeat[seg + i] = pFeat[from + i]!;
        pZero[seg + i] = pZero[from + i]!;
        pOne[seg + i] = pOne[from + i]!;
        pW[seg + i] = pW[from + i]!;
      }
    }
    let ud = parentUd;
    if (doExtend) extend(seg, ++ud, zero, one, f);
    const split = feature[node]!;
    if (split < 0) {
      for (let i = 1; i <= ud; i++) {
        const w = unwoundSum(seg, ud, i) * (pOne[seg + i]! - pZero[seg + i]!) * scale;
        const at = phiBase + pFeat[seg + i]! * W;
        for (let k = 0; k < W; k++) values[at + k] = values[at + k]! + w * value[node * W + k]!;
      }
      return;
    }
    const hot = hotChild(node);
    const cold = hot === left[node]! ? right[node]! : left[node]!;
    if (isFixed[split] === 1) {
      recurse(hot, level + 1, ud, 0, 0, -1, false);
      return;
    }
    let inZero = 1;
    let inOne = 1;
    let k = 1;
    while (k <= ud && pFeat[seg + k] !== split) k++;
    let pud = ud;
    if (k <= ud) {
      inZero = pZero[seg + k]!;
      inOne = pOne[seg + k]!;
      unwind(seg, ud, k);
      pud = ud - 1;
    }
    recurse(hot, level + 1, pud, inZero * fraction(hot, node), inOne, split, true);
    recurse(cold, level + 1, pud, inZero * fraction(cold, node), 0, split, true);
  };

  /** E[tree | fixed features] from `node`, cover-weighted, into base[row]. */
  const expectation = (node: number, weight: number, out: Float64Array, at: number): void => {
    const split = feature[node]!;
    if (split < 0) {
      for (let k = 0; k < W; k++) out[at + k] = out[at + k]! + weight * value[node * W + k]!;
      return;
    }
    if (isFixed[split] === 1) {
      expectation(hotChild(node), weight, out, at);
      return;
    }
    expectation(left[node]!, weight * fraction(left[node]!, node), out, at);
    expectation(right[node]!, weight * fraction(right[node]!, node), out, at);
  };

  let shared: Float64Array | undefined;
  if (!anyFixed) {
    shared = new Float64Array(W).fill(view.offset);
    for (const r of trees.roots) expectation(r, scale, shared, 0);
  }
  for (row = 0; row < n; row++) {
    rowBase = row * p;
    phiBase = row * p * W;
    if (shared !== undefined) base.set(shared, row * W);
    else {
      base.fill(view.offset, row * W, (row + 1) * W);
      for (const r of trees.roots) expectation(r, scale, base, row * W);
    }
    for (const r of trees.roots) recurse(r, 0, -1, 1, 1, -1, true);
    options.onRow?.();
  }
  return { nRows: n, nFeatures: p, width: W, values, base };
}
