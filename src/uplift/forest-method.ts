/** The uplift random forest behind the uplift-learner contract, so the CLI, model files and scenarios can use it. */
import type { FeatureMatrix } from '../data/features.js';
import type { UpliftFitOptions, UpliftLearner, UpliftLearnerJSON } from './types.js';
import { UpliftRandomForest, type UpliftRandomForestJSON, type UpliftRandomForestOptions } from './forest/index.js';
import { upliftErrors } from './messages.js';

export class UpliftForestLearner implements UpliftLearner {
  readonly method = 'uplift-forest';
  readonly warnings: string[] = [];
  readonly forest: UpliftRandomForest;

  constructor(options: UpliftRandomForestOptions = {}, forest?: UpliftRandomForest) {
    this.forest = forest ?? new UpliftRandomForest(options);
  }

  get isFitted(): boolean {
    return this.forest.isFitted;
  }

  fit(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options: UpliftFitOptions = {}): this {
    for (const v of y) if (v !== 0 && v !== 1) throw upliftErrors.needsBinaryOutcome(this.method);
    this.forest.fit(X, arm, y, options.progress === undefined ? {} : { progress: options.progress });
    return this;
  }

  predictUplift(X: FeatureMatrix): Float64Array[] {
    if (!this.forest.isFitted) throw upliftErrors.notFitted(this.method);
    return this.forest.predictUplift(X);
  }

  toJSON(): UpliftLearnerJSON {
    const json = this.forest.toJSON();
    return { method: this.method, version: 1, options: { ...json.options }, state: json };
  }

  static fromJSON(json: UpliftLearnerJSON): UpliftForestLearner {
    return new UpliftForestLearner({}, UpliftRandomForest.fromJSON(json.state as UpliftRandomForestJSON));
  }
}
