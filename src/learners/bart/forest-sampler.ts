/**
 * One sum-of-trees forest under Bayesian backfitting (Chipman, George and
 * McCulloch 2010): for each tree in turn, a grow / prune / change
 * Metropolis–Hastings move on its structure with the leaf values integrated
 * out, then a Gibbs draw of its leaf values.
 *
 * The forest works on "items": rows of a binned code matrix (codes[item·P + j]),
 * each standing for a unit `unitOf[item]` with a 0/1 basis `basis[item]`. The
 * unit's partial residual is shared by every forest of a model; an item with
 * basis 0 is partitioned and predicted but does not inform the likelihood.
 * That one device gives bart's counterfactual rows (the unit at another
 * treatment) and bcf's effect forests (basis = [t = k]) their fits on every
 * unit for free, so the average effect of each draw is a sum, not a traversal.
 *
 * Every tree keeps its items in one permutation array in which each node owns
 * a contiguous range and a split partitions its parent's range (stably), so a
 * move touches only the rows of the node it changes.
 *
 * Split rules come from the quantile bins of the histogram trees: feature j,
 * cut c sends codes ≤ c left; missing values (code nBins[j]) go right. The
 * cuts available at a node are those its ancestors leave open (as the BART R
 * package does), and a node with none is a leaf with prior probability 1, so
 * the sampler's stationary distribution is exactly the stated tree prior
 * restricted to leaves with at least `minLeaf` observations.
 */
import type { Random } from '../../util/random.js';

/** Nodes a tree may hold; a grow that needs more is rejected (trees of the prior rarely pass 15). */
export const NODE_CAPACITY = 128;

/** Move probabilities from a tree with more than one node (a root-only tree always proposes a grow). */
const P_GROW = 0.25;
const P_PRUNE = 0.25;

export interface ForestPrior {
  readonly trees: number;
  /** Split probability α(1 + depth)^−β. */
  readonly alpha: number;
  readonly beta: number;
  /** Prior standard deviation of a leaf value. */
  readonly leafSd: number;
  /** Smallest basis-weighted count a leaf may hold (0 with no data). */
  readonly minLeaf: number;
}

export interface ForestData {
  readonly codes: Uint8Array;
  /** Columns of `codes`. */
  readonly nColumns: number;
  /** Non-missing bins of every column (a cut c takes values 0..nBins[j] − 2). */
  readonly nBins: Int32Array;
  /** Columns this forest may split on. */
  readonly vars: Int32Array;
  readonly items: number;
  readonly unitOf: Int32Array;
  readonly basis: Uint8Array;
}

export class ForestSampler {
  readonly prior: ForestPrior;
  readonly data: ForestData;
  /** fit[item]: the forest's current prediction for each item. */
  readonly fit: Float64Array;
  private readonly m: number;
  private readonly feat: Int32Array;
  private readonly cut: Int32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly parent: Int32Array;
  private readonly depth: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly value: Float64Array;
  /** 0 free, 1 leaf, 2 internal. */
  private readonly state: Uint8Array;
  private readonly perm: Int32Array;
  private readonly scratch: Int32Array;
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly splitLog: Float64Array;
  /** Accepted / proposed moves since construction (grow, prune, change). */
  readonly accepted = new Float64Array(3);
  readonly proposed = new Float64Array(3);

  constructor(data: ForestData, prior: ForestPrior) {
    this.data = data;
    this.prior = prior;
    const m = prior.trees;
    this.m = m;
    const cap = m * NODE_CAPACITY;
    this.feat = new Int32Array(cap).fill(-1);
    this.cut = new Int32Array(cap);
    this.left = new Int32Array(cap).fill(-1);
    this.right = new Int32Array(cap).fill(-1);
    this.parent = new Int32Array(cap).fill(-1);
    this.depth = new Int32Array(cap);
    this.start = new Int32Array(cap);
    this.end = new Int32Array(cap);
    this.value = new Float64Array(cap);
    this.state = new Uint8Array(cap);
    const N = data.items;
    this.perm = new Int32Array(m * N);
    this.scratch = new Int32Array(N);
    this.fit = new Float64Array(N);
    for (let t = 0; t < m; t++) {
      const root = t * NODE_CAPACITY;
      this.state[root] = 1;
      this.start[root] = t * N;
      this.end[root] = (t + 1) * N;
      for (let i = 0; i < N; i++) this.perm[t * N + i] = i;
    }
    const P = data.nColumns;
    this.lo = new Int32Array(P);
    this.hi = new Int32Array(P);
    this.splitLog = new Float64Array(64);
    for (let d = 0; d < 64; d++) this.splitLog[d] = prior.alpha * Math.pow(1 + d, -prior.beta);
  }

