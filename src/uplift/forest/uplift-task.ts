/**
 * Building the trees of an uplift forest: the per-tree work shared by the
 * calling thread and worker threads. Tree t draws its bootstrap sample (and
 * feature samples, and honest split) from its own seed stream.
 */
import { histogramOffsets, type BinnedData } from '../../learners/trees/binning.js';
import { leavesOfRows, treeBuffers, type FlatTrees } from '../../learners/trees/flat-tree.js';
import type { TaskResult } from '../../learners/trees/parallel.js';
import { treeRandom } from '../../learners/trees/seeds.js';
import { growUpliftTree, UpliftScratch, type UpliftGrowParams } from './uplift-tree.js';

export interface UpliftJob {
  readonly codes: Uint8Array;
  readonly nRows: number;
  readonly nBins: Int32Array;
  readonly categorical: Uint8Array;
  /** Arm per row, -1 for rows left out. */
  readonly arm: Int32Array;
  readonly y: Float64Array;
  readonly seed: number;
  readonly honesty: boolean;
  readonly estimationSampleSize: number;
  readonly params: UpliftGrowParams;
}

export function upliftTreeBuilder(job: UpliftJob): (t: number) => FlatTrees {
  const data: BinnedData = {
    nRows: job.nRows,
    nFeatures: job.nBins.length,
    codes: job.codes,
    nBins: job.nBins,
    categorical: job.categorical,
    offsets: histogramOffsets(job.nBins),
  };
  const n = job.nRows;
  const K = job.params.K;
  const scratch = new UpliftScratch(data, K);
  const eligible: number[] = [];
  for (let i = 0; i < n; i++) if (job.arm[i]! >= 0) eligible.push(i);
  const nEligible = eligible.length;
  const mult = new Float64Array(n);
  const rows = new Int32Array(n);
  const estRows = new Int32Array(n);
  const leaf = new Int32Array(n);
  return (t: number): FlatTrees => {
    const rng = treeRandom(job.seed, t);
    // Bootstrap: as many draws as rows, with replacement (causalml's forest).
    mult.fill(0);
    for (let k = 0; k < nEligible; k++) mult[eligible[rng.int(nEligible)]!]! += 1;
    let m = 0;
    for (let i = 0; i < n; i++) if (mult[i]! > 0) rows[m++] = i;
    let nEst = 0;
    if (job.honesty) {
      // Honest trees: the distinct sampled rows split, stratified by (arm, y), into a
      // part that chooses the splits and a part that estimates the leaves.
      const strata = new Map<number, number[]>();
      for (let a = 0; a < m; a++) {
        const r = rows[a]!;
        const key = job.arm[r]! * 2 + (job.y[r]! > 0 ? 1 : 0);
        let list = strata.get(key);
        if (list === undefined) strata.set(key, (list = []));
        list.push(r);
      }
      const isEst = new Uint8Array(n);
      for (const key of [...strata.keys()].sort((a, b) => a - b)) {
        const list = strata.get(key)!;
        const perm = rng.permutation(list.length);
        const k = Math.round(job.estimationSampleSize * list.length);
        for (let a = 0; a < k; a++) isEst[list[perm[a]!]!] = 1;
      }
      let kept = 0;
      for (let a = 0; a < m; a++) {
        const r = rows[a]!;
        if (isEst[r] === 1) estRows[nEst++] = r;
        else rows[kept++] = r;
      }
      m = kept;
    }
    const tree = growUpliftTree(data, job.arm, job.y, mult, rows, m, job.params, rng, scratch);
    if (job.honesty) refillLeaves(tree, data, job, mult, estRows.subarray(0, nEst), leaf);
    return tree;
  };
}

/** Leaf rates re-estimated from the held-out rows (0 for an arm with none, as causalml does). */
function refillLeaves(tree: FlatTrees, data: BinnedData, job: UpliftJob, mult: Float64Array, est: Int32Array, leaf: Int32Array): void {
  const K = job.params.K;
  const nNodes = tree.feature.length;
  const n = new Float64Array(nNodes * K);
  const pos = new Float64Array(nNodes * K);
  leavesOfRows(tree, data, est, leaf);
  for (const r of est) {
    const k = leaf[r]! * K + job.arm[r]!;
    n[k] = n[k]! + mult[r]!;
    pos[k] = pos[k]! + mult[r]! * job.y[r]!;
  }
  for (let node = 0; node < nNodes; node++) {
    if (tree.feature[node]! >= 0) continue;
    for (let a = 0; a < K; a++) {
      const k = node * K + a;
      tree.value[k] = n[k]! > 0 ? pos[k]! / n[k]! : 0;
    }
  }
}

export function upliftTaskHandler(shared: unknown): (task: number) => TaskResult<FlatTrees> {
  const build = upliftTreeBuilder(shared as UpliftJob);
  return (t) => {
    const tree = build(t);
    return {
      value: tree,
      transfer: treeBuffers(tree),
    };
  };
}
