/**
 * The X-learner (Künzel et al. 2019). Per treated arm k against control:
 * 1. outcome models μ₀ on control rows and μ_k on arm-k rows;
 * 2. imputed effects D = y − μ₀(x) on arm-k rows and D = μ_k(x) − y on
 *    control rows, each regressed on x (τ_k and τ₀);
 * 3. τ(x) = g(x)·τ₀(x) + (1 − g(x))·τ_k(x), g the propensity of arm k.
 * It shines when one arm is much smaller than the other.
 */
import type { FeatureMatrix } from '../data/features.js';
import { selectRows } from '../data/features.js';
import type { BaseLearner, LearnerJSON, LearnerTask } from '../learners/types.js';
import { learnerFromJSON } from '../learners/registry.js';
import type { UpliftFitOptions, UpliftLearner, UpliftLearnerJSON } from './types.js';
import { armSeed, checkFitInputs, rowsInArms } from './types.js';
import { upliftErrors } from './messages.js';
import { makeLearner, type LearnerSpec } from './learner-spec.js';
import { Propensity, propensityOptionsSchema, type PropensityMode, type PropensityState } from './propensity.js';
import { preChecked } from '../learners/options-check.js';
import { methodArgs, type MethodArgs } from './method-args.js';

/** `task` is the task of the first-stage outcome models: 'classification' for 0/1 outcomes (default). */
export interface XLearnerOptions extends MethodArgs {
  readonly propensity?: PropensityMode;
  readonly clip?: number;
}

interface ArmModels {
  readonly tauTreated: BaseLearner;
  readonly tauControl: BaseLearner;
  readonly propensity: Propensity;
}

/**
 * @example
 * const X = featureMatrix([Float64Array.of(0, 1, 2, 3, 0, 1, 2, 3)], ['x']);
 * const arm = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1);
 * const y = Float64Array.of(1, 2, 3, 4, 3, 4, 5, 6);
 * const x = new XLearner({ learner: { name: 'linear', options: { l2: 0 } }, task: 'regression' }).fit(X, arm, y);
 * const [uplift] = x.predictUplift(X);
 * uplift[0]; // 2
 */
export class XLearner implements UpliftLearner {
  readonly method = 'x-learner';
  readonly base: LearnerSpec;
  readonly options: { seed: number; task: LearnerTask; propensity: PropensityMode; clip: number };
  readonly warnings: string[] = [];
  private arms: ArmModels[] | undefined;

  constructor(args: XLearnerOptions) {
    const { learner, task, seed, options } = methodArgs<{ propensity?: PropensityMode; clip?: number }>('x-learner', propensityOptionsSchema, args, true);
    this.base = learner!;
    this.options = {
      seed: seed ?? 0,
      task,
      propensity: options.propensity ?? 'constant',
      clip: options.clip ?? 0.01,
    };
  }

  get isFitted(): boolean {
    return this.arms !== undefined;
  }

  fit(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options: UpliftFitOptions = {}): this {
    const k = checkFitInputs(this.method, X, arm, y);
    const fitOptions = options.progress === undefined ? {} : { progress: options.progress };
    const seed = (slot: number): number => armSeed(this.options.seed, slot);
    const controlRows = rowsInArms(arm, [0]);
    if (controlRows.length === 0) throw upliftErrors.emptyArm(this.method, 0);
    const X0 = selectRows(X, controlRows);
    const y0 = Float64Array.from(controlRows, (r) => y[r]!);
    const mu0 = makeLearner(this.base, this.options.task, seed(0)).fit(X0, y0, fitOptions);
    const arms: ArmModels[] = [];
    for (let a = 1; a < k; a++) {
      const armRows = rowsInArms(arm, [a]);
      if (armRows.length === 0) throw upliftErrors.emptyArm(this.method, a);
      const Xa = selectRows(X, armRows);
      const ya = Float64Array.from(armRows, (r) => y[r]!);
      const muA = makeLearner(this.base, this.options.task, seed(a)).fit(Xa, ya, fitOptions);
      const dTreated = mu0.predict(Xa);
      for (let i = 0; i < ya.length; i++) dTreated[i] = ya[i]! - dTreated[i]!;
      const dControl = muA.predict(X0);
      for (let i = 0; i < y0.length; i++) dControl[i] = dControl[i]! - y0[i]!;
      const tauTreated = makeLearner(this.base, 'regression', seed(100 + a)).fit(Xa, dTreated, fitOptions);
      const tauControl = makeLearner(this.base, 'regression', seed(200 + a)).fit(X0, dControl, fitOptions);
      const both = rowsInArms(arm, [0, a]);
      const t = Float64Array.from(both, (r) => (arm[r] === a ? 1 : 0));
      const propensity = Propensity.fit(this.options.propensity, selectRows(X, both), t, this.options.clip, () =>
        makeLearner(this.base, 'classification', seed(300 + a)),
      );
      arms.push({ tauTreated, tauControl, propensity });
    }
    this.arms = arms;
    return this;
  }

  predictUplift(X: FeatureMatrix): Float64Array[] {
    if (this.arms === undefined) throw upliftErrors.notFitted(this.method);
    return this.arms.map(({ tauTreated, tauControl, propensity }) => {
      const g = propensity.predict(X);
      const t1 = tauTreated.predict(X);
      const t0 = tauControl.predict(X);
      for (let i = 0; i < g.length; i++) t1[i] = g[i]! * t0[i]! + (1 - g[i]!) * t1[i]!;
      return t1;
    });
  }

  toJSON(): UpliftLearnerJSON {
    return {
      method: this.method,
      version: 1,
      options: { ...this.options },
      state: {
        base: this.base,
        arms:
          this.arms?.map((a) => ({
            tauTreated: a.tauTreated.toJSON(),
            tauControl: a.tauControl.toJSON(),
            propensity: a.propensity.toJSON(),
          })) ?? null,
      },
    };
  }

  static fromJSON(json: UpliftLearnerJSON): XLearner {
    type Saved = { tauTreated: LearnerJSON; tauControl: LearnerJSON; propensity: PropensityState };
    const state = json.state as { base?: LearnerSpec; arms?: Saved[] | null } | null;
    if (state === null || typeof state !== 'object' || typeof state.base?.name !== 'string') {
      throw upliftErrors.badState('x-learner', 'the base learner is missing');
    }
    const learner = new XLearner(preChecked({ ...(json.options as XLearnerOptions), learner: state.base }));
    if (Array.isArray(state.arms)) {
      learner.arms = state.arms.map((a) => ({
        tauTreated: learnerFromJSON(a.tauTreated),
        tauControl: learnerFromJSON(a.tauControl),
        propensity: Propensity.fromJSON(a.propensity),
      }));
    }
    return learner;
  }
}
