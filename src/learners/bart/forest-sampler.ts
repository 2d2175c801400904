/**
 * One sum-of-trees forest under Bayesian backfitting (Chipman, George and
 * McCulloch 2010): for each tree in turn, a grow / prune / change
 * Metropolis–Hastings move on its structure with the leaf values integrated
 * out, then a Gibbs draw of its leaf values. `gfrSweep` is the grow-from-root
 * warm start of XBART (He, Yalov and Hahn 2019), as stochtree uses it before
 * its MCMC sweeps: each tree is regrown from its root, every node drawing its
 * split among all candidate cuts with probability proportional to their
 * marginal likelihood (or no split, weighted by the tree prior).
 *
 * The forest works on "items": columns of a binned code matrix
 * (codes[j·items + item], column-major so that a pass over one feature reads
 * consecutive bytes), each item standing for a unit `unitOf[item]` with a 0/1
 * basis `basis[item]`. The unit's partial residual is shared by every forest
 * of a model; an item with basis 0 is partitioned and predicted but does not
 * inform the likelihood. That one device gives bart's counterfactual rows (the
 * unit at another treatment) and bcf's effect forests (basis = [t = k]) their
 * fits on every unit for free, so the average effect of each draw is a sum,
 * not a traversal.
 *
 * Every tree keeps the leaf of each item in a byte array (node indices are
 * below NODE_CAPACITY = 128), and every pass over the items is sequential:
 * one pass per tree applies the tree's new leaf values to the residual and the
 * fit and, in the same loop, accumulates the next tree's sufficient statistics
 * (basis-weighted count and partial-residual sum per leaf); a grow or change
 * proposal adds one pass for its side sums; prune needs none. A structure
 * change is applied lazily in the next update pass through a per-node route
 * (stay, merge into the parent, or split by a rule), so no pass re-labels
 * items on its own. The items with basis 0 only carry the fit, so within a
 * sweep their updates wait for the sweep's end and then go several trees per
 * pass (flushInactive), in the same order of additions.
 *
 * Split rules come from the quantile bins of the histogram trees: feature j,
 * cut c sends codes ≤ c left; missing values (code nBins[j]) go right. The
 * cuts available at a node are those its ancestors leave open (as the BART R
 * package does), and a node with none is a leaf with prior probability 1, so
 * the sampler's stationary distribution is exactly the stated tree prior
 * restricted to leaves with at least `minLeaf` observations.
 */
import { gammaVariate } from '../../bayes/distributions/sampling.js';
import type { Random } from '../../util/random.js';

/** Nodes a tree may hold (so a leaf index fits a byte); a grow that needs more is rejected (trees of the prior rarely pass 15). */
export const NODE_CAPACITY = 128;

/** Move probabilities from a tree with more than one node (a root-only tree always proposes a grow). */
const P_GROW = 0.25;
const P_PRUNE = 0.25;

/** Trees whose inactive items one pass of flushInactive updates. */
const GROUP_TREES = 4;
/** How a tree's inactive items are updated (flushInactive): no move, a prune, a grow, a change. */
const PENDING_STAY = 0;
const PENDING_MERGE = 1;
const PENDING_GROW = 2;
const PENDING_ROUTED = 3;

/** Route of a node's items in the next update pass. */
const STAY = 0;
const MERGE = 1;
const SPLIT = 2;

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
  /** Column-major bin codes: codes[j · items + item]. */
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
  /** Keep `fit` up to date (default true). */
  readonly trackFit?: boolean;
}

export class ForestSampler {
  readonly prior: ForestPrior;
  readonly data: ForestData;
  /**
   * The sampler's item order: the active items (basis 1) first, then the
   * others, each in their original order (a stable partition, so every sum
   * runs in the same order as over the original items); perm[k] is the
   * original item of position k (null when the order is the original one).
   */
  private readonly perm: Int32Array | null;
  /** Items with basis 1 (positions 0..A−1). */
  private readonly A: number;
  /**
   * The byte and double arrays the item passes work on, each one typed array holding several tables
   * (offsets below), because a kernel's cost grows with the number of distinct typed arrays it touches
   * (V8 seems to re-read each array's base and length inside the loop). Measured on the fused pass
   * (10^5 items, Node 20): 4.9 ns per item with nine arrays, 3.4 ns with these two and the residual.
   * bytes: the leaves (leaf[t·N + item] at 0), the codes at CODES, then per-leaf byte tables (PC, RL, RR, RC)
   * and the sweep's pending route tables (PEND). doubles: the fit at 0, the leaf values at VALUE, then
   * per-leaf tables (PREV, DELTA, the two sums at sOff / sNextOff, SUMS), the pending old values
   * (PEND_PREV) and the group tables (GROUP) of flushInactive.
   */
  private readonly bytes: Uint8Array;
  private readonly doubles: Float64Array;
  private readonly CODES: number;
  private readonly PC: number;
  private readonly RL: number;
  private readonly RR: number;
  private readonly RC: number;
  private readonly VALUE: number;
  private readonly PREV: number;
  private readonly DELTA: number;
  private readonly SUMS: number;
  /** Pending updates of the inactive items (see flushInactive): per tree its route tables (bytes at PEND, 3·128 a tree) and old values (doubles at PEND_PREV), and the group's value-change tables (doubles at GROUP). */
  private readonly PEND: number;
  private readonly PEND_PREV: number;
  private readonly GROUP: number;
  /** Per tree of the sweep: how its inactive items are updated (a PENDING_ kind) and the column of its split rule. */
  private readonly pendKind: Uint8Array;
  private readonly pendCol: Int32Array;
  /** Whether update passes leave the inactive items to flushInactive (inside `sweep`). */
  private deferInactive = false;
  /** Offsets in `doubles` of the current tree's sums (s) and the next tree's (sNext); swapped with them. */
  private sOff: number;
  private sNextOff: number;
  /** Column-major codes, unit of each position and per-position fit, in the sampler's order (views into bytes / doubles). */
  private readonly codesP: Uint8Array;
  private readonly unitP: Int32Array;
  /** Whether unitP[k] = k (a forest over the units themselves, as bcf's μ): the kernels then skip reading it. */
  private readonly unitsIdentity: boolean;
  private readonly fitP: Float64Array;
  private readonly fitOut: Float64Array;
  /** Per-leaf rule of the proposal being summed: its cut + 1 on the proposal's leaves, 0 elsewhere (a view into bytes at PC). */
  private readonly pcOf: Uint8Array;
  /** Routing tables of the branch-free kernels (see routeTables); rcol only for the grow-from-root levels, whose splits use several columns. */
  private readonly rl = new Int32Array(NODE_CAPACITY);
  private readonly rr = new Int32Array(NODE_CAPACITY);
  private readonly rc = new Int32Array(NODE_CAPACITY);
  private readonly rcol = new Int32Array(NODE_CAPACITY);
  /** The column of the pending routes' split rule (one move splits by one rule). */
  private routeCol = 0;
  /** A kernel's two side sums (a view into doubles at SUMS). */
  private readonly sums: Float64Array;
  private readonly m: number;
  private readonly N: number;
  private readonly feat: Int32Array;
  private readonly cut: Int32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly parent: Int32Array;
  private readonly depth: Int32Array;
  private readonly value: Float64Array;
  /** 0 free, 1 leaf, 2 internal. */
  private readonly state: Uint8Array;
  /** Basis-weighted item count of every leaf (kept up to date by the moves, so passes need not count). */
  private readonly count: Float64Array;
  /** Partial-residual sums of the current tree's leaves (a view into doubles at sOff). */
  private s: Float64Array;
  /** The next tree's sums, filled by the current tree's update pass (at sNextOff). */
  private sNext: Float64Array;
  /** Whether `fit` is kept (a forest whose per-item fit nobody reads skips it). */
  private readonly trackFit: boolean;
  /** Leaf values of the current tree before its update (what the fit holds; a view into doubles at PREV). */
  private readonly prev: Float64Array;
  private readonly route = new Uint8Array(NODE_CAPACITY);
  private readonly routeTo = new Int32Array(NODE_CAPACITY);
  private readonly routeFeat = new Int32Array(NODE_CAPACITY);
  private readonly routeCut = new Int32Array(NODE_CAPACITY);
  private readonly routeLeft = new Int32Array(NODE_CAPACITY);
  private readonly routeRight = new Int32Array(NODE_CAPACITY);
  private readonly delta: Float64Array;
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly splitLog: Float64Array;
  private gfr: GfrScratch | undefined;
  /** The current proposal: kind (−1 none, 0 grow, 1 prune, 2 change), node, rule, the leaves whose items it splits, log prior + proposal ratio. */
  private pKind = -1;
  private pNode = 0;
  private pJ = 0;
  private pC = 0;
  private pA = -1;
  private pB = -1;
  private pLogPrior = 0;
  /** Side sums of the proposal's rule over leaves pA, pB: basis-weighted count and partial-residual sum. */
  private pw = 0;
  private ps = 0;
  /**
   * The forest's scale multiplier s of the parameter-expanded effect (see
   * `rescale`): the trees hold s·τ̃, so a leaf's prior sd is |s|·prior.leafSd.
   * Stays 1 for a forest that is never rescaled.
   */
  private gain = 1;
  private leafVar: number;
  private alphaNow: number;
  /** The intercept of `drawIntercept` (0 unless drawn). */
  private intercept = 0;
  /** Accepted / proposed moves since construction (grow, prune, change). */
  readonly accepted = new Float64Array(3);
  readonly proposed = new Float64Array(3);

