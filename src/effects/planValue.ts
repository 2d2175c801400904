/**
 * What a plan is worth under the effects' uncertainty: the plan's incremental
 * outcome Σ_i effect(i, choice_i) in every draw, summarised as a mean, an
 * equal-tailed interval and the probability that it is positive.
 */
import { quantileOfSorted } from '../bayes/diagnostics/convergence.js';
import type { Effects } from './effects.js';

export interface PlanValueSummary {
  /** Σ_i mean effect of the chosen arm. */
  readonly mean: number;
  /** With draws: the plan's incremental outcome in each draw. */
  readonly totals?: Float64Array;
  /** With draws: the equal-tailed interval at `level` (type-7 quantiles of the totals). */
  readonly interval?: readonly [number, number];
  readonly level?: number;
  /** With draws: the share of draws in which the plan's incremental outcome is above 0. */
  readonly probabilityPositive?: number;
  readonly kind?: NonNullable<Effects['draws']>['kind'];
}

/**
 * Sums the chosen arms' effects, per draw where the effects have draws.
 *
 * @example
 * const e = effectsFromDraws(['none', 'a'], 4, Float64Array.of(0, 1, 0, 2, 0, 3, 0, -1), 'posterior');
 * const v = planValue(e, Int32Array.of(1), { level: 0.5 });
 * v.mean;                // 1.25
 * v.probabilityPositive; // 0.75
 */
export function planValue(effects: Effects, choice: Int32Array, options: { readonly level?: number } = {}): PlanValueSummary {
  const K = effects.arms.length;
  const n = effects.units;
  const mean = chosenSum(choice, effects.mean, K, 0);
  const draws = effects.draws;
  if (draws === undefined) return { mean };
  const level = options.level ?? 0.94;
  const totals = new Float64Array(draws.count);
  let positive = 0;
  for (let s = 0; s < draws.count; s++) {
    totals[s] = chosenSum(choice, draws.values, K, s * n * K);
    if (totals[s]! > 0) positive++;
  }
  const sorted = Float64Array.from(totals).sort();
  const tail = (1 - level) / 2;
  return {
    mean,
    totals,
    interval: [quantileOfSorted(sorted, tail), quantileOfSorted(sorted, 1 - tail)],
    level,
    probabilityPositive: positive / draws.count,
    kind: draws.kind,
  };
}

function chosenSum(choice: Int32Array, matrix: Float64Array, K: number, offset: number): number {
  let s = 0;
  for (let i = 0; i < choice.length; i++) s += matrix[offset + i * K + choice[i]!]!;
  return s;
}
