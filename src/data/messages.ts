/** Every message the data layer shows a user, each with a stable code. */
import { InputError, optionRef } from '../errors.js';

const list = (names: readonly string[], max = 12): string => {
  const shown = names.slice(0, max).map((n) => `'${n}'`).join(', ');
  return names.length > max ? `${shown}, … (${names.length} in all)` : shown;
};

export const dataErrors = {
  fileNotFound: (file: string) =>
    new InputError('E_FILE_NOT_FOUND', 'file not found', { file }),
  fileUnreadable: (file: string, reason: string) =>
    new InputError('E_FILE_UNREADABLE', `cannot read the file (${reason})`, { file }),
  emptyFile: (file: string) =>
    new InputError('E_EMPTY_FILE', 'the file is empty: expected a header line with column names', { file, line: 1 }),
  noDataRows: (file: string) =>
    new InputError('E_NO_ROWS', 'the file has a header but no data rows', { file, line: 2 }),
  emptyHeaderName: (file: string, position: number) =>
    new InputError('E_MISSING_HEADER', `header field ${position} has no name; every column needs a name`, {
      file,
      line: 1,
      column: position,
    }),
  duplicateHeader: (file: string, name: string, first: number, second: number) =>
    new InputError(
      'E_DUPLICATE_HEADER',
      `column name '${name}' appears twice in the header (fields ${first} and ${second})`,
      { file, line: 1, column: second },
    ),
  tooManyFields: (file: string, line: number, got: number, expected: number) =>
    new InputError('E_TOO_MANY_FIELDS', `row has ${got} fields but the header has ${expected}`, { file, line }),
  tooFewFields: (file: string, line: number, got: number, expected: number) =>
    new InputError('E_TOO_FEW_FIELDS', `row has ${got} fields but the header has ${expected}`, { file, line }),
  malformedCsv: (file: string, line: number, reason: string) =>
    new InputError('E_MALFORMED_CSV', `malformed CSV near this line (${reason})`, { file, line }),
  notNumeric: (file: string | undefined, line: number | undefined, column: string, value: string) =>
    new InputError('E_NOT_NUMERIC', `value '${value}' is not a number, but column '${column}' must be numeric`, {
      ...(file === undefined ? {} : { file }),
      ...(line === undefined ? {} : { line }),
      column,
    }),
  unknownColumn: (file: string | undefined, column: string, role: string, available: readonly string[]) =>
    new InputError(
      'E_UNKNOWN_COLUMN',
      `the ${role} column '${column}' does not exist; the columns are ${list(available)}`,
      { ...(file === undefined ? {} : { file }), column },
    ),
  unknownSchemaColumn: (file: string, column: string, available: readonly string[]) =>
    new InputError(
      'E_UNKNOWN_COLUMN',
      `the schema names column '${column}', which the file does not have; the columns are ${list(available)}`,
      { file, column },
    ),
  notBinary: (file: string | undefined, line: number | undefined, column: string, role: string, value: string, need: string) =>
    new InputError(
      'E_NOT_BINARY',
      `${role} column '${column}' has value '${value}'; ${need}`,
      { ...(file === undefined ? {} : { file }), ...(line === undefined ? {} : { line }), column },
    ),
  missingValue: (file: string | undefined, line: number | undefined, column: string, role: string) =>
    new InputError('E_MISSING_VALUE', `${role} column '${column}' has an empty or NA cell; it must have a value in every row`, {
      ...(file === undefined ? {} : { file }),
      ...(line === undefined ? {} : { line }),
      column,
    }),
  unknownArm: (file: string | undefined, column: string, value: string, levels: readonly string[]) =>
    new InputError(
      'E_UNKNOWN_ARM',
      `treatment value '${value}' does not occur in column '${column}'; its values are ${list(levels)}`,
      { ...(file === undefined ? {} : { file }), column },
    ),
  needControl: (file: string | undefined, column: string, levels: readonly string[]) =>
    new InputError(
      'E_NEED_CONTROL',
      `treatment column '${column}' has values ${list(levels)}; say which one is the control group with ${optionRef('control')}`,
      { ...(file === undefined ? {} : { file }), column },
    ),
  singleArm: (file: string | undefined, column: string, which: string) =>
    new InputError('E_SINGLE_ARM', `treatment column '${column}' has no ${which} rows; both arms are needed`, {
      ...(file === undefined ? {} : { file }),
      column,
    }),
  badDelimiter: (delimiter: string, reason: string) =>
    new InputError('E_BAD_DELIMITER', `cannot use ${JSON.stringify(delimiter)} as the CSV delimiter: ${reason}`),
  badParser: (parser: string) =>
    new InputError('E_BAD_PARSER', `unknown CSV parser '${parser}'; use 'auto', 'liftwise' or 'fast-csv'`),
  mostlyNumeric: (file: string | undefined, line: number, column: string, value: string, numeric: number | undefined, present: number | undefined, how: string) =>
    new InputError(
      'E_NOT_NUMERIC',
      `value '${value}' is not a number, but ${numeric === undefined || present === undefined ? 'most' : `${numeric} of the ${present}`} cells of column '${column}' are numbers; fix the cell, or ${how} if the column is meant as categories`,
      { ...(file === undefined ? {} : { file }), line, column },
    ),
  notUtf8: (file: string, line: number, column: string | number | undefined, byte: number, latin1: string) =>
    new InputError(
      'E_NOT_UTF8',
      `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8 (read as Latin-1 the text is '${latin1}'); liftwise reads CSV as UTF-8 and does not alter text: save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8) and run again`,
      { file, line, ...(column === undefined ? {} : { column }) },
    ),
  writeFailed: (file: string, reason: string) =>
    new InputError('E_WRITE_FAILED', `cannot write the file (${reason})`, { file }),
  notParquet: (file: string, reason: string) =>
    new InputError('E_BAD_PARQUET', `not a readable Parquet file (${reason})`, { file }),
  badParquetColumn: (file: string, column: string, reason: string) =>
    new InputError('E_BAD_PARQUET', `column '${column}' of this Parquet file cannot be read (${reason})`, { file, column }),
  parquetType: (file: string, column: string, type: string) =>
    new InputError('E_PARQUET_TYPE', `column '${column}' has Parquet type ${type}, which liftwise does not read (numbers, booleans and text only)`, { file, column }),
  noShards: (pattern: string) =>
    new InputError('E_NO_SHARDS', `no Parquet or CSV files match '${pattern}'`, { file: pattern }),
  shardColumns: (file: string, expected: readonly string[], got: readonly string[]) =>
    new InputError('E_SHARD_COLUMNS', `this shard's columns ${list(got)} differ from the first shard's ${list(expected)}; every shard needs the same columns`, { file }),
  parquetNotNumeric: (file: string, row: number, column: string, value: string) =>
    new InputError('E_NOT_NUMERIC', `row ${row}: value '${value}' is not a number, but column '${column}' must be numeric`, { file, column }),
};