  constructor(data: ForestData, prior: ForestPrior) {
    this.data = data;
    this.prior = prior;
    this.leafVar = prior.leafSd * prior.leafSd;
    this.alphaNow = prior.alpha;
    const m = prior.trees;
    this.m = m;
    const cap = m * NODE_CAPACITY;
    this.feat = new Int32Array(cap).fill(-1);
    this.cut = new Int32Array(cap);
    this.left = new Int32Array(cap).fill(-1);
    this.right = new Int32Array(cap).fill(-1);
    this.parent = new Int32Array(cap).fill(-1);
    this.depth = new Int32Array(cap);
    const N = data.items;
    const P = data.nColumns;
    // Double tables: fit (N), values (m·128), prev, delta, s0, s1 (128 each), sums (2).
    this.VALUE = N;
    this.PREV = this.VALUE + cap;
    this.DELTA = this.PREV + NODE_CAPACITY;
    this.sOff = this.DELTA + NODE_CAPACITY;
    this.sNextOff = this.sOff + NODE_CAPACITY;
    this.SUMS = this.sNextOff + NODE_CAPACITY;
    this.PEND_PREV = this.SUMS + 2;
    this.GROUP = this.PEND_PREV + cap;
    this.doubles = new Float64Array(this.GROUP + GROUP_TREES * NODE_CAPACITY);
    this.value = this.doubles.subarray(this.VALUE, this.VALUE + cap);
    this.prev = this.doubles.subarray(this.PREV, this.PREV + NODE_CAPACITY);
    this.delta = this.doubles.subarray(this.DELTA, this.DELTA + NODE_CAPACITY);
    this.s = this.doubles.subarray(this.sOff, this.sOff + NODE_CAPACITY);
    this.sNext = this.doubles.subarray(this.sNextOff, this.sNextOff + NODE_CAPACITY);
    this.sums = this.doubles.subarray(this.SUMS, this.SUMS + 2);
    this.fitP = this.doubles.subarray(0, N);
    // Byte tables: leaves (m·N), codes (P·N), pcOf, rl, rr, rc (128 each).
    this.CODES = m * N;
    this.PC = this.CODES + P * N;
    this.RL = this.PC + NODE_CAPACITY;
    this.RR = this.RL + NODE_CAPACITY;
    this.RC = this.RR + NODE_CAPACITY;
    this.PEND = this.RC + NODE_CAPACITY;
    this.bytes = new Uint8Array(this.PEND + 3 * cap);
    this.pendKind = new Uint8Array(m);
    this.pendCol = new Int32Array(m);
    this.codesP = this.bytes.subarray(this.CODES, this.CODES + P * N);
    this.pcOf = this.bytes.subarray(this.PC, this.PC + NODE_CAPACITY);
    this.state = new Uint8Array(cap);
    this.count = new Float64Array(cap);
    let w = 0;
    for (let i = 0; i < N; i++) w += data.basis[i]!;
    for (let t = 0; t < m; t++) this.count[t * NODE_CAPACITY] = w;
    this.trackFit = data.trackFit !== false;
    this.N = N;
    const order = activeFirst(data.basis);
    this.A = order.active;
    this.perm = order.perm;
    if (order.perm === null) {
      this.codesP.set(data.codes.subarray(0, P * N));
      this.unitP = data.unitOf;
    } else {
      const perm = order.perm;
      const codes = data.codes;
      for (let j = 0; j < P; j++) for (let k = 0, at = j * N; k < N; k++) this.codesP[at + k] = codes[at + perm[k]!]!;
      this.unitP = new Int32Array(N);
      for (let k = 0; k < N; k++) this.unitP[k] = data.unitOf[perm[k]!]!;
    }
    let identity = true;
    for (let k = 0; k < this.A && identity; k++) if (this.unitP[k] !== k) identity = false;
    this.unitsIdentity = identity;
    this.fitOut = order.perm === null ? this.fitP : new Float64Array(N);
    for (let t = 0; t < m; t++) this.state[t * NODE_CAPACITY] = 1;
    this.lo = new Int32Array(P);
    this.hi = new Int32Array(P);
    this.splitLog = new Float64Array(64);
    for (let d = 0; d < 64; d++) this.splitLog[d] = prior.alpha * Math.pow(1 + d, -prior.beta);
  }

  /** fit[item]: the forest's current prediction for each item (original item order). */
  get fit(): Float64Array {
    const perm = this.perm;
    if (perm === null) return this.fitP;
    const out = this.fitOut;
    const fitP = this.fitP;
    for (let k = 0; k < this.N; k++) out[perm[k]!] = fitP[k]!;
    return out;
  }

  /** One backfitting sweep over all trees; `resid` is each unit's residual with this forest included. */
  sweep(resid: Float64Array, sigma2: number, rng: Random, likelihood = true): void {
    this.propose(0, rng);
    this.statsPass(0, resid);
    this.deferInactive = this.trackFit && this.A < this.N;
    for (let t = 0; t < this.m; t++) {
      this.beginTree(t);
      this.decide(t, sigma2, rng, likelihood);
      this.drawLeaves(t, sigma2, rng);
      const next = t + 1 < this.m ? t + 1 : -1;
      if (next >= 0) this.propose(next, rng);
      this.updatePass(t, resid, next);
    }
    if (this.deferInactive) this.flushInactive();
    this.deferInactive = false;
  }

  /** The current scale multiplier s (1 unless `rescale` ran). */
  get scale(): number {
    return this.gain;
  }

  /**
   * Gibbs step of the parameter-expanded scale (Hahn, Murray and Carvalho
   * 2020's "adaptive coding", with the control coefficient fixed at 0): the
   * forest is s·τ̃(x) with τ̃'s trees under the stated leaf prior and
   * s ~ N(0, scalePrior²). Given τ̃ and the other forests, s is a regression
   * coefficient of the partial residual on τ̃ over the active items, drawn
   * from its normal posterior; the leaf values, the fit and the residual are
   * multiplied through, and the leaves' prior sd becomes |s|·prior.leafSd.
   * One pass over the active items. Measured on issue 14's campaigns it does
   * not undo bcf's under-promise (the plan's reported value fell from 0.78
   * to 0.63 of the truth, 10 seeds): the shrinkage there comes from the
   * effect forest's tree prior, not its scale (BENCHMARKS.md).
   */
  rescale(resid: Float64Array, sigma2: number, rng: Random, scalePrior: number): void {
    if (!this.trackFit) throw new Error('rescale needs the forest\'s fit (trackFit)');
    const { fitP, unitP } = this;
    const A = this.A;
    const idU = this.unitsIdentity;
    let ww = 0;
    let wp = 0;
    for (let k = 0; k < A; k++) {
      const w = fitP[k]!;
      const u = idU ? k : unitP[k]!;
      ww += w * w;
      wp += w * (resid[u]! + w);
    }
    const s = this.gain;
    // In τ̃ = w/s: Σ τ̃² = ww/s², Σ τ̃·p = wp/s.
    const precision = ww / (s * s * sigma2) + 1 / (scalePrior * scalePrior);
    const next = (wp / (s * sigma2)) / precision + rng.normal() / Math.sqrt(precision);
    const c = next / s;
    for (let k = 0; k < A; k++) {
      const u = idU ? k : unitP[k]!;
      resid[u] = resid[u]! - (c - 1) * fitP[k]!;
    }
    for (let k = 0; k < this.N; k++) fitP[k] = fitP[k]! * c;
    const value = this.value;
    for (let i = 0; i < value.length; i++) value[i] = value[i]! * c;
    this.intercept *= c;
    this.gain = next;
    this.leafVar = next * next * this.prior.leafSd * this.prior.leafSd;
  }

