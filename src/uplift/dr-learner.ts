/**
 * The DR-learner (Kennedy 2023; EconML's DRLearner): cross-fitted outcome
 * models and propensities give each row a doubly robust score per arm
 * (nuisance.ts); the effect of arm k is the regression of Γ_k − Γ_0 on x over
 * all rows, with any registered base learner. Right when either the outcome
 * models or the propensities are right, which is what observational data
 * (last year's discounts went to whoever a manager picked) needs.
 */
import type { FeatureMatrix } from '../data/features.js';
import { CrossFitLearner, type CrossFitLearnerOptions, type FinalTarget } from './cross-fit-learner.js';
import type { LearnerSpec } from './learner-spec.js';
import { type CrossFitted, doublyRobustScores } from './nuisance.js';
import type { UpliftLearnerJSON } from './types.js';

/**
 * @example
 * const dr = new DRLearner({ name: 'boosting' }, { task: 'regression', folds: 5 }).fit(X, arm, y);
 * const [uplift] = dr.predictUplift(X);
 */
export class DRLearner extends CrossFitLearner {
  readonly method = 'dr-learner';

  protected finalTargets(cf: CrossFitted, arm: Int32Array, y: Float64Array, _X: FeatureMatrix): FinalTarget[] {
    const scores = doublyRobustScores(cf, arm, y);
    const all = Int32Array.from({ length: arm.length }, (_, i) => i);
    const control = scores[0]!;
    return scores.slice(1).map((g) => {
      const target = new Float64Array(g.length);
      for (let i = 0; i < g.length; i++) target[i] = g[i]! - control[i]!;
      return { rows: all, target };
    });
  }

  static fromJSON(json: UpliftLearnerJSON): DRLearner {
    return CrossFitLearner.restore(json, (base: LearnerSpec, options: CrossFitLearnerOptions) => new DRLearner(base, options));
  }
}
