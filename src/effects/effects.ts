/**
 * The one shape in which estimated effects travel from a learner to the planner.
 *
 * For n units and K arms (arm 0 = no treatment), `mean` is the n × K row-major
 * matrix of expected incremental outcome of giving unit i arm k rather than
 * nothing (so column 0 is 0). `draws`, when the source has them, holds S draws
 * of the same matrix (S × n × K, draw-major): posterior draws for Bayesian
 * models, bootstrap refits for point learners. Uplift models, Bayesian
 * structural models, DiD fits and dose responses all return this type.
 */
import { InputError } from '../errors.js';

/** Where draws come from: a posterior conditions on the data; a bootstrap only resamples it. */
export type DrawsKind = 'posterior' | 'bootstrap' | 'normal-approximation';

export interface EffectDraws3 {
  /** S, the number of draws. */
  readonly count: number;
  /** S × n × K, value of draw s, unit i, arm k at (s·n + i)·K + k. */
  readonly values: Float64Array;
  readonly kind: DrawsKind;
}

export interface Effects {
  /** K arm labels; arms[0] is "no treatment". */
  readonly arms: readonly string[];
  /** n, the number of units. */
  readonly units: number;
  /** n × K expected incremental outcome (arm 0 = 0). */
  readonly mean: Float64Array;
  readonly draws?: EffectDraws3;
  /** What the source wants the user told about these estimates (e.g. categories the model never saw). */
  readonly warnings?: readonly string[];
}

const effectsError = (code: string, message: string, field: string) => new InputError(code, message, { path: [field] });

/**
 * Effects from one score column per treated arm (what uplift models return).
 *
 * @example
 * const e = effectsFromColumns(['email'], [Float64Array.of(0.1, 0.3)]);
 * e.arms;            // ['none', 'email']
 * Array.from(e.mean); // [0, 0.1, 0, 0.3]
 */
export function effectsFromColumns(
  treatedArms: readonly string[],
  columns: readonly Float64Array[],
  options: { readonly control?: string } = {},
): Effects {
  if (columns.length !== treatedArms.length) {
    throw effectsError('E_EFFECTS_SHAPE', `${treatedArms.length} arm labels but ${columns.length} columns`, 'columns');
  }
  const n = columns[0]?.length ?? 0;
  const K = treatedArms.length + 1;
  const mean = new Float64Array(n * K);
  columns.forEach((column, j) => {
    if (column.length !== n) throw effectsError('E_EFFECTS_SHAPE', `column ${j} has ${column.length} values, expected ${n}`, 'columns');
    for (let i = 0; i < n; i++) mean[i * K + j + 1] = column[i]!;
  });
  return { arms: [options.control ?? 'none', ...treatedArms], units: n, mean };
}

/**
 * Effects from S × n × K draws; the mean is their average over draws.
 *
 * @example
 * const e = effectsFromDraws(['none', 'a'], 2, Float64Array.of(0, 1, 0, 3), 'posterior');
 * e.units;             // 1
 * Array.from(e.mean);  // [0, 2]
 */
export function effectsFromDraws(arms: readonly string[], count: number, values: Float64Array, kind: DrawsKind): Effects {
  const K = arms.length;
  if (count < 1 || K < 1 || values.length % (count * K) !== 0) {
    throw effectsError('E_EFFECTS_SHAPE', `${values.length} draw values do not split into ${count} draws × units × ${K} arms`, 'draws');
  }
  const n = values.length / (count * K);
  const mean = new Float64Array(n * K);
  for (let s = 0; s < count; s++) {
    const base = s * n * K;
    for (let j = 0; j < n * K; j++) mean[j] = mean[j]! + values[base + j]!;
  }
  for (let j = 0; j < n * K; j++) mean[j] = mean[j]! / count;
  return { arms, units: n, mean, draws: { count, values, kind } };
}

/**
 * One treated arm's effect column (the mean), e.g. for an uplift metric.
 *
 * @example
 * const e = effectsFromColumns(['email', 'coupon'], [Float64Array.of(0.1), Float64Array.of(0.2)]);
 * Array.from(armColumn(e, 2)); // [0.2]
 */
export function armColumn(effects: Effects, arm: number): Float64Array {
  const K = effects.arms.length;
  const out = new Float64Array(effects.units);
  for (let i = 0; i < effects.units; i++) out[i] = effects.mean[i * K + arm]!;
  return out;
}
