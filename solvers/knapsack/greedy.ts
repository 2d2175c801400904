/**
 * The exact greedy for the LP relaxation of the multiple-choice knapsack with
 * one budget (Sinha & Zoltners 1979): sort every unit's hull steps by value
 * per unit of cost and fill the budget in that order. At most one unit ends
 * fractional; its LP value is a proven upper bound for every integer plan.
 *
 * The sorted order does not depend on the budget, so one sort serves every
 * budget: `GreedyFrontier` answers a plan for any budget by a binary search
 * over prefix sums, and a sweep of many budgets costs little more than one.
 */
import { buildHulls, fillGreedy, planTotals, RADIX_FROM, type Hulls, type KnapsackInput } from './hulls.js';
import { argsortDescending } from '../../src/util/argsort.js';

/** An integer plan with its LP certificate. */
export interface KnapsackSolution {
  /** Arm per unit. */
  readonly choice: Int32Array;
  /** Σ value, Σ cost and recipients of the integer plan. */
  readonly value: number;
  readonly cost: number;
  readonly recipients: number;
  /** LP optimum: no integer plan is worth more. */
  readonly bound: number;
  /** Units the LP optimum splits between two arms (at most 1 for the greedy, 2 for the Lagrangian). */
  readonly fractionalUnits: number;
  /** Dual prices of the budget and of the recipient cap at the LP optimum (0 when not binding). */
  readonly budgetPrice: number;
  readonly recipientPrice: number;
}

/** One budget of a frontier sweep. */
export interface KnapsackFrontierPoint {
  readonly budget: number;
  /** LP optimum at this budget. */
  readonly bound: number;
  /** Value, cost and recipients of the integer plan at this budget. */
  readonly value: number;
  readonly cost: number;
  readonly recipients: number;
}

export class GreedyFrontier {
  readonly input: KnapsackInput;
  readonly hulls: Hulls;
  /** Hull steps by decreasing value per cost; ties in unit order. */
  readonly order: Uint32Array;
  /** cumCost[j] = Σ cost of the first j steps in `order`; likewise cumValue. */
  private readonly cumCost: Float64Array;
  private readonly cumValue: Float64Array;
  /** cumRecipients[j] = units the first j steps move off arm 0. */
  private readonly cumRecipients: Int32Array;
  private readonly baseRecipients: number;

  private constructor(input: KnapsackInput) {
    this.input = input;
    this.hulls = buildHulls(input);
    const h = this.hulls;
    const order = argsortDescending(h.stepRatio, h.stepCount, RADIX_FROM);
    // Prefix sums in locals: property loads inside a 10^6-step loop cost more than the sums.
    const S = h.stepCount;
    const cumCost = new Float64Array(S + 1);
    const cumValue = new Float64Array(S + 1);
    const cumRecipients = new Int32Array(S + 1);
    const { stepUnit, stepCost, stepValue, startArm } = h;
    let base = 0;
    for (let i = 0; i < h.n; i++) if (startArm[i] !== 0) base++;
    for (let j = 0; j < S; j++) {
      const s = order[j]!;
      const unit = stepUnit[s]!;
      cumCost[j + 1] = cumCost[j]! + stepCost[s]!;
      cumValue[j + 1] = cumValue[j]! + stepValue[s]!;
      // A unit's first step (steps are stored unit after unit) moves it off its start arm.
      const leavesZero = (s === 0 || stepUnit[s - 1] !== unit) && startArm[unit] === 0 ? 1 : 0;
      cumRecipients[j + 1] = cumRecipients[j]! + leavesZero;
    }
    this.order = order;
    this.cumCost = cumCost;
    this.cumValue = cumValue;
    this.cumRecipients = cumRecipients;
    this.baseRecipients = base;
  }

