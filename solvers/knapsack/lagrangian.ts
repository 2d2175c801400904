/**
 * Multiple-choice knapsack with one budget and a cap on the number of
 * recipients (units not on arm 0), solved through its Lagrangian dual with
 * two prices: λ on the budget and μ on each recipient.
 *
 * For a fixed μ the problem is a one-budget knapsack on values less μ per
 * treated arm; its LP optimum L(μ) comes from the critical ratio of the hull
 * steps, found by weighted quickselect in linear time (no sort). The dual
 * D(μ) = μ·R + L(μ) is convex and piecewise linear in μ with slope
 * R − recipients(μ), so a secant search on its supporting lines lands on the
 * breakpoint μ* in a few dozen evaluations. The LP optimum mixes the two
 * greedy solutions on either side of μ*, which differ in one or two units;
 * the integer plan is the side that respects the cap, rounded down and
 * filled. Every D(μ) evaluated is a proven upper bound.
 */
import type { Progress } from '../../src/util/progress.js';
import { silentProgress } from '../../src/util/progress.js';
import { buildHulls, fillGreedy, planTotals, RADIX_FROM, type KnapsackInput, type PlanTotals } from './hulls.js';
import type { KnapsackSolution } from './greedy.js';
import { criticalRatio, type Critical } from './select.js';
import { argsortDescending } from '../../src/util/argsort.js';

/** True when arm 0 is at most as costly as every allowed treated arm of each unit (the Lagrangian needs it). */
export function armZeroIsCheapest(input: KnapsackInput): boolean {
  const { n, arms: K, costs, allowed } = input;
  for (let i = 0; i < n; i++) {
    const c0 = costs[i * K]!;
    for (let k = 1; k < K; k++) {
      if ((allowed === undefined || allowed[i * K + k] !== 0) && costs[i * K + k]! < c0) return false;
    }
  }
  return true;
}

export interface LagrangianOptions {
  /** Dual evaluations at most (default 200); each is a linear pass. */
  readonly maxEvaluations?: number;
  readonly progress?: Progress;
}

/** One evaluation of the dual at a recipient price μ. */
export interface Evaluation {
  readonly mu: number;
  readonly lambda: number;
  /** LP optimum of the budget-only problem with values less μ per recipient. */
  readonly penalized: number;
  /** Recipients of that LP optimum (possibly fractional). */
  readonly recipients: number;
  /** The dual bound μ·R + penalized. */
  readonly dual: number;
}

/**
 * Solves max Σ value s.t. Σ cost ≤ budget and #recipients ≤ maxRecipients.
 * Returns undefined when no plan fits the budget. Arm 0 must be the cheapest
 * arm of every unit (see `armZeroIsCheapest`).
 *
 * @example
 * const input = { n: 3, arms: 2, values: Float64Array.of(0, 5, 0, 4, 0, 3), costs: Float64Array.of(0, 1, 0, 1, 0, 1) };
 * solveBudgetAndCap(input, 3, 2)!.value; // 9 (the cap allows two recipients)
 */
export function solveBudgetAndCap(
  input: KnapsackInput,
  budget: number,
  maxRecipients: number,
  options: LagrangianOptions = {},
): KnapsackSolution | undefined {
  const solver = new CapLagrangian(input, budget, maxRecipients);
  if (solver.available < 0) return undefined;
  return solver.run(options);
}

/**
 * Buffers for the active steps, for ActiveSteps that are never activated at
 * the same time (a thread's shards, read one after another by the
 * streaming allocation): one set, grown as needed, instead of 33 bytes per
 * hull point allocated and left to the collector for every shard read.
 */
export class ActiveScratch {
  actRatio = new Float64Array(0);
  actCost = new Float64Array(0);
  actGain = new Float64Array(0);
  actUnit = new Int32Array(0);
  actArm = new Int32Array(0);
  actFirst = new Uint8Array(0);