  /**
   * Gibbs draw of the leaves' prior variance under an inverse-gamma prior
   * IG(shape, scale) (stochtree's sample_sigma2_leaf): the conditional is
   * IG(shape + L/2, scale + Σ value²/2) over the forest's L leaves.
   */
  drawLeafVariance(rng: Random, shape: number, scale: number): void {
    let L = 0;
    let ss = 0;
    const { state, value } = this;
    for (let i = 0; i < state.length; i++) {
      if (state[i] !== 1) continue;
      L++;
      ss += value[i]! * value[i]!;
    }
    this.leafVar = (scale + ss / 2) / gammaVariate(rng, shape + L / 2);
  }

  /**
   * Gibbs draw of the split probability's α (p(d) = α(1 + d)^−β) from a
   * uniform prior on `grid`, given the trees: every internal node at depth d
   * counts log p(d), every leaf that could split counts log(1 − p(d)). (The
   * normaliser of the prior's truncation to leaves of ≥ minLeaf items is
   * ignored.) The forest's regularisation then follows the data: a forest
   * that needs interactions grows deeper trees, and α with it.
   */
  drawAlpha(rng: Random, grid: readonly number[]): void {
    const internal = new Float64Array(64);
    const open = new Float64Array(64);
    for (let t = 0; t < this.m; t++) {
      const base = t * NODE_CAPACITY;
      for (let i = base; i < base + NODE_CAPACITY; i++) {
        const st = this.state[i]!;
        if (st === 2) internal[this.depth[i]!]!++;
        else if (st === 1) {
          this.ranges(i);
          if (this.availableCount() > 0) open[this.depth[i]!]!++;
        }
      }
    }
    const beta = this.prior.beta;
    const logw = grid.map((a) => {
      let l = 0;
      for (let d = 0; d < 64; d++) {
        if (internal[d] === 0 && open[d] === 0) continue;
        const p = a * Math.pow(1 + d, -beta);
        l += internal[d]! * Math.log(p) + open[d]! * Math.log1p(-p);
      }
      return l;
    });
    const top = Math.max(...logw);
    const w = logw.map((l) => Math.exp(l - top));
    let u = rng.uniform() * w.reduce((a, b) => a + b, 0);
    let pick = grid.length - 1;
    for (let g = 0; g < grid.length; g++) {
      u -= w[g]!;
      if (u < 0) {
        pick = g;
        break;
      }
    }
    this.alphaNow = grid[pick]!;
    for (let d = 0; d < 64; d++) this.splitLog[d] = this.alphaNow * Math.pow(1 + d, -beta);
  }

  /** The intercept of `drawIntercept` (0 unless drawn). */
  get shift(): number {
    return this.intercept;
  }

  /** The split probability's current α. */
  get alpha(): number {
    return this.alphaNow;
  }

  /** The leaves' current prior variance. */
  get leafVariance(): number {
    return this.leafVar;
  }

  /**
   * Gibbs draw of an intercept c added to the forest's prediction on every
   * item (stochtree's τ₀ of the effect forest): the trees then shrink
   * towards c instead of towards 0. c ~ N(0, priorVar); its conditional is
   * normal given the partial residual over the active items. Kept in the fit
   * and the residual; `serialize` adds it to the leaves of the first tree
   * (every item lands in exactly one of them), so saved forests need no new
   * field.
   */
  drawIntercept(resid: Float64Array, sigma2: number, rng: Random, priorVar: number): void {
    if (!this.trackFit) throw new Error('drawIntercept needs the forest\'s fit (trackFit)');
    const { unitP, fitP } = this;
    const A = this.A;
    const idU = this.unitsIdentity;
    const c = this.intercept;
    let sum = 0;
    for (let k = 0; k < A; k++) sum += resid[idU ? k : unitP[k]!]! + c;
    const precision = A / sigma2 + 1 / priorVar;
    const next = sum / sigma2 / precision + rng.normal() / Math.sqrt(precision);
    const d = next - c;
    for (let k = 0; k < A; k++) {
      const u = idU ? k : unitP[k]!;
      resid[u] = resid[u]! - d;
    }
    for (let k = 0; k < this.N; k++) fitP[k] = fitP[k]! + d;
    this.intercept = next;
  }

  // ---- passes over the items ---------------------------------------------------------------

  /** Tree t's leaf sums into s, and its proposal's side sums into (pw, ps). */
  private statsPass(t: number, resid: Float64Array): void {
    const s = this.s;
    s.fill(0);
    const idU = this.unitsIdentity;
    const off = [this.sOff, this.PC, this.CODES + this.pJ * this.N, this.VALUE + t * NODE_CAPACITY, this.SUMS] as const;
    if (idU) statsKernel(this.A, this.bytes, t * this.N, this.doubles, resid, ...off);
    else statsGatherKernel(this.A, this.bytes, t * this.N, this.doubles, resid, this.unitP, ...off);
    this.pw = this.sums[0]!;
    this.ps = this.sums[1]!;
    this.addLeafValues(t, s);
  }

  /** Sums of the residual plus the tree's own leaf values: s[L] += count[L]·value[L]. */
  private addLeafValues(t: number, s: Float64Array): void {
    const base = t * NODE_CAPACITY;
    for (let L = 0; L < NODE_CAPACITY; L++) s[L] = s[L]! + this.count[base + L]! * this.value[base + L]!;
  }

  /** Snapshot of tree t's values before its move, with every route at "stay". */
  private beginTree(t: number): void {
    const base = t * NODE_CAPACITY;
    for (let L = 0; L < NODE_CAPACITY; L++) this.prev[L] = this.value[base + L]!;
    this.route.fill(STAY);
  }

  /**
   * Per-leaf routing tables of the pending routes for the branch-free
   * kernels: an item in leaf L moves to rl[L] if its code in column
   * rcol[L] is ≤ rc[L], else to rr[L] (stay and merge: rc = 256, always
   * "left"), with byte copies at RL, RR, RC for the update passes, which
   * take one column (`routeCol`; oneColumn checks that the routes have one,
   * as a move's have; a grow-from-root level's splits have several).
   * Returns whether any route is pending.
   */
  private routeTables(oneColumn = true): boolean {
    const N = this.N;
    const { route, routeTo, routeFeat, routeCut, routeLeft, routeRight, rl, rr, rc, rcol, bytes, RL, RR, RC } = this;
    let routed = false;
    let col = 0;
    for (let L = 0; L < NODE_CAPACITY; L++) {
      if (route[L] === SPLIT) {
        col = routeFeat[L]! * N;
        break;
      }
    }
    this.routeCol = col;
    for (let L = 0; L < NODE_CAPACITY; L++) {
      const r = route[L]!;
      if (r === SPLIT) {
        rl[L] = routeLeft[L]!;
        rr[L] = routeRight[L]!;
        rc[L] = routeCut[L]!;
        rcol[L] = routeFeat[L]! * N;
        routed = true;
      } else {
        const to = r === MERGE ? routeTo[L]! : L;
        if (r === MERGE) routed = true;
        rl[L] = to;
        rr[L] = to;
        rc[L] = 256;
        rcol[L] = col;
      }
      // The byte copies for the update passes, which read the one column `col`: a leaf that stays or
      // merges has rl = rr, so its cut (stored as 0) does not matter.
      bytes[RL + L] = rl[L]!;
      bytes[RR + L] = rr[L]!;
      bytes[RC + L] = r === SPLIT ? rc[L]! : 0;
      if (oneColumn && r === SPLIT && rcol[L] !== col) throw new Error('pending routes split on two columns');
    }
    return routed;
  }

