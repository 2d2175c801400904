/**
 * Effects → allocation problem, written once: every place that plans from
 * estimated effects (`liftwise allocate`, the demo, each scenario variation,
 * a user's script) builds its problem here, so an effects source only has to
 * produce `Effects` to be planned for.
 *
 * The value of arm k for unit i is mean[i, k] × valuePerOutcome (arm 0, no
 * treatment, is worth 0 and costs 0 unless the costs say otherwise). The
 * problem keeps the effects and the value per outcome, so that `planTable`
 * writes each unit's expected incremental outcome as the source gave it, not
 * value ÷ value per outcome (that would round, and divide by 0 at a value of 0).
 */
import type { Effects } from '../effects/effects.js';
import type { AllocationProblem, Objective } from './problem.js';
import type { RuleFields } from './rules/registry.js';
import { allocateErrors } from './messages.js';

/** An allocation problem built from effects: the problem, plus where its values came from. */
export interface EffectsProblem extends AllocationProblem {
  readonly armLabels: readonly string[];
  /** The effects the values were computed from (mean n × K; draws, where the source has them). */
  readonly effects: Effects;
  /** value = effect × valuePerOutcome. */
  readonly valuePerOutcome: number;
}

export interface ProblemFromEffectsOptions {
  /** Value of one unit of outcome (default 1). */
  readonly valuePerOutcome?: number;
  /**
   * Costs: the n × K matrix (row-major, arm 0 first), or one entry per treated
   * arm, each a number (every unit pays it) or n numbers (one per unit).
   */
  readonly costs: Float64Array | ReadonlyArray<number | ArrayLike<number>>;
  /** The rules a plan must keep: budget, maxRecipients, armLimits, … (each rule kind's fields, src/allocate/rules/). */
  readonly rules?: RuleFields;
  /** Maximise Σ value (default) or Σ (value − cost). */
  readonly objective?: Objective;
}

/**
 * The allocation problem of `effects`: values = mean × valuePerOutcome, the
 * costs given, and the rules. Shape errors name the field (['costs'], ['costs', entry]).
 *
 * @example
 * const effects = effectsFromColumns(['email'], [Float64Array.of(0.1, 0.3)]);
 * const problem = problemFromEffects(effects, { valuePerOutcome: 10, costs: [1], rules: { budget: 1 } });
 * problem.values; // Float64Array [0, 1, 0, 3]
 * problem.costs;  // Float64Array [0, 1, 0, 1]
 * (await solveAllocation(problem)).choice; // Int32Array [0, 1]
 */
export function problemFromEffects(effects: Effects, options: ProblemFromEffectsOptions): EffectsProblem {
  const n = effects.units;
  const K = effects.arms.length;
  const valuePerOutcome = options.valuePerOutcome ?? 1;
  const mean = effects.mean;
  if (mean.length !== n * K) throw allocateErrors.badLength('effects.mean', mean.length, n * K, 'units × arms');
  const values = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    // Arm 0 stays +0 when its effect is 0 (as every source gives it), whatever the sign of valuePerOutcome.
    const m0 = mean[i * K]!;
    if (m0 !== 0) values[i * K] = m0 * valuePerOutcome;
    for (let k = 1; k < K; k++) values[i * K + k] = mean[i * K + k]! * valuePerOutcome;
  }
  return {
    units: n,
    arms: K,
    armLabels: effects.arms,
    values,
    costs: costMatrix(options.costs, n, K),
    ...(options.objective === undefined ? {} : { objective: options.objective }),
    ...options.rules,
    effects,
    valuePerOutcome,
  };
}

function costMatrix(costs: ProblemFromEffectsOptions['costs'], n: number, K: number): Float64Array {
  if (!Array.isArray(costs)) {
    const matrix = costs as Float64Array;
    if (matrix.length !== n * K) throw allocateErrors.badLength('costs', matrix.length, n * K, 'units × arms, or one entry per treated arm');
    return matrix;
  }
  const perArm = costs as ReadonlyArray<number | ArrayLike<number>>;
  if (perArm.length !== K - 1) throw allocateErrors.badLength('costs', perArm.length, K - 1, 'one entry per treated arm');
  const out = new Float64Array(n * K);
  perArm.forEach((entry, a) => {
    const k = a + 1;
    if (typeof entry === 'number') {
      for (let i = 0; i < n; i++) out[i * K + k] = entry;
      return;
    }
    if (entry.length !== n) throw allocateErrors.badCostEntry(a, entry.length, n);
    for (let i = 0; i < n; i++) out[i * K + k] = entry[i]!;
  });
  return out;
}
