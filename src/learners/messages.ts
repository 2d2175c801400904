/** Every message the learners show a user, each with a stable code. */
import { InputError, LiftwiseError } from '../errors.js';

export const learnerErrors = {
  notFitted: (learner: string) =>
    new LiftwiseError('E_NOT_FITTED', `the ${learner} learner has not been fitted; call fit() first`),
  lengthMismatch: (what: string, got: number, expected: number) =>
    new InputError('E_LENGTH_MISMATCH', `${what} has ${got} rows but the features have ${expected}`),
  featureCountMismatch: (learner: string, got: number, expected: number) =>
    new InputError(
      'E_FEATURE_COUNT',
      `the ${learner} model was fitted on ${expected} features but was given ${got}`,
    ),
  missingFeature: (learner: string, feature: string) =>
    new InputError(
      'E_MISSING_FEATURE',
      `feature '${feature}' has missing values; the ${learner} learner needs complete data (fill them in, or use the forest or boosting learner, which handle missing values)`,
      { column: feature },
    ),
  targetNotBinary: (learner: string, value: number) =>
    new InputError('E_TARGET_NOT_BINARY', `the ${learner} learner needs a target in [0, 1]; got ${value}`),
  targetNotFinite: (learner: string) =>
    new InputError('E_TARGET_NOT_FINITE', `the ${learner} learner got a missing or infinite target value`),
  badWeight: (value: number) =>
    new InputError('E_BAD_WEIGHT', `sample weights must be finite and non-negative; got ${value}`),
  noWeights: (learner: string) =>
    new InputError('E_NO_SAMPLE_WEIGHTS', `the ${learner} learner does not support sample weights`),
  emptyTrainingSet: (learner: string) =>
    new InputError('E_EMPTY_TRAINING_SET', `the ${learner} learner got no training rows`),
  singleClass: (learner: string, value: number) =>
    new InputError(
      'E_SINGLE_CLASS',
      `the ${learner} learner got training rows whose outcome is always ${value}; it needs both 0 and 1 (in a two-model fit, every arm needs both)`,
    ),
  notConverged: (learner: string, iterations: number) =>
    new LiftwiseError('E_NOT_CONVERGED', `the ${learner} learner did not converge in ${iterations} iterations`),
  singular: (learner: string) =>
    new InputError(
      'E_SINGULAR',
      `the ${learner} learner's system is singular (perfectly collinear features); set a positive l2 penalty`,
    ),
  unknownLearner: (name: string, known: readonly string[]) =>
    new InputError('E_UNKNOWN_LEARNER', `unknown learner '${name}'; choose one of ${known.join(', ')}`),
  wrongTask: (name: string, task: string) =>
    new InputError('E_WRONG_TASK', `the ${name} learner cannot do ${task}`),
  badOptions: (name: string, detail: string, path: ReadonlyArray<string | number>) =>
    new InputError('E_BAD_LEARNER_OPTIONS', `invalid options for the ${name} learner: ${detail}`, { path }),
  badModelState: (name: string, detail: string) =>
    new InputError('E_BAD_MODEL_STATE', `the saved ${name} learner is damaged: ${detail}`),
};
