/**
 * Effects from an estimate with a standard error (a DiD fit's effect, overall
 * or per segment): every treated arm of a unit gets its group's estimate as
 * the mean, and the draws are Normal(estimate, se), kind
 * 'normal-approximation'. Units of one group share one standard-normal draw
 * per draw, so a group's uncertainty moves together (it is one estimate).
 */
import { Random } from '../util/random.js';
import type { Effects } from './effects.js';

export interface EstimateWithError {
  readonly estimate: number;
  readonly se: number;
}

export interface FromEstimatesOptions {
  /** The group of unit i (default: one group, ''). */
  readonly groupOf?: (unit: number) => string;
  /** The estimate of a group; throw here to refuse a group without one (it is asked on the group's first unit). */
  readonly estimateOf: (group: string) => EstimateWithError;
  /** S, the number of draws. */
  readonly draws: number;
  readonly seed?: number;
}

/**
 * @example
 * const e = effectsFromEstimates(['none', 'promo'], 2, { estimateOf: () => ({ estimate: 1.5, se: 0.2 }), draws: 100, seed: 1 });
 * e.mean; // Float64Array [0, 1.5, 0, 1.5]
 * e.draws?.kind; // 'normal-approximation'
 */
export function effectsFromEstimates(arms: readonly string[], units: number, options: FromEstimatesOptions): Effects {
  const n = units;
  const K = arms.length;
  const S = options.draws;
  const mean = new Float64Array(n * K);
  const draws = new Float64Array(S * n * K);
  const rng = new Random(options.seed ?? 0);
  // One standard-normal draw per group and draw, made when the group's first unit comes.
  const z = new Map<string, Float64Array>();
  for (let i = 0; i < n; i++) {
    const key = options.groupOf?.(i) ?? '';
    const e = options.estimateOf(key);
    let zs = z.get(key);
    if (zs === undefined) {
      zs = Float64Array.from({ length: S }, () => rng.normal());
      z.set(key, zs);
    }
    for (let k = 1; k < K; k++) {
      mean[i * K + k] = e.estimate;
      for (let s = 0; s < S; s++) draws[(s * n + i) * K + k] = e.estimate + e.se * zs[s]!;
    }
  }
  return { arms, units: n, mean, draws: { count: S, values: draws, kind: 'normal-approximation' } };
}
