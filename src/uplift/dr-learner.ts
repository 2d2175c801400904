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
import { type CrossFitted, doublyRobustScores } from './nuisance.js';
import type { UpliftLearnerJSON } from './types.js';

/**
 * @example
 * const x = Float64Array.from({ length: 40 }, (_, i) => i % 10);
 * const arm = Int32Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1));
 * const y = Float64Array.from(x, (v, i) => v + 2 * arm[i]);
 * const X = featureMatrix([x], ['x']);
 * const dr = new DRLearner({ learner: { name: 'linear' }, task: 'regression', folds: 2, propensity: 'constant' }).fit(X, arm, y);
 * const [uplift] = dr.predictUplift(X);
 * uplift[0]; // 2.0
 */
export class DRLearner extends CrossFitLearner {
  static readonly methodName = 'dr-learner';
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
    return CrossFitLearner.restore(json, (args: CrossFitLearnerOptions) => new DRLearner(args));
  }
}
