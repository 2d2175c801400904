/**
 * Reading a JSON model file and binding its columns to a table.
 *
 * @example
 * const file = await readModelFile('scenarios/bayes/m13_2.model.json');
 * const table = await readTable('../shared/data/rethinking/reedfrogs.csv');
 * const model = bindModelFile(file, table, { modelFile: 'scenarios/bayes/m13_2.model.json' });
 * model.compile().dim; // 50 (abar, sigma, one intercept per tank)
 */
import { refuseDuplicateKeys } from '../../util/messages.js';
import { promises as fs } from 'node:fs';
import type { Table } from '../../data/table.js';
import { parseNumber } from '../../data/read.js';
import { Model } from '../model/model.js';
import { modelFileErrors } from '../model/messages.js';
import type { NodeSpec } from '../model/spec.js';
import { parseOrThrow } from '../../util/schema.js';
import { modelFileSchema, type ModelFile, type ModelFileNode } from './schema.js';

/** Validates parsed JSON as a model file; errors name the field path. */
export function parseModelFile(json: unknown, file?: string): ModelFile {
  // The first issue's path is the error's location; later ones name their own.
  return parseOrThrow(modelFileSchema, json, (text, path) => modelFileErrors.invalid(file, [...path], text));
}

/** Reads and validates a model file. */
export async function readModelFile(file: string): Promise<ModelFile> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw modelFileErrors.notFound(file);
    throw modelFileErrors.unreadable(file, code ?? String(e));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = jsonErrorPosition(text);
    throw modelFileErrors.badJson(file, message.split('\n')[0]!, text.slice(0, position).split('\n').length);
  }
  refuseDuplicateKeys(file, text);
  return parseModelFile(json, file);
}

/**
 * Where JSON.parse fails, found by bisection on prefixes: a prefix that only
 * ends too early is not wrong yet; the shortest prefix with a real error ends
 * at the offending character. (V8's messages do not always give a position.)
 */
