/** Messages about output files and folders (where liftwise writes), each with a stable code. */
import { formatPath, InputError, LiftwiseError } from '../errors.js';
import { findDuplicateKey } from './json-keys.js';

const names = (list: readonly string[], max = 5): string => {
  const shown = list.slice(0, max).map((n) => `'${n}'`).join(', ');
  return list.length > max ? `${shown}, … (${list.length} in all)` : shown;
};

export const outputErrors = {
  folderExists: (dir: string) =>
    new InputError('E_OUTPUT_EXISTS', 'the output folder exists and is not empty; choose another, or pass --replace if liftwise wrote it', {
      file: dir,
    }),
  isCurrentFolder: (dir: string) =>
    new InputError(
      'E_OUTPUT_UNSAFE',
      'the output folder is the current folder or holds it; liftwise writes results into a folder of their own (nothing was written)',
      { file: dir },
    ),
  holdsInput: (dir: string, input: string) =>
    new InputError(
      'E_OUTPUT_HOLDS_INPUT',
      `the output folder ${dir === input ? 'is' : 'holds'} the input ${input}; liftwise never replaces or removes its inputs (nothing was written)`,
      { file: dir },
    ),
  notOurs: (dir: string, reason: string) =>
    new InputError(
      'E_OUTPUT_NOT_OURS',
      `--replace only replaces a folder a previous liftwise run wrote (listed in its .liftwise-output.json): ${reason}; remove it yourself or choose another folder (nothing was written)`,
      { file: dir },
    ),
  unexpectedEntries: (dir: string, extra: readonly string[]) =>
    outputErrors.notOurs(dir, `it also holds ${names(extra)}, which liftwise did not write`),
  notAFolder: (path: string) =>
    new InputError('E_OUTPUT_NOT_FOLDER', 'the output folder path names an existing file; give a folder', { file: path }),
  isAFolder: (path: string) =>
    new InputError('E_OUTPUT_IS_FOLDER', 'the output file path names an existing folder; give a file name', { file: path }),
  parentMissing: (path: string, parent: string) =>
    new InputError('E_OUTPUT_FOLDER_MISSING', `the folder ${parent} does not exist; create it first`, { file: path }),
  parentNotFolder: (path: string, parent: string) =>
    new InputError('E_OUTPUT_FOLDER_MISSING', `${parent} is a file, not a folder, so nothing can be written under it`, { file: path }),
  notWritable: (path: string, parent: string) =>
    new InputError('E_OUTPUT_NOT_WRITABLE', `cannot write in the folder ${parent} (permission denied)`, { file: path }),
  isInput: (path: string) =>
    new InputError('E_OUTPUT_IS_INPUT', 'the output file is an input file; liftwise never overwrites its input', { file: path }),
  sameOutputs: (path: string, first: string, second: string) =>
    new InputError('E_OUTPUTS_SAME', `--${first} and --${second} name the same file; give each output its own path`, { file: path }),
  writeFailed: (path: string, reason: string) =>
    new LiftwiseError('E_WRITE_FAILED', `could not write the output (${reason}); nothing was changed at this path`, { file: path }),
};

export const jsonErrors = {
  duplicateKey: (file: string, key: string, line: number, path: ReadonlyArray<string | number>) =>
    new InputError(
      'E_DUPLICATE_KEY',
      `key '${key}' appears twice in one object${path.length === 0 ? '' : ` (at ${formatPath(path)})`}; JSON keeps only the last one, so liftwise refuses to guess which you meant`,
      { file, line },
    ),
};

/** Throws E_DUPLICATE_KEY for the first key that appears twice in one object of a parsed JSON text. */
export function refuseDuplicateKeys(file: string, text: string): void {
  const dup = findDuplicateKey(text);
  if (dup !== undefined) throw jsonErrors.duplicateKey(file, dup.key, dup.line, dup.path);
}