  /**
   * Sorts the hull steps of `input` once.
   *
   * @example
   * const f = GreedyFrontier.build({ n: 2, arms: 2, values: Float64Array.of(0, 3, 0, 2), costs: Float64Array.of(0, 1, 0, 1) });
   * f.solve(1).value; // 3 (unit 0 gets arm 1)
   */
  static build(input: KnapsackInput): GreedyFrontier {
    return new GreedyFrontier(input);
  }

  /** Least budget any plan needs (every unit on its cheapest allowed arm). */
  get minimumBudget(): number {
    return this.hulls.baseCost;
  }

  /** Budget beyond which more money buys nothing. */
  get saturationBudget(): number {
    return this.hulls.baseCost + this.cumCost[this.hulls.stepCount]!;
  }

  /** Number of whole steps that fit in `available`, the LP value and the price. */
  private cut(available: number): { whole: number; fraction: number; lpValue: number; price: number } {
    const S = this.hulls.stepCount;
    const cum = this.cumCost;
    if (!(available < cum[S]!)) {
      return { whole: S, fraction: 0, lpValue: this.hulls.baseValue + this.cumValue[S]!, price: 0 };
    }
    // Largest j with cum[j] <= available.
    let lo = 0;
    let hi = S;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (cum[mid]! <= available) lo = mid;
      else hi = mid - 1;
    }
    const s = this.order[lo]!;
    const fraction = (available - cum[lo]!) / this.hulls.stepCost[s]!;
    return {
      whole: lo,
      fraction,
      lpValue: this.hulls.baseValue + this.cumValue[lo]! + fraction * this.hulls.stepValue[s]!,
      price: this.hulls.stepRatio[s]!,
    };
  }

  /** The LP optimum at a budget (NaN when the budget is below `minimumBudget`). */
  lpValue(budget: number): number {
    if (budget < this.hulls.baseCost) return NaN;
    return this.cut(budget - this.hulls.baseCost).lpValue;
  }

  /**
   * The integer plan for a budget: the LP optimum without its fractional
   * step, then the greedy fill of what is left. Undefined when the budget is
   * below `minimumBudget` (no plan exists).
   */
  solve(budget: number, options: { fill?: boolean } = {}): KnapsackSolution | undefined {
    const h = this.hulls;
    if (budget < h.baseCost) return undefined;
    const { whole, fraction, lpValue, price } = this.cut(budget - h.baseCost);
    const choice = h.startArm.slice();
    for (let j = 0; j < whole; j++) {
      const s = this.order[j]!;
      choice[h.stepUnit[s]!] = h.stepArm[s]!;
    }
    if (options.fill !== false) {
      fillGreedy(this.input, choice, budget - h.baseCost - this.cumCost[whole]!, Infinity);
    }
    const totals = planTotals(this.input, choice);
    return {
      choice,
      ...totals,
      bound: lpValue,
      fractionalUnits: fraction > 0 ? 1 : 0,
      budgetPrice: price,
      recipientPrice: 0,
    };
  }

  /**
   * The frontier at many budgets from the one sort. Without `fill` each point
   * costs a binary search: the LP bound, and the integer plan made of the
   * whole steps that fit (within one step's value of the bound). With `fill`
   * each point is the full `solve` (a pass over the units).
   */
  sweep(budgets: readonly number[], options: { fill?: boolean } = {}): KnapsackFrontierPoint[] {
    const h = this.hulls;
    return budgets.map((budget) => {
      if (budget < h.baseCost) return { budget, bound: NaN, value: NaN, cost: NaN, recipients: 0 };
      if (options.fill === true) {
        const plan = this.solve(budget)!;
        return { budget, bound: plan.bound, value: plan.value, cost: plan.cost, recipients: plan.recipients };
      }
      const { whole, lpValue } = this.cut(budget - h.baseCost);
      return {
        budget,
        bound: lpValue,
        value: h.baseValue + this.cumValue[whole]!,
        cost: h.baseCost + this.cumCost[whole]!,
        recipients: this.baseRecipients + this.cumRecipients[whole]!,
      };
    });
  }
}
