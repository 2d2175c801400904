/**
 * One uplift tree (causalml's UpliftTreeClassifier) grown on binned data with
 * histograms: per feature and bin, the row count and the count of y = 1 in
 * each arm. A split is scored by how much it increases the divergence between
 * each treated arm's and the control's outcome rate (KL, ED, Chi) or by the
 * difference in uplift between its sides (DDP), exactly as causalml scores it
 * (node summaries shrunk towards the parent with nReg, its normalisation,
 * a positive gain over the parent required, min rows per arm per child).
 *
 * Candidate thresholds: causalml tries 11 percentiles of the node's values
 * (3, 5, 10, 20, 30, 50, 70, 80, 90, 95, 97), or the 10/50/90th percentiles of
 * the distinct values when there are at most 10; here the same percentiles are
 * read off the node's histogram, so thresholds fall on bin edges
 * (`thresholds: 'all'` tries every bin edge instead). causalml's "left" branch
 * is x >= threshold; in our trees the left child is the lower side, and the
 * normalisation is evaluated with causalml's orientation.
 */
import type { Random } from '../../util/random.js';
import type { BinnedData } from '../../learners/trees/binning.js';
import { TreeBuilder, type FlatTrees } from '../../learners/trees/flat-tree.js';
import { childHistograms, keepsFullHistograms, sampleFeatures } from '../../learners/trees/split-sampling.js';
import { nodeDivergence, nodeSummary, normalisation, type UpliftCriterion } from './criteria.js';

export interface UpliftGrowParams {
  /** Arms including control. */
  readonly K: number;
  readonly criterion: UpliftCriterion;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minSamplesTreatment: number;
  readonly nReg: number;
  readonly normalization: boolean;
  readonly maxFeatures: number;
  readonly thresholds: 'percentiles' | 'all';
}

const MANY_PERCENTILES = [3, 5, 10, 20, 30, 50, 70, 80, 90, 95, 97];
const FEW_PERCENTILES = [10, 50, 90];

interface UNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  n: Float64Array;
  pos: Float64Array;
  /** causalml's node summary P(y = 1 | arm), shrunk towards the parent. */
  p: Float64Array;
  hist: Float64Array | null;
}

interface USplit {
  gain: number;
  feature: number;
  bin: number;
  defaultLeft: boolean;
  /** Per-arm counts of the lower (left) side. */
  nL: Float64Array;
  posL: Float64Array;
}

/** Buffers reused across the trees one thread grows. */
export class UpliftScratch {
  readonly rightRows: Int32Array;
  readonly histSize: number;
  readonly features: Int32Array;
  private readonly pool: Float64Array[] = [];
  colBase: Int32Array;
  histBase: Int32Array;

  constructor(data: BinnedData, K: number) {
    this.rightRows = new Int32Array(data.nRows);
    this.histSize = data.offsets[data.nFeatures]! * 2 * K;
    this.features = new Int32Array(data.nFeatures);
    this.colBase = new Int32Array(data.nFeatures);
    this.histBase = new Int32Array(data.nFeatures);
  }

  take(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.histSize);
  }

  release(h: Float64Array | null): void {
    if (h !== null) this.pool.push(h);
  }
}

/**
 * Grows one tree on rows[0, nUsed) (each with multiplicity mult[row] > 0).
 * Leaves hold the raw outcome rate per arm (width K), as causalml's `results`.
 */
