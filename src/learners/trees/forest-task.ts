/**
 * Building the trees of a random forest: the per-tree work that runs on the
 * calling thread and on worker threads alike.
 */
import type { BinnedData } from './binning.js';
import { histogramOffsets } from './binning.js';
import type { HistogramLayout } from './bundles.js';
import { GrowScratch, growTree, type GrowParams } from './grow.js';
import { treeBuffers, type FlatTrees } from './flat-tree.js';
import type { TaskResult } from './parallel.js';
import { treeRandom } from './seeds.js';

/** Everything a thread needs to build any tree of a forest (large arrays on SharedArrayBuffers). */
export interface ForestJob {
  readonly codes: Uint8Array;
  /** Histogram groups of the features (bundles of low-cardinality features), computed once per fit. */
  readonly layout: HistogramLayout;
  readonly nRows: number;
  readonly nBins: Int32Array;
  readonly categorical: Uint8Array;
  readonly y: Float64Array;
  readonly weight: Float64Array | null;
  readonly seed: number;
  readonly bootstrap: boolean;
  /** Rows drawn per tree. */
  readonly sampleSize: number;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  readonly maxFeatures: number;
}

export function forestTreeBuilder(job: ForestJob): (t: number) => FlatTrees {
  const data: BinnedData = {
    nRows: job.nRows,
    nFeatures: job.nBins.length,
    codes: job.codes,
    nBins: job.nBins,
    categorical: job.categorical,
    offsets: histogramOffsets(job.nBins),
  };
  const n = job.nRows;
  const scratch = new GrowScratch(data, job.layout);
  const mult = new Float64Array(n);
  const rows = new Int32Array(n);
  const params: GrowParams = {
    maxDepth: job.maxDepth,
    maxLeaves: Infinity,
    minSamplesLeaf: job.minSamplesLeaf,
    minSamplesSplit: job.minSamplesSplit,
    minHessian: 0,
    l2: 0,
    maxFeatures: job.maxFeatures,
    // Weighted mean of y in the leaf: the class-1 frequency for a 0/1 target.
    leafValue: (G, H) => (H > 0 ? G / H : 0),
    cover: 'weight',
  };
  return (t: number): FlatTrees => {
    const rng = treeRandom(job.seed, t);
    mult.fill(0);
    if (job.bootstrap) {
      // One 32-bit draw per row (multiply-shift): half the cost of rng.int, bias below n / 2^32.
      const scale = n / 4294967296;
      for (let k = 0; k < job.sampleSize; k++) mult[Math.floor(rng.nextUint32() * scale)]! += 1;
    } else if (job.sampleSize < n) {
      const perm = rng.permutation(n);
      for (let k = 0; k < job.sampleSize; k++) mult[perm[k]!] = 1;
    } else mult.fill(1);
    let m = 0;
    const { y, weight } = job;
    const g = scratch.g;
    const h = scratch.h;
    // Gradients are written at the rows' node-order positions (loadRows keeps this order).
    for (let i = 0; i < n; i++) {
      const w = weight === null ? mult[i]! : mult[i]! * weight[i]!;
      if (w > 0) {
        rows[m] = i;
        g[m] = w * y[i]!;
        h[m] = w;
        m++;
      }
    }
    scratch.loadRows(rows, m);
    // Zero-weight-only data: one leaf predicting 0.
    return growTree(scratch, params, rng);
  };
}

/** The worker-side handler: the same builder, with buffers transferred back. */
export function forestTaskHandler(shared: unknown): (task: number) => TaskResult<FlatTrees> {
  const build = forestTreeBuilder(shared as ForestJob);
  return (t) => {
    const tree = build(t);
    return {
      value: tree,
      transfer: treeBuffers(tree),
    };
  };
}