  ensure(points: number): void {
    if (this.actRatio.length >= points) return;
    const size = Math.ceil(points * 1.25);
    this.actRatio = new Float64Array(size);
    this.actCost = new Float64Array(size);
    this.actGain = new Float64Array(size);
    this.actUnit = new Int32Array(size);
    this.actArm = new Int32Array(size);
    this.actFirst = new Uint8Array(size);
  }
}

/**
 * Each unit's treated hull as points, and the steps active at a recipient
 * price μ. The in-memory Lagrangian holds one for all units; the streaming
 * allocation (src/scale) one per shard, so both price units the same way.
 */
export class ActiveSteps {
  readonly input: KnapsackInput;
  /** Σ value and Σ cost of every unit's arm 0. */
  readonly baseValue: number;
  readonly baseCost: number;
  /** Largest treated gain over arm 0: at μ above it nobody is treated. */
  readonly maxGain: number;
  /**
   * Each unit's treated hull as points pointStart[i] … pointStart[i+1]-1:
   * arm, extra cost and extra value over arm 0, and the hull step from the
   * point to the next one (ratio, cost, value).
   */
  readonly pointStart: Int32Array;
  readonly pointArm: Int32Array;
  readonly pointCost: Float64Array;
  readonly pointGain: Float64Array;
  private readonly nextRatio: Float64Array;
  private readonly nextCost: Float64Array;
  private readonly nextGain: Float64Array;
  /** The steps active at the current μ, unit after unit, each unit's in hull order. */
  readonly actRatio: Float64Array;
  readonly actCost: Float64Array;
  readonly actGain: Float64Array;
  readonly actUnit: Int32Array;
  readonly actArm: Int32Array;
  /** 1 when the step moves its unit off arm 0 (it adds a recipient). */
  readonly actFirst: Uint8Array;

  /** With `scratch`, the active steps live in its buffers (shared with other ActiveSteps activated at other times). */
  constructor(input: KnapsackInput, scratch?: ActiveScratch) {
    this.input = input;
    const { n, arms: K, values, costs } = input;
    const h = buildHulls(input, { treatedOnly: true });
    const P = h.stepCount + n;
    this.pointStart = new Int32Array(n + 1);
    this.pointArm = new Int32Array(P);
    this.pointCost = new Float64Array(P);
    this.pointGain = new Float64Array(P);
    this.nextRatio = new Float64Array(P);
    this.nextCost = new Float64Array(P);
    this.nextGain = new Float64Array(P);
    let baseValue = 0;
    let baseCost = 0;
    let maxGain = 0;
    let p = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c0 = costs[i * K]!;
      const v0 = values[i * K]!;
      baseValue += v0;
      baseCost += c0;
      this.pointStart[i] = p;
      const a = h.startArm[i]!;
      if (a < 0) continue;
      this.pointArm[p] = a;
      this.pointCost[p] = costs[i * K + a]! - c0;
      this.pointGain[p] = values[i * K + a]! - v0;
      p++;
      for (; s < h.stepCount && h.stepUnit[s] === i; s++) {
        this.nextRatio[p - 1] = h.stepRatio[s]!;
        this.nextCost[p - 1] = h.stepCost[s]!;
        this.nextGain[p - 1] = h.stepValue[s]!;
        const arm = h.stepArm[s]!;
        this.pointArm[p] = arm;
        this.pointCost[p] = costs[i * K + arm]! - c0;
        this.pointGain[p] = values[i * K + arm]! - v0;
        p++;
      }
      // The hull's last point is the unit's most valuable treated arm.
      maxGain = Math.max(maxGain, this.pointGain[p - 1]!);
    }
    this.pointStart[n] = p;
    this.baseValue = baseValue;
    this.baseCost = baseCost;
    this.maxGain = maxGain;
    if (scratch !== undefined) {
      scratch.ensure(p);
      this.actRatio = scratch.actRatio;
      this.actCost = scratch.actCost;
      this.actGain = scratch.actGain;
      this.actUnit = scratch.actUnit;
      this.actArm = scratch.actArm;
      this.actFirst = scratch.actFirst;
      return;
    }
    this.actRatio = new Float64Array(p);
    this.actCost = new Float64Array(p);
    this.actGain = new Float64Array(p);
    this.actUnit = new Int32Array(p);
    this.actArm = new Int32Array(p);
    this.actFirst = new Uint8Array(p);
  }

  /** Writes the steps active at price μ: each unit's first step (arm 0 raised by μ, tangent to its hull) and the hull steps after it. */
  activate(mu: number): number {
    // Hot loop: every array in a local (property loads in the loop cost 2-3×).
    const { pointStart, pointArm, pointCost, pointGain, nextRatio, nextCost, nextGain } = this;
    const { actRatio, actCost, actGain, actUnit, actArm, actFirst } = this;
    const n = this.input.n;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const p0 = pointStart[i]!;
      const p1 = pointStart[i + 1]!;
      let best = -1;
      let bestRatio = 0;
      for (let p = p0; p < p1; p++) {
        const dc = pointCost[p]!;
        const gain = pointGain[p]! - mu;
        const ratio = dc > 0 ? gain / dc : gain > 0 ? Infinity : -Infinity;
        if (ratio > bestRatio) {
          best = p;
          bestRatio = ratio;
        } else if (best >= 0) {
          break; // ratios from the raised arm 0 to a concave hull rise, then fall
        }
      }
      if (best < 0) continue;
      actRatio[m] = bestRatio;
      actCost[m] = pointCost[best]!;
      actGain[m] = pointGain[best]! - mu;
      actUnit[m] = i;
      actArm[m] = pointArm[best]!;
      actFirst[m++] = 1;
      for (let p = best; p < p1 - 1; p++) {
        actRatio[m] = nextRatio[p]!;
        actCost[m] = nextCost[p]!;
        actGain[m] = nextGain[p]!;
        actUnit[m] = i;
        actArm[m] = pointArm[p + 1]!;
        actFirst[m++] = 0;
      }
    }
    return m;
  }

}

