/**
 * One NUTS transition as Stan runs it (stan/mcmc/hmc/nuts/base_nuts.hpp, diag_e
 * metric, leapfrog integrator): multinomial sampling, biased progressive
 * sampling between the trajectory and each new subtree, uniform merging inside
 * subtrees, Stan's U-turn rule with the two extra checks across every join,
 * divergence when the energy error exceeds 1000.
 *
 * Every vector the recursion needs is allocated once here, per tree depth, so a
 * transition allocates nothing. The recursion depth is at most `maxDepth`.
 * Stan keeps "sharp" momenta v ⊙ p beside the momenta for its U-turn checks;
 * here the checks multiply by v on the fly, which moves less memory.
 */
import type { LogDensityTarget } from '../target.js';

/** The random numbers NUTS needs (util/random's Random). */
export interface RandomSource {
  uniform(): number;
  normal(): number;
}

/**
 * A point in phase space: position, momentum, gradient of the log density,
 * the log density, and the Hamiltonian the trajectory saw there.
 */
export class PhasePoint {
  readonly q: Float64Array;
  readonly p: Float64Array;
  readonly g: Float64Array;
  lp = 0;
  h = 0;

  constructor(dim: number) {
    this.q = new Float64Array(dim);
    this.p = new Float64Array(dim);
    this.g = new Float64Array(dim);
  }

  copyFrom(other: PhasePoint): void {
    this.q.set(other.q);
    this.p.set(other.p);
    this.g.set(other.g);
    this.lp = other.lp;
    this.h = other.h;
  }

  /** Copies all but the momentum: what a proposal needs (its energy is kept in `h`). */
  copyState(other: PhasePoint): void {
    this.q.set(other.q);
    this.g.set(other.g);
    this.lp = other.lp;
    this.h = other.h;
  }
}

/** Energy error above which a leapfrog step counts as divergent (Stan's max_deltaH). */
export const MAX_DELTA_H = 1000;

/** Scratch vectors of one level of the tree recursion: the two halves' sums and inner end momenta. */
class Level {
  readonly rhoInit: Float64Array;
  readonly rhoFinal: Float64Array;
  /** Momentum at the end of the initial half (next to the join). */
  readonly pInitEnd: Float64Array;
  /** Momentum at the beginning of the final half (next to the join). */
  readonly pFinalBeg: Float64Array;
  readonly proposeFinal: PhasePoint;

  constructor(dim: number) {
    this.rhoInit = new Float64Array(dim);
    this.rhoFinal = new Float64Array(dim);
    this.pInitEnd = new Float64Array(dim);
    this.pFinalBeg = new Float64Array(dim);
    this.proposeFinal = new PhasePoint(dim);
  }
}

/** What one transition reports (Stan's sampler parameters). */
export interface TransitionStats {
  stepSize: number;
  treeDepth: number;
  nLeapfrog: number;
  divergent: boolean;
  energy: number;
  acceptStat: number;
}

/**
 * The NUTS kernel with a diagonal metric. `point` holds the current state
 * (position, log density and gradient); `transition` moves it.
 *
 * @example
 * import { Random } from '../../util/random.js';
 * const target = { dim: 1, parameterNames: ['x'], constrain: (t: Float64Array, o: Float64Array) => o.set(t),
 *   logDensityGradient: (t: Float64Array, g: Float64Array) => { g[0] = -t[0]!; return -0.5 * t[0]! * t[0]!; } };
 * const nuts = new Nuts(target, 10);
 * nuts.setPosition(new Float64Array([0.5]));
 * nuts.transition(new Random(1));
 * nuts.stats.nLeapfrog >= 1; // true
 */
export class Nuts {
  readonly dim: number;
  readonly maxDepth: number;
  /** Diagonal inverse metric (the variance vector v): p ~ N(0, 1/v), kinetic energy ½ Σ v p². */
  readonly inverseMetric: Float64Array;
  /** Step size used by the next transition. */
  stepSize = 1;
  /** The current state. */
  readonly point: PhasePoint;
  readonly stats: TransitionStats = {
    stepSize: 0,
    treeDepth: 0,
    nLeapfrog: 0,
    divergent: false,
    energy: 0,
    acceptStat: 0,
  };

