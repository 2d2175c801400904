/**
 * A sample of the units (every `stride`-th in the global unit order) priced
 * in memory, to guess where a pass over every shard will find things: the
 * window of ratios holding the budget's critical ratio λ(μ), the side of the
 * cap μ falls on, and how many units a box of prices leaves undecided. The
 * guesses only choose what a pass asks; every number the plan uses is still
 * summed exactly over all units, and a guess that misses costs a pass, never
 * a different plan.
 */
import { ActiveSteps } from '../../solvers/knapsack/lagrangian.js';
import type { KnapsackInput } from '../../solvers/knapsack/hulls.js';
import { boxChoice, type PriceBox, type UnitRows } from './passes.js';

/** Every 128th unit: at 10^7 units the critical window of a 5-σ guess then holds about 1 % of the steps. */
export const SAMPLE_STRIDE = 128;
/** At most this many units in the sample (the stride grows past 2^19 · 128 ≈ 6.7·10^7 units). */
export const MAX_SAMPLE = 1 << 19;

export function sampleStride(n: number): number {
  return Math.max(SAMPLE_STRIDE, Math.ceil(n / MAX_SAMPLE));
}

export interface WindowGuess {
  /** The window of ratios to collect; empty (both +Infinity) when the sample says everything fits. */
  readonly lamLo: number;
  readonly lamHi: number;
  /** Steps expected in the window, over all units. */
  readonly count: number;
  /** Recipients expected at μ, and how far off that may be (one standard error). */
  readonly recipients: number;
  readonly recipientsError: number;
}

export class PriceSample {
  readonly steps: ActiveSteps;
  readonly units: number;

  constructor(
    rows: readonly UnitRows[],
    readonly stride: number,
  ) {
    const withUnits = rows.find((r) => r.unit.length > 0);
    const K = withUnits === undefined ? 1 : withUnits.values.length / withUnits.unit.length;
    const n = rows.reduce((t, r) => t + r.unit.length, 0);
    const values = new Float64Array(n * K);
    const costs = new Float64Array(n * K);
    const allowed = new Uint8Array(n * K);
    let at = 0;
    for (const r of rows) {
      values.set(r.values, at);
      costs.set(r.costs, at);
      allowed.set(r.allowed, at);
      at += r.values.length;
    }
    const input: KnapsackInput = { n, arms: K, values, costs, allowed: allowed.every((x) => x === 1) ? undefined : allowed };
    this.steps = new ActiveSteps(input);
    this.units = n;
  }

  /**
   * The window of ratios that holds λ(μ) unless the sample is off by more
   * than `z` standard errors of the cost above it (per-unit sums, so a
   * unit's steps count together); undefined when it would hold more than
   * `maxCount` steps.
   */
  window(mu: number, available: number, maxCount: number, z = 5): WindowGuess | undefined {
    const s = this.stride;
    const m = this.steps.activate(mu);
    const { actRatio, actCost, actFirst, actUnit } = this.steps;
    if (m === 0) return undefined;
    /** Σ cost, Σ per-unit cost², Σ recipients of the steps with a ratio above t (scaled to all units). */
    const above = (t: number): { cost: number; var: number; first: number; steps: number } => {
      let cost = 0;
      let sq = 0;
      let first = 0;
      let unitCost = 0;
      let last = -1;
      let steps = 0;
      for (let j = 0; j < m; j++) {
        if (actUnit[j] !== last) {
          sq += unitCost * unitCost;
          unitCost = 0;
          last = actUnit[j]!;
        }
        if (actRatio[j]! > t) {
          cost += actCost[j]!;
          unitCost += actCost[j]!;
          first += actFirst[j]!;
          steps++;
        }
      }
      sq += unitCost * unitCost;
      return { cost: cost * s, var: sq * s * (s - 1), first: first * s, steps: steps * s };
    };
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < m; j++) {
      const r = actRatio[j]!;
      if (r < lo) lo = r;
      if (r > hi && r < Infinity) hi = r;
    }
    /** The ratio at which the cost above first exceeds `target` (bisection on the sample's ratios). */
    const crossing = (target: number): number => {
      if (above(-Infinity).cost <= target) return -Infinity;
      let a = lo; // cost above a > target (a step may sit at a: step just below it)
      let b = hi; // cost above b ≤ target
      if (above(b).cost > target) return b;
      a = lo - Math.abs(lo) * 1e-12 - 1e-300;
      for (let it = 0; it < 40 && b - a > 1e-9 * Math.max(Math.abs(a), Math.abs(b)); it++) {
        const c = 0.5 * (a + b);
        if (above(c).cost > target) a = c;
        else b = c;
      }
      return a;
    };
    const total = above(-Infinity);
    if (total.cost + z * Math.sqrt(total.var) < available) {
      return { lamLo: Infinity, lamHi: Infinity, count: 0, recipients: above(0).first, recipientsError: Math.sqrt(above(0).first * s) };
    }
    const guess = crossing(available);
    const at = above(guess);
    const sigma = Math.sqrt(at.var);
    const lamHi = crossing(available - z * sigma);
    const lamLo = crossing(available + z * sigma);
    // Steps in [lamLo, lamHi]: those above lamLo (inclusive, nudged down) less those above lamHi.
    const count = above(lamLo === -Infinity ? -Infinity : lamLo - Math.abs(lamLo) * 1e-12 - 1e-300).steps - above(lamHi).steps;
    if (count > maxCount) return z > 3 ? this.window(mu, available, maxCount, z - 1) : undefined;
    if (!(lamLo <= lamHi) || Number.isNaN(lamHi)) return undefined;
    return { lamLo, lamHi, count, recipients: at.first, recipientsError: Math.sqrt(at.first * s) };
  }

  /** Units the box leaves undecided, over all units (the sample's count × stride, plus 3 standard errors). */
  undecided(box: PriceBox): number {
    let count = 0;
    for (let i = 0; i < this.units; i++) if (boxChoice(this.steps, i, box) === -2) count++;
    return count * this.stride + 3 * Math.sqrt(count + 1) * this.stride;
  }
}
