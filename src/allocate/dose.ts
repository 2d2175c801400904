/**
 * Doses: a continuous treatment (a scholarship amount, a discount percentage)
 * offered at a grid of levels. Each level is an arm; a learner predicts the
 * response of each unit at each level, and the cost is a function of the
 * level. The first level is the untreated one (arm 0).
 */
import type { AllocationProblem } from './problem.js';
import { allocateErrors } from './messages.js';

export interface DoseSpec {
  /** Levels in increasing order; the first is the untreated level (arm 0), e.g. [0, 0.5, …, 2.5]. */
  readonly levels: readonly number[];
  /** n·L predicted outcome of each unit at each level, row-major (from any learner). */
  readonly response: Float64Array;
  /** Value of one unit of outcome (default 1: values are the predicted outcomes). */
  readonly valuePerOutcome?: number;
  /** Cost of a level (default: the level itself, so a 1.5 k$ scholarship costs 1.5), or n·L costs. */
  readonly cost?: ((level: number) => number) | Float64Array;
}

/** The rules of a dose problem: everything of an AllocationProblem but the matrices. */
export type DoseRules = Omit<AllocationProblem, 'units' | 'arms' | 'values' | 'costs' | 'armLabels'>;

/**
 * Levels from `from` to `to` (inclusive) in steps of `step`; empty when `to < from`.
 *
 * @example
 * doseLevels(0, 2.5, 0.5); // [0, 0.5, 1, 1.5, 2, 2.5]
 */
export function doseLevels(from: number, to: number, step: number): number[] {
  if (!(step > 0) || !Number.isFinite(from) || !Number.isFinite(to)) {
    throw allocateErrors.badLevels(`a level grid needs finite bounds and a step > 0, got from ${from} to ${to} by ${step}`);
  }
  const out: number[] = [];
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  for (let j = 0; j < count; j++) out.push(Number((from + j * step).toPrecision(12)));
  return out;
}

/**
 * Checks a level grid: at least the untreated level and one dose, finite,
 * strictly increasing. Throws an InputError naming the field 'levels'.
 */
export function checkLevels(levels: readonly number[]): void {
  const L = levels.length;
  if (L === 0) throw allocateErrors.emptyLevels();
  if (L < 2) throw allocateErrors.badLevels('the level grid needs the untreated level and at least one dose');
  for (let j = 0; j < L; j++) {
    if (!Number.isFinite(levels[j]!)) throw allocateErrors.badLevels(`level ${j} is ${levels[j]}; levels must be finite numbers`);
    if (j > 0 && !(levels[j]! > levels[j - 1]!)) throw allocateErrors.badLevels('levels must be strictly increasing');
  }
}

/**
 * The allocation problem of a dose: arms are levels, values the predicted
 * response times the value per outcome, costs the level's cost.
 *
 * @example
 * const problem = doseProblem(
 *   { levels: [0, 1, 2], response: Float64Array.of(0.2, 0.5, 0.6) },
 *   { budget: 1 },
 * ); // one unit, arms '0', '1', '2' costing 0, 1, 2
 * problem.arms; // 3
 * problem.costs; // Float64Array [0, 1, 2]
 */
export function doseProblem(dose: DoseSpec, rules: DoseRules = {}): AllocationProblem {
  const { levels, response } = dose;
  checkLevels(levels);
  const L = levels.length;
  if (response.length === 0 || response.length % L !== 0) {
    throw allocateErrors.badLength('response', response.length, L, 'a multiple of the number of levels (units × levels)');
  }
  const n = response.length / L;
  const perOutcome = dose.valuePerOutcome ?? 1;
  const values = new Float64Array(n * L);
  for (let j = 0; j < values.length; j++) values[j] = response[j]! * perOutcome;
  let costs: Float64Array;
  if (dose.cost instanceof Float64Array) {
    costs = dose.cost;
  } else {
    const costOf = dose.cost ?? ((level: number) => level);
    const perLevel = levels.map((level) => costOf(level));
    costs = new Float64Array(n * L);
    for (let i = 0; i < n; i++) for (let k = 0; k < L; k++) costs[i * L + k] = perLevel[k]!;
  }
  return { ...rules, units: n, arms: L, values, costs, armLabels: levels.map(String) };
}