  /**
   * Applies tree t's routes and new leaf values to `fit` and `resid`; with
   * next ≥ 0 also accumulates, on the residual as it stands after this tree,
   * tree `next`'s leaf sums (into s, swapped in) and its proposal's side sums.
   * Active items (basis 1) are 0..A−1 of the sampler's item order, the others
   * follow; the latter only carry the fit, so they are skipped when nobody
   * reads it.
   */
  private updatePass(t: number, resid: Float64Array, next: number): void {
    const N = this.N;
    const A = this.A;
    const base = t * NODE_CAPACITY;
    const prev = this.prev;
    const value = this.value;
    const delta = this.delta;
    for (let L = 0; L < NODE_CAPACITY; L++) delta[L] = value[base + L]! - prev[L]!;
    const routed = this.routeTables();
    const o = t * N;
    const { bytes, doubles, unitP } = this;
    const idU = this.unitsIdentity;
    const track = this.trackFit;
    // Offsets of the routed kernels' tables: routes, the split column, the tree's new values, its old ones.
    const rt = [this.RL, this.RR, this.RC, this.CODES + this.routeCol, this.VALUE + base, this.PREV] as const;
    if (this.deferInactive) this.recordInactive(t, routed);
    else if (track && A < N) {
      if (routed) routeFitKernel(A, N, bytes, o, doubles, ...rt);
      else deltaKernel(A, N, bytes, o, doubles, this.DELTA);
    }
    if (next < 0) {
      if (idU) applyKernel(A, bytes, o, doubles, track, resid, ...rt);
      else applyGatherKernel(A, bytes, o, doubles, track, resid, unitP, ...rt);
      return;
    }
    const s = this.sNext;
    s.fill(0);
    const o2 = next * N;
    // Offsets of the next tree's tables: its sums, the proposal's rule and column, its values, the side sums.
    const nx = [this.sNextOff, this.PC, this.CODES + this.pJ * N, this.VALUE + next * NODE_CAPACITY, this.SUMS] as const;
    if (routed) {
      if (idU) fusedRoutedKernel(A, bytes, o, o2, doubles, track, resid, ...rt, ...nx);
      else fusedRoutedGatherKernel(A, bytes, o, o2, doubles, track, resid, unitP, ...rt, ...nx);
    } else if (this.pA >= 0) {
      if (idU) fusedKernel(A, bytes, o, o2, doubles, track, resid, this.DELTA, ...nx);
      else fusedGatherKernel(A, bytes, o, o2, doubles, track, resid, unitP, this.DELTA, ...nx);
    } else {
      // The next tree proposes a prune (or nothing): no side sums to take.
      if (idU) fusedSumsKernel(A, bytes, o, o2, doubles, track, resid, this.DELTA, this.sNextOff);
      else fusedSumsGatherKernel(A, bytes, o, o2, doubles, track, resid, unitP, this.DELTA, this.sNextOff);
      this.sums.fill(0);
    }
    this.pw = this.sums[0]!;
    this.ps = this.sums[1]!;
    this.addLeafValues(next, s);
    this.sNext = this.s;
    this.s = s;
    const off = this.sNextOff;
    this.sNextOff = this.sOff;
    this.sOff = off;
  }

  /** Keeps what tree t's update of the inactive items needs until flushInactive: its routes, their column, its old values. */
  private recordInactive(t: number, routed: boolean): void {
    const { bytes, route } = this;
    let splits = 0;
    for (let L = 0; L < NODE_CAPACITY; L++) if (route[L] === SPLIT) splits++;
    this.pendKind[t] = !routed ? PENDING_STAY : splits === 0 ? PENDING_MERGE : splits === 1 ? PENDING_GROW : PENDING_ROUTED;
    this.pendCol[t] = this.routeCol;
    bytes.copyWithin(this.PEND + 3 * t * NODE_CAPACITY, this.RL, this.RL + 3 * NODE_CAPACITY);
    this.doubles.copyWithin(this.PEND_PREV + t * NODE_CAPACITY, this.PREV, this.PREV + NODE_CAPACITY);
  }

  /**
   * The sweep's updates of the inactive items (basis 0: they carry the fit only), applied after the
   * sweep, up to GROUP_TREES trees in one pass over the items: fit += d(t) for each tree t in order,
   * so every item's fit takes the same additions in the same order as tree-by-tree passes (same bits).
   * A tree's value change d = value(new leaf) − prev(old leaf) is a table on one leaf index when its
   * move is none (old = new), a prune (a table on the old leaf; its items merge after the pass) or a
   * grow (a table on the new leaf; its items split before the pass); a change re-routes items between
   * two leaves, so it gets its own pass. Measured: a pass over 10^5 items costs 1.6 ns per item and
   * tree one tree at a time, 0.8 ns with four trees per pass.
   */
  private flushInactive(): void {
    const { bytes, doubles, pendKind, N, A, m } = this;
    const groupTrees = new Int32Array(GROUP_TREES);
    let t = 0;
    while (t < m) {
      if (pendKind[t] === PENDING_ROUTED) {
        const R = this.PEND + 3 * t * NODE_CAPACITY;
        routeFitKernel(A, N, bytes, t * N, doubles, R, R + NODE_CAPACITY, R + 2 * NODE_CAPACITY, this.CODES + this.pendCol[t]!, this.VALUE + t * NODE_CAPACITY, this.PEND_PREV + t * NODE_CAPACITY);
        t++;
        continue;
      }
      let g = 0;
      while (t < m && g < GROUP_TREES && pendKind[t] !== PENDING_ROUTED) groupTrees[g++] = t++;
      for (let i = 0; i < g; i++) {
        const u = groupTrees[i]!;
        this.groupTable(u, i);
        if (pendKind[u] === PENDING_GROW) this.routeInactive(u);
      }
      const G = this.GROUP;
      const o = (i: number) => groupTrees[i]! * N;
      if (g === 4) add4Kernel(A, N, bytes, doubles, o(0), o(1), o(2), o(3), G);
      else if (g === 3) add3Kernel(A, N, bytes, doubles, o(0), o(1), o(2), G);
      else if (g === 2) add2Kernel(A, N, bytes, doubles, o(0), o(1), G);
      else deltaKernel(A, N, bytes, o(0), doubles, G);
      for (let i = 0; i < g; i++) if (pendKind[groupTrees[i]!] === PENDING_MERGE) this.routeInactive(groupTrees[i]!);
    }
  }

  /** Tree u's value changes as a table on one leaf index, at slot i of the group tables (see flushInactive). */
  private groupTable(u: number, i: number): void {
    const { bytes, doubles } = this;
    const D = this.GROUP + i * NODE_CAPACITY;
    const V = this.VALUE + u * NODE_CAPACITY;
    const P = this.PEND_PREV + u * NODE_CAPACITY;
    const R = this.PEND + 3 * u * NODE_CAPACITY;
    const kind = this.pendKind[u];
    for (let L = 0; L < NODE_CAPACITY; L++) {
      // Stay: rl = rr = L; merge: rl = rr = the parent (the table is on the old leaf L).
      doubles[D + L] = doubles[V + bytes[R + L]!]! - doubles[P + L]!;
    }
    if (kind !== PENDING_GROW) return;
    // The split leaf's two children (new nodes) take their values less the split leaf's old value.
    for (let L = 0; L < NODE_CAPACITY; L++) {
      const l = bytes[R + L]!;
      const r = bytes[R + NODE_CAPACITY + L]!;
      if (l !== r) {
        doubles[D + l] = doubles[V + l]! - doubles[P + L]!;
        doubles[D + r] = doubles[V + r]! - doubles[P + L]!;
      }
    }
  }

  /** Tree u's inactive items follow its pending routes (leaves only; the fit is the group pass's). */
  private routeInactive(u: number): void {
    const R = this.PEND + 3 * u * NODE_CAPACITY;
    routeKernelBytes(this.A, this.N, this.bytes, u * this.N, R, R + NODE_CAPACITY, R + 2 * NODE_CAPACITY, this.CODES + this.pendCol[u]!);
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
    const tau2 = this.leafVar;
    return -0.5 * Math.log(1 + (w * tau2) / sigma2) + (tau2 * s * s) / (2 * sigma2 * (sigma2 + w * tau2));
  }