  private readonly target: LogDensityTarget;
  /** The moving end of the trajectory being extended. */
  private readonly z: PhasePoint;
  private readonly zFwd: PhasePoint;
  private readonly zBck: PhasePoint;
  private readonly zSample: PhasePoint;
  private readonly zPropose: PhasePoint;
  // Momenta at the four ends of the backward and forward subtrees (Stan's p_bck_bck … p_fwd_fwd).
  private readonly pFwdFwd: Float64Array;
  private readonly pFwdBck: Float64Array;
  private readonly pBckFwd: Float64Array;
  private readonly pBckBck: Float64Array;
  private readonly rho: Float64Array;
  private readonly rhoFwd: Float64Array;
  private readonly rhoBck: Float64Array;
  private readonly levels: Level[];
  // Per-transition accumulators shared by the recursion (fields, not closures).
  private h0 = 0;
  private epsilon = 1;
  private nLeapfrog = 0;
  private sumMetroProb = 0;
  private divergent = false;
  /** Log of the summed weights of the subtree just built (an out-parameter of buildTree). */
  private logSumWeightOut = -Infinity;
  private rng: RandomSource | undefined;

  constructor(target: LogDensityTarget, maxDepth = 10) {
    const dim = target.dim;
    this.target = target;
    this.dim = dim;
    this.maxDepth = maxDepth;
    this.inverseMetric = new Float64Array(dim).fill(1);
    this.point = new PhasePoint(dim);
    this.z = new PhasePoint(dim);
    this.zFwd = new PhasePoint(dim);
    this.zBck = new PhasePoint(dim);
    this.zSample = new PhasePoint(dim);
    this.zPropose = new PhasePoint(dim);
    this.pFwdFwd = new Float64Array(dim);
    this.pFwdBck = new Float64Array(dim);
    this.pBckFwd = new Float64Array(dim);
    this.pBckBck = new Float64Array(dim);
    this.rho = new Float64Array(dim);
    this.rhoFwd = new Float64Array(dim);
    this.rhoBck = new Float64Array(dim);
    this.levels = [];
    for (let d = 0; d <= maxDepth; d++) this.levels.push(new Level(dim));
  }

  /** Moves to `q` and evaluates the log density and gradient there; returns the log density. */
  setPosition(q: ArrayLike<number>): number {
    const point = this.point;
    point.q.set(q);
    point.lp = this.target.logDensityGradient(point.q, point.g);
    return point.lp;
  }

  /** Hamiltonian of a point: −log density + ½ Σ v p². NaN becomes +∞. */
  hamiltonian(z: PhasePoint): number {
    const v = this.inverseMetric;
    const p = z.p;
    let kinetic = 0;
    for (let i = 0; i < this.dim; i++) kinetic += v[i]! * p[i]! * p[i]!;
    const h = 0.5 * kinetic - z.lp;
    return h !== h ? Infinity : h; // NaN → +∞
  }

  /** Draws a momentum p_i ~ N(0, 1/v_i) into `z`. */
  private sampleMomentum(z: PhasePoint, rng: RandomSource): void {
    const v = this.inverseMetric;
    const p = z.p;
    for (let i = 0; i < this.dim; i++) p[i] = rng.normal() / Math.sqrt(v[i]!);
  }

  /** Leapfrog step of size `eps`: half momentum step, full position step, half momentum step. */
  private leapfrog(z: PhasePoint, eps: number): void {
    const n = this.dim;
    const q = z.q;
    const p = z.p;
    const g = z.g;
    const v = this.inverseMetric;
    const half = 0.5 * eps;
    for (let i = 0; i < n; i++) {
      const pi = p[i]! + half * g[i]!;
      p[i] = pi;
      q[i] = q[i]! + eps * v[i]! * pi;
    }
    z.lp = this.target.logDensityGradient(q, g);
    for (let i = 0; i < n; i++) p[i] = p[i]! + half * g[i]!;
  }

  /**
   * Stan's step-size heuristic: from the current step size, double (or halve)
   * until the acceptance of one leapfrog step from a fresh momentum crosses 0.8.
   * Leaves the position where it was. Fails if the step size leaves (0, 1e7].
   */
  initStepSize(rng: RandomSource): 'ok' | 'improper' | 'zero' {
    if (this.dim === 0 || this.stepSize === 0 || this.stepSize > 1e7 || Number.isNaN(this.stepSize)) return 'ok';
    const start = this.zSample; // free between transitions
    start.copyFrom(this.point);
    const z = this.z;
    const log08 = Math.log(0.8);

    z.copyFrom(start);
    this.sampleMomentum(z, rng);
    let h0 = this.hamiltonian(z);
    this.leapfrog(z, this.stepSize);
    let deltaH = h0 - this.hamiltonian(z);
    const direction = deltaH > log08 ? 1 : -1;

    for (;;) {
      z.copyFrom(start);
      this.sampleMomentum(z, rng);
      h0 = this.hamiltonian(z);
      this.leapfrog(z, this.stepSize);
      deltaH = h0 - this.hamiltonian(z);
      if (direction === 1 && !(deltaH > log08)) break;
      if (direction === -1 && !(deltaH < log08)) break;
      this.stepSize = direction === 1 ? 2 * this.stepSize : 0.5 * this.stepSize;
      if (this.stepSize > 1e7) return 'improper';
      if (this.stepSize === 0) return 'zero';
    }
    return 'ok';
  }

