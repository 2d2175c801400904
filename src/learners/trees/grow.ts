/**
 * Grows one histogram tree on binned data from per-row gradients g and
 * hessians h (second-order split gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)).
 *
 * - Rows of a node are a contiguous range of one index array, partitioned in
 *   place when the node splits.
 * - Sibling subtraction: when histograms cover all features, only the smaller
 *   child's histogram is built from rows; the larger is parent − smaller.
 *   With strong per-split feature sampling (m < p/3) building just the m
 *   sampled features of each child is cheaper, and is done instead.
 * - Missing values (the last slot of each feature) are tried on both sides;
 *   the better side becomes the learned default direction. When a node saw
 *   no missing value, missing rows follow the child with more rows.
 * - Categorical features: categories (missing included) sorted by G/(H+λ),
 *   then the best prefix of that order goes left (LightGBM's method).
 * - Depth-first growth when the leaf count is unbounded; best-first (largest
 *   gain first) when maxLeaves is set, as in LightGBM and scikit-learn's
 *   HistGradientBoosting.
 */
import type { Random } from '../../util/random.js';
import type { BinnedData } from './binning.js';
import { STATS, buildHistogram, subtractHistogram } from './histogram.js';
import { TreeBuilder, type FlatTrees } from './flat-tree.js';

export interface GrowParams {
  /** Splits from root to deepest leaf; Infinity for no limit. */
  readonly maxDepth: number;
  /** Infinity for no limit (depth-first growth). */
  readonly maxLeaves: number;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  /** Smallest hessian sum a child may have. */
  readonly minHessian: number;
  /** L2 penalty λ on leaf values. */
  readonly l2: number;
  /** Features drawn (without replacement) for each split; p for all. */
  readonly maxFeatures: number;
  /** Leaf value from the node's sums (mean for a forest, Newton step for boosting). */
  readonly leafValue: (G: number, H: number) => number;
}

/** Reusable buffers for growing many trees on the same data in one thread. */
export class GrowScratch {
  readonly rightRows: Int32Array;
  /** The tree's rows' codes, gradients and hessians in node order (moved along at each partition). */
  readonly codes: Uint8Array;
  readonly g: Float64Array;
  readonly h: Float64Array;
  /** Right-side buffers of a partition. */
  readonly tmpCodes: Uint8Array;
  readonly tmpG: Float64Array;
  readonly tmpH: Float64Array;
  /** Bytes per row in `codes`: the feature count rounded up to whole 32-bit words, so rows move as words. */
  readonly stride: number;
  readonly codes32: Uint32Array;
  readonly tmpCodes32: Uint32Array;
  readonly features: Int32Array;
  readonly histSize: number;
  private readonly pool: Float64Array[] = [];

  constructor(data: BinnedData) {
    this.rightRows = new Int32Array(data.nRows);
    this.stride = Math.ceil(data.nFeatures / 4) * 4;
    this.codes = new Uint8Array(data.nRows * this.stride);
    this.codes32 = new Uint32Array(this.codes.buffer);
    this.g = new Float64Array(data.nRows);
    this.h = new Float64Array(data.nRows);
    this.tmpCodes = new Uint8Array(data.nRows * this.stride);
    this.tmpCodes32 = new Uint32Array(this.tmpCodes.buffer);
    this.tmpG = new Float64Array(data.nRows);
    this.tmpH = new Float64Array(data.nRows);
    this.features = new Int32Array(data.nFeatures);
    this.histSize = data.offsets[data.nFeatures]! * STATS;
  }

  takeHistogram(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.histSize);
  }

  release(hist: Float64Array | null): void {
    if (hist !== null) this.pool.push(hist);
  }
}

interface Split {
  gain: number;
  feature: number;
  /** Numeric: last bin going left. */
  bin: number;
  defaultLeft: boolean;
  /** Categorical: goLeft[code] = 1 for codes going left; null for numeric. */
  goLeft: Uint8Array | null;
  GL: number;
  HL: number;
  CL: number;
}

interface Node {
  id: number;
  start: number;
  end: number;
  depth: number;
  G: number;
  H: number;
  C: number;
  hist: Float64Array | null;
  best: Split | null;
}

