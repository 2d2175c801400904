/**
 * Decision quality of a targeting plan on a simulated campaign, where the true
 * effect of every unit is known: (true value of the plan − random targeting) /
 * (best possible plan − random targeting). 1 is the oracle's plan, 0 is no
 * better than picking customers at random with the same budget, below 0 is
 * worse than random.
 *
 * One treated arm and one cost per unit, so a budget buys a fixed number of
 * units m = floor(budget share · n): the oracle treats the m units with the
 * largest positive true effects, random targeting is worth m/n of the total
 * true effect in expectation, and a model's plan treats its m highest
 * positive predictions (the exact allocation for this problem; the tests
 * check it against solveAllocation).
 */

export interface PlanScore {
  /** True total effect of the plan's treated units. */
  readonly value: number;
  /** Expected true total effect of random targeting with the same budget. */
  readonly random: number;
  /** True total effect of the best plan (knowing the truth). */
  readonly oracle: number;
  /** (value − random) / (oracle − random). */
  readonly score: number;
  /** Units the plan treats. */
  readonly treated: number;
}

/** Units the budget buys at one cost per unit. */
export function unitsForBudget(n: number, budgetShare: number): number {
  return Math.floor(budgetShare * n + 1e-9);
}

/**
 * The plan a budget buys from predicted effects: the m highest predictions
 * that are positive (a unit with a predicted loss is never worth paying for).
 * Ties keep the earlier unit first. Returns a 0/1 flag per unit.
 */
export function planFromPredictions(predicted: ArrayLike<number>, budgetShare = 0.2): Uint8Array {
  const n = predicted.length;
  const m = unitsForBudget(n, budgetShare);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => predicted[b]! - predicted[a]! || a - b);
  const treated = new Uint8Array(n);
  for (let r = 0; r < m; r++) {
    const i = order[r]!;
    if (!(predicted[i]! > 0)) break;
    treated[i] = 1;
  }
  return treated;
}

/**
 * Scores a plan against the true effects.
 *
 * @param trueEffect true effect of the treatment per unit
 * @param treated 1 (or true) for the units the plan treats
 * @param budgetShare the budget as a share of treating everyone (default 0.2)
 *
 * @example
 * const c = simulateCampaign({ n: 10_000, seed: 1, shape: 'step' });
 * planScore(c.trueUplift, planFromPredictions(c.trueUplift)).score; // 1 (the oracle's plan; random targeting scores 0)
 */
export function planScore(trueEffect: ArrayLike<number>, treated: ArrayLike<number | boolean>, budgetShare = 0.2): PlanScore {
  const n = trueEffect.length;
  if (treated.length !== n) throw new RangeError(`the plan has ${treated.length} units but the truth has ${n}`);
  const m = unitsForBudget(n, budgetShare);
  let value = 0;
  let count = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += trueEffect[i]!;
    if (treated[i]) {
      value += trueEffect[i]!;
      count++;
    }
  }
  if (count > m) throw new RangeError(`the plan treats ${count} units but the budget buys ${m}`);
  const sorted = Float64Array.from(trueEffect).sort().reverse();
  let oracle = 0;
  for (let r = 0; r < m && sorted[r]! > 0; r++) oracle += sorted[r]!;
  const random = n === 0 ? 0 : (m / n) * total;
  return { value, random, oracle, score: oracle === random ? 0 : (value - random) / (oracle - random), treated: count };
}
