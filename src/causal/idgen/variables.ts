/**
 * The graph's variables as sampling sees them: each is categorical (values are
 * level codes 0..K-1 held in a Float64Array) or numeric. A text column is
 * categorical; a numeric column is categorical when it holds at most two
 * distinct values (a 0/1 treatment) or when the caller names it, else numeric.
 */
import type { Table } from '../../data/table.js';
import { lineOfRow } from '../../data/table.js';
import { graphErrors } from '../graph/messages.js';

export type VariableSpec =
  | { readonly name: string; readonly kind: 'categorical'; readonly levels: readonly string[]; readonly numericLevels: boolean }
  | { readonly name: string; readonly kind: 'numeric' };

export interface VariableData {
  readonly nRows: number;
  readonly specs: ReadonlyMap<string, VariableSpec>;
  /** Level codes (categorical) or values (numeric), one array per variable. */
  readonly values: ReadonlyMap<string, Float64Array>;
  /** Where the rows came from, for messages. */
  readonly source: string | undefined;
}

/** Reads the named variables out of a table, refusing missing cells. */
export function variablesFromTable(table: Table, names: readonly string[], categorical: readonly string[] = []): VariableData {
  const specs = new Map<string, VariableSpec>();
  const values = new Map<string, Float64Array>();
  for (const name of names) {
    const column = table.columns.get(name);
    if (column === undefined) throw graphErrors.missingColumn(table.source, name);
    if (column.kind === 'categorical') {
      const codes = new Float64Array(table.nRows);
      for (let i = 0; i < table.nRows; i++) {
        const c = column.codes[i]!;
        if (c < 0) throw graphErrors.missingCell(table.source, lineOfRow(table, i), name);
        codes[i] = c;
      }
      specs.set(name, { name, kind: 'categorical', levels: column.levels, numericLevels: false });
      values.set(name, codes);
      continue;
    }
    const v = column.values;
    for (let i = 0; i < table.nRows; i++) if (!Number.isFinite(v[i]!)) throw graphErrors.missingCell(table.source, lineOfRow(table, i), name);
    const distinct = new Set<number>();
    for (let i = 0; i < table.nRows && distinct.size <= 64; i++) distinct.add(v[i]!);
    if (distinct.size <= 2 || (categorical.includes(name) && distinct.size <= 64)) {
      const levels = [...distinct].sort((a, b) => a - b);
      const index = new Map(levels.map((l, k) => [l, k]));
      const codes = new Float64Array(table.nRows);
      for (let i = 0; i < table.nRows; i++) codes[i] = index.get(v[i]!)!;
      specs.set(name, { name, kind: 'categorical', levels: levels.map(String), numericLevels: true });
      values.set(name, codes);
    } else {
      if (categorical.includes(name)) throw graphErrors.badOption('categorical', name, 'a categorical variable has at most 64 levels');
      specs.set(name, { name, kind: 'numeric' });
      values.set(name, v);
    }
  }
  return { nRows: table.nRows, specs, values, source: table.source };
}

/** The same variables on some rows (a bootstrap resample). */
export function takeVariableRows(data: VariableData, rows: Int32Array): VariableData {
  const values = new Map<string, Float64Array>();
  for (const [name, v] of data.values) {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = v[rows[i]!]!;
    values.set(name, out);
  }
  return { nRows: rows.length, specs: data.specs, values, source: data.source };
}

/** The internal value of a user's text for a variable (a level code, or the number). */
export function valueFromText(spec: VariableSpec, text: string): number {
  if (spec.kind === 'numeric') {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw graphErrors.badAssignment('do', `${spec.name}=${text}`);
    return n;
  }
  let k = spec.levels.indexOf(text);
  if (k < 0 && spec.numericLevels) k = spec.levels.findIndex((l) => Number(l) === Number(text) && text.trim() !== '');
  if (k < 0) throw graphErrors.unknownLevel(spec.name, text, spec.levels);
  return k;
}

/** The number a value stands for when averaging: numeric values as they are, numeric levels as their number, else NaN. */
export function numericValue(spec: VariableSpec): (v: number) => number {
  if (spec.kind === 'numeric') return (v) => v;
  if (spec.numericLevels) {
    const numbers = spec.levels.map(Number);
    return (v) => numbers[v]!;
  }
  return () => Number.NaN;
}

/** The text of a value as written to an output file. */
export function textOf(spec: VariableSpec, v: number): string {
  return spec.kind === 'numeric' ? String(v) : spec.levels[v]!;
}