  /** One backfitting sweep over all trees; `resid` is each unit's residual with this forest included. */
  sweep(resid: Float64Array, sigma2: number, rng: Random, likelihood = true): void {
    for (let t = 0; t < this.m; t++) {
      this.moveTree(t, resid, sigma2, rng, likelihood);
      this.drawLeaves(t, resid, sigma2, rng);
    }
  }

  // ---- structure -------------------------------------------------------------------------

  /** Open cut ranges [lo, hi] of every column at node `node`, from its ancestors' rules. */
  private ranges(node: number): void {
    const { vars, nBins } = this.data;
    for (let v = 0; v < vars.length; v++) {
      const j = vars[v]!;
      this.lo[j] = 0;
      this.hi[j] = nBins[j]! - 1;
    }
    let child = node;
    let p = this.parent[child]!;
    while (p >= 0) {
      const j = this.feat[p]!;
      const c = this.cut[p]!;
      if (this.left[p] === child) {
        if (c < this.hi[j]!) this.hi[j] = c;
      } else if (c + 1 > this.lo[j]!) this.lo[j] = c + 1;
      child = p;
      p = this.parent[p]!;
    }
  }

  /** Columns with at least one open cut (after ranges()). */
  private availableCount(): number {
    const vars = this.data.vars;
    let k = 0;
    for (let v = 0; v < vars.length; v++) if (this.hi[vars[v]!]! > this.lo[vars[v]!]!) k++;
    return k;
  }

  /** The k-th available column (after ranges()). */
  private availableAt(k: number): number {
    const vars = this.data.vars;
    for (let v = 0; v < vars.length; v++) {
      const j = vars[v]!;
      if (this.hi[j]! > this.lo[j]!) {
        if (k === 0) return j;
        k--;
      }
    }
    return -1;
  }

  /** Whether a child has an open cut if the rule (j, c) is added on its side (after ranges()). */
  private childAvailable(j: number, c: number, isLeft: boolean): boolean {
    const vars = this.data.vars;
    for (let v = 0; v < vars.length; v++) {
      const q = vars[v]!;
      let lo = this.lo[q]!;
      let hi = this.hi[q]!;
      if (q === j) {
        if (isLeft) hi = c;
        else lo = c + 1;
      }
      if (hi > lo) return true;
    }
    return false;
  }

  private logNoSplit(depth: number, available: boolean): number {
    return available ? Math.log1p(-this.splitLog[depth]!) : 0;
  }

  private counts(t: number): { leaves: number; nogs: number } {
    let leaves = 0;
    let nogs = 0;
    const base = t * NODE_CAPACITY;
    for (let i = base; i < base + NODE_CAPACITY; i++) {
      const s = this.state[i]!;
      if (s === 1) leaves++;
      else if (s === 2 && this.state[this.left[i]!] === 1 && this.state[this.right[i]!] === 1) nogs++;
    }
    return { leaves, nogs };
  }

  private pickNode(t: number, wantNog: boolean, k: number): number {
    const base = t * NODE_CAPACITY;
    for (let i = base; i < base + NODE_CAPACITY; i++) {
      const s = this.state[i]!;
      const hit = wantNog ? s === 2 && this.state[this.left[i]!] === 1 && this.state[this.right[i]!] === 1 : s === 1;
      if (hit) {
        if (k === 0) return i;
        k--;
      }
    }
    return -1;
  }

  private allocate(t: number): number {
    const base = t * NODE_CAPACITY;
    for (let i = base + 1; i < base + NODE_CAPACITY; i++) if (this.state[i] === 0) return i;
    return -1;
  }

  private leafLogLik(w: number, s: number, sigma2: number): number {
    const tau2 = this.prior.leafSd * this.prior.leafSd;
    return -0.5 * Math.log(1 + (w * tau2) / sigma2) + (tau2 * s * s) / (2 * sigma2 * (sigma2 + w * tau2));
  }

  private moveTree(t: number, resid: Float64Array, sigma2: number, rng: Random, likelihood: boolean): void {
    const root = t * NODE_CAPACITY;
    const { leaves, nogs } = this.counts(t);
    const rootOnly = this.state[root] === 1;
    const u = rng.uniform();
    if (rootOnly || u < P_GROW) this.grow(t, leaves, nogs, rootOnly, resid, sigma2, rng, likelihood);
    else if (u < P_GROW + P_PRUNE) this.prune(t, leaves, nogs, resid, sigma2, rng, likelihood);
    else this.change(t, nogs, resid, sigma2, rng, likelihood);
  }

