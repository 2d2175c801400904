/** Every message the tree ensembles show a user, each with a stable code. */
import { InputError, LiftwiseError } from '../../errors.js';

export const treeErrors = {
  tooManyCategories: (feature: string, levels: number, max: number) =>
    new InputError(
      'E_TREE_TOO_MANY_CATEGORIES',
      `categorical feature '${feature}' has ${levels} levels; tree learners split on at most ${max} (encode it one-hot instead)`,
      { column: feature },
    ),
  badCategoryCode: (feature: string, value: number) =>
    new InputError(
      'E_TREE_BAD_CATEGORY_CODE',
      `categorical feature '${feature}' holds ${value}, which is not a category code (a whole number from 0)`,
      { column: feature },
    ),
  badOption: (learner: string, field: string, detail: string) =>
    new InputError('E_BAD_LEARNER_OPTIONS', `invalid options for the ${learner} learner: ${field}: ${detail}`, { path: [field] }),
  badModel: (learner: string, detail: string) =>
    new InputError('E_BAD_MODEL_STATE', `the saved ${learner} model is damaged: ${detail}`),
  featureMismatch: (learner: string, got: number, expected: number) =>
    new InputError('E_FEATURE_COUNT', `the ${learner} model was fitted on ${expected} features but was given ${got}`),
  categoryMismatch: (learner: string, feature: string) =>
    new InputError(
      'E_TREE_FEATURE_KIND',
      `feature '${feature}' is numeric in the data but was categorical when the ${learner} model was fitted (or the reverse)`,
      { column: feature },
    ),
  workerFailed: (detail: string) => new LiftwiseError('E_TREE_WORKER', `a tree-building worker thread failed: ${detail}`),
  singleClassBoosting: (value: number) =>
    new InputError(
      'E_SINGLE_CLASS',
      `the boosting learner got training rows of only one class (${value}); it needs both 0 and 1`,
    ),
};
