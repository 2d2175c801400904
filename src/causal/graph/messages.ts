/** Every message the causal-graph and ID-GEN code shows a user, each with a stable code. */
import { InputError, LiftwiseError, type ErrorLocation } from '../../errors.js';

const at = (file: string | undefined, line: number | undefined): ErrorLocation => ({
  ...(file === undefined ? {} : { file }),
  ...(line === undefined ? {} : { line }),
});

export const graphErrors = {
  syntax: (file: string | undefined, line: number, text: string) =>
    new InputError(
      'E_GRAPH_SYNTAX',
      `cannot read '${text}': an edge is 'a -> b' (direct cause), 'a <- b' or 'a <-> b' (hidden common cause); a lone name declares a variable`,
      at(file, line),
    ),
  badName: (file: string | undefined, line: number, name: string) =>
    new InputError('E_GRAPH_NAME', `'${name}' is not a variable name (letters, digits, '_', '.' and '-'; no spaces)`, at(file, line)),
  selfLoop: (file: string | undefined, line: number, name: string) =>
    new InputError('E_GRAPH_SELF_LOOP', `'${name}' points to itself; a causal graph has no self-loops`, at(file, line)),
  cycle: (file: string | undefined, line: number, cycle: readonly string[]) =>
    new InputError(
      'E_GRAPH_CYCLE',
      `the directed edges form a cycle ${cycle.join(' -> ')}; a causal graph here must be acyclic (this edge closes it)`,
      at(file, line),
    ),
  empty: (file: string | undefined) => new InputError('E_GRAPH_EMPTY', 'the graph has no variables', at(file, undefined)),
  unreadable: (file: string, reason: string) => new InputError('E_GRAPH_FILE', `cannot read the graph file: ${reason}`, { file }),
  unknownVariable: (role: string, name: string, known: readonly string[]) =>
    new InputError(
      'E_GRAPH_UNKNOWN_VARIABLE',
      `${role} '${name}' is not a variable of the graph (it has ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''})`,
      { path: [role] },
    ),
  overlap: (first: string, second: string, name: string) =>
    new InputError('E_GRAPH_QUERY_OVERLAP', `'${name}' is both in ${first} and in ${second}; each variable may play one role`, {
      path: [second],
    }),
  emptyRole: (role: string) => new InputError('E_GRAPH_QUERY_EMPTY', `${role} names no variable`, { path: [role] }),
  badAssignment: (role: string, text: string) =>
    new InputError('E_GRAPH_ASSIGNMENT', `'${text}' is not an assignment VARIABLE=VALUE (several separated by commas)`, { path: [role] }),
  notIdentifiable: (query: string, hedge: string) =>
    new InputError('E_GRAPH_NOT_IDENTIFIABLE', `${query} is not identifiable from the observed variables: ${hedge}`, {}),
  missingColumn: (file: string | undefined, name: string) =>
    new InputError('E_GRAPH_DATA_COLUMN', `the data has no column '${name}', a variable of the graph`, {
      ...(file === undefined ? {} : { file }),
      column: name,
    }),
  missingCell: (file: string | undefined, line: number | undefined, name: string) =>
    new InputError('E_GRAPH_DATA_MISSING', `a missing value in '${name}'; sampling needs complete rows of the graph's variables`, {
      ...at(file, line),
      column: name,
    }),
  unknownLevel: (name: string, value: string, levels: readonly string[]) =>
    new InputError(
      'E_GRAPH_LEVEL',
      `'${name}' never takes the value '${value}' in the data (it takes ${levels.slice(0, 12).join(', ')}); an intervention must set a value the data shows`,
      { path: ['do', name] },
    ),
  constant: (name: string) =>
    new InputError('E_GRAPH_DATA_CONSTANT', `'${name}' takes one value only in the data; nothing can be learned about its effect`, {
      column: name,
    }),
  badOption: (field: string, value: unknown, need: string) =>
    new InputError('E_GRAPH_OPTION', `${field} = ${JSON.stringify(value) ?? String(value)} is not valid: ${need}`, { path: [field] }),
  tooFewRows: (rows: number) =>
    new InputError('E_GRAPH_DATA_ROWS', `the data has ${rows} complete rows; sampling needs at least 20`, {}),
  noSegmentRows: (segment: string, level: string) =>
    new LiftwiseError('E_GRAPH_SEGMENT_EMPTY', `no draw under the intervention fell in segment ${segment} = ${level}; raise --n`, {
      path: ['by'],
    }),
};