export function growUpliftTree(
  data: BinnedData,
  arm: Int32Array,
  y: Float64Array,
  mult: Float64Array,
  rows: Int32Array,
  nUsed: number,
  params: UpliftGrowParams,
  rng: Random,
  scratch: UpliftScratch,
): FlatTrees {
  const { K } = params;
  const S = 2 * K;
  const p = data.nFeatures;
  const m = Math.max(1, Math.min(p, params.maxFeatures));
  const fullHistograms = keepsFullHistograms(m, p, p);
  const all = new Int32Array(p);
  for (let j = 0; j < p; j++) all[j] = j;
  const candidates = scratch.features;
  const builder = new TreeBuilder(K);

  const drawFeatures = (): number => sampleFeatures(all, candidates, m, rng);

  const build = (node: UNode, features: Int32Array, count: number): Float64Array => {
    const hist = scratch.take();
    const { codes, offsets } = data;
    const colBase = scratch.colBase;
    const histBase = scratch.histBase;
    for (let q = 0; q < count; q++) {
      const f = features[q]!;
      colBase[q] = f;
      histBase[q] = offsets[f]! * S;
      hist.fill(0, offsets[f]! * S, offsets[f + 1]! * S);
    }
    for (let i = node.start; i < node.end; i++) {
      const r = rows[i]!;
      const mr = mult[r]!;
      const yr = y[r]! * mr;
      const a2 = 2 * arm[r]!;
      const rowBase = r * p;
      for (let q = 0; q < count; q++) {
        const k = histBase[q]! + codes[rowBase + colBase[q]!]! * S + a2;
        hist[k] = hist[k]! + mr;
        hist[k + 1] = hist[k + 1]! + yr;
      }
    }
    return hist;
  };

  const total = (n: Float64Array): number => {
    let s = 0;
    for (let a = 0; a < K; a++) s += n[a]!;
    return s;
  };
  const canSplit = (node: UNode): boolean => node.depth < params.maxDepth && total(node.n) >= 2 * params.minSamplesLeaf + 2;

  // Root counts.
  const n0 = new Float64Array(K);
  const pos0 = new Float64Array(K);
  for (let i = 0; i < nUsed; i++) {
    const r = rows[i]!;
    n0[arm[r]!]! += mult[r]!;
    pos0[arm[r]!]! += mult[r]! * y[r]!;
  }
  const p0 = new Float64Array(K);
  nodeSummary(n0, pos0, null, K, params.minSamplesTreatment, params.nReg, p0);
  const root: UNode = { id: builder.addNode(), start: 0, end: nUsed, depth: 0, n: n0, pos: pos0, p: p0, hist: null };
  // Covers (for TreeSHAP): the bootstrap-weighted rows of all arms reaching each node.
  builder.setCover(root.id, total(n0));

  const search = new SplitSearch(data, params);
  const stack: UNode[] = [root];
  const goLeft = new Uint8Array(256);
  while (stack.length > 0) {
    const node = stack.pop()!;
    let split: USplit | null = null;
    if (canSplit(node)) {
      const count = drawFeatures();
      if (node.hist === null) {
        node.hist = fullHistograms ? build(node, all, p) : build(node, candidates, count);
      }
      split = search.best(node, node.hist, candidates, count);
    }
    if (split === null) {
      for (let a = 0; a < K; a++) builder.setLeafValue(node.id, a, node.n[a]! > 0 ? node.pos[a]! / node.n[a]! : 0);
      scratch.release(node.hist);
      continue;
    }
    const f = split.feature;
    const missing = data.nBins[f]!;
    goLeft.fill(0);
    for (let c = 0; c <= split.bin; c++) goLeft[c] = 1;
    goLeft[missing] = split.defaultLeft ? 1 : 0;
    const codes = data.codes;
    let l = node.start;
    let r = 0;
    const right = scratch.rightRows;
    for (let i = node.start; i < node.end; i++) {
      const row = rows[i]!;
      if (goLeft[codes[row * p + f]!] === 1) rows[l++] = row;
      else right[r++] = row;
    }
    rows.set(right.subarray(0, r), l);
    const nR = new Float64Array(K);
    const posR = new Float64Array(K);
    for (let a = 0; a < K; a++) {
      nR[a] = node.n[a]! - split.nL[a]!;
      posR[a] = node.pos[a]! - split.posL[a]!;
    }
    const pL = new Float64Array(K);
    const pR = new Float64Array(K);
    nodeSummary(split.nL, split.posL, node.p, K, params.minSamplesTreatment, params.nReg, pL);
    nodeSummary(nR, posR, node.p, K, params.minSamplesTreatment, params.nReg, pR);
    const leftNode: UNode = { id: builder.addNode(), start: node.start, end: l, depth: node.depth + 1, n: split.nL, pos: split.posL, p: pL, hist: null };
    const rightNode: UNode = { id: builder.addNode(), start: l, end: node.end, depth: node.depth + 1, n: nR, pos: posR, p: pR, hist: null };
    builder.setNumericSplit(node.id, f, split.bin, split.defaultLeft, leftNode.id, rightNode.id);
    builder.setCover(leftNode.id, total(split.nL));
    builder.setCover(rightNode.id, total(nR));
    for (let a = 0; a < K; a++) builder.setLeafValue(node.id, a, node.n[a]! > 0 ? node.pos[a]! / node.n[a]! : 0);
    if (fullHistograms && node.hist !== null && (canSplit(leftNode) || canSplit(rightNode))) {
      // Sibling subtraction: build the child with fewer rows, derive the other.
      const leftSmaller = l - node.start <= node.end - l;
      const { left, right } = childHistograms(node.hist, node.hist.length, leftSmaller, () => build(leftSmaller ? leftNode : rightNode, all, p));
      leftNode.hist = left;
      rightNode.hist = right;
      node.hist = null;
    } else {
      scratch.release(node.hist);
      node.hist = null;
    }
    stack.push(rightNode, leftNode);
  }
  return builder.finish();
}

