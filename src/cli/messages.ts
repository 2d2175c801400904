/** Messages the CLI itself shows (usage problems found after parsing), each with a stable code. */
import { InputError } from '../errors.js';
import { allocateErrors } from '../allocate/messages.js';

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
  /** The scores-table message lives with the scores table (allocate/scores-table.ts reads it too). */
  noUpliftColumns: allocateErrors.noUpliftColumns,
  badDrawCount: (value: number) =>
    new InputError('E_BAD_DRAWS', `--draws must be at least 1, got ${value}`, { path: ['draws'] }),
  drawsNeedBoth: () =>
    new InputError('E_DRAWS_FLAGS', '--draws N and --draws-out FILE go together: give both to write effect draws', { path: ['draws-out'] }),
  badScore: (file: string, line: number | undefined, column: string, text: string, need: string) =>
    new InputError('E_BAD_SCORE', `score '${text}' ${need}; every row needs a numeric score to be ranked`, {
      file,
      ...(line === undefined ? {} : { line }),
      column,
    }),
  sameInputOutput: (file: string) =>
    new InputError('E_OUTPUT_IS_INPUT', 'the output file is the input file; liftwise never overwrites its input', { file }),
};
