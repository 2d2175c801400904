/** Every message the scenario runner shows a user, each with a stable code. */
import { InputError } from '../errors.js';

export const scenarioErrors = {
  notFound: (file: string) => new InputError('E_SCENARIO_NOT_FOUND', 'scenario file not found', { file }),
  unreadable: (file: string, reason: string) => new InputError('E_SCENARIO_UNREADABLE', `cannot read the scenario file (${reason})`, { file }),
  syntax: (file: string, line: number | undefined, reason: string) =>
    new InputError('E_SCENARIO_SYNTAX', `the scenario file cannot be parsed: ${reason}`, { file, ...(line === undefined ? {} : { line }) }),
  invalid: (file: string, line: number | undefined, path: ReadonlyArray<string | number>, detail: string) =>
    new InputError('E_SCENARIO_INVALID', detail, { file, ...(line === undefined ? {} : { line }), path }),
  unknownArm: (file: string, index: number, arm: string, labels: readonly string[]) =>
    new InputError(
      'E_SCENARIO_ARM',
      `arm '${arm}' is not a treatment value of the data; the values are ${labels.map((l) => `'${l}'`).join(', ')}`,
      { file, path: ['arms', index, 'name'] },
    ),
  unknownColumn: (file: string, path: ReadonlyArray<string | number>, column: string, csv: string, columns: readonly string[]) =>
    new InputError(
      'E_SCENARIO_COLUMN',
      `column '${column}' does not exist in ${csv}; its columns are ${columns.map((c) => `'${c}'`).join(', ')}`,
      { file, path },
    ),
  badCostColumn: (file: string, path: ReadonlyArray<string | number>, csv: string, line: number | undefined, column: string) =>
    new InputError('E_SCENARIO_COST', `cost column '${column}' has a missing, non-numeric or negative value${line === undefined ? '' : ` at ${csv}:${line}`}`, {
      file,
      path,
    }),
  maxRecipientsTooLarge: (file: string, path: ReadonlyArray<string | number>, value: number, units: number) =>
    new InputError('E_SCENARIO_CAP', `maxRecipients ${value} is more than the ${units} units planned for`, { file, path }),
  outputExists: (dir: string) =>
    new InputError('E_OUTPUT_EXISTS', 'the output folder exists and is not empty; choose another or remove it', { file: dir }),
};
