/**
 * Grows one histogram tree on binned data from per-row gradients g and
 * hessians h (second-order split gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)).
 *
 * - The tree's rows live in a GrowScratch in node order: each node is a
 *   contiguous range, and a row's group codes and gradients move with it when
 *   its node is partitioned (stable, left part first), so histogram passes
 *   stream through memory instead of jumping to rows scattered over the data.
 * - Histograms are built per group (a single feature, or a bundle of
 *   low-cardinality features marginalised afterwards; see bundles.ts).
 * - Sibling subtraction: when histograms cover all groups, only the smaller
 *   child's histogram is built from rows; the larger is parent − smaller.
 *   With strong per-split feature sampling (m < groups/3) building just the
 *   sampled features' groups of each child is cheaper, and is done instead.
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
import type { HistogramLayout } from './bundles.js';
import { STATS, buildHistogram } from './histogram.js';
import { childHistograms, keepsFullHistograms, sampleFeatures } from './split-sampling.js';
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
  /**
   * What a node's cover (kept for TreeSHAP) counts: 'weight' the hessian sum
   * (a forest's h is the row's bootstrap multiplicity × weight, as
   * scikit-learn's weighted_n_node_samples), 'rows' the rows (default; as
   * scikit-learn's HistGradientBoosting node counts).
   */
  readonly cover?: 'weight' | 'rows';
}

/**
 * The rows of the tree being grown, in node order, and reusable buffers for
 * growing many trees on the same data in one thread. Callers load the rows
 * (`loadRows`), write each position's gradient and hessian into `g` and `h`
 * (position a holds row `rows[a]`), then call growTree.
 */
export class GrowScratch {
  readonly data: BinnedData;
  readonly layout: HistogramLayout;
  /** Row index at each node-order position. */
  readonly rows: Int32Array;
  readonly g: Float64Array;
  readonly h: Float64Array;
  /** Rows loaded. */
  nLoaded = 0;
  /** Group codes in node order; bytes per row rounded up to whole 32-bit words, so rows move as words. */
  readonly codes: Uint8Array;
  readonly stride: number;
  readonly codes32: Uint32Array;
  /** Right-side buffers of a partition. */
  readonly tmpRows: Int32Array;
  readonly tmpCodes32: Uint32Array;
  readonly tmpG: Float64Array;
  readonly tmpH: Float64Array;
  readonly features: Int32Array;
  readonly allFeatures: Int32Array;
  readonly allGroups: Int32Array;
  readonly groupList: Int32Array;
  readonly groupMark: Uint8Array;
  readonly histSize: number;
  private readonly pool: Float64Array[] = [];

  constructor(data: BinnedData, layout: HistogramLayout) {
    const n = data.nRows;
    this.data = data;
    this.layout = layout;
    this.rows = new Int32Array(n);
    this.g = new Float64Array(n);
    this.h = new Float64Array(n);
    this.stride = Math.ceil(layout.nGroups / 4) * 4;
    this.codes = new Uint8Array(n * this.stride);
    this.codes32 = new Uint32Array(this.codes.buffer);
    this.tmpRows = new Int32Array(n);
    this.tmpCodes32 = new Uint32Array(n * (this.stride / 4));
    this.tmpG = new Float64Array(n);
    this.tmpH = new Float64Array(n);
    const p = data.nFeatures;
    this.features = new Int32Array(p);
    this.allFeatures = new Int32Array(p);
    for (let j = 0; j < p; j++) this.allFeatures[j] = j;
    this.allGroups = new Int32Array(layout.nGroups);
    for (let q = 0; q < layout.nGroups; q++) this.allGroups[q] = q;
    this.groupList = new Int32Array(layout.nGroups);
    this.groupMark = new Uint8Array(layout.nGroups);
    this.histSize = layout.nSlots * STATS;
  }