  /**
   * Draws tree t's structure proposal (it depends on the structure only, so
   * it is drawn before the pass that accumulates its side sums).
   */
  private propose(t: number, rng: Random): void {
    const base = t * NODE_CAPACITY;
    const { leaves, nogs } = this.counts(t);
    const rootOnly = this.state[base] === 1;
    const u = rng.uniform();
    this.pKind = -1;
    if (this.pA >= 0) this.pcOf[this.pA] = 0;
    if (this.pB >= 0) this.pcOf[this.pB] = 0;
    this.pA = -1;
    this.pB = -1;
    this.pJ = 0;
    this.pC = 0;
    if (rootOnly || u < P_GROW) {
      this.proposed[0]!++;
      const node = this.pickNode(t, false, rng.int(leaves));
      this.ranges(node);
      const nAvail = this.availableCount();
      if (nAvail === 0) return;
      const j = this.availableAt(rng.int(nAvail));
      const c = this.lo[j]! + rng.int(this.hi[j]! - this.lo[j]!);
      const d = this.depth[node]!;
      const p = this.parent[node]!;
      // The parent stops being a nog node when its other child is a leaf.
      const parentWasNog = p >= 0 && this.state[this.left[p]!] === 1 && this.state[this.right[p]!] === 1;
      const nogsAfter = nogs + 1 - (parentWasNog ? 1 : 0);
      const logPrior =
        Math.log(this.splitLog[d]!) +
        this.logNoSplit(d + 1, this.childAvailable(j, c, true)) +
        this.logNoSplit(d + 1, this.childAvailable(j, c, false)) -
        this.logNoSplit(d, true);
      const logProposal = Math.log(P_PRUNE / nogsAfter) - Math.log((rootOnly ? 1 : P_GROW) / leaves);
      this.set(0, node, j, c, node - base, -1, logPrior + logProposal);
    } else if (u < P_GROW + P_PRUNE) {
      this.proposed[1]!++;
      const node = this.pickNode(t, true, rng.int(nogs));
      const d = this.depth[node]!;
      this.ranges(node);
      const j = this.feat[node]!;
      const c = this.cut[node]!;
      const logPrior =
        this.logNoSplit(d, true) -
        Math.log(this.splitLog[d]!) -
        this.logNoSplit(d + 1, this.childAvailable(j, c, true)) -
        this.logNoSplit(d + 1, this.childAvailable(j, c, false));
      const rootAfter = this.parent[node]! < 0;
      const logProposal = Math.log((rootAfter ? 1 : P_GROW) / (leaves - 1)) - Math.log(P_PRUNE / nogs);
      // A prune needs no side sums: the children's statistics are the leaves'.
      this.set(1, node, j, c, -1, -1, logPrior + logProposal);
    } else {
      this.proposed[2]!++;
      const node = this.pickNode(t, true, rng.int(nogs));
      const d = this.depth[node]!;
      this.ranges(node);
      const j = this.availableAt(rng.int(this.availableCount()));
      const c = this.lo[j]! + rng.int(this.hi[j]! - this.lo[j]!);
      const j0 = this.feat[node]!;
      const c0 = this.cut[node]!;
      if (j === j0 && c === c0) return;
      const logPrior =
        this.logNoSplit(d + 1, this.childAvailable(j, c, true)) +
        this.logNoSplit(d + 1, this.childAvailable(j, c, false)) -
        this.logNoSplit(d + 1, this.childAvailable(j0, c0, true)) -
        this.logNoSplit(d + 1, this.childAvailable(j0, c0, false));
      this.set(2, node, j, c, this.left[node]! - base, this.right[node]! - base, logPrior);
    }
  }

  private set(kind: number, node: number, j: number, c: number, a: number, b: number, logPrior: number): void {
    if (a >= 0) this.pcOf[a] = c + 1;
    if (b >= 0) this.pcOf[b] = c + 1;
    this.pKind = kind;
    this.pNode = node;
    this.pJ = j;
    this.pC = c;
    this.pA = a;
    this.pB = b;
    this.pLogPrior = logPrior;
  }

  /** Accepts or rejects tree t's proposal from its side sums (pw, ps) and leaf statistics. */
  private decide(t: number, sigma2: number, rng: Random, likelihood: boolean): void {
    const kind = this.pKind;
    if (kind < 0) return;
    const base = t * NODE_CAPACITY;
    const node = this.pNode;
    const j = this.pJ;
    const c = this.pC;
    if (kind === 0) {
      const L = node - base;
      const wl = this.pw;
      const sl = this.ps;
      const wr = this.count[node]! - wl;
      const sr = this.s[L]! - sl;
      let logLik = 0;
      if (likelihood) {
        if (wl < this.prior.minLeaf || wr < this.prior.minLeaf) return;
        logLik = this.leafLogLik(wl, sl, sigma2) + this.leafLogLik(wr, sr, sigma2) - this.leafLogLik(wl + wr, sl + sr, sigma2);
      }
      if (Math.log(rng.uniform()) >= logLik + this.pLogPrior) return;
      const l = this.allocate(t);
      if (l < 0) return;
      this.state[l] = 1;
      const r = this.allocate(t);
      if (r < 0) {
        this.state[l] = 0;
        return;
      }
      this.accepted[0]!++;
      this.split(node, j, c, l, r);
      this.count[l] = wl;
      this.s[l - base] = sl;
      this.count[r] = wr;
      this.s[r - base] = sr;
      return;
    }
    const l = this.left[node]!;
    const r = this.right[node]!;
    const lL = l - base;
    const lR = r - base;
    const wl0 = this.count[l]!;
    const sl0 = this.s[lL]!;
    const wr0 = this.count[r]!;
    const sr0 = this.s[lR]!;
    if (kind === 1) {
      const logLik = likelihood ? this.leafLogLik(wl0 + wr0, sl0 + sr0, sigma2) - this.leafLogLik(wl0, sl0, sigma2) - this.leafLogLik(wr0, sr0, sigma2) : 0;
      if (Math.log(rng.uniform()) >= logLik + this.pLogPrior) return;
      this.accepted[1]!++;
      this.state[l] = 0;
      this.state[r] = 0;
      this.state[node] = 1;
      this.feat[node] = -1;
      this.left[node] = -1;
      this.right[node] = -1;
      const L = node - base;
      this.route[lL] = MERGE;
      this.routeTo[lL] = L;
      this.route[lR] = MERGE;
      this.routeTo[lR] = L;
      this.count[node] = wl0 + wr0;
      this.s[L] = sl0 + sr0;
      return;
    }
    const wl = this.pw;
    const sl = this.ps;
    const wr = wl0 + wr0 - wl;
    const sr = sl0 + sr0 - sl;
    let logLik = 0;
    if (likelihood) {
      if (wl < this.prior.minLeaf || wr < this.prior.minLeaf) return;
      logLik = this.leafLogLik(wl, sl, sigma2) + this.leafLogLik(wr, sr, sigma2) - this.leafLogLik(wl0, sl0, sigma2) - this.leafLogLik(wr0, sr0, sigma2);
    }
    if (Math.log(rng.uniform()) >= logLik + this.pLogPrior) return;
    this.accepted[2]!++;
    this.feat[node] = j;
    this.cut[node] = c;
    // Both children's items are re-routed by the new rule from their old leaves.
    for (const k of [lL, lR]) {
      this.route[k] = SPLIT;
      this.routeFeat[k] = j;
      this.routeCut[k] = c;
      this.routeLeft[k] = lL;
      this.routeRight[k] = lR;
    }
    this.count[l] = wl;
    this.s[lL] = sl;
    this.count[r] = wr;
    this.s[lR] = sr;
  }

  /** Makes leaf `node` internal with rule (j, c) and children l, r (already allocated); its items are re-routed in the next update pass. */
  private split(node: number, j: number, c: number, l: number, r: number): void {
    const base = node - (node % NODE_CAPACITY);
    const d = this.depth[node]!;
    this.feat[node] = j;
    this.cut[node] = c;
    this.state[node] = 2;
    this.left[node] = l;
    this.right[node] = r;
    for (let side = 0; side < 2; side++) {
      const k = side === 0 ? l : r;
      this.state[k] = 1;
      this.parent[k] = node;
      this.depth[k] = d + 1;
      this.feat[k] = -1;
      this.left[k] = -1;
      this.right[k] = -1;
      this.value[k] = this.value[node]!;
    }
    const L = node - base;
    this.route[L] = SPLIT;
    this.routeFeat[L] = j;
    this.routeCut[L] = c;
    this.routeLeft[L] = l - base;
    this.routeRight[L] = r - base;
  }

  // ---- leaf values -----------------------------------------------------------------------

  /** Gibbs draw of every leaf value of tree t from its statistics. */
  private drawLeaves(t: number, sigma2: number, rng: Random): void {
    const tau2 = this.leafVar;
    const base = t * NODE_CAPACITY;
    for (let L = 0; L < NODE_CAPACITY; L++) {
      if (this.state[base + L] !== 1) continue;
      const precision = this.count[base + L]! / sigma2 + 1 / tau2;
      this.value[base + L] = this.s[L]! / sigma2 / precision + rng.normal() / Math.sqrt(precision);
    }
  }

  // ---- grow-from-root warm start -----------------------------------------------------------

  /**
   * One grow-from-root sweep (XBART): each tree in turn is taken out of the
   * fit and regrown from its root, level by level. At a node with statistics
   * (w, s) and candidate cuts C (those its ancestors leave open, with at
   * least `minLeaf` on each side), cut (j, c) is drawn with weight
   * exp(L(left) + L(right)) and "no split" with weight
   * |C| · (1/p(d) − 1) · exp(L(node)), p(d) = α(1 + d)^−β, L the leaf's
   * marginal log-likelihood. The new leaves then get their Gibbs draws.
   */
  gfrSweep(resid: Float64Array, sigma2: number, rng: Random): void {
    for (let t = 0; t < this.m; t++) this.regrow(t, resid, sigma2, rng);
  }