  /** Sums over a node's items for the rule (j, c): basis weights and partial residuals of each side. */
  private sideSums(node: number, j: number, c: number, resid: Float64Array, out: Float64Array): void {
    const { codes, nColumns: P, unitOf, basis } = this.data;
    const perm = this.perm;
    let wl = 0;
    let sl = 0;
    let wr = 0;
    let sr = 0;
    const e = this.end[node]!;
    for (let i = this.start[node]!; i < e; i++) {
      const item = perm[i]!;
      if (basis[item] === 0) continue;
      const r = resid[unitOf[item]!]!;
      if (codes[item * P + j]! <= c) {
        wl++;
        sl += r;
      } else {
        wr++;
        sr += r;
      }
    }
    out[0] = wl;
    out[1] = sl;
    out[2] = wr;
    out[3] = sr;
  }

  private readonly sums = new Float64Array(4);

  private grow(t: number, leaves: number, nogs: number, rootOnly: boolean, resid: Float64Array, sigma2: number, rng: Random, likelihood: boolean): void {
    this.proposed[0]!++;
    const node = this.pickNode(t, false, rng.int(leaves));
    this.ranges(node);
    const nAvail = this.availableCount();
    if (nAvail === 0) return;
    const j = this.availableAt(rng.int(nAvail));
    const c = this.lo[j]! + rng.int(this.hi[j]! - this.lo[j]!);
    const d = this.depth[node]!;
    const leftAvail = this.childAvailable(j, c, true);
    const rightAvail = this.childAvailable(j, c, false);
    let logLik = 0;
    if (likelihood) {
      this.sideSums(node, j, c, resid, this.sums);
      const [wl, sl0, wr, sr0] = this.sums as unknown as [number, number, number, number];
      if (wl < this.prior.minLeaf || wr < this.prior.minLeaf) return;
      const mu = this.value[node]!;
      const sl = sl0 + wl * mu;
      const sr = sr0 + wr * mu;
      logLik = this.leafLogLik(wl, sl, sigma2) + this.leafLogLik(wr, sr, sigma2) - this.leafLogLik(wl + wr, sl + sr, sigma2);
    }
    const p = this.parent[node]!;
    // The parent stops being a nog node when its other child is a leaf.
    const parentWasNog = p >= 0 && this.state[this.left[p]!] === 1 && this.state[this.right[p]!] === 1;
    const nogsAfter = nogs + 1 - (parentWasNog ? 1 : 0);
    const logPrior =
      Math.log(this.splitLog[d]!) + this.logNoSplit(d + 1, leftAvail) + this.logNoSplit(d + 1, rightAvail) - this.logNoSplit(d, true);
    const logProposal = Math.log(P_PRUNE / nogsAfter) - Math.log((rootOnly ? 1 : P_GROW) / leaves);
    if (Math.log(rng.uniform()) >= logLik + logPrior + logProposal) return;
    const l = this.allocate(t);
    if (l < 0) return;
    this.state[l] = 1;
    const r = this.allocate(t);
    if (r < 0) {
      this.state[l] = 0;
      return;
    }
    this.accepted[0]!++;
    this.feat[node] = j;
    this.cut[node] = c;
    this.state[node] = 2;
    this.left[node] = l;
    this.right[node] = r;
    for (const k of [l, r]) {
      this.state[k] = 1;
      this.parent[k] = node;
      this.depth[k] = d + 1;
      this.feat[k] = -1;
      this.left[k] = -1;
      this.right[k] = -1;
      // Children start at the parent's value: the forest's fit is unchanged until the leaf draw.
      this.value[k] = this.value[node]!;
    }
    const mid = this.partition(this.start[node]!, this.end[node]!, j, c);
    this.start[l] = this.start[node]!;
    this.end[l] = mid;
    this.start[r] = mid;
    this.end[r] = this.end[node]!;
  }