/** The two-price Lagrangian on arrays in memory (exported for the streaming allocation, which runs it on a core of units). */
export class CapLagrangian {
  readonly input: KnapsackInput;
  readonly budget: number;
  readonly cap: number;
  /** Budget left after every unit's arm-0 cost. */
  readonly available: number;
  private readonly steps: ActiveSteps;
  /** Copies the selection may reorder. */
  private readonly selRatio: Float64Array;
  private readonly selCost: Float64Array;

  /** What each rounded plan has left to fill, as the last finish() saw it (the streaming allocation looks for more candidates with it). */
  readonly leftovers: Array<{ budget: number; recipients: number }> = [];

  constructor(input: KnapsackInput, budget: number, cap: number) {
    this.input = input;
    this.budget = budget;
    this.cap = cap;
    this.steps = new ActiveSteps(input);
    this.available = budget - this.steps.baseCost;
    this.selRatio = new Float64Array(this.steps.actRatio.length);
    this.selCost = new Float64Array(this.steps.actRatio.length);
  }

  run(options: LagrangianOptions): KnapsackSolution {
    const progress = options.progress ?? silentProgress;
    const maxEvaluations = options.maxEvaluations ?? 200;
    progress.start('Lagrangian dual search (budget + recipient cap)', maxEvaluations);
    try {
      const search = dualSearch(this.cap, this.steps.baseValue, this.steps.maxGain, maxEvaluations);
      let next = search.next();
      while (next.done !== true) {
        const at = this.evaluate(next.value);
        progress.tick();
        next = search.next(at);
      }
      const { lo, hi, bound } = next.value;
      return this.finish(lo, hi, bound);
    } finally {
      progress.stop();
    }
  }

  evaluate(mu: number): Evaluation {
    return this.sweep(mu, undefined);
  }

