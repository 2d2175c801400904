/**
 * Closing the gap of an LP-based plan: the problem's rules as rows, the LP's
 * dual prices on them, and solvers/core/close-gap.ts (reduced-cost fixing, then an
 * exact search over the units left open). The greedy and the Lagrangian give
 * prices for the budget and the cap; the sifting LP gives one per rule.
 */
import { closeGapByCore, type GapResult } from '../../solvers/core/close-gap.js';
import type { Progress } from '../util/progress.js';
import type { RuleSet } from './rule-rows.js';

export interface GapOptions {
  /** A price per rule row (in `ruleRows` order), or the budget's and the cap's prices. */
  readonly prices: Float64Array | { readonly budgetPrice: number; readonly recipientPrice: number };
  /** Give up when the core has more MIP columns than this. */
  readonly maxColumns: number;
  /** Seconds. */
  readonly timeLimit?: number;
  /** Absolute gap at which a plan is good enough. */
  readonly absoluteGap: number;
  readonly progress?: Progress;
}

/**
 * The best plan (or one within `absoluteGap` of the best) around an
 * incumbent, with its proven bound.
 *
 * @example
 * import { prepareProblem } from 'liftwise/internals';
 * import { ruleSet } from './rule-rows.js';
 * const prepared = prepareProblem({ units: 3, arms: 2, values: Float64Array.of(0, 5, 0, 4, 0, 1), costs: Float64Array.of(0, 2, 0, 2, 0, 2), budget: 4 });
 * // From an incumbent that treats units 0 and 2, at a budget price of 0.8 (the greedy's).
 * const r = await closeGap(ruleSet(prepared), Int32Array.of(1, 0, 1), { prices: { budgetPrice: 0.8, recipientPrice: 0 }, maxColumns: 200_000, absoluteGap: 0 });
 * r.status; // 'solved'
 * r.choice; // Int32Array [1, 1, 0]
 */
export async function closeGap({ rules, set }: RuleSet, incumbent: Int32Array | undefined, options: GapOptions): Promise<GapResult> {
  let prices: Float64Array;
  if (options.prices instanceof Float64Array) prices = options.prices;
  else {
    prices = new Float64Array(rules.rows.length);
    if (rules.budgetRow >= 0) prices[rules.budgetRow] = options.prices.budgetPrice;
    if (rules.capRow >= 0) prices[rules.capRow] = options.prices.recipientPrice;
  }
  return closeGapByCore({
    set,
    prices,
    incumbent,
    absoluteGap: options.absoluteGap,
    maxColumns: options.maxColumns,
    ...(options.timeLimit === undefined ? {} : { deadline: performance.now() + 1000 * options.timeLimit }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
}