/** Finds the best split of a node from its histogram (causalml's scoring). */
class SplitSearch {
  private readonly K: number;
  private readonly S: number;
  private readonly cum: Float64Array;
  private readonly binCount: Float64Array;
  private readonly nL: Float64Array;
  private readonly posL: Float64Array;
  private readonly nUp: Float64Array;
  private readonly posUp: Float64Array;
  private readonly pL: Float64Array;
  private readonly pU: Float64Array;
  private readonly thresholds: Int32Array;

  constructor(
    private readonly data: BinnedData,
    private readonly params: UpliftGrowParams,
  ) {
    this.K = params.K;
    this.S = 2 * params.K;
    // cum[b * S + s]: sums over bins 0..b (non-missing) for every stat.
    this.cum = new Float64Array(256 * this.S);
    this.binCount = new Float64Array(256);
    this.nL = new Float64Array(this.K);
    this.posL = new Float64Array(this.K);
    this.nUp = new Float64Array(this.K);
    this.posUp = new Float64Array(this.K);
    this.pL = new Float64Array(this.K);
    this.pU = new Float64Array(this.K);
    this.thresholds = new Int32Array(256);
  }

  best(node: UNode, hist: Float64Array, features: Int32Array, count: number): USplit | null {
    const { K, S, cum, binCount, nL, posL, nUp, posUp, pL, pU, params } = this;
    const { criterion, minSamplesLeaf, minSamplesTreatment, nReg, normalization } = params;
    const current = nodeDivergence(criterion, node.p, K);
    let lenNode = 0;
    for (let a = 0; a < K; a++) lenNode += node.n[a]!;
    let best: USplit | null = null;
    let bestGain = 0;
    for (let q = 0; q < count; q++) {
      const f = features[q]!;
      const nb = this.data.nBins[f]!;
      const base = this.data.offsets[f]! * S;
      // Cumulative sums over non-missing bins.
      let nonEmpty = 0;
      for (let b = 0; b < nb; b++) {
        let c = 0;
        for (let s = 0; s < S; s++) {
          const v = hist[base + b * S + s]! + (b > 0 ? cum[(b - 1) * S + s]! : 0);
          cum[b * S + s] = v;
        }
        for (let a = 0; a < K; a++) c += hist[base + b * S + 2 * a]!;
        binCount[b] = c;
        if (c > 0) nonEmpty++;
      }
      if (nonEmpty === 0) continue;
      const miss = base + nb * S;
      let missTotal = 0;
      for (let a = 0; a < K; a++) missTotal += hist[miss + 2 * a]!;
      const nThresholds = this.candidateThresholds(nb, nonEmpty);
      const last = (nb - 1) * S;
      for (let c = 0; c < nThresholds; c++) {
        const t = this.thresholds[c]!;
        // Routes as causalml tries them: missing with the upper side (its "left") first only when there are missing rows.
        for (let route = missTotal > 0 ? 0 : 1; route <= 1; route++) {
          let lenL = 0;
          let lenU = 0;
          for (let a = 0; a < K; a++) {
            const lowN = cum[t * S + 2 * a]!;
            const lowPos = cum[t * S + 2 * a + 1]!;
            const upN = cum[last + 2 * a]! - lowN;
            const upPos = cum[last + 2 * a + 1]! - lowPos;
            const mN = hist[miss + 2 * a]!;
            const mPos = hist[miss + 2 * a + 1]!;
            // route 1: missing goes to the upper side; route 0: to the lower side.
            nL[a] = route === 0 ? lowN + mN : lowN;
            posL[a] = route === 0 ? lowPos + mPos : lowPos;
            nUp[a] = route === 1 ? upN + mN : upN;
            posUp[a] = route === 1 ? upPos + mPos : upPos;
            lenL += nL[a]!;
            lenU += nUp[a]!;
          }
          if (lenL <= minSamplesLeaf || lenU <= minSamplesLeaf) continue;
          let minArm = Infinity;
          for (let a = 0; a < K; a++) minArm = Math.min(minArm, nL[a]!, nUp[a]!);
          if (minArm < minSamplesTreatment) continue;
          nodeSummary(nUp, posUp, node.p, K, minSamplesTreatment, nReg, pU);
          nodeSummary(nL, posL, node.p, K, minSamplesTreatment, nReg, pL);
          const scoreU = nodeDivergence(criterion, pU, K);
          const scoreL = nodeDivergence(criterion, pL, K);
          let gain: number;
          if (criterion === 'DDP') gain = Math.abs(scoreU - scoreL);
          else {
            const share = lenU / lenNode;
            gain = share * scoreU + (1 - share) * scoreL - current;
            if (normalization) gain /= normalisation(node.n, nUp, K);
          }
          if (gain > bestGain) {
            bestGain = gain;
            best = { gain, feature: f, bin: t, defaultLeft: route === 0, nL: nL.slice(), posL: posL.slice() };
          }
        }
      }
    }
    return best;
  }

