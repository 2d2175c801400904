/** Every message the uplift random forest shows a user, each with a stable code. */
import { InputError, } from '../../errors.js';

export const upliftForestErrors = {
  lengthMismatch: (what: string, got: number, expected: number) =>
    new InputError('E_LENGTH_MISMATCH', `${what} has ${got} rows but the features have ${expected}`),
  badArm: (row: number, value: number) =>
    new InputError('E_UPLIFT_FOREST_ARM', `row ${row + 1} has arm ${value}; arms are -1 (ignore), 0 (control) or 1, 2, …`),
  noTreatedArm: () =>
    new InputError('E_UPLIFT_FOREST_ARMS', 'the uplift forest needs control rows (arm 0) and at least one treated arm'),
  emptyArm: (arm: number) =>
    new InputError('E_UPLIFT_FOREST_EMPTY_ARM', `arm ${arm} has no training rows; number arms 0..K-1 without gaps`),
  notBinary: (row: number, value: number) =>
    new InputError('E_TARGET_NOT_BINARY', `the uplift forest needs a 0/1 outcome; row ${row + 1} has ${value}`),
  ddpTwoArms: (arms: number) =>
    new InputError(
      'E_UPLIFT_FOREST_DDP_ARMS',
      `the DDP criterion compares one treated arm with control (as in causalml), but the data has ${arms} treated arms; use KL, ED or Chi`,
    ),
  badModel: (detail: string) => new InputError('E_BAD_MODEL_STATE', `the saved uplift forest is damaged: ${detail}`),
  featureMismatch: (got: number, expected: number) =>
    new InputError('E_FEATURE_COUNT', `the uplift forest was fitted on ${expected} features but was given ${got}`),
};
