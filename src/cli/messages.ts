/** Messages the CLI itself shows (usage problems found after parsing), each with a stable code. */
import { InputError } from '../errors.js';

export const cliErrors = {
  optionsFileNotFound: (file: string) => new InputError('E_OPTIONS_NOT_FOUND', 'options file not found', { file }),
  optionsFileNotJson: (file: string, reason: string) =>
    new InputError('E_OPTIONS_NOT_JSON', `the options file is not valid JSON (${reason})`, { file }),
  optionsFileNotObject: (file: string) =>
    new InputError('E_OPTIONS_NOT_OBJECT', 'the options file must hold a JSON object of learner options', { file }),
  badFraction: (name: string, value: number) =>
    new InputError('E_BAD_FRACTION', `--${name} must be between 0 and 1 (exclusive), got ${value}`, { path: [name] }),
  rowCountMismatch: (scores: string, data: string, nScores: number, nData: number) =>
    new InputError(
      'E_ROW_COUNT_MISMATCH',
      `the scores file has ${nScores} rows but the data file ${data} has ${nData}; score the same file you evaluate`,
      { file: scores },
    ),
  noUpliftColumns: (file: string, columns: readonly string[]) =>
    new InputError(
      'E_NO_UPLIFT_COLUMNS',
      `no uplift_<arm> columns found (columns are ${columns.map((c) => `'${c}'`).join(', ')}); pass a file written by 'liftwise score'`,
      { file },
    ),
  badDrawCount: (value: number) =>
    new InputError('E_BAD_DRAWS', `--draws must be at least 1, got ${value}`, { path: ['draws'] }),
  drawsNeedBoth: () =>
    new InputError('E_DRAWS_FLAGS', '--draws N and --draws-out FILE go together: give both to write effect draws', { path: ['draws-out'] }),
  sameInputOutput: (file: string) =>
    new InputError('E_OUTPUT_IS_INPUT', 'the output file is the input file; liftwise never overwrites its input', { file }),
};