  /** One NUTS transition from `point`; afterwards `point` is the new draw and `stats` describes the step. */
  transition(rng: RandomSource): void {
    this.rng = rng;
    this.epsilon = this.stepSize;
    const z = this.z;
    z.copyFrom(this.point);
    this.sampleMomentum(z, rng);
    const h0 = this.hamiltonian(z);
    z.h = h0;
    this.h0 = h0;

    this.zFwd.copyFrom(z);
    this.zBck.copyFrom(z);
    this.zSample.copyState(z);
    const p0 = z.p;
    this.pFwdFwd.set(p0);
    this.pFwdBck.set(p0);
    this.pBckFwd.set(p0);
    this.pBckBck.set(p0);
    this.rho.set(p0);

    let logSumWeight = 0;
    this.nLeapfrog = 0;
    this.sumMetroProb = 0;
    this.divergent = false;
    let depth = 0;

    while (depth < this.maxDepth) {
      let valid: boolean;
      if (rng.uniform() > 0.5) {
        // Extend forward: the old trajectory becomes the backward subtree.
        z.copyFrom(this.zFwd);
        this.rhoBck.set(this.rho);
        this.pBckFwd.set(this.pFwdFwd);
        valid = this.buildTree(depth, this.zPropose, this.rhoFwd, this.pFwdBck, this.pFwdFwd, 1);
        this.zFwd.copyFrom(z);
      } else {
        // Extend backward: the old trajectory becomes the forward subtree.
        z.copyFrom(this.zBck);
        this.rhoFwd.set(this.rho);
        this.pFwdBck.set(this.pBckBck);
        valid = this.buildTree(depth, this.zPropose, this.rhoBck, this.pBckFwd, this.pBckBck, -1);
        this.zBck.copyFrom(z);
      }
      const logSumWeightSubtree = this.logSumWeightOut;
      if (!valid) break;
      depth++;

      // Biased progressive sampling: favour the new subtree.
      if (logSumWeightSubtree > logSumWeight) {
        this.zSample.copyState(this.zPropose);
      } else if (rng.uniform() < Math.exp(logSumWeightSubtree - logSumWeight)) {
        this.zSample.copyState(this.zPropose);
      }
      logSumWeight = logSumExp(logSumWeight, logSumWeightSubtree);

      // ρ of the whole trajectory, the U-turn check over it, and the two checks across the join.
      if (!this.mergeAndCheck(this.rho, this.rhoBck, this.rhoFwd, this.pBckBck, this.pBckFwd, this.pFwdBck, this.pFwdFwd)) break;
    }

    const sample = this.zSample;
    const point = this.point;
    point.q.set(sample.q);
    point.g.set(sample.g);
    point.lp = sample.lp;
    point.h = sample.h;
    const stats = this.stats;
    stats.stepSize = this.epsilon;
    stats.treeDepth = depth;
    stats.nLeapfrog = this.nLeapfrog;
    stats.divergent = this.divergent;
    stats.acceptStat = this.sumMetroProb / this.nLeapfrog;
    stats.energy = sample.h;
    this.rng = undefined;
  }