/**
 * @param rows the rows of the tree (with non-zero weight); reordered in place
 * @param nRowsUsed how many entries of `rows` are used
 * @param leafOfRow when given, receives the leaf node of every row of the tree
 */
export function growTree(
  data: BinnedData,
  g: Float64Array,
  h: Float64Array,
  rows: Int32Array,
  nRowsUsed: number,
  params: GrowParams,
  rng: Random,
  scratch: GrowScratch,
  leafOfRow?: Int32Array,
): FlatTrees {
  const p = data.nFeatures;
  const m = Math.max(1, Math.min(p, params.maxFeatures));
  const sampling = m < p;
  // Full histograms pay off unless the per-split feature sample is small.
  const fullHistograms = !sampling || 3 * m >= p;
  const all = new Int32Array(p);
  for (let j = 0; j < p; j++) all[j] = j;
  const candidates = scratch.features;
  const builder = new TreeBuilder(1);
  const bestFirst = Number.isFinite(params.maxLeaves);

  const drawFeatures = (): number => {
    if (!sampling) {
      candidates.set(all);
      return p;
    }
    // Partial Fisher–Yates: the first m entries are a uniform sample; kept in draw order.
    candidates.set(all);
    for (let k = 0; k < m; k++) {
      const j = k + rng.int(p - k);
      const t = candidates[k]!;
      candidates[k] = candidates[j]!;
      candidates[j] = t;
    }
    return m;
  };

  const canSplit = (node: Node): boolean =>
    node.depth < params.maxDepth && node.C >= params.minSamplesSplit && node.C >= 2 * params.minSamplesLeaf;

  const histogramFor = (node: Node, features: Int32Array, count: number): Float64Array => {
    const hist = scratch.takeHistogram();
    buildHistogram(ordered, stride, node.start, node.end, scratch.g, scratch.h, features, count, hist);
    return hist;
  };

  // Node-ordered copies of the tree's rows: histogram passes and partitions then stream through
  // memory instead of jumping to rows scattered over the data (one cache miss per row per level).
  const oc = scratch.codes;
  const oc32 = scratch.codes32;
  const stride = scratch.stride;
  const words = stride / 4;
  const og = scratch.g;
  const oh = scratch.h;
  const dc = data.codes;
  let G = 0;
  let H = 0;
  for (let i = 0; i < nRowsUsed; i++) {
    const r = rows[i]!;
    for (let j = 0, a = i * stride, b = r * p; j < p; j++) oc[a + j] = dc[b + j]!;
    og[i] = g[r]!;
    oh[i] = h[r]!;
    G += g[r]!;
    H += h[r]!;
  }
  const ordered: BinnedData = { ...data, codes: oc };
  const root: Node = { id: builder.addNode(), start: 0, end: nRowsUsed, depth: 0, G, H, C: nRowsUsed, hist: null, best: null };
  if (canSplit(root)) {
    const count = drawFeatures();
    root.hist = fullHistograms ? histogramFor(root, all, p) : histogramFor(root, candidates, count);
    root.best = findBestSplit(data, root, root.hist, candidates, count, params);
    if (!fullHistograms) {
      scratch.release(root.hist);
      root.hist = null;
    }
  }

  const frontier: Node[] = [root];
  let leaves = 1;
  const goLeft = new Uint8Array(256);
  while (frontier.length > 0) {
    let pick = frontier.length - 1;
    if (bestFirst) {
      // Largest gain first; nodes that cannot split are settled as leaves right away.
      let bestGain = -Infinity;
      for (let k = 0; k < frontier.length; k++) {
        const b = frontier[k]!.best;
        const gain = b === null ? Infinity : b.gain;
        if (gain > bestGain) {
          bestGain = gain;
          pick = k;
        }
      }
    }
    const node = frontier[pick]!;
    frontier.splice(pick, 1);
    const split = node.best;
    if (split === null || leaves >= params.maxLeaves) {
      builder.setLeafValue(node.id, 0, params.leafValue(node.G, node.H));
      if (leafOfRow !== undefined) for (let i = node.start; i < node.end; i++) leafOfRow[rows[i]!] = node.id;
      scratch.release(node.hist);
      continue;
    }
    // Partition rows: stable, left part first.
    goLeft.fill(0);
    const f = split.feature;
    const missing = data.nBins[f]!;
    if (split.goLeft !== null) goLeft.set(split.goLeft);
    else {
      for (let c = 0; c <= split.bin; c++) goLeft[c] = 1;
      goLeft[missing] = split.defaultLeft ? 1 : 0;
    }
    // Stable partition of rows, codes and gradients together: left part first.
    let l = node.start;
    let r = 0;
    const right = scratch.rightRows;
    const tc32 = scratch.tmpCodes32;
    const tg = scratch.tmpG;
    const th = scratch.tmpH;
    for (let i = node.start; i < node.end; i++) {
      if (goLeft[oc[i * stride + f]!] === 1) {
        if (l !== i) {
          for (let j = 0, a = l * words, b = i * words; j < words; j++) oc32[a + j] = oc32[b + j]!;
          rows[l] = rows[i]!;
          og[l] = og[i]!;
          oh[l] = oh[i]!;
        }
        l++;
      } else {
        for (let j = 0, a = r * words, b = i * words; j < words; j++) tc32[a + j] = oc32[b + j]!;
        right[r] = rows[i]!;
        tg[r] = og[i]!;
        th[r] = oh[i]!;
        r++;
      }
    }
    rows.set(right.subarray(0, r), l);
    oc32.set(tc32.subarray(0, r * words), l * words);
    og.set(tg.subarray(0, r), l);
    oh.set(th.subarray(0, r), l);
    const leftNode: Node = {
      id: builder.addNode(),
      start: node.start,
      end: l,
      depth: node.depth + 1,
      G: split.GL,
      H: split.HL,
      C: split.CL,
      hist: null,
      best: null,
    };
    const rightNode: Node = {
      id: builder.addNode(),
      start: l,
      end: node.end,
      depth: node.depth + 1,
      G: node.G - split.GL,
      H: node.H - split.HL,
      C: node.C - split.CL,
      hist: null,
      best: null,
    };
    if (split.goLeft !== null) builder.setCategoricalSplit(node.id, f, goLeft, leftNode.id, rightNode.id);
    else builder.setNumericSplit(node.id, f, split.bin, split.defaultLeft, leftNode.id, rightNode.id);
    builder.setLeafValue(node.id, 0, params.leafValue(node.G, node.H));
    leaves++;

    const splitLeft = canSplit(leftNode);
    const splitRight = canSplit(rightNode);
    if (fullHistograms && node.hist !== null && (splitLeft || splitRight)) {
      const leftSmaller = leftNode.C <= rightNode.C;
      const small = leftSmaller ? leftNode : rightNode;
      const large = leftSmaller ? rightNode : leftNode;
      small.hist = histogramFor(small, all, p);
      subtractHistogram(data, node.hist, small.hist, all, p);
      large.hist = node.hist;
      node.hist = null;
    } else {
      scratch.release(node.hist);
      node.hist = null;
    }
    for (const child of [leftNode, rightNode]) {
      if (canSplit(child)) {
        const count = drawFeatures();
        if (child.hist === null) {
          // Histograms were not kept (sampled features): build this child's own.
          child.hist = histogramFor(child, candidates, count);
          child.best = findBestSplit(data, child, child.hist, candidates, count, params);
          scratch.release(child.hist);
          child.hist = null;
        } else {
          child.best = findBestSplit(data, child, child.hist, candidates, count, params);
        }
      } else {
        scratch.release(child.hist);
        child.hist = null;
      }
      frontier.push(child);
    }
  }
  return builder.finish();
}

