/** Every message the uplift learners show a user, each with a stable code. */
import { InputError, optionRef, LiftwiseError } from '../errors.js';

export const upliftErrors = {
  notFitted: (method: string) =>
    new LiftwiseError('E_NOT_FITTED', `the ${method} uplift model has not been fitted; call fit() first`),
  lengthMismatch: (what: string, got: number, expected: number) =>
    new InputError('E_LENGTH_MISMATCH', `${what} has ${got} rows but the features have ${expected}`),
  tooFewArms: (method: string) =>
    new InputError('E_TOO_FEW_ARMS', `the ${method} method needs a control arm and at least one treated arm`),
  emptyArm: (method: string, arm: number) =>
    new InputError('E_EMPTY_ARM', `the ${method} method got no training rows in arm ${arm}`),
  logisticNeedsBinary: (file: string | undefined, line: number | undefined, column: string, value: string) =>
    new InputError(
      'E_LOGISTIC_NEEDS_BINARY',
      `learner 'logistic' is a classifier and needs a 0/1 outcome, but outcome '${column}' has the value '${value}'; fix the cell, or choose a regression learner (linear, forest, boosting) for a numeric outcome`,
      { ...(file === undefined ? {} : { file }), ...(line === undefined ? {} : { line }), column },
    ),
  needsBinaryOutcome: (method: string) =>
    new InputError(
      'E_NEEDS_BINARY_OUTCOME',
      `the ${method} method needs a binary 0/1 outcome; use two-model or transformed-outcome for a continuous one`,
    ),
  unknownMethod: (name: string, known: readonly string[]) =>
    new InputError('E_UNKNOWN_METHOD', `unknown uplift method '${name}'; choose one of ${known.join(', ')}`),
  featureIsRole: (file: string | undefined, column: string, role: string) =>
    new InputError('E_FEATURE_IS_ROLE', `column '${column}' is the ${role}; it cannot also be a feature`, {
      ...(file === undefined ? {} : { file }),
      column,
    }),
  badOptions: (method: string, detail: string, path: ReadonlyArray<string | number>) =>
    new InputError('E_BAD_METHOD_OPTIONS', `invalid options for the ${method} method: ${detail}`, { path }),
  doseNeedsMethod: (method: string) =>
    new InputError('E_DOSE_METHOD', `the ${method} method cannot model a dose; use ${optionRef('method')} s-learner with ${optionRef('levels')}`),
  needsDose: () =>
    new InputError('E_NEEDS_DOSE', 'the S-learner with levels needs the numeric treatment value (dose) of every row'),
  foldTooSmall: (method: string, what: string, fold: number) =>
    new InputError('E_FOLD_TOO_SMALL', `the ${method} method has no rows to fit ${what} outside fold ${fold}; use fewer folds or more data`),
  armSmallerThanFolds: (method: string, arm: number, rows: number, folds: number) =>
    new InputError(
      'E_ARM_SMALLER_THAN_FOLDS',
      `the ${method} method cross-fits in ${folds} folds but arm ${arm} has only ${rows} rows; use fewer folds (method option "folds")`,
      { path: ['folds'] },
    ),
  bootstrapPosterior: (method: string) =>
    new InputError('E_BOOTSTRAP_POSTERIOR', `the ${method} method already gives posterior draws; ${optionRef('bootstrap')} is for point learners`, {
      path: ['bootstrap'],
    }),
  bootstrapDose: () =>
    new InputError('E_BOOTSTRAP_DOSE', `${optionRef('bootstrap')} does not refit dose models (${optionRef('levels')}) yet`, { path: ['bootstrap'] }),
  noDraws: (method: string) =>
    new InputError(
      'E_NO_DRAWS',
      `the ${method} model has no effect draws; fit it with ${optionRef('method')} bart or bcf, or with ${optionRef('bootstrap')} B`,
      { path: ['draws'] },
    ),
  tooFewDraws: (asked: number, kept: number) =>
    new InputError('E_TOO_FEW_DRAWS', `${asked} draws asked for, the model keeps ${kept}`, { path: ['draws'] }),
  tooFewRowsToSelect: (arm: string, rows: number, folds: number) =>
    new InputError('E_AUTO_TOO_FEW_ROWS', `arm '${arm}' has ${rows} rows; automatic selection needs at least one per fold (${folds} folds)`),
  noGridMemberFitted: (reasons: readonly string[]) =>
    new InputError('E_AUTO_NOTHING_FITTED', `no model of the automatic selection could be fitted on these data: ${reasons.join('; ')}`),
  autoTakesNoLearner: () =>
    new InputError(
      'E_AUTO_LEARNER',
      "method 'auto' chooses the base learner and its options itself; leave out the learner and its options (or pass a grid to the library's selectUpliftMember)",
      { path: ['learner'] },
    ),
  badState: (method: string, detail: string) =>
    new InputError('E_BAD_MODEL_STATE', `the saved ${method} uplift model is damaged: ${detail}`),
};