  /** Makes `rows[0..count)` the tree's rows, in that order, with node-ordered copies of their group codes. */
  loadRows(rows: Int32Array, count: number): void {
    const src = this.layout.codes;
    const q = this.layout.nGroups;
    const stride = this.stride;
    const oc = this.codes;
    if (q === stride && src.byteOffset % 4 === 0) {
      // Rows of whole words in the source too: copy words.
      const words = stride >>> 2;
      const src32 = new Uint32Array(src.buffer, src.byteOffset, (src.length >>> 2));
      for (let i = 0; i < count; i++) {
        const r = rows[i]!;
        this.rows[i] = r;
        copyWords(this.codes32, i * words, src32, r * words, words);
      }
    } else {
      for (let i = 0, a = 0; i < count; i++, a += stride) {
        const r = rows[i]!;
        this.rows[i] = r;
        for (let k = 0, b = r * q; k < q; k++) oc[a + k] = src[b + k]!;
      }
    }
    this.nLoaded = count;
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
 * Grows a tree on the rows loaded in `scratch` (reordered in place into node order).
 *
 * @param leafOfRow when given, receives the leaf node of every row of the tree (at its row index)
 */
export function growTree(scratch: GrowScratch, params: GrowParams, rng: Random, leafOfRow?: Int32Array): FlatTrees {
  const data = scratch.data;
  const layout = scratch.layout;
  const p = data.nFeatures;
  const m = Math.max(1, Math.min(p, params.maxFeatures));
  const fullHistograms = keepsFullHistograms(m, p, layout.nGroups);
  const all = scratch.allFeatures;
  const candidates = scratch.features;
  const builder = new TreeBuilder(1);
  const bestFirst = Number.isFinite(params.maxLeaves);
  const coverOf = params.cover === 'weight' ? (_C: number, H: number) => H : (C: number, _H: number) => C;
  const rows = scratch.rows;
  const nRowsUsed = scratch.nLoaded;

  const drawFeatures = (): number => sampleFeatures(all, candidates, m, rng);

  const canSplitSizes = (depth: number, count: number): boolean =>
    depth < params.maxDepth && count >= params.minSamplesSplit && count >= 2 * params.minSamplesLeaf;
  const canSplit = (node: Node): boolean => canSplitSizes(node.depth, node.C);

  const oc = scratch.codes;
  const stride = scratch.stride;
  const og = scratch.g;
  const oh = scratch.h;

  /** Histogram of a node over all groups, or over the groups of the first `count` candidates. */
  const histogramFor = (node: Node, count: number): Float64Array => {
    const hist = scratch.takeHistogram();
    if (count < 0) {
      buildHistogram(layout, oc, stride, node.start, node.end, og, oh, scratch.allGroups, layout.nGroups, hist);
    } else {
      const list = scratch.groupList;
      const mark = scratch.groupMark;
      let k = 0;
      for (let a = 0; a < count; a++) {
        const q = layout.groupOf[candidates[a]!]!;
        if (mark[q] === 0) {
          mark[q] = 1;
          list[k++] = q;
        }
      }
      for (let a = 0; a < k; a++) mark[list[a]!] = 0;
      buildHistogram(layout, oc, stride, node.start, node.end, og, oh, list, k, hist);
    }
    return hist;
  };

  let G = 0;
  let H = 0;
  for (let i = 0; i < nRowsUsed; i++) {
    G += og[i]!;
    H += oh[i]!;
  }
  const root: Node = { id: builder.addNode(), start: 0, end: nRowsUsed, depth: 0, G, H, C: nRowsUsed, hist: null, best: null };
  builder.setCover(root.id, coverOf(nRowsUsed, H));
  if (canSplit(root)) {
    const count = drawFeatures();
    root.hist = histogramFor(root, fullHistograms ? -1 : count);
    root.best = findBestSplit(data, root, root.hist, candidates, count, params);
    if (!fullHistograms) {
      scratch.release(root.hist);
      root.hist = null;
    }
  }

  const frontier: Node[] = [root];
  let leaves = 1;
  const goLeft = new Uint8Array(256);
  const goLeftIds = new Uint8Array(256);
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
    goLeft.fill(0);
    const f = split.feature;
    const missing = data.nBins[f]!;
    if (split.goLeft !== null) goLeft.set(split.goLeft);
    else {
      for (let c = 0; c <= split.bin; c++) goLeft[c] = 1;
      goLeft[missing] = split.defaultLeft ? 1 : 0;
    }
    // The side of each code of f's group (a bundle's joint code goes where its f-code goes).
    const q = layout.groupOf[f]!;
    let side = goLeft;
    if (layout.isBundle[q] === 1) {
      const table = f * 256;
      for (let id = 0; id < layout.nIds[q]!; id++) goLeftIds[id] = goLeft[layout.decode[table + id]!]!;
      side = goLeftIds;
    }
    leaves++;
    const childDepth = node.depth + 1;
    const CL = split.CL;
    const CR = node.C - CL;
    const leftId = builder.addNode();
    const rightId = builder.addNode();
    builder.setCover(leftId, coverOf(CL, split.HL));
    builder.setCover(rightId, coverOf(CR, node.H - split.HL));
    if (split.goLeft !== null) builder.setCategoricalSplit(node.id, f, goLeft, leftId, rightId);
    else builder.setNumericSplit(node.id, f, split.bin, split.defaultLeft, leftId, rightId);
    builder.setLeafValue(node.id, 0, params.leafValue(node.G, node.H));
    if (leaves >= params.maxLeaves || (!canSplitSizes(childDepth, CL) && !canSplitSizes(childDepth, CR))) {
      // Both children stay leaves: label the rows instead of moving them.
      builder.setLeafValue(leftId, 0, params.leafValue(split.GL, split.HL));
      builder.setLeafValue(rightId, 0, params.leafValue(node.G - split.GL, node.H - split.HL));
      if (leafOfRow !== undefined) {
        for (let i = node.start; i < node.end; i++) leafOfRow[rows[i]!] = side[oc[i * stride + q]!] === 1 ? leftId : rightId;
      }
      scratch.release(node.hist);
      continue;
    }
    // At least one child can split (else both stayed leaves above).
    const l = partition(scratch, node.start, node.end, q, side);
    const leftNode: Node = {
      id: leftId,
      start: node.start,
      end: l,
      depth: childDepth,
      G: split.GL,
      H: split.HL,
      C: CL,
      hist: null,
      best: null,
    };
    const rightNode: Node = {
      id: rightId,
      start: l,
      end: node.end,
      depth: childDepth,
      G: node.G - split.GL,
      H: node.H - split.HL,
      C: CR,
      hist: null,
      best: null,
    };
    if (fullHistograms && node.hist !== null) {
      const leftSmaller = leftNode.C <= rightNode.C;
      const { left, right } = childHistograms(node.hist, scratch.histSize, leftSmaller, () => histogramFor(leftSmaller ? leftNode : rightNode, -1));
      leftNode.hist = left;
      rightNode.hist = right;
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
          child.hist = histogramFor(child, count);
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

/**
 * Stable partition of positions [start, end) of the loaded rows (row index,
 * group codes, gradients move together): rows whose code of group q has
 * side[code] = 1 first. Returns where the right part starts. (A branch-free
 * variant writing every row to both sides measured 5% slower per tree.)
 */
function partition(scratch: GrowScratch, start: number, end: number, q: number, side: Uint8Array): number {
  const { rows, g, h, codes, codes32, tmpRows, tmpCodes32, tmpG, tmpH, stride } = scratch;
  const words = stride >>> 2;
  let l = start;
  let r = 0;
  if (words === 1) {
    // One word of codes per row (up to four groups): no inner copy loop.
    for (let i = start; i < end; i++) {
      if (side[codes[i * 4 + q]!] === 1) {
        if (l !== i) {
          codes32[l] = codes32[i]!;
          rows[l] = rows[i]!;
          g[l] = g[i]!;
          h[l] = h[i]!;
        }
        l++;
      } else {
        tmpCodes32[r] = codes32[i]!;
        tmpRows[r] = rows[i]!;
        tmpG[r] = g[i]!;
        tmpH[r] = h[i]!;
        r++;
      }
    }
  } else
  for (let i = start; i < end; i++) {
    if (side[codes[i * stride + q]!] === 1) {
      if (l !== i) {
        copyWords(codes32, l * words, codes32, i * words, words);
        rows[l] = rows[i]!;
        g[l] = g[i]!;
        h[l] = h[i]!;
      }
      l++;
    } else {
      copyWords(tmpCodes32, r * words, codes32, i * words, words);
      tmpRows[r] = rows[i]!;
      tmpG[r] = g[i]!;
      tmpH[r] = h[i]!;
      r++;
    }
  }
  rows.set(tmpRows.subarray(0, r), l);
  codes32.set(tmpCodes32.subarray(0, r * words), l * words);
  g.set(tmpG.subarray(0, r), l);
  h.set(tmpH.subarray(0, r), l);
  return l;
}

/** dst[a..a+words) = src[b..b+words): written out up to eight words (a copy loop per row measured 7% of a 1M-row tree). */
function copyWords(dst: Uint32Array, a: number, src: Uint32Array, b: number, words: number): void {
  if (words > 8) {
    for (let j = 0; j < words; j++) dst[a + j] = src[b + j]!;
    return;
  }
  // `words` is the same for every row of a tree, so these tests always go the same way.
  dst[a] = src[b]!;
  if (words > 1) dst[a + 1] = src[b + 1]!;
  if (words > 2) dst[a + 2] = src[b + 2]!;
  if (words > 3) dst[a + 3] = src[b + 3]!;
  if (words > 4) dst[a + 4] = src[b + 4]!;
  if (words > 5) dst[a + 5] = src[b + 5]!;
  if (words > 6) dst[a + 6] = src[b + 6]!;
  if (words > 7) dst[a + 7] = src[b + 7]!;
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