  private prune(t: number, leaves: number, nogs: number, resid: Float64Array, sigma2: number, rng: Random, likelihood: boolean): void {
    this.proposed[1]!++;
    const node = this.pickNode(t, true, rng.int(nogs));
    const l = this.left[node]!;
    const r = this.right[node]!;
    const d = this.depth[node]!;
    this.ranges(node);
    const j = this.feat[node]!;
    const c = this.cut[node]!;
    const leftAvail = this.childAvailable(j, c, true);
    const rightAvail = this.childAvailable(j, c, false);
    let logLik = 0;
    if (likelihood) {
      this.sideSums(node, j, c, resid, this.sums);
      const [wl, sl0, wr, sr0] = this.sums as unknown as [number, number, number, number];
      const sl = sl0 + wl * this.value[l]!;
      const sr = sr0 + wr * this.value[r]!;
      logLik = this.leafLogLik(wl + wr, sl + sr, sigma2) - this.leafLogLik(wl, sl, sigma2) - this.leafLogLik(wr, sr, sigma2);
    }
    const rootAfter = this.parent[node]! < 0;
    const logPrior =
      this.logNoSplit(d, true) - Math.log(this.splitLog[d]!) - this.logNoSplit(d + 1, leftAvail) - this.logNoSplit(d + 1, rightAvail);
    const logProposal = Math.log((rootAfter ? 1 : P_GROW) / (leaves - 1)) - Math.log(P_PRUNE / nogs);
    if (Math.log(rng.uniform()) >= logLik + logPrior + logProposal) return;
    this.accepted[1]!++;
    // Take the children's values out of the fit; the leaf draw then starts from 0.
    this.clearRange(this.start[l]!, this.end[l]!, this.value[l]!, resid);
    this.clearRange(this.start[r]!, this.end[r]!, this.value[r]!, resid);
    this.state[l] = 0;
    this.state[r] = 0;
    this.state[node] = 1;
    this.feat[node] = -1;
    this.left[node] = -1;
    this.right[node] = -1;
    this.value[node] = 0;
  }

  private change(t: number, nogs: number, resid: Float64Array, sigma2: number, rng: Random, likelihood: boolean): void {
    this.proposed[2]!++;
    const node = this.pickNode(t, true, rng.int(nogs));
    const l = this.left[node]!;
    const r = this.right[node]!;
    const d = this.depth[node]!;
    this.ranges(node);
    const nAvail = this.availableCount();
    const j = this.availableAt(rng.int(nAvail));
    const c = this.lo[j]! + rng.int(this.hi[j]! - this.lo[j]!);
    const j0 = this.feat[node]!;
    const c0 = this.cut[node]!;
    if (j === j0 && c === c0) return;
    const logPrior =
      this.logNoSplit(d + 1, this.childAvailable(j, c, true)) +
      this.logNoSplit(d + 1, this.childAvailable(j, c, false)) -
      this.logNoSplit(d + 1, this.childAvailable(j0, c0, true)) -
      this.logNoSplit(d + 1, this.childAvailable(j0, c0, false));
    let logLik = 0;
    if (likelihood) {
      const { codes, nColumns: P, unitOf, basis } = this.data;
      const vl = this.value[l]!;
      const vr = this.value[r]!;
      let wl0 = 0;
      let sl0 = 0;
      let wr0 = 0;
      let sr0 = 0;
      let wl = 0;
      let sl = 0;
      let wr = 0;
      let sr = 0;
      for (let i = this.start[node]!; i < this.end[node]!; i++) {
        const item = this.perm[i]!;
        if (basis[item] === 0) continue;
        const row = item * P;
        const wasLeft = codes[row + j0]! <= c0;
        const x = resid[unitOf[item]!]! + (wasLeft ? vl : vr);
        if (wasLeft) {
          wl0++;
          sl0 += x;
        } else {
          wr0++;
          sr0 += x;
        }
        if (codes[row + j]! <= c) {
          wl++;
          sl += x;
        } else {
          wr++;
          sr += x;
        }
      }
      if (wl < this.prior.minLeaf || wr < this.prior.minLeaf) return;
      logLik =
        this.leafLogLik(wl, sl, sigma2) + this.leafLogLik(wr, sr, sigma2) - this.leafLogLik(wl0, sl0, sigma2) - this.leafLogLik(wr0, sr0, sigma2);
    }
    if (Math.log(rng.uniform()) >= logLik + logPrior) return;
    this.accepted[2]!++;
    this.clearRange(this.start[l]!, this.end[l]!, this.value[l]!, resid);
    this.clearRange(this.start[r]!, this.end[r]!, this.value[r]!, resid);
    this.value[l] = 0;
    this.value[r] = 0;
    this.feat[node] = j;
    this.cut[node] = c;
    const mid = this.partition(this.start[node]!, this.end[node]!, j, c);
    this.end[l] = mid;
    this.start[r] = mid;
  }

  /** Removes a leaf value v from the fit of the items in perm[s, e). */
  private clearRange(s: number, e: number, v: number, resid: Float64Array): void {
    if (v === 0) return;
    const { unitOf, basis } = this.data;
    const fit = this.fit;
    for (let i = s; i < e; i++) {
      const item = this.perm[i]!;
      fit[item] = fit[item]! - v;
      if (basis[item] === 1) resid[unitOf[item]!] = resid[unitOf[item]!]! + v;
    }
  }

