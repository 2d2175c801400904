/**
 * A dataset of shards: a folder of Parquet (or CSV) files, or a glob such as
 * 'scores/part-*.parquet', read as one table whose rows are the shards' rows
 * in shard order. Shards are ordered by file name (compare as strings; name
 * them with zero-padded numbers), so the global unit order, which the
 * streaming allocation uses to break ties, is the same on every machine.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createTable, type Column, type Table } from './table.js';
import { dataErrors } from './messages.js';
import { isParquetPath } from './parquet-path.js';

/** True when the text is a glob (has * or ?) rather than one path. */
export function isGlob(spec: string): boolean {
  return /[*?]/.test(spec);
}

/** True when `spec` names a dataset of shards: a glob or a folder. */
export async function isShardSpec(spec: string): Promise<boolean> {
  if (isGlob(spec)) return true;
  try {
    return (await fs.stat(spec)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The shard files of a folder (its .parquet files, or its .csv files when it
 * has no Parquet) or of a glob on file names (* and ? in the last part of the
 * path), sorted by name.
 *
 * @example
 * for (const part of ['scores-001', 'scores-000']) await writeTable(`out/${part}.parquet`, createTable([numericColumn('uplift', [0.1])]));
 * await listShards('out/scores-*.parquet'); // ['out/scores-000.parquet', 'out/scores-001.parquet'] (in file-name order)
 */
export async function listShards(spec: string): Promise<string[]> {
  let folder: string;
  let accept: (name: string) => boolean;
  if (isGlob(spec)) {
    folder = dirname(spec);
    if (isGlob(folder)) throw dataErrors.noShards(spec);
    const pattern = new RegExp(`^${basename(spec).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
    accept = (name) => pattern.test(name);
  } else {
    folder = spec;
    let names: string[];
    try {
      names = await fs.readdir(folder);
    } catch {
      throw dataErrors.noShards(spec);
    }
    const parquet = names.some((name) => isParquetPath(name));
    accept = parquet ? (name) => isParquetPath(name) : (name) => /\.csv$/i.test(name);
  }
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    throw dataErrors.noShards(spec);
  }
  // Hidden files (our own temp files among them) are never shards.
  const files = names.filter((name) => !name.startsWith('.') && accept(name)).sort(compareNames);
  if (files.length === 0) throw dataErrors.noShards(spec);
  return files.map((name) => join(folder, name));
}

/** Code-unit order, the same on every machine and locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Concatenates tables with the same columns (the shards of a dataset) into
 * one, rows in order. A column that is numeric in one shard and text in
 * another becomes text; categorical levels are merged in order of first appearance.
 */
export function concatTables(tables: readonly Table[], source: string): Table {
  const first = tables[0]!;
  for (const t of tables) {
    if (t.names.length !== first.names.length || t.names.some((name, j) => name !== first.names[j])) {
      throw dataErrors.shardColumns(t.source ?? source, first.names, t.names);
    }
  }
  const n = tables.reduce((s, t) => s + t.nRows, 0);
  const columns: Column[] = first.names.map((name) => {
    const parts = tables.map((t) => t.columns.get(name)!);
    if (parts.every((c) => c.kind === 'numeric')) {
      const values = new Float64Array(n);
      let at = 0;
      for (const c of parts) {
        if (c.kind !== 'numeric') continue;
        values.set(c.values, at);
        at += c.values.length;
      }
      return { kind: 'numeric', name, values };
    }
    const levels: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(n);
    let at = 0;
    const code = (text: string): number => {
      let c = index.get(text);
      if (c === undefined) {
        c = levels.length;
        levels.push(text);
        index.set(text, c);
      }
      return c;
    };
    for (const c of parts) {
      if (c.kind === 'numeric') {
        for (let i = 0; i < c.values.length; i++) codes[at++] = Number.isNaN(c.values[i]!) ? -1 : code(String(c.values[i]));
      } else {
        const map = c.levels.map((level) => code(level));
        for (let i = 0; i < c.codes.length; i++) codes[at++] = c.codes[i]! < 0 ? -1 : map[c.codes[i]!]!;
      }
    }
    return { kind: 'categorical', name, codes, levels };
  });
  return createTable(columns, { source });
}
