/**
 * Every message the Bayesian model layer (models, model files, do / observe,
 * predictive draws and `liftwise bayes fit`) shows a user, each with a stable code.
 */
import { InputError, LiftwiseError, type ErrorLocation } from '../../errors.js';

type Path = ReadonlyArray<string | number>;

const quoteList = (names: readonly string[], max = 12): string => {
  const shown = names.slice(0, max).map((n) => `'${n}'`).join(', ');
  return names.length === 0 ? '(none)' : names.length > max ? `${shown}, … (${names.length} in all)` : shown;
};

const at = (source: string | undefined, path: Path): ErrorLocation => (source === undefined ? { path } : { file: source, path });

export const modelErrors = {
  badName: (source: string | undefined, path: Path, name: string) =>
    new InputError('E_MODEL_NAME', `'${name}' is not a valid node name (letters, digits and _, not starting with a digit)`, at(source, path)),
  duplicateName: (source: string | undefined, path: Path, name: string) =>
    new InputError('E_MODEL_DUPLICATE', `a node named '${name}' already exists`, at(source, path)),
  reservedName: (source: string | undefined, path: Path, name: string) =>
    new InputError('E_MODEL_NAME', `'${name}' is the name of a function or distribution and cannot name a node`, at(source, path)),
  syntax: (source: string | undefined, path: Path, text: string, position: number, reason: string) =>
    new InputError(
      'E_MODEL_SYNTAX',
      `${reason} at character ${position + 1} of '${text}'`,
      at(source, path),
    ),
  unknownName: (source: string | undefined, path: Path, name: string, known: readonly string[]) =>
    new InputError('E_MODEL_UNKNOWN_NAME', `unknown name '${name}'; the nodes are ${quoteList(known)}`, at(source, path)),
  unknownFunction: (source: string | undefined, path: Path, fn: string, known: readonly string[]) =>
    new InputError('E_MODEL_UNKNOWN_FUNCTION', `unknown function '${fn}'; the functions are ${quoteList(known, 30)}`, at(source, path)),
  notDistribution: (source: string | undefined, path: Path, text: string, known: readonly string[]) =>
    new InputError(
      'E_MODEL_UNKNOWN_DIST',
      `'${text}' is not a distribution; write one of ${quoteList(known, 30)} with its arguments, e.g. 'Normal(0, 1)'`,
      at(source, path),
    ),
  distInExpression: (source: string | undefined, path: Path, name: string) =>
    new InputError('E_MODEL_DIST_IN_EXPR', `distribution '${name}' cannot appear inside an expression`, at(source, path)),
  arity: (source: string | undefined, path: Path, fn: string, expected: readonly string[] | number, got: number) =>
    new InputError(
      'E_MODEL_ARITY',
      typeof expected === 'number'
        ? `${fn} takes ${expected} argument${expected === 1 ? '' : 's'}, got ${got}`
        : `${fn} takes ${expected.length} argument${expected.length === 1 ? '' : 's'} (${expected.join(', ')}), got ${got}`,
      at(source, path),
    ),
  lengthMismatch: (source: string | undefined, path: Path, what: string, a: number, b: number) =>
    new InputError('E_MODEL_LENGTH', `${what}: lengths ${a} and ${b} do not match (each must equal the other or be 1)`, at(source, path)),
  cycle: (source: string | undefined, path: Path, names: readonly string[]) =>
    new InputError('E_MODEL_CYCLE', `the nodes depend on each other in a cycle: ${names.join(' → ')}`, at(source, path)),
  groupAsValue: (source: string | undefined, path: Path, name: string) =>
    new InputError('E_MODEL_GROUP_VALUE', `group '${name}' can only be used as an index, as in 'a[${name}]'`, at(source, path)),
  matrixAsValue: (source: string | undefined, path: Path, name: string) =>
    new InputError('E_MODEL_MATRIX_VALUE', `matrix '${name}' can only be used as the first argument of dot(${name}, coefficients)`, at(source, path)),
  badIndex: (source: string | undefined, path: Path, text: string) =>
    new InputError(
      'E_MODEL_INDEX',
      `index '${text}' must be a group node or a whole number from 1 (as in 'a[tank]' or 'beta[2]')`,
      at(source, path),
    ),
  indexOutOfRange: (source: string | undefined, path: Path, target: string, index: number, length: number) =>
    new InputError('E_MODEL_INDEX', `index ${index} is outside '${target}', which has ${length} element${length === 1 ? '' : 's'}`, at(source, path)),
  groupLevels: (source: string | undefined, path: Path, target: string, length: number, group: string, levels: number) =>
    new InputError(
      'E_MODEL_GROUP_SIZE',
      `'${target}' has ${length} element${length === 1 ? '' : 's'} but group '${group}' has ${levels} levels; give '${target}' shape '${group}'`,
      at(source, path),
    ),
  badShape: (source: string | undefined, path: Path, shape: unknown) =>
    new InputError('E_MODEL_SHAPE', `shape must be a whole number ≥ 1 or the name of a group node, got ${JSON.stringify(shape)}`, at(source, path)),
  badKind: (source: string | undefined, path: Path, kind: unknown) =>
    new InputError(
      'E_MODEL_KIND',
      `kind must be one of 'data', 'group', 'param', 'observed', 'deterministic', got ${JSON.stringify(kind)}`,
      at(source, path),
    ),
  noncenteredNeedsNormal: (source: string | undefined, path: Path, name: string, dist: string) =>
    new InputError(
      'E_MODEL_NONCENTERED',
      `'${name}' is non-centred, which needs a Normal(mean, scale) prior, not '${dist}'`,
      at(source, path),
    ),
  discreteParameter: (source: string | undefined, path: Path, name: string, dist: string) =>
    new InputError(
      'E_MODEL_DISCRETE_PARAM',
      `node '${name}' has the discrete distribution ${dist} but no observed values; observe it or intervene on it before fitting`,
      at(source, path),
    ),
  notData: (source: string | undefined, path: Path, dist: string, param: string) =>
    new InputError('E_MODEL_NOT_DATA', `the ${param} of ${dist} must be data or a constant, not depend on parameters`, at(source, path)),
  boundsNotConstant: (source: string | undefined, path: Path, name: string) =>
    new InputError(
      'E_MODEL_BOUNDS',
      `the bounds of '${name}' must be constants (a Uniform prior needs constant limits; use lower/upper otherwise)`,
      at(source, path),
    ),
  badBounds: (source: string | undefined, path: Path, name: string, lower: number, upper: number) =>
    new InputError('E_MODEL_BOUNDS', `'${name}' has lower bound ${lower} ≥ upper bound ${upper}`, at(source, path)),
  badValue: (source: string | undefined, path: Path, name: string, index: number, value: number, need: string) =>
    new InputError(
      'E_MODEL_VALUE',
      `node '${name}' element ${index + 1} is ${Number.isNaN(value) ? 'missing (NaN)' : value}; it must be ${need}`,
      at(source, path),
    ),
  badGroupCode: (source: string | undefined, path: Path, name: string, index: number, code: number, levels: number) =>
    new InputError(
      'E_MODEL_VALUE',
      `group '${name}' element ${index + 1} has code ${code}; codes must be whole numbers 0..${levels - 1}`,
      at(source, path),
    ),
  matrixShape: (source: string | undefined, path: Path, name: string, rows: number, cols: number, length: number) =>
    new InputError('E_MODEL_SHAPE', `matrix '${name}' has shape [${rows}, ${cols}] but ${length} values`, at(source, path)),
  noNode: (name: string, known: readonly string[], operation: string) =>
    new InputError('E_MODEL_NO_NODE', `${operation}: the model has no node '${name}'; the nodes are ${quoteList(known)}`, { path: [name] }),
  cannotObserve: (name: string, kind: string) =>
    new InputError(
      'E_MODEL_OBSERVE_KIND',
      `observe: '${name}' is a ${kind} node; only a random variable (a param node) can be observed`,
      { path: [name] },
    ),
  observeLength: (name: string, expected: number, got: number) =>
    new InputError('E_MODEL_OBSERVE_LENGTH', `observe: '${name}' has ${expected} element${expected === 1 ? '' : 's'} but ${got} values were given`, {
      path: [name],
    }),
  cannotIntervene: (name: string) =>
    new InputError(
      'E_MODEL_DO_KIND',
      `do: '${name}' is a group node (the unit labels of a multilevel model); intervene on a data, param or observed node instead`,
      { path: [name] },
    ),
  interveneValue: (name: string) =>
    new InputError(
      'E_MODEL_DO_VALUE',
      `do: the value for '${name}' must be a number, an array of numbers, or an expression string`,
      { path: [name] },
    ),
  flatPredictive: (name: string) =>
    new InputError(
      'E_MODEL_FLAT_DRAW',
      `node '${name}' has a Flat prior and must be redrawn here (it depends on an intervened node), but a Flat prior has no draws`,
      { path: [name] },
    ),
  drawsMissing: (name: string, available: readonly string[]) =>
    new InputError('E_MODEL_DRAWS', `the posterior draws have no column '${name}'; they have ${quoteList(available)}`, { path: [name] }),
  notRandom: (name: string, kind: string, role: string) =>
    new InputError('E_MODEL_NOT_RANDOM', `the ${role} '${name}' is a ${kind} node; it must be a random variable (param or observed)`, {
      path: [name],
    }),
  noDescendant: (treatment: string, outcome: string) =>
    new InputError('E_MODEL_NOT_DESCENDANT', `'${outcome}' does not depend on '${treatment}', so every effect would be 0`, {
      path: [outcome],
    }),
  dataLength: (name: string, expected: number, got: number) =>
    new InputError('E_MODEL_DATA_LENGTH', `new data for '${name}' has ${got} values, but the model needs ${expected}`, { path: [name] }),
  predictiveLength: (name: string, fitted: number, now: number) =>
    new InputError(
      'E_MODEL_DATA_LENGTH',
      `parameter '${name}' had ${fitted} elements when fitted but would have ${now} with the new data`,
      { path: [name] },
    ),
};