  private gfrScratch(): GfrScratch {
    if (this.gfr !== undefined) return this.gfr;
    const { vars, nBins } = this.data;
    const offset = new Int32Array(vars.length + 1);
    for (let v = 0; v < vars.length; v++) offset[v + 1] = offset[v]! + nBins[vars[v]!]! + 1;
    const stride = offset[vars.length]!;
    const slots = NODE_CAPACITY / 2;
    // One Int32Array for the histogram kernel's tables (see the kernels): slots, columns' code offsets, bins' offsets.
    const ints = new Int32Array(NODE_CAPACITY + 2 * vars.length);
    this.gfr = {
      ints,
      offset,
      stride,
      h: new Float64Array(2 * slots * stride),
      slotOf: ints.subarray(0, NODE_CAPACITY),
      logw: new Float64Array(stride),
      candVar: new Int32Array(stride),
      candCut: new Int32Array(stride),
      candW: new Float64Array(stride),
      candS: new Float64Array(stride),
      active: new Int32Array(vars.length),
      nActive: 0,
      cols: ints.subarray(NODE_CAPACITY, NODE_CAPACITY + vars.length),
      offs: ints.subarray(NODE_CAPACITY + vars.length),
    };
    return this.gfr;
  }

  private regrow(t: number, resid: Float64Array, sigma2: number, rng: Random): void {
    const base = t * NODE_CAPACITY;
    // Take the tree out of the fit: every leaf merges into a root of value 0.
    this.beginTree(t);
    for (let L = 1; L < NODE_CAPACITY; L++) {
      if (this.state[base + L] === 1) {
        this.route[L] = MERGE;
        this.routeTo[L] = 0;
      }
    }
    for (let k = base; k < base + NODE_CAPACITY; k++) {
      this.state[k] = 0;
      this.feat[k] = -1;
      this.left[k] = -1;
      this.right[k] = -1;
      this.parent[k] = -1;
      this.depth[k] = 0;
      this.value[k] = 0;
    }
    this.state[base] = 1;
    this.updatePass(t, resid, -1);
    this.prev.fill(0);
    this.route.fill(STAY);
    const g = this.gfrScratch();
    // A random third of the columns per tree (as random forests' mtry): the warm start only has to
    // be a good starting point for the MCMC, and each column costs one pass per tree level.
    const V = this.data.vars.length;
    const k = Math.max(1, Math.ceil(V / 3));
    let chosen = 0;
    g.nActive = 0;
    for (let v = 0; v < V; v++) {
      if (rng.uniform() * (V - v) < k - chosen) {
        g.active[g.nActive++] = v;
        chosen++;
      }
    }
    let frontier = [0];
    while (frontier.length > 0) {
      this.histograms(t, frontier, resid, g);
      const next: number[] = [];
      frontier.forEach((L, slot) => {
        const children = this.drawSplit(t, L, slot, sigma2, rng, g);
        if (children !== null) next.push(children[0], children[1]);
      });
      frontier = next;
    }
    this.drawLeaves(t, sigma2, rng);
    this.updatePass(t, resid, -1);
  }

  /** Per frontier node, per column and bin: basis-weighted counts and residual sums; applies pending split routes first. */
  private histograms(t: number, frontier: readonly number[], resid: Float64Array, g: GfrScratch): void {
    const vars = this.data.vars;
    const N = this.N;
    const o = t * N;
    const { h, slotOf, offset, stride } = g;
    slotOf.fill(-1);
    frontier.forEach((L, slot) => {
      slotOf[L] = slot;
    });
    h.fill(0, 0, 2 * frontier.length * stride);
    // Pending split routes (the previous level's splits) first, then one pass for every column's histogram.
    const bytes = this.bytes;
    if (this.routeTables(false)) routeLevelKernel(this.trackFit ? N : this.A, bytes, o, this.RL, this.RR, this.RC, this.CODES, this.rcol);
    this.route.fill(STAY);
    for (let a = 0; a < g.nActive; a++) {
      const v = g.active[a]!;
      g.cols[a] = this.CODES + vars[v]! * N;
      g.offs[a] = offset[v]!;
    }
    const V = vars.length;
    const tables = [NODE_CAPACITY, NODE_CAPACITY + V, stride, g.nActive, h, resid] as const;
    if (this.unitsIdentity) histogramKernel(this.A, bytes, o, g.ints, ...tables);
    else histogramGatherKernel(this.A, bytes, o, g.ints, ...tables, this.unitP);
  }