  /** Stable partition of perm[s, e) by codes ≤ c in column j; returns the first right position. */
  private partition(s: number, e: number, j: number, c: number): number {
    const { codes, nColumns: P } = this.data;
    const perm = this.perm;
    const tmp = this.scratch;
    let w = s;
    let k = 0;
    for (let i = s; i < e; i++) {
      const item = perm[i]!;
      if (codes[item * P + j]! <= c) perm[w++] = item;
      else tmp[k++] = item;
    }
    for (let i = 0; i < k; i++) perm[w + i] = tmp[i]!;
    return w;
  }

  // ---- leaf values -----------------------------------------------------------------------

  private drawLeaves(t: number, resid: Float64Array, sigma2: number, rng: Random): void {
    const { unitOf, basis } = this.data;
    const perm = this.perm;
    const fit = this.fit;
    const tau2 = this.prior.leafSd * this.prior.leafSd;
    const base = t * NODE_CAPACITY;
    for (let node = base; node < base + NODE_CAPACITY; node++) {
      if (this.state[node] !== 1) continue;
      const s = this.start[node]!;
      const e = this.end[node]!;
      let w = 0;
      let sum = 0;
      for (let i = s; i < e; i++) {
        const item = perm[i]!;
        if (basis[item] === 1) {
          w++;
          sum += resid[unitOf[item]!]!;
        }
      }
      const old = this.value[node]!;
      sum += w * old;
      const precision = w / sigma2 + 1 / tau2;
      const mu = sum / sigma2 / precision + rng.normal() / Math.sqrt(precision);
      this.value[node] = mu;
      const delta = mu - old;
      for (let i = s; i < e; i++) {
        const item = perm[i]!;
        fit[item] = fit[item]! + delta;
        if (basis[item] === 1) resid[unitOf[item]!] = resid[unitOf[item]!]! - delta;
      }
    }
  }

  // ---- read-out --------------------------------------------------------------------------

  /** Height of tree t (0 for a root-only tree). */
  height(t: number): number {
    let h = 0;
    const base = t * NODE_CAPACITY;
    for (let i = base; i < base + NODE_CAPACITY; i++) if (this.state[i] === 1 && this.depth[i]! > h) h = this.depth[i]!;
    return h;
  }

  /** Leaf count of tree t. */
  leafCount(t: number): number {
    return this.counts(t).leaves;
  }

  /** Leaf values of tree t's leaves, left to right (for tests). */
  leafValues(t: number): number[] {
    const out: number[] = [];
    const walk = (node: number): void => {
      if (this.state[node] === 1) out.push(this.value[node]!);
      else {
        walk(this.left[node]!);
        walk(this.right[node]!);
      }
    };
    walk(t * NODE_CAPACITY);
    return out;
  }

  /**
   * Appends every tree in pre-order to `out`: per node its column (−1 for a
   * leaf), cut and value; returns the node count of each tree.
   */
  serialize(out: TreeBuffer): void {
    for (let t = 0; t < this.m; t++) {
      const before = out.size;
      const walk = (node: number): void => {
        const leaf = this.state[node] === 1;
        out.push(leaf ? -1 : this.feat[node]!, leaf ? 0 : this.cut[node]!, leaf ? this.value[node]! : 0);
        if (!leaf) {
          walk(this.left[node]!);
          walk(this.right[node]!);
        }
      };
      walk(t * NODE_CAPACITY);
      out.counts.push(out.size - before);
    }
  }
}

/** Growable flat arrays of serialised trees. */
export class TreeBuffer {
  feat = new Int32Array(1024);
  cut = new Uint8Array(1024);
  value = new Float64Array(1024);
  size = 0;
  readonly counts: number[] = [];

  push(f: number, c: number, v: number): void {
    if (this.size === this.feat.length) {
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.feat = grow(this.feat);
      this.cut = grow(this.cut);
      this.value = grow(this.value);
    }
    this.feat[this.size] = f;
    this.cut[this.size] = c;
    this.value[this.size] = v;
    this.size++;
  }

  finish(): { counts: Int32Array; feat: Int32Array; cut: Uint8Array; value: Float64Array } {
    return {
      counts: Int32Array.from(this.counts),
      feat: this.feat.slice(0, this.size),
      cut: this.cut.slice(0, this.size),
      value: this.value.slice(0, this.size),
    };
  }
}