export const upliftWarnings = {
  propensityClipped: (rows: number, total: number, clip: number) =>
    `propensities were clipped to at least ${clip} in ${rows} of ${total} rows (${((100 * rows) / total).toFixed(1)} %); their inverse weights are capped, which biases effects there towards the outcome models`,
  almostBinaryOutcome: (file: string | undefined, line: number | undefined, column: string, value: string, count: number, learner: string) =>
    `outcome '${column}' is 0/1 except for ${count} cell${count === 1 ? '' : 's'} (first: '${value}'${line === undefined ? '' : ` at ${file ?? 'line'}${file === undefined ? ' ' : ':'}${line}`}), so it was modelled as a number with learner '${learner}' (regression); if it is a yes/no outcome, fix ${count === 1 ? 'that cell' : 'those cells'}`,
  unbalancedClassTransformation: (share: number, arm: string) =>
    `class transformation assumes half the rows are treated, but ${(100 * share).toFixed(1)} % of the rows in arm '${arm}' versus control are; its uplift is biased. Use ${optionRef('method')} transformed-outcome (which corrects for the treated share) or two-model instead.`,
};

export const modelFileErrors = {
  notFound: (file: string) => new InputError('E_MODEL_NOT_FOUND', 'model file not found', { file }),
  unreadable: (file: string, reason: string) =>
    new InputError('E_MODEL_UNREADABLE', `cannot read the model file (${reason})`, { file }),
  notJson: (file: string, line: number | undefined, reason: string) =>
    new InputError('E_MODEL_NOT_JSON', `the model file is not valid JSON (${reason}); it may be truncated or damaged`, {
      file,
      ...(line === undefined ? {} : { line }),
    }),
  wrongFormat: (file: string, found: unknown) =>
    new InputError(
      'E_MODEL_FORMAT',
      `not a liftwise uplift model (format is ${JSON.stringify(found)}, expected "liftwise-uplift-model")`,
      { file, path: ['format'] },
    ),
  wrongVersion: (file: string, found: unknown, supported: number) =>
    new InputError(
      'E_MODEL_VERSION',
      `model file format version ${JSON.stringify(found)} is not supported; this liftwise reads version ${supported}. Refit the model with this version.`,
      { file, path: ['version'] },
    ),
  saveRescued: (file: string, reason: string, rescue: string) =>
    new LiftwiseError('E_MODEL_SAVE_FAILED', `could not write the model file (${reason}); the fitted model was kept at ${rescue}: move it where you want it (no need to fit again)`, { file }),
  saveLost: (file: string, reason: string, rescue: string, rescueReason: string) =>
    new LiftwiseError('E_MODEL_SAVE_FAILED', `could not write the model file (${reason}), nor a rescue copy at ${rescue} (${rescueReason}); the fit could not be kept`, { file }),
  invalid: (file: string, path: ReadonlyArray<string | number>, detail: string) =>
    new InputError('E_MODEL_INVALID', `the model file is damaged: ${detail}`, { file, path }),
};

