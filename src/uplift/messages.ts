/** Every message the uplift learners show a user, each with a stable code. */
import { InputError, LiftwiseError } from '../errors.js';

export const upliftErrors = {
  notFitted: (method: string) =>
    new LiftwiseError('E_NOT_FITTED', `the ${method} uplift model has not been fitted; call fit() first`),
  lengthMismatch: (what: string, got: number, expected: number) =>
    new InputError('E_LENGTH_MISMATCH', `${what} has ${got} rows but the features have ${expected}`),
  tooFewArms: (method: string) =>
    new InputError('E_TOO_FEW_ARMS', `the ${method} method needs a control arm and at least one treated arm`),
  emptyArm: (method: string, arm: number) =>
    new InputError('E_EMPTY_ARM', `the ${method} method got no training rows in arm ${arm}`),
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
    new InputError('E_DOSE_METHOD', `the ${method} method cannot model a dose; use --method s-learner with --levels`),
  tooFewLevels: () =>
    new InputError('E_TOO_FEW_LEVELS', 'a dose needs at least two levels: a reference level and one to compare with it', {
      path: ['levels'],
    }),
  needsDose: () =>
    new InputError('E_NEEDS_DOSE', 'the S-learner with levels needs the numeric treatment value (dose) of every row'),
  badState: (method: string, detail: string) =>
    new InputError('E_BAD_MODEL_STATE', `the saved ${method} uplift model is damaged: ${detail}`),
};

export const upliftWarnings = {
  unbalancedClassTransformation: (share: number, arm: string) =>
    `class transformation assumes half the rows are treated, but ${(100 * share).toFixed(1)} % of the rows in arm '${arm}' versus control are; its uplift is biased. Use --method transformed-outcome (which corrects for the treated share) or two-model instead.`,
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