export const modelFileErrors = {
  notFound: (file: string) => new InputError('E_MODELFILE_NOT_FOUND', 'model file not found', { file }),
  unreadable: (file: string, reason: string) => new InputError('E_MODELFILE_UNREADABLE', `cannot read the model file (${reason})`, { file }),
  badJson: (file: string, reason: string, line?: number) =>
    new InputError('E_MODELFILE_JSON', `the model file is not valid JSON (${reason})`, line === undefined ? { file } : { file, line }),
  invalid: (file: string | undefined, path: Path, reason: string) =>
    new InputError('E_MODELFILE_INVALID', reason, file === undefined ? { path } : { file, path }),
  unknownColumn: (file: string | undefined, path: Path, column: string, dataFile: string | undefined, available: readonly string[]) =>
    new InputError(
      'E_MODELFILE_COLUMN',
      `column '${column}' does not exist in ${dataFile === undefined ? 'the data' : `'${dataFile}'`}; the columns are ${quoteList(available)}`,
      file === undefined ? { path, column } : { file, path, column },
    ),
  notNumericColumn: (file: string | undefined, path: Path, column: string) =>
    new InputError(
      'E_MODELFILE_COLUMN',
      `column '${column}' holds text, but this node needs numbers (use a group node for categories)`,
      file === undefined ? { path, column } : { file, path, column },
    ),
  missingCell: (dataFile: string | undefined, line: number | undefined, column: string, node: string) =>
    new InputError(
      'E_MODELFILE_MISSING',
      `column '${column}' (node '${node}') has a missing value; the model cannot use rows with gaps`,
      { ...(dataFile === undefined ? {} : { file: dataFile }), ...(line === undefined ? {} : { line }), column },
    ),
  badCell: (dataFile: string | undefined, line: number | undefined, column: string, node: string, value: number, need: string) =>
    new InputError(
      'E_MODELFILE_VALUE',
      `column '${column}' (node '${node}') has value ${value}; it must be ${need}`,
      { ...(dataFile === undefined ? {} : { file: dataFile }), ...(line === undefined ? {} : { line }), column },
    ),
};

export const fitErrors = {
  outputExists: (dir: string) =>
    new InputError('E_OUTPUT_EXISTS', 'the output directory exists and is not empty; choose a new one (nothing was written)', { file: dir }),
  badOption: (option: string, reason: string) => new InputError('E_USAGE', `option --${option}: ${reason}`),
  samplerFailed: (reason: string) => new LiftwiseError('E_SAMPLER', `sampling failed: ${reason}`),
};