  /**
   * The LP optimum at price μ: steps above the critical ratio whole, ties in
   * unit order until the budget is spent, the last one fractional. With a
   * `record`, also writes the integer part of the plan into it.
   */
  private sweep(mu: number, record: { choice: Int32Array; fractionalUnit: number; lpValue: number } | undefined): Evaluation {
    const m = this.steps.activate(mu);
    let critical: Critical | undefined;
    if (this.available < Infinity) {
      this.selRatio.set(this.steps.actRatio.subarray(0, m));
      this.selCost.set(this.steps.actCost.subarray(0, m));
      critical = criticalRatio(this.selRatio, this.selCost, m, this.available);
    }
    const hasCritical = critical !== undefined;
    const lambda = critical?.ratio ?? 0;
    let tieLeft = critical === undefined ? 0 : this.available - critical.weightAbove;
    const { actRatio, actCost, actGain, actUnit, actArm, actFirst } = this.steps;
    const choice = record?.choice;
    let fractionalUnit = -1;
    let penalized = this.steps.baseValue;
    let recipients = 0;
    // A unit's steps are consecutive with falling ratios, so the steps taken form a prefix of each unit's.
    for (let j = 0; j < m; j++) {
      const ratio = actRatio[j]!;
      let fraction = 0;
      if (ratio > lambda || (!hasCritical && ratio > 0)) fraction = 1;
      else if (hasCritical && ratio === lambda && tieLeft > 0) {
        const dc = actCost[j]!;
        fraction = dc <= tieLeft ? 1 : tieLeft / dc;
        tieLeft = fraction === 1 ? tieLeft - dc : 0;
      } else continue;
      penalized += fraction * actGain[j]!;
      recipients += fraction * actFirst[j]!;
      if (fraction < 1) fractionalUnit = actUnit[j]!;
      else if (choice !== undefined) choice[actUnit[j]!] = actArm[j]!;
    }
    if (record !== undefined) {
      record.lpValue = penalized + mu * recipients;
      record.fractionalUnit = fractionalUnit;
    }
    // μ·R with μ = 0 is 0 even without a cap (R = ∞).
    return { mu, lambda, penalized, recipients, dual: (mu === 0 ? 0 : mu * this.cap) + penalized };
  }

  private record(mu: number): { choice: Int32Array; fractionalUnit: number; lpValue: number; recipients: number } {
    const rec = { choice: new Int32Array(this.input.n), fractionalUnit: -1, lpValue: 0 };
    const evaluation = this.sweep(mu, rec);
    return { ...rec, recipients: evaluation.recipients };
  }

  /** The LP optimum as a mix of the solutions at lo and hi, and the integer plan from the side within the cap. */
  finish(lo: Evaluation, hi: Evaluation, bound: number): KnapsackSolution {
    const a = this.record(lo.mu);
    const b = lo === hi ? a : this.record(hi.mu);
    // Weight on a so that the mix has exactly `cap` recipients (a has more than cap, b at most cap).
    const theta = a === b || a.recipients === b.recipients ? 0 : (this.cap - b.recipients) / (a.recipients - b.recipients);
    const lpValue = theta * a.lpValue + (1 - theta) * b.lpValue;
    const fractional = new Set<number>();
    if (theta > 0) {
      for (let i = 0; i < this.input.n; i++) if (a.choice[i] !== b.choice[i]) fractional.add(i);
      if (a.fractionalUnit >= 0) fractional.add(a.fractionalUnit);
    }
    if (b.fractionalUnit >= 0 && theta < 1) fractional.add(b.fractionalUnit);
    // Two integer candidates: the side within the cap, rounded down and filled; and the side over
    // it, with its least valuable recipients dropped, then filled. Keep the better.
    const lambda = theta * lo.lambda + (1 - theta) * hi.lambda;
    const within = this.roundAndFill(b.choice);
    const over = a === b ? within : this.roundAndFill(dropRecipients(this.input, a.choice.slice(), this.cap, lambda));
    const best = over.value > within.value ? over : within;
    return {
      ...best,
      bound: Math.max(Math.min(bound, lo.dual, hi.dual), lpValue),
      fractionalUnits: fractional.size,
      budgetPrice: lambda,
      recipientPrice: theta * lo.mu + (1 - theta) * hi.mu,
    };
  }

