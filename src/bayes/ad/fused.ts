/**
 * A fused op for the commonest likelihood, the linear regression
 *   y ~ Normal(Σ_j c_j · z_j, σ)
 * with constant columns z_j (data), scalar coefficients c_j and scalar σ.
 * Its log density needs the data only through the Gram matrix G = ZᵀZ and the
 * least-squares fit c₀ (Σ(y − Zc)² = RSS₀ + (c − c₀)ᵀG(c − c₀)), so one
 * evaluation costs O(p²) instead of O(n·p). Anchoring at c₀ avoids the
 * cancellation of the expanded form yᵀy − 2cᵀZᵀy + cᵀGc; when G is singular
 * (collinear columns) the expanded form is used.
 */
import type { Op } from './ops.js';
import { Var } from './var.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EMPTY = Var.constant(new Float64Array(0));

/** Where coefficient j lives: element `index` of `source`. */
export interface CoefficientSlot {
  readonly source: Var;
  readonly index: number;
}

export class NormalLinearOp implements Op {
  readonly out = EMPTY;
  private readonly p: number;
  private readonly n: number;
  private readonly gram: Float64Array;
  private readonly anchor: Float64Array;
  /** RSS at the anchor (anchored form), or yᵀy (expanded form). */
  private readonly base: number;
  /** Zᵀy in the expanded form; unused when anchored. */
  private readonly zty: Float64Array;
  private readonly anchored: boolean;
  private readonly d: Float64Array;
  private readonly gd: Float64Array;

  /**
   * @param columns p constant columns of length n (already multiplied by their term's sign)
   * @param y observed values (constant offsets already subtracted)
   */
  constructor(
    private readonly slots: readonly CoefficientSlot[],
    columns: readonly Float64Array[],
    y: Float64Array,
    private readonly sigma: Var,
  ) {
    const p = columns.length;
    const n = y.length;
    this.p = p;
    this.n = n;
    const gram = new Float64Array(p * p);
    const zty = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const zj = columns[j]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += zj[i]! * y[i]!;
      zty[j] = s;
      for (let k = 0; k <= j; k++) {
        const zk = columns[k]!;
        let g = 0;
        for (let i = 0; i < n; i++) g += zj[i]! * zk[i]!;
        gram[j * p + k] = g;
        gram[k * p + j] = g;
      }
    }
    this.gram = gram;
    this.zty = zty;
    const anchor = solveSymmetric(gram, zty, p);
    this.anchored = anchor !== undefined;
    this.anchor = anchor ?? new Float64Array(p);
    if (anchor !== undefined) {
      let rss = 0;
      for (let i = 0; i < n; i++) {
        let fit = 0;
        for (let j = 0; j < p; j++) fit += columns[j]![i]! * anchor[j]!;
        const r = y[i]! - fit;
        rss += r * r;
      }
      this.base = rss;
    } else {
      let yty = 0;
      for (let i = 0; i < n; i++) yty += y[i]! * y[i]!;
      this.base = yty;
    }
    this.d = new Float64Array(p);
    this.gd = new Float64Array(p);
  }

  forward(withGradient: boolean): number {
    const { p, d, gd, gram, slots } = this;
    const s = this.sigma.value[0]!;
    if (!(s > 0)) return -Infinity;
    for (let j = 0; j < p; j++) {
      const slot = slots[j]!;
      d[j] = slot.source.value[slot.index]! - this.anchor[j]!;
    }
    let quad = 0;
    let linear = 0;
    for (let j = 0; j < p; j++) {
      let g = 0;
      const row = j * p;
      for (let k = 0; k < p; k++) g += gram[row + k]! * d[k]!;
      gd[j] = g;
      quad += d[j]! * g;
      if (!this.anchored) linear += d[j]! * this.zty[j]!;
    }
    // Anchored: RSS = RSS₀ + dᵀGd. Expanded (anchor 0, d = c): RSS = yᵀy − 2cᵀZᵀy + cᵀGc.
    const rss = Math.max(0, this.base + quad - 2 * linear);
    const inv2 = 1 / (s * s);
    if (withGradient) {
      for (let j = 0; j < p; j++) {
        const adj = slots[j]!.source.adj;
        if (adj === null) continue;
        const dRss = 2 * (gd[j]! - (this.anchored ? 0 : this.zty[j]!));
        adj[slots[j]!.index] = adj[slots[j]!.index]! - 0.5 * dRss * inv2;
      }
      const gs = this.sigma.adj;
      if (gs !== null) gs[0] = gs[0]! + rss * inv2 / s - this.n / s;
    }
    return -0.5 * rss * inv2 - this.n * (Math.log(s) + LOG_SQRT_2PI);
  }

  backward(): void {}
}

/** Solves G x = b for symmetric positive definite G by Cholesky; undefined when G is (numerically) singular. */
function solveSymmetric(G: Float64Array, b: Float64Array, p: number): Float64Array | undefined {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let diag = G[j * p + j]!;
    for (let k = 0; k < j; k++) diag -= L[j * p + k]! * L[j * p + k]!;
    if (!(diag > 1e-10 * Math.max(1, G[j * p + j]!))) return undefined;
    const ljj = Math.sqrt(diag);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = G[i * p + j]!;
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = s / ljj;
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * p + k]! * y[k]!;
    y[i] = s / L[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * x[k]!;
    x[i] = s / L[i * p + i]!;
  }
  return x;
}