  /** Draws node L's split (or none) from its histograms; returns the children's local indices or null. */
  private drawSplit(t: number, L: number, slot: number, sigma2: number, rng: Random, g: GfrScratch): [number, number] | null {
    const { vars, nBins } = this.data;
    const base = t * NODE_CAPACITY;
    const node = base + L;
    const h0 = slot * g.stride;
    const { h, offset, logw, candVar, candCut, candW, candS } = g;
    // Totals from the first active column's bins (missing included).
    let W = 0;
    let S = 0;
    const v0 = g.active[0]!;
    for (let k = h0 + offset[v0]!; k < h0 + offset[v0 + 1]!; k++) {
      W += h[2 * k]!;
      S += h[2 * k + 1]!;
    }
    this.count[base + L] = W;
    this.s[L] = S;
    const d = this.depth[node]!;
    this.ranges(node);
    const minLeaf = Math.max(1, this.prior.minLeaf);
    let n = 0;
    let max = -Infinity;
    for (let a = 0; a < g.nActive; a++) {
      const v = g.active[a]!;
      const j = vars[v]!;
      const lo = this.lo[j]!;
      const hi = this.hi[j]!;
      if (hi <= lo) continue;
      let cw = 0;
      let cs = 0;
      const at = h0 + offset[v]!;
      for (let c = 0; c < hi && c < nBins[j]!; c++) {
        cw += h[2 * (at + c)]!;
        cs += h[2 * (at + c) + 1]!;
        if (c < lo || cw < minLeaf || W - cw < minLeaf) continue;
        const ll = this.leafLogLik(cw, cs, sigma2) + this.leafLogLik(W - cw, S - cs, sigma2);
        logw[n] = ll;
        candVar[n] = j;
        candCut[n] = c;
        candW[n] = cw;
        candS[n] = cs;
        if (ll > max) max = ll;
        n++;
      }
    }
    if (n === 0) return null;
    const p = this.splitLog[d]!;
    const noSplit = Math.log(n) + Math.log((1 - p) / p) + this.leafLogLik(W, S, sigma2);
    if (noSplit > max) max = noSplit;
    let total = Math.exp(noSplit - max);
    for (let k = 0; k < n; k++) total += Math.exp(logw[k]! - max);
    let u = rng.uniform() * total - Math.exp(noSplit - max);
    if (u < 0) return null;
    let k = 0;
    for (; k < n - 1; k++) {
      u -= Math.exp(logw[k]! - max);
      if (u < 0) break;
    }
    const l = this.allocate(t);
    if (l < 0) return null;
    this.state[l] = 1;
    const r = this.allocate(t);
    if (r < 0) {
      this.state[l] = 0;
      return null;
    }
    this.split(node, candVar[k]!, candCut[k]!, l, r);
    this.count[l] = candW[k]!;
    this.s[l - base] = candS[k]!;
    this.count[r] = W - candW[k]!;
    this.s[r - base] = S - candS[k]!;
    return [l - base, r - base];
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
        const shift = t === 0 ? this.intercept : 0;
        out.push(leaf ? -1 : this.feat[node]!, leaf ? 0 : this.cut[node]!, leaf ? this.value[node]! + shift : 0);
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

/** Scratch of the grow-from-root sweep: histograms per frontier slot and the candidate cuts of one node. */
interface GfrScratch {
  /** Start of each column's bins within a slot (nBins + 1 bins: the last is "missing"). */
  readonly offset: Int32Array;
  readonly stride: number;
  /** Count and residual sum of bin b of a slot's histograms at h[2b], h[2b + 1] (one cache line for both). */
  readonly h: Float64Array;
  /** slotOf, cols and offs in one array (at 0, 128, 128 + columns). */
  readonly ints: Int32Array;
  readonly slotOf: Int32Array;
  readonly logw: Float64Array;
  readonly candVar: Int32Array;
  readonly candCut: Int32Array;
  readonly candW: Float64Array;
  readonly candS: Float64Array;
  /** Positions in `vars` of the columns this tree's regrowth considers, and how many. */
  readonly active: Int32Array;
  nActive: number;
  /** Of each active column: its offset in the sampler's bytes (its codes) and in a slot's histograms. */
  readonly cols: Int32Array;
  readonly offs: Int32Array;
}

// ---- kernels ---------------------------------------------------------------------------------
// Each pass is a small function with one loop and no data-dependent branches: a long method with
// several loops and rarely taken paths kept V8 deoptimising it (about 14 ns per tree and item before).
// The kernels read two typed arrays of the sampler (bytes, doubles; see the fields) and the residual,
// with table offsets as arguments (upper case). Each comes in two copies: the residual indexed by
// position (the forest's active items are its units, as bcf's μ) or through the unit index unitP;
// one shared kernel with a flag per call measured 5 % slower (BENCHMARKS.md, bart fourth pass).
// The proposal's rule is a per-leaf byte table at PC (its cut + 1 for the proposal's leaves, 0
// elsewhere), so an item counts on the proposal's left side when code ≤ cut, i.e.
// ((bytes[PC + L] − 1 − code) >>> 31) ^ 1. A routed item in leaf L moves to bytes[RL + L] if its code
// in the split column is ≤ bytes[RC + L], else to bytes[RR + L] (a leaf that stays or merges has RL = RR).

/** Leaf sums s[L] += e of tree `o`'s active items (s at S) and the proposal's side sums (count, sum of e + value; values at V2) into SUMS. */
function statsKernel(A: number, bytes: Uint8Array, o: number, doubles: Float64Array, resid: Float64Array, S: number, PC: number, COL: number, V2: number, SUMS: number): void {
  let pw = 0;
  let ps = 0;
  for (let k = 0; k < A; k++) {
    const L = bytes[o + k]!;
    const e = resid[k]!;
    doubles[S + L]! += e;
    const hit = ((bytes[PC + L]! - 1 - bytes[COL + k]!) >>> 31) ^ 1;
    pw += hit;
    ps += hit * (e + doubles[V2 + L]!);
  }
  doubles[SUMS] = pw;
  doubles[SUMS + 1] = ps;
}

/** statsKernel through the unit index. */
function statsGatherKernel(
  A: number,
  bytes: Uint8Array,
  o: number,
  doubles: Float64Array,
  resid: Float64Array,
  unitP: Int32Array,
  S: number,
  PC: number,
  COL: number,
  V2: number,
  SUMS: number,
): void {
  let pw = 0;
  let ps = 0;
  for (let k = 0; k < A; k++) {
    const L = bytes[o + k]!;
    const e = resid[unitP[k]!]!;
    doubles[S + L]! += e;
    const hit = ((bytes[PC + L]! - 1 - bytes[COL + k]!) >>> 31) ^ 1;
    pw += hit;
    ps += hit * (e + doubles[V2 + L]!);
  }
  doubles[SUMS] = pw;
  doubles[SUMS + 1] = ps;
}

/** A tree without a structure change: its value changes (at DELTA) into fit and resid, and the next tree's sums (tree o2; S, PC, COL, V2, SUMS as statsKernel). */
function fusedKernel(
  A: number,
  bytes: Uint8Array,
  o: number,
  o2: number,
  doubles: Float64Array,
  track: boolean,
  resid: Float64Array,
  DELTA: number,
  S: number,
  PC: number,
  COL: number,
  V2: number,
  SUMS: number,
): void {
  let pw = 0;
  let ps = 0;
  for (let k = 0; k < A; k++) {
    const d = doubles[DELTA + bytes[o + k]!]!;
    if (track) doubles[k]! += d;
    const e = resid[k]! - d;
    resid[k] = e;
    const L2 = bytes[o2 + k]!;
    doubles[S + L2]! += e;
    const hit = ((bytes[PC + L2]! - 1 - bytes[COL + k]!) >>> 31) ^ 1;
    pw += hit;
    ps += hit * (e + doubles[V2 + L2]!);
  }
  doubles[SUMS] = pw;
  doubles[SUMS + 1] = ps;
}

/** fusedKernel through the unit index. */
function fusedGatherKernel(
  A: number,
  bytes: Uint8Array,
  o: number,
  o2: number,
  doubles: Float64Array,
  track: boolean,
  resid: Float64Array,
  unitP: Int32Array,
  DELTA: number,
  S: number,
  PC: number,
  COL: number,
  V2: number,
  SUMS: number,
): void {
  let pw = 0;
  let ps = 0;
  for (let k = 0; k < A; k++) {
    const d = doubles[DELTA + bytes[o + k]!]!;
    if (track) doubles[k]! += d;
    const u = unitP[k]!;
    const e = resid[u]! - d;
    resid[u] = e;
    const L2 = bytes[o2 + k]!;
    doubles[S + L2]! += e;
    const hit = ((bytes[PC + L2]! - 1 - bytes[COL + k]!) >>> 31) ^ 1;
    pw += hit;
    ps += hit * (e + doubles[V2 + L2]!);
  }
  doubles[SUMS] = pw;
  doubles[SUMS + 1] = ps;
}

/** fusedKernel without the proposal's side sums (the next tree proposes a prune or nothing). */
function fusedSumsKernel(A: number, bytes: Uint8Array, o: number, o2: number, doubles: Float64Array, track: boolean, resid: Float64Array, DELTA: number, S: number): void {
  for (let k = 0; k < A; k++) {
    const d = doubles[DELTA + bytes[o + k]!]!;
    if (track) doubles[k]! += d;
    const e = resid[k]! - d;
    resid[k] = e;
    doubles[S + bytes[o2 + k]!]! += e;
  }
}

/** fusedSumsKernel through the unit index. */
function fusedSumsGatherKernel(
  A: number,
  bytes: Uint8Array,
  o: number,
  o2: number,
  doubles: Float64Array,
  track: boolean,
  resid: Float64Array,
  unitP: Int32Array,
  DELTA: number,
  S: number,
): void {
  for (let k = 0; k < A; k++) {
    const d = doubles[DELTA + bytes[o + k]!]!;
    if (track) doubles[k]! += d;
    const u = unitP[k]!;
    const e = resid[u]! - d;
    resid[u] = e;
    doubles[S + bytes[o2 + k]!]! += e;
  }
}

/** As fusedKernel for a tree whose structure changed: each item first follows its leaf's route (RL, RR, RC, column RCOL); its value change is value (at V) of the new leaf − prev (at PREV) of the old. */
function fusedRoutedKernel(
  A: number,
  bytes: Uint8Array,
  o: number,
  o2: number,
  doubles: Float64Array,
  track: boolean,
  resid: Float64Array,
  RL: number,
  RR: number,
  RC: number,
  RCOL: number,
  V: number,
  PREV: number,
  S: number,
  PC: number,
  COL: number,
  V2: number,
  SUMS: number,
): void {
  let pw = 0;
  let ps = 0;
  for (let k = 0; k < A; k++) {
    const L = bytes[o + k]!;
    const a = bytes[RL + L]!;
    const right = (bytes[RC + L]! - bytes[RCOL + k]!) >> 31;
    const Ln = a ^ ((a ^ bytes[RR + L]!) & right);
    bytes[o + k] = Ln;
    const d = doubles[V + Ln]! - doubles[PREV + L]!;
    if (track) doubles[k]! += d;
    const e = resid[k]! - d;
    resid[k] = e;
    const L2 = bytes[o2 + k]!;
    doubles[S + L2]! += e;
    const hit = ((bytes[PC + L2]! - 1 - bytes[COL + k]!) >>> 31) ^ 1;
    pw += hit;
    ps += hit * (e + doubles[V2 + L2]!);
  }
  doubles[SUMS] = pw;
  doubles[SUMS + 1] = ps;
}

/** fusedRoutedKernel through the unit index. */
function fusedRoutedGatherKernel(
  A: number,
  bytes: Uint8Array,
  o: number,
  o2: number,
  doubles: Float64Array,
  track: boolean,
  resid: Float64Array,
  unitP: Int32Array,
  RL: number,
  RR: number,
  RC: number,
  RCOL: number,
  V: number,
  PREV: number,
  S: number,
  PC: number,
  COL: number,
  V2: number,
  SUMS: number,
): void {
  let pw = 0;
  let ps = 0;
  for (let k = 0; k < A; k++) {
    const L = bytes[o + k]!;
    const a = bytes[RL + L]!;
    const right = (bytes[RC + L]! - bytes[RCOL + k]!) >> 31;
    const Ln = a ^ ((a ^ bytes[RR + L]!) & right);
    bytes[o + k] = Ln;
    const d = doubles[V + Ln]! - doubles[PREV + L]!;
    if (track) doubles[k]! += d;
    const u = unitP[k]!;
    const e = resid[u]! - d;
    resid[u] = e;
    const L2 = bytes[o2 + k]!;
    doubles[S + L2]! += e;
    const hit = ((bytes[PC + L2]! - 1 - bytes[COL + k]!) >>> 31) ^ 1;
    pw += hit;
    ps += hit * (e + doubles[V2 + L2]!);
  }
  doubles[SUMS] = pw;
  doubles[SUMS + 1] = ps;
}

/** Active items 0..A−1 follow their leaf's route and take the tree's new values into fit (if tracked) and resid. */
function applyKernel(
  A: number,
  bytes: Uint8Array,
  o: number,
  doubles: Float64Array,
  track: boolean,
  resid: Float64Array,
  RL: number,
  RR: number,
  RC: number,
  RCOL: number,
  V: number,
  PREV: number,
): void {
  for (let k = 0; k < A; k++) {
    const L = bytes[o + k]!;
    const a = bytes[RL + L]!;
    const right = (bytes[RC + L]! - bytes[RCOL + k]!) >> 31;
    const Ln = a ^ ((a ^ bytes[RR + L]!) & right);
    bytes[o + k] = Ln;
    const d = doubles[V + Ln]! - doubles[PREV + L]!;
    if (track) doubles[k]! += d;
    resid[k]! -= d;
  }
}

/** applyKernel through the unit index. */
function applyGatherKernel(
  A: number,
  bytes: Uint8Array,
  o: number,
  doubles: Float64Array,
  track: boolean,
  resid: Float64Array,
  unitP: Int32Array,
  RL: number,
  RR: number,
  RC: number,
  RCOL: number,
  V: number,
  PREV: number,
): void {
  for (let k = 0; k < A; k++) {
    const L = bytes[o + k]!;
    const a = bytes[RL + L]!;
    const right = (bytes[RC + L]! - bytes[RCOL + k]!) >> 31;
    const Ln = a ^ ((a ^ bytes[RR + L]!) & right);
    bytes[o + k] = Ln;
    const d = doubles[V + Ln]! - doubles[PREV + L]!;
    if (track) doubles[k]! += d;
    resid[unitP[k]!]! -= d;
  }
}

/** Items from..to−1 (basis 0) follow their leaf's route and take the tree's new values into fit. */
function routeFitKernel(
  from: number,
  to: number,
  bytes: Uint8Array,
  o: number,
  doubles: Float64Array,
  RL: number,
  RR: number,
  RC: number,
  RCOL: number,
  V: number,
  PREV: number,
): void {
  for (let k = from; k < to; k++) {
    const L = bytes[o + k]!;
    const a = bytes[RL + L]!;
    const right = (bytes[RC + L]! - bytes[RCOL + k]!) >> 31;
    const Ln = a ^ ((a ^ bytes[RR + L]!) & right);
    bytes[o + k] = Ln;
    doubles[k]! += doubles[V + Ln]! - doubles[PREV + L]!;
  }
}

/** Items from..to−1 follow their leaf's route (as routeFitKernel, without the fit). */
function routeKernelBytes(from: number, to: number, bytes: Uint8Array, o: number, RL: number, RR: number, RC: number, RCOL: number): void {
  for (let k = from; k < to; k++) {
    const L = bytes[o + k]!;
    const a = bytes[RL + L]!;
    const right = (bytes[RC + L]! - bytes[RCOL + k]!) >> 31;
    bytes[o + k] = a ^ ((a ^ bytes[RR + L]!) & right);
  }
}

/** Items from..to−1 take four trees' value changes (tables at G, G + 128, …; leaves at o0..o3) into fit, in tree order. */
function add4Kernel(from: number, to: number, bytes: Uint8Array, doubles: Float64Array, o0: number, o1: number, o2: number, o3: number, G: number): void {
  for (let k = from; k < to; k++) {
    let f = doubles[k]!;
    f += doubles[G + bytes[o0 + k]!]!;
    f += doubles[G + 128 + bytes[o1 + k]!]!;
    f += doubles[G + 256 + bytes[o2 + k]!]!;
    f += doubles[G + 384 + bytes[o3 + k]!]!;
    doubles[k] = f;
  }
}

/** add4Kernel for three trees. */
function add3Kernel(from: number, to: number, bytes: Uint8Array, doubles: Float64Array, o0: number, o1: number, o2: number, G: number): void {
  for (let k = from; k < to; k++) {
    let f = doubles[k]!;
    f += doubles[G + bytes[o0 + k]!]!;
    f += doubles[G + 128 + bytes[o1 + k]!]!;
    f += doubles[G + 256 + bytes[o2 + k]!]!;
    doubles[k] = f;
  }
}

/** add4Kernel for two trees. */
function add2Kernel(from: number, to: number, bytes: Uint8Array, doubles: Float64Array, o0: number, o1: number, G: number): void {
  for (let k = from; k < to; k++) {
    let f = doubles[k]!;
    f += doubles[G + bytes[o0 + k]!]!;
    f += doubles[G + 128 + bytes[o1 + k]!]!;
    doubles[k] = f;
  }
}

/** Items from..to−1 of a tree without a structure change take its value changes (at DELTA) into fit. */
function deltaKernel(from: number, to: number, bytes: Uint8Array, o: number, doubles: Float64Array, DELTA: number): void {
  for (let k = from; k < to; k++) doubles[k]! += doubles[DELTA + bytes[o + k]!]!;
}

/** The stable partition of items with basis 1 before the others (perm null when it is the identity). */
function activeFirst(basis: Uint8Array): { active: number; perm: Int32Array | null } {
  const N = basis.length;
  let A = 0;
  for (let i = 0; i < N; i++) if (basis[i] === 1) A++;
  let identity = true;
  for (let i = 0; i < A; i++) if (basis[i] !== 1) identity = false;
  if (identity) return { active: A, perm: null };
  const perm = new Int32Array(N);
  let a = 0;
  let p = A;
  for (let i = 0; i < N; i++) {
    if (basis[i] === 1) perm[a++] = i;
    else perm[p++] = i;
  }
  return { active: A, perm };
}

/** Items 0..to−1 follow their leaf's route (grow-from-root: the previous level's splits, each leaf's column at CODES + rcol[L]). */
function routeLevelKernel(to: number, bytes: Uint8Array, o: number, RL: number, RR: number, RC: number, CODES: number, rcol: Int32Array): void {
  for (let k = 0; k < to; k++) {
    const L = bytes[o + k]!;
    const a = bytes[RL + L]!;
    const right = (bytes[RC + L]! - bytes[CODES + rcol[L]! + k]!) >> 31;
    bytes[o + k] = a ^ ((a ^ bytes[RR + L]!) & right);
  }
}

/**
 * The histograms (count and residual sum per bin) of every active column over the active items of
 * every frontier node, in one pass (each bin still sums its items in item order). ints holds each
 * leaf's frontier slot (−1: not growing) at 0, the active columns' code offsets in bytes at COLS and
 * their bins' offsets within a slot at OFFS.
 */
function histogramKernel(
  A: number,
  bytes: Uint8Array,
  o: number,
  ints: Int32Array,
  COLS: number,
  OFFS: number,
  stride: number,
  nCols: number,
  hist: Float64Array,
  resid: Float64Array,
): void {
  for (let k = 0; k < A; k++) {
    const slot = ints[bytes[o + k]!]!;
    if (slot < 0) continue;
    const r = resid[k]!;
    const h0 = slot * stride;
    for (let a = 0; a < nCols; a++) {
      const b = 2 * (h0 + ints[OFFS + a]! + bytes[ints[COLS + a]! + k]!);
      hist[b]! += 1;
      hist[b + 1]! += r;
    }
  }
}

/** histogramKernel through the unit index. */
function histogramGatherKernel(
  A: number,
  bytes: Uint8Array,
  o: number,
  ints: Int32Array,
  COLS: number,
  OFFS: number,
  stride: number,
  nCols: number,
  hist: Float64Array,
  resid: Float64Array,
  unitP: Int32Array,
): void {
  for (let k = 0; k < A; k++) {
    const slot = ints[bytes[o + k]!]!;
    if (slot < 0) continue;
    const r = resid[unitP[k]!]!;
    const h0 = slot * stride;
    for (let a = 0; a < nCols; a++) {
      const b = 2 * (h0 + ints[OFFS + a]! + bytes[ints[COLS + a]! + k]!);
      hist[b]! += 1;
      hist[b + 1]! += r;
    }
  }
}