  /** Fills what a plan leaves of the budget and the cap; returns it with its totals. */
  private roundAndFill(choice: Int32Array): { choice: Int32Array } & PlanTotals {
    const before = planTotals(this.input, choice);
    if (before.cost > this.budget || before.recipients > this.cap) return { choice, ...before, value: -Infinity };
    this.leftovers.push({ budget: this.budget - before.cost, recipients: this.cap - before.recipients });
    fillGreedy(this.input, choice, this.budget - before.cost, this.cap - before.recipients);
    return { choice, ...planTotals(this.input, choice) };
  }
}

/** Where the search over μ ends: the evaluations on either side of the breakpoint, and the least dual bound seen. */
export interface SearchEnd {
  readonly lo: Evaluation;
  readonly hi: Evaluation;
  readonly bound: number;
}

/**
 * The search over the recipient price μ, written once for every way of
 * evaluating the dual: it yields the μ to evaluate next and is resumed with
 * the evaluation there (the in-memory solver evaluates on its arrays, the
 * streaming allocation in passes over the shards). It returns the two
 * evaluations the plan is made from. The first μ asked is 0.
 */
export function* dualSearch(cap: number, baseValue: number, maxGain: number, maxEvaluations: number): Generator<number, SearchEnd, Evaluation> {
  const R = cap;
  let lo = yield 0;
  if (lo.recipients <= R) return { lo, hi: lo, bound: lo.dual }; // the cap does not bind
  // Above the largest gain nobody is worth treating: that evaluation needs no pass.
  const muMax = maxGain * (1 + 1e-9) + 1e-300;
  let hi: Evaluation = { mu: muMax, lambda: 0, penalized: baseValue, recipients: 0, dual: muMax * R + baseValue };
  let bound = Math.min(lo.dual, hi.dual);
  for (let evaluations = 2; evaluations < maxEvaluations; evaluations++) {
    const gLo = R - lo.recipients; // < 0
    const gHi = R - hi.recipients; // >= 0
    if (gHi === 0) return { lo: hi, hi, bound };
    // Where the supporting lines at lo and hi meet.
    let mu = (hi.dual - lo.dual + gLo * lo.mu - gHi * hi.mu) / (gLo - gHi);
    if (!(mu > lo.mu && mu < hi.mu)) mu = 0.5 * (lo.mu + hi.mu);
    if (!(mu > lo.mu && mu < hi.mu)) break; // no double strictly between
    const at = yield mu;
    bound = Math.min(bound, at.dual);
    const line = lo.dual + gLo * (mu - lo.mu);
    if (at.recipients === R) return { lo: at, hi: at, bound };
    // D meets the lines at mu: mu is the breakpoint, and lo's and hi's solutions are both optimal there.
    if (at.dual <= line + 1e-13 * Math.max(1, Math.abs(line))) return { lo, hi, bound };
    if (at.recipients > R) lo = at;
    else hi = at;
  }
  return { lo, hi, bound };
}

/**
 * Moves the recipients worth least at budget price λ (value − λ·cost over
 * arm 0) back to arm 0 until at most `cap` remain.
 */
function dropRecipients(input: KnapsackInput, choice: Int32Array, cap: number, lambda: number): Int32Array {
  const { n, arms: K, values, costs } = input;
  const units: number[] = [];
  const worth: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = choice[i]!;
    if (k === 0) continue;
    units.push(i);
    worth.push(values[i * K + k]! - values[i * K]! - lambda * (costs[i * K + k]! - costs[i * K]!));
  }
  const excess = units.length - cap;
  if (excess <= 0) return choice;
  // Most valuable first, so the last `excess` are the ones to drop.
  const order = argsortDescending(Float64Array.from(worth), worth.length, RADIX_FROM);
  for (let j = order.length - excess; j < order.length; j++) choice[units[order[j]!]!] = 0;
  return choice;
}