const catOrder = new Int32Array(256);
const catRatio = new Float64Array(256);

/** Best split of a node over the candidate features, or null when no split gains. */
function findBestSplit(
  data: BinnedData,
  node: Node,
  hist: Float64Array,
  features: Int32Array,
  count: number,
  params: GrowParams,
): Split | null {
  const { G, H, C } = node;
  const { l2, minSamplesLeaf, minHessian } = params;
  const parentScore = (G * G) / (H + l2);
  // Splits must beat the parent by more than rounding noise.
  const tolerance = 1e-12 * Math.abs(parentScore);
  let best: Split | null = null;
  let bestGain = tolerance;

  for (let q = 0; q < count; q++) {
    const f = features[q]!;
    const nb = data.nBins[f]!;
    const base = data.offsets[f]! * STATS;
    const mi = base + nb * STATS;
    const Gm = hist[mi]!;
    const Hm = hist[mi + 1]!;
    const Cm = hist[mi + 2]!;

    if (data.categorical[f] === 1) {
      // Categories present in the node (missing as one more), sorted by G/(H+λ).
      let k = 0;
      for (let c = 0; c <= nb; c++) {
        const at = base + c * STATS;
        if (hist[at + 2]! > 0) {
          const denom = hist[at + 1]! + l2;
          catRatio[k] = denom > 0 ? hist[at]! / denom : 0;
          catOrder[k] = c;
          k++;
        }
      }
      if (k < 2) continue;
      // Insertion sort on ratio, ties by code: k ≤ 256.
      for (let a = 1; a < k; a++) {
        const c = catOrder[a]!;
        const v = catRatio[a]!;
        let b = a - 1;
        while (b >= 0 && (catRatio[b]! > v || (catRatio[b]! === v && catOrder[b]! > c))) {
          catRatio[b + 1] = catRatio[b]!;
          catOrder[b + 1] = catOrder[b]!;
          b--;
        }
        catRatio[b + 1] = v;
        catOrder[b + 1] = c;
      }
      let GL = 0;
      let HL = 0;
      let CL = 0;
      let bestK = -1;
      let bG = 0;
      let bH = 0;
      let bC = 0;
      for (let a = 0; a < k - 1; a++) {
        const at = base + catOrder[a]! * STATS;
        GL += hist[at]!;
        HL += hist[at + 1]!;
        CL += hist[at + 2]!;
        const CR = C - CL;
        const HR = H - HL;
        if (CL < minSamplesLeaf || CR < minSamplesLeaf || HL < minHessian || HR < minHessian) continue;
        const GR = G - GL;
        const gain = (GL * GL) / (HL + l2) + (GR * GR) / (HR + l2) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestK = a;
          bG = GL;
          bH = HL;
          bC = CL;
        }
      }
      if (bestK >= 0) {
        const goLeft = new Uint8Array(256);
        for (let a = 0; a <= bestK; a++) goLeft[catOrder[a]!] = 1;
        best = { gain: bestGain, feature: f, bin: -1, defaultLeft: goLeft[nb] === 1, goLeft, GL: bG, HL: bH, CL: bC };
      }
      continue;
    }

    let GL = 0;
    let HL = 0;
    let CL = 0;
    for (let t = 0; t < nb; t++) {
      const at = base + t * STATS;
      const c = hist[at + 2]!;
      if (c === 0 && t < nb - 1) continue;
      GL += hist[at]!;
      HL += hist[at + 1]!;
      CL += c;
      if (t === nb - 1) {
        // All non-missing rows left, missing right: only a split when both sides have rows.
        if (Cm === 0) break;
      }
      // Missing rows right.
      {
        const CR = C - CL;
        const HR = H - HL;
        if (CL >= minSamplesLeaf && CR >= minSamplesLeaf && HL >= minHessian && HR >= minHessian) {
          const GR = G - GL;
          const gain = (GL * GL) / (HL + l2) + (GR * GR) / (HR + l2) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            // With no missing rows here, unseen missing values follow the larger child.
            const defaultLeft = Cm === 0 ? CL >= CR : false;
            best = { gain, feature: f, bin: t, defaultLeft, goLeft: null, GL, HL, CL };
          }
        }
      }
      if (Cm > 0 && t < nb - 1) {
        // Missing rows left.
        const GL2 = GL + Gm;
        const HL2 = HL + Hm;
        const CL2 = CL + Cm;
        const CR = C - CL2;
        const HR = H - HL2;
        if (CL2 >= minSamplesLeaf && CR >= minSamplesLeaf && HL2 >= minHessian && HR >= minHessian) {
          const GR = G - GL2;
          const gain = (GL2 * GL2) / (HL2 + l2) + (GR * GR) / (HR + l2) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            best = { gain, feature: f, bin: t, defaultLeft: true, goLeft: null, GL: GL2, HL: HL2, CL: CL2 };
          }
        }
      }
    }
  }
  return best;
}
