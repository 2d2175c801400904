/**
 * Propensity scores P(arm k | x, arm ∈ {0, k}) for the learners that need
 * them: a constant (the treated share, right for a randomised test of any
 * split) or a fitted classifier (for observational data), clipped away from
 * 0 and 1 so inverse weights stay finite.
 */
import type { FeatureMatrix } from '../data/features.js';
import type { BaseLearner, LearnerJSON } from '../learners/types.js';
import { learnerFromJSON } from '../learners/registry.js';
import { lazySchema } from '../util/schema.js';

export type PropensityMode = 'constant' | 'model';

/** Options of the methods that weigh by a propensity (transformed-outcome, x-learner). */
export const propensityOptionsSchema = lazySchema((z) => z.object({ propensity: z.enum(['constant', 'model']), clip: z.number().gt(0).lt(0.5) }).partial().strict());

export interface PropensityState {
  readonly mode: PropensityMode;
  /** Treated share among the rows of the arm and control (constant mode, and for reference). */
  readonly share: number;
  readonly clip: number;
  readonly model: LearnerJSON | null;
}

export class Propensity {
  readonly mode: PropensityMode;
  readonly share: number;
  readonly clip: number;
  private readonly model: BaseLearner | undefined;

  private constructor(mode: PropensityMode, share: number, clip: number, model: BaseLearner | undefined) {
    this.mode = mode;
    this.share = share;
    this.clip = clip;
    this.model = model;
  }

  /** Fits on rows with t = 1 (treated) or 0 (control). */
  static fit(mode: PropensityMode, X: FeatureMatrix, t: Float64Array, clip: number, classifier: () => BaseLearner): Propensity {
    let treated = 0;
    for (const v of t) treated += v;
    const share = treated / t.length;
    if (mode === 'constant') return new Propensity(mode, share, clip, undefined);
    return new Propensity(mode, share, clip, classifier().fit(X, t));
  }

  predict(X: FeatureMatrix): Float64Array {
    const p = this.model === undefined ? new Float64Array(X.nRows).fill(this.share) : this.model.predict(X);
    const lo = this.clip;
    const hi = 1 - this.clip;
    for (let i = 0; i < p.length; i++) p[i] = Math.min(hi, Math.max(lo, p[i]!));
    return p;
  }

  toJSON(): PropensityState {
    return { mode: this.mode, share: this.share, clip: this.clip, model: this.model === undefined ? null : this.model.toJSON() };
  }

  static fromJSON(state: PropensityState): Propensity {
    return new Propensity(state.mode, state.share, state.clip, state.model === null ? undefined : learnerFromJSON(state.model));
  }
}
