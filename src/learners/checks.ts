/** Input checks shared by the base learners. */
import type { FeatureMatrix } from '../data/features.js';
import { learnerErrors } from './messages.js';

export function checkTrainingInput(learner: string, X: FeatureMatrix, y: Float64Array, weight?: Float64Array): void {
  if (X.nRows === 0) throw learnerErrors.emptyTrainingSet(learner);
  if (y.length !== X.nRows) throw learnerErrors.lengthMismatch('the target', y.length, X.nRows);
  if (weight !== undefined) {
    if (weight.length !== X.nRows) throw learnerErrors.lengthMismatch('the sample weights', weight.length, X.nRows);
    for (let i = 0; i < weight.length; i++) {
      const w = weight[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw learnerErrors.badWeight(w);
    }
  }
  // Indexed loops, not for…of: a fresh process runs these once, before V8 optimises anything, and
  // the interpreter's typed-array iterator is several times slower per element.
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i]!)) throw learnerErrors.targetNotFinite(learner);
}

export function checkProbabilityTarget(learner: string, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!(v >= 0 && v <= 1)) throw learnerErrors.targetNotBinary(learner, v);
  }
}

/** Throws naming the first feature with a NaN. */
export function checkNoMissing(learner: string, X: FeatureMatrix): void {
  for (let j = 0; j < X.columns.length; j++) {
    const c = X.columns[j]!;
    for (let i = 0; i < c.length; i++) {
      if (Number.isNaN(c[i]!)) throw learnerErrors.missingFeature(learner, X.names[j] ?? `x${j}`);
    }
  }
}

export function checkFeatureCount(learner: string, X: FeatureMatrix, expected: number): void {
  if (X.columns.length !== expected) throw learnerErrors.featureCountMismatch(learner, X.columns.length, expected);
}

/** Logistic fits diverge when every (weighted) target is 0 or every one is 1. */
export function checkBothClasses(learner: string, y: Float64Array, weight?: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < y.length; i++) {
    if (weight !== undefined && weight[i] === 0) continue;
    lo = Math.min(lo, y[i]!);
    hi = Math.max(hi, y[i]!);
  }
  if (lo === hi) throw learnerErrors.singleClass(learner, lo);
}