  /**
   * For two adjacent spans, A then B in trajectory order, writes rho = ρA + ρB
   * and returns Stan's three criteria in one pass: the merged span has not
   * turned between its outer ends (momenta aBeg and bEnd), nor has A extended
   * by B's first momentum (checked at aBeg and bBeg), nor B extended back by
   * A's last momentum (checked at aEnd and bEnd). A U-turn test of span ρ
   * between ends p⁻ and p⁺ is (v⊙p⁻)·ρ > 0 and (v⊙p⁺)·ρ > 0.
   */
  private mergeAndCheck(
    rho: Float64Array,
    rhoA: Float64Array,
    rhoB: Float64Array,
    aBeg: Float64Array,
    aEnd: Float64Array,
    bBeg: Float64Array,
    bEnd: Float64Array,
  ): boolean {
    const v = this.inverseMetric;
    let whole1 = 0;
    let whole2 = 0;
    let left1 = 0;
    let left2 = 0;
    let right1 = 0;
    let right2 = 0;
    for (let i = 0; i < this.dim; i++) {
      const vi = v[i]!;
      const a = rhoA[i]!;
      const b = rhoB[i]!;
      const r = a + b;
      rho[i] = r;
      const sharpABeg = vi * aBeg[i]!;
      const sharpBEnd = vi * bEnd[i]!;
      whole1 += sharpABeg * r;
      whole2 += sharpBEnd * r;
      const extendA = a + bBeg[i]!;
      left1 += sharpABeg * extendA;
      left2 += vi * bBeg[i]! * extendA;
      const extendB = b + aEnd[i]!;
      right1 += vi * aEnd[i]! * extendB;
      right2 += sharpBEnd * extendB;
    }
    return whole1 > 0 && whole2 > 0 && left1 > 0 && left2 > 0 && right1 > 0 && right2 > 0;
  }

  /**
   * Builds a subtree of 2^depth leapfrog steps from `z` in direction `sign`.
   * Writes the proposal (without momentum) into `propose`, the momenta at the
   * subtree's first and last steps into `pBeg` and `pEnd`, its summed momentum
   * into `rho`, and its log weight into `logSumWeightOut`. Returns false if it
   * diverged or turned.
   */
  private buildTree(depth: number, propose: PhasePoint, rho: Float64Array, pBeg: Float64Array, pEnd: Float64Array, sign: number): boolean {
    const z = this.z;
    const n = this.dim;
    if (depth === 0) {
      // Leapfrog: half momentum step and full position step fused, gradient, then the last
      // half step fused with the kinetic energy and the end momenta of this one-step subtree.
      const eps = sign * this.epsilon;
      const half = 0.5 * eps;
      const q = z.q;
      const p = z.p;
      const g = z.g;
      const v = this.inverseMetric;
      for (let i = 0; i < n; i++) {
        const pi = p[i]! + half * g[i]!;
        p[i] = pi;
        q[i] = q[i]! + eps * v[i]! * pi;
      }
      const lp = this.target.logDensityGradient(q, g);
      z.lp = lp;
      let kinetic = 0;
      for (let i = 0; i < n; i++) {
        const pi = p[i]! + half * g[i]!;
        p[i] = pi;
        kinetic += v[i]! * pi * pi;
        rho[i] = pi;
        pBeg[i] = pi;
        pEnd[i] = pi;
      }
      this.nLeapfrog++;
      let h = 0.5 * kinetic - lp;
      if (h !== h) h = Infinity; // NaN → +∞
      z.h = h;
      if (h - this.h0 > MAX_DELTA_H) this.divergent = true;
      const w = this.h0 - h;
      this.logSumWeightOut = w;
      this.sumMetroProb += w > 0 ? 1 : Math.exp(w);
      propose.copyState(z);
      return !this.divergent;
    }

    const level = this.levels[depth]!;

    const validInit = this.buildTree(depth - 1, propose, level.rhoInit, pBeg, level.pInitEnd, sign);
    const logSumWeightInit = this.logSumWeightOut;
    if (!validInit) return false;

    const proposeFinal = level.proposeFinal;
    const validFinal = this.buildTree(depth - 1, proposeFinal, level.rhoFinal, level.pFinalBeg, pEnd, sign);
    const logSumWeightFinal = this.logSumWeightOut;
    if (!validFinal) return false;

    // Uniform multinomial merge of the two halves.
    const logSumWeightSubtree = logSumExp(logSumWeightInit, logSumWeightFinal);
    this.logSumWeightOut = logSumWeightSubtree;
    if (logSumWeightFinal > logSumWeightSubtree) {
      propose.copyState(proposeFinal);
    } else if (this.rng!.uniform() < Math.exp(logSumWeightFinal - logSumWeightSubtree)) {
      propose.copyState(proposeFinal);
    }

    // The whole subtree, then the two spans across the join.
    return this.mergeAndCheck(rho, level.rhoInit, level.rhoFinal, pBeg, level.pInitEnd, level.pFinalBeg, pEnd);
  }
}

/** log(exp(a) + exp(b)), exact when either is −∞. */
export function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
