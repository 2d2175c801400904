/** Every message about effects and draws files, each with a stable code. */
import { InputError } from '../errors.js';

export const drawsFileErrors = {
  notDrawsFile: (file: string) =>
    new InputError('E_DRAWS_FILE', 'not a liftwise draws file (it does not start with the LWDRAWS signature)', { file }),
  badHeader: (file: string, reason: string) =>
    new InputError('E_DRAWS_FILE', `the draws file header is unreadable: ${reason}`, { file }),
  badField: (file: string, field: string, reason: string) =>
    new InputError('E_DRAWS_FILE', `header field '${field}' ${reason}`, { file, path: [field] }),
  unsupportedVersion: (file: string, version: unknown) =>
    new InputError('E_DRAWS_VERSION', `draws file version ${String(version)} is not supported (this liftwise reads version 1)`, { file, path: ['version'] }),
  wrongSize: (file: string, expected: number, actual: number) =>
    new InputError(
      'E_DRAWS_TRUNCATED',
      `the draws file holds ${actual} bytes but its header promises ${expected}: it is truncated or corrupt`,
      { file },
    ),
  notFinite: (file: string, unit: number, id: string | undefined, arm: string, draw: number | undefined) =>
    new InputError(
      'E_DRAWS_NOT_FINITE',
      `unit ${unit + 1}${id === undefined ? '' : ` (id '${id}')`}, arm '${arm}'${draw === undefined ? ' mean' : `, draw ${draw + 1}`} is not a finite number`,
      { file },
    ),
  noDraws: (field: string) =>
    new InputError('E_DRAWS_MISSING', 'these effects have no draws to write', { path: [field] }),
  idCount: (ids: number, units: number) =>
    new InputError('E_DRAWS_IDS', `${ids} ids given for ${units} units`, { path: ['ids'] }),
  unitRange: (file: string, start: number, count: number, units: number) =>
    new InputError('E_DRAWS_RANGE', `units ${start}…${start + count - 1} asked for, the file has ${units}`, { file }),
};
