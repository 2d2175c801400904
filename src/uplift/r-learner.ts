/**
 * The R-learner (Nie & Wager 2021; causalml's BaseRRegressor, EconML's
 * NonParamDML). Per treated arm k against control, on the rows of those two
 * arms: Robinson's residuals ỹ = y − m(x) and t̃ = t − e(x), with m the
 * cross-fitted outcome model ignoring treatment and e the cross-fitted
 * propensity of k among {control, k}; the effect minimises Σ (ỹ − t̃·τ(x))²,
 * which is a regression of ỹ / t̃ on x with weights t̃², fitted with any
 * registered base learner that takes weights (linear, forest, boosting).
 */
import type { FeatureMatrix } from '../data/features.js';
import { selectRows } from '../data/features.js';
import { CrossFitLearner, type CrossFitLearnerOptions, type FinalTarget } from './cross-fit-learner.js';
import { makeLearner, } from './learner-spec.js';
import { type CrossFitted, crossFitPredict } from './nuisance.js';
import type { UpliftLearnerJSON } from './types.js';
import { armSeed, rowsInArms } from './types.js';

/**
 * @example
 * const x = Float64Array.from({ length: 40 }, (_, i) => i % 10);
 * const arm = Int32Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1));
 * const y = Float64Array.from(x, (v, i) => v + 2 * arm[i]);
 * const X = featureMatrix([x], ['x']);
 * const r = new RLearner({ learner: { name: 'linear' }, task: 'regression', folds: 2, propensity: 'constant' }).fit(X, arm, y);
 * const [uplift] = r.predictUplift(X);
 * uplift[0]; // 2.0
 */
export class RLearner extends CrossFitLearner {
  static readonly methodName = 'r-learner';
  readonly method = 'r-learner';

  protected finalTargets(cf: CrossFitted, arm: Int32Array, y: Float64Array, X: FeatureMatrix): FinalTarget[] {
    const o = this.options;
    const targets: FinalTarget[] = [];
    for (let a = 1; a < cf.k; a++) {
      const rows = rowsInArms(arm, [0, a]);
      const Xr = selectRows(X, rows);
      const yr = Float64Array.from(rows, (r) => y[r]!);
      const fold = Int32Array.from(rows, (r) => cf.fold[r]!);
      const m = crossFitPredict(
        (f) => makeLearner(o.outcomeLearner ?? this.base, o.task, armSeed(o.seed, 3000 + 10 * a + f)),
        Xr,
        yr,
        fold,
        cf.folds,
        undefined,
        this.method,
        `the outcome model of arms 0 and ${a}`,
      );
      const target = new Float64Array(rows.length);
      const weight = new Float64Array(rows.length);
      for (let j = 0; j < rows.length; j++) {
        const r = rows[j]!;
        const ea = cf.propensity[a]![r]!;
        const e = ea / (ea + cf.propensity[0]![r]!);
        const tRes = (arm[r] === a ? 1 : 0) - e;
        target[j] = (yr[j]! - m[j]!) / tRes;
        weight[j] = tRes * tRes;
      }
      targets.push({ rows, target, weight });
    }
    return targets;
  }

  static fromJSON(json: UpliftLearnerJSON): RLearner {
    return CrossFitLearner.restore(json, (args: CrossFitLearnerOptions) => new RLearner(args));
  }
}