export function jsonErrorPosition(text: string): number {
  const failsEarly = (k: number): boolean => {
    try {
      JSON.parse(text.slice(0, k));
      return false;
    } catch (e) {
      const m = e instanceof Error ? e.message : '';
      const at = /position (\d+)/.exec(m);
      const truncated = /end of JSON input|Unterminated/.test(m) || (at !== null && Number(at[1]) >= k);
      return !truncated;
    }
  };
  let lo = 1;
  let hi = text.length;
  if (!failsEarly(hi)) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsEarly(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/** True when some node reads a column (so the model needs a table). */
export function needsData(file: ModelFile): boolean {
  return file.nodes.some((n) => {
    switch (n.kind) {
      case 'data':
        return n.value === undefined && n.values === undefined;
      case 'group':
        return n.rows === undefined && n.codes === undefined;
      case 'observed':
        return n.values === undefined;
      default:
        return false;
    }
  });
}

export interface BindOptions {
  /** The model file's path, for messages. */
  readonly modelFile?: string;
}

/** Builds the Model: columns become values; a missing column or cell is an error naming the field and line. */
export function bindModelFile(file: ModelFile, table: Table | undefined, options: BindOptions = {}): Model {
  const source = options.modelFile;
  const nodes = file.nodes.map((node, i) => bindNode(node, ['nodes', i], table, source));
  return new Model({ nodes, ...(file.interventions === undefined ? {} : { interventions: file.interventions }), ...(source === undefined ? {} : { source }) });
}

function bindNode(node: ModelFileNode, path: Array<string | number>, table: Table | undefined, source: string | undefined): NodeSpec {
  switch (node.kind) {
    case 'data': {
      if (node.value !== undefined) return { kind: 'data', name: node.name, values: Float64Array.of(node.value) };
      if (node.values !== undefined) {
        return { kind: 'data', name: node.name, values: Float64Array.from(node.values), ...(node.shape === undefined ? {} : { shape: node.shape }) };
      }
      if (node.columns !== undefined) {
        const cols = node.columns.map((c, k) => numericColumn(table, c, [...path, 'columns', k], node.name, source));
        const rows = cols[0]!.length;
        const values = new Float64Array(rows * cols.length);
        for (let r = 0; r < rows; r++) for (let k = 0; k < cols.length; k++) values[r * cols.length + k] = cols[k]![r]!;
        return { kind: 'data', name: node.name, values, shape: [rows, cols.length] };
      }
      const column = node.column ?? node.name;
      return { kind: 'data', name: node.name, values: numericColumn(table, column, [...path, node.column === undefined ? 'name' : 'column'], node.name, source) };
    }
    case 'group': {
      if (node.codes !== undefined) {
        const levels = node.levels ?? Math.max(...node.codes) + 1;
        return { kind: 'group', name: node.name, codes: Int32Array.from(node.codes), levels, ...(node.labels === undefined ? {} : { labels: node.labels }) };
      }
      if (node.rows === true) {
        const n = requireTable(table, path, node.name, source).nRows;
        return { kind: 'group', name: node.name, codes: Int32Array.from({ length: n }, (_, r) => r), levels: n };
      }
      return groupColumn(table, node.column ?? node.name, [...path, node.column === undefined ? 'name' : 'column'], node.name, source);
    }
    case 'observed': {
      const values =
        node.values !== undefined
          ? Float64Array.from(node.values)
          : numericColumn(table, node.column ?? node.name, [...path, node.column === undefined ? 'name' : 'column'], node.name, source);
      return { kind: 'observed', name: node.name, dist: node.dist, values };
    }
    case 'param':
      return {
        kind: 'param',
        name: node.name,
        dist: node.dist,
        ...(node.shape === undefined ? {} : { shape: node.shape }),
        ...(node.lower === undefined ? {} : { lower: node.lower }),
        ...(node.upper === undefined ? {} : { upper: node.upper }),
        ...(node.noncentered === undefined ? {} : { noncentered: node.noncentered }),
      };
    case 'deterministic':
      return { kind: 'deterministic', name: node.name, expr: node.expr, ...(node.track === undefined ? {} : { track: node.track }) };
  }
}

function requireTable(table: Table | undefined, path: Array<string | number>, node: string, source: string | undefined): Table {
  if (table === undefined) throw modelFileErrors.invalid(source, path, `node '${node}' reads a column, so --data is needed`);
  return table;
}

function numericColumn(table: Table | undefined, column: string, path: Array<string | number>, node: string, source: string | undefined): Float64Array {
  const t = requireTable(table, path, node, source);
  const c = t.columns.get(column);
  if (c === undefined) throw modelFileErrors.unknownColumn(source, path, column, t.source, t.names);
  if (c.kind !== 'numeric') {
    // Name the first cell that is not a number, where the user can fix it.
    let row = 0;
    while (row < c.codes.length && (c.codes[row]! < 0 || parseNumber(c.levels[c.codes[row]!]!) !== undefined)) row++;
    const at = row < c.codes.length ? row : 0;
    const value = c.codes[at]! < 0 ? '' : c.levels[c.codes[at]!]!;
    throw modelFileErrors.notNumericColumn(source, path, column, t.source, t.lines?.[at] ?? at + 2, value);
  }
  for (let r = 0; r < c.values.length; r++) {
    if (Number.isNaN(c.values[r]!)) throw modelFileErrors.missingCell(t.source, t.lines?.[r] ?? r + 2, column, node);
  }
  return c.values;
}

/** Group codes from a column: categorical levels in order of appearance, numbers in ascending order. */
function groupColumn(table: Table | undefined, column: string, path: Array<string | number>, node: string, source: string | undefined): NodeSpec {
  const t = requireTable(table, path, node, source);
  const c = t.columns.get(column);
  if (c === undefined) throw modelFileErrors.unknownColumn(source, path, column, t.source, t.names);
  if (c.kind === 'categorical') {
    for (let r = 0; r < c.codes.length; r++) if (c.codes[r]! < 0) throw modelFileErrors.missingCell(t.source, t.lines?.[r] ?? r + 2, column, node);
    return { kind: 'group', name: node, codes: c.codes, levels: c.levels.length, labels: c.levels };
  }
  for (let r = 0; r < c.values.length; r++) if (Number.isNaN(c.values[r]!)) throw modelFileErrors.missingCell(t.source, t.lines?.[r] ?? r + 2, column, node);
  const distinct = [...new Set(c.values)].sort((a, b) => a - b);
  const index = new Map(distinct.map((v, k) => [v, k]));
  return {
    kind: 'group',
    name: node,
    codes: Int32Array.from(c.values, (v) => index.get(v)!),
    levels: distinct.length,
    labels: distinct.map(String),
  };
}