  /** Fills this.thresholds with candidate "last lower bin" indices, ascending and distinct. */
  private candidateThresholds(nb: number, nonEmpty: number): number {
    const { binCount, thresholds } = this;
    let count = 0;
    const push = (t: number): void => {
      if (t < 0 || t >= nb - 1) return;
      if (count > 0 && thresholds[count - 1]! >= t) return;
      thresholds[count++] = t;
    };
    if (this.params.thresholds === 'all') {
      for (let b = 0; b < nb - 1; b++) if (binCount[b]! > 0) push(b);
      return count;
    }
    if (nonEmpty > 10) {
      let N = 0;
      for (let b = 0; b < nb; b++) N += binCount[b]!;
      for (const q of MANY_PERCENTILES) {
        // The upper side (x >= percentile) starts at this rank of the sorted values.
        const rank = Math.ceil((q / 100) * (N - 1));
        let acc = 0;
        let b = 0;
        for (; b < nb; b++) {
          acc += binCount[b]!;
          if (acc > rank) break;
        }
        push(b - 1);
      }
    } else {
      const bins: number[] = [];
      for (let b = 0; b < nb; b++) if (binCount[b]! > 0) bins.push(b);
      for (const q of FEW_PERCENTILES) {
        const rank = Math.ceil((q / 100) * (bins.length - 1));
        push(bins[rank]! - 1);
      }
    }
    return count;
  }
}
