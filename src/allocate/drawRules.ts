/**
 * Unit-level rules read from the effects' draws: give a unit an arm only when
 * the arm pays for itself with probability at least p, i.e. the share of
 * draws in which effect × value exceeds the arm's cost (over arm 0's) is ≥ p.
 * The rule becomes an eligibility mask, so every solver and every risk
 * objective keeps it without knowing where it came from.
 */
import { InputError } from '../errors.js';
import type { AllocationProblem } from './problem.js';
import type { PlanDraws } from './risk.js';

/**
 * n·K flags: 1 where P(effect × scale > cost − cost of arm 0) ≥ p over the
 * draws (arm 0 always 1).
 *
 * @example
 * // One unit, one arm, draws 1, 3, −1, 2 of the effect, cost 1.5: P = 2/4.
 * const draws = { count: 4, values: Float64Array.of(0, 1, 0, 3, 0, -1, 0, 2), kind: 'posterior' as const };
 * probableArms({ units: 1, arms: 2, values: Float64Array.of(0, 1.25), costs: Float64Array.of(0, 1.5) }, { draws }, 0.5); // Uint8Array [1, 1]
 */
export function probableArms(problem: AllocationProblem, { draws, scale = 1 }: PlanDraws, minProbability: number): Uint8Array {
  if (!(minProbability >= 0 && minProbability <= 1)) {
    throw new InputError('E_MIN_PROBABILITY', `min probability ${minProbability} is not in [0, 1]`, { path: ['minProbability'] });
  }
  const { units: n, arms: K, costs } = problem;
  const S = draws.count;
  const nK = n * K;
  const wins = new Int32Array(nK);
  const threshold = new Float64Array(nK);
  for (let i = 0; i < n; i++) for (let k = 1; k < K; k++) threshold[i * K + k] = costs[i * K + k]! - costs[i * K]!;
  for (let s = 0; s < S; s++) {
    const base = s * nK;
    for (let j = 0; j < nK; j++) if (draws.values[base + j]! * scale > threshold[j]!) wins[j]!++;
  }
  // Counted in draws, so p = 0.9 with 200 draws needs 180 wins whatever the round-off of 0.9 × 200.
  const needed = Math.ceil(minProbability * S - 1e-9);
  const mask = new Uint8Array(nK);
  for (let i = 0; i < n; i++) {
    mask[i * K] = 1;
    for (let k = 1; k < K; k++) mask[i * K + k] = wins[i * K + k]! >= needed ? 1 : 0;
  }
  return mask;
}

/**
 * The problem with the rule added to its eligibility (both must allow an arm).
 *
 * @example
 * // The unit of probableArms' example: its arm pays its cost in 2 of 4 draws.
 * const problem = { units: 1, arms: 2, values: Float64Array.of(0, 1.25), costs: Float64Array.of(0, 1.5), budget: 10 };
 * const draws = { count: 4, values: Float64Array.of(0, 1, 0, 3, 0, -1, 0, 2), kind: 'posterior' as const };
 * const safer = withMinProbability(problem, { draws }, 0.8);
 * safer.eligible; // Uint8Array [1, 0] (n·K flags: the arm is no longer allowed)
 */
export function withMinProbability(problem: AllocationProblem, planDraws: PlanDraws, minProbability: number): AllocationProblem {
  const mask = probableArms(problem, planDraws, minProbability);
  if (problem.eligible !== undefined) for (let j = 0; j < mask.length; j++) if (problem.eligible[j] === 0) mask[j] = 0;
  return { ...problem, eligible: mask };
}
