/**
 * Parquet in and out, with hyparquet and hyparquet-writer (pure JavaScript;
 * chosen over parquet-wasm + apache-arrow by bench/parquet-read.bench.mjs:
 * half the CPU, two thirds of the memory and 1/40 of the install size, see
 * BENCHMARKS.md "Reading Parquet").
 *
 * Parquet columns map onto the Table's two kinds: numbers and booleans
 * become numeric columns (null = NaN), text becomes a categorical column
 * (null = −1) whose levels are the texts exactly, so an id such as '007'
 * stays '007' and is written back as text. Rows keep their file order.
 */
import { promises as fs } from 'node:fs';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, type FileMetaData } from 'hyparquet';
import { fileWriter, parquetWrite } from 'hyparquet-writer';
import type { ColumnKind } from './builders.js';
import { createTable, type Column, type Table } from './table.js';
import { parseNumber } from './numbers.js';
import { dataErrors } from './messages.js';
import { writeAtomically } from '../util/atomic.js';
import { ParquetCorruption, readPlainColumn, readPlainTextColumn } from './parquet-plain.js';

export { isParquetPath } from './parquet-path.js';

export interface ReadParquetOptions {
  /** Declared kinds: a text column declared numeric is parsed (an error names the row), a numeric one declared categorical becomes text. */
  readonly schema?: Readonly<Record<string, ColumnKind>>;
  /** Keep only these columns, in this order. */
  readonly columns?: readonly string[];
}

/** The column names of a Parquet file, from its footer alone. */
export async function parquetColumnNames(file: string): Promise<string[]> {
  const { metadata } = await openParquet(file);
  return topLevelNames(metadata);
}

/** The number of rows of a Parquet file, from its footer alone. */
export async function parquetRowCount(file: string): Promise<number> {
  const { metadata } = await openParquet(file);
  return Number(metadata.num_rows);
}

/**
 * Reads a Parquet file into a Table.
 *
 * @example
 * await writeTable('out/part-0.parquet', createTable([numericColumn('id', [1, 2]), numericColumn('uplift_email', [0.1, 0.3]), numericColumn('x', [5, 6])]));
 * const table = await readParquet('out/part-0.parquet', { columns: ['id', 'uplift_email'] });
 * [...table.columns.keys()]; // ['id', 'uplift_email']
 * table.columns.get('uplift_email')!.values; // Float64Array [0.1, 0.3]
 */
export async function readParquet(file: string, options: ReadParquetOptions = {}): Promise<Table> {
  const { buffer, metadata } = await openParquet(file);
  const names = topLevelNames(metadata);
  for (const name of Object.keys(options.schema ?? {})) {
    if (!names.includes(name)) throw dataErrors.unknownSchemaColumn(file, name, names);
  }
  const wanted = options.columns ?? names;
  for (const name of wanted) if (!names.includes(name)) throw dataErrors.unknownColumn(file, name, 'requested', names);
  const n = Number(metadata.num_rows);
  if (n === 0) throw dataErrors.noDataRows(file);
  const types = new Map(metadata.schema.slice(1).map((s) => [s.name, s]));
  for (const name of wanted) {
    const type = types.get(name)!.type;
    if (type !== 'DOUBLE' && type !== 'FLOAT' && type !== 'INT32' && type !== 'INT64' && type !== 'BOOLEAN' && type !== 'BYTE_ARRAY') {
      throw dataErrors.parquetType(file, name, String(type));
    }
  }
  // Each column's cells: PLAIN REQUIRED numbers and texts straight from their pages (./parquet-plain.ts), the rest
  // through hyparquet (typed arrays for numbers, strings for text), placed at their rows.
  const cells = new Map<string, unknown[] | Float64Array>();
  const texts = new Map<string, Column>();
  const handle = await fs.open(file, 'r');
  try {
    for (const name of wanted) {
      try {
        if (types.get(name)!.type === 'BYTE_ARRAY') {
          // Text declared numeric is parsed cell by cell below (an error names the row).
          const text = options.schema?.[name] === 'numeric' ? undefined : await readPlainTextColumn(handle, metadata, name);
          if (text !== undefined) texts.set(name, { kind: 'categorical', name, ...text });
        } else {
          const plain = await readPlainColumn(handle, metadata, name);
          if (plain !== undefined) cells.set(name, plain);
        }
      } catch (e) {
        if (e instanceof ParquetCorruption) throw dataErrors.badParquetColumn(file, name, `${e.message}: the file is damaged or was not fully written`);
        throw e;
      }
    }
  } finally {
    await handle.close();
  }
  for (const name of wanted) {
    if (cells.has(name) || texts.has(name)) continue;
    const type = types.get(name)!.type;
    const target = type === 'BYTE_ARRAY' || type === 'INT64' ? new Array<unknown>(n) : new Float64Array(n);
    cells.set(name, target);
    // One column per read, so a damaged column is named in the message.
    try {
      await parquetRead({
        file: buffer,
        metadata,
        columns: [name],
        onChunk: ({ columnName, columnData, rowStart }) => {
          if (columnName !== name) return;
          const end = Math.min(columnData.length, n - rowStart);
          if (target instanceof Float64Array) {
            for (let i = 0; i < end; i++) {
              const v = columnData[i] as number | boolean | null;
              target[rowStart + i] = v === null ? NaN : Number(v);
            }
          } else {
            for (let i = 0; i < end; i++) target[rowStart + i] = columnData[i];
          }
        },
      });
    } catch (e) {
      throw dataErrors.badParquetColumn(file, name, e instanceof Error ? e.message : String(e));
    }
  }
  const columns: Column[] = wanted.map((name) => texts.get(name) ?? toColumn(file, name, cells.get(name)!, options.schema?.[name]));
  return createTable(columns, { source: file });
}

/** One Parquet column's cells as a Table column of the declared (or natural) kind. */
function toColumn(file: string, name: string, cells: unknown[] | Float64Array, kind: ColumnKind | undefined): Column {
  const n = cells.length;
  if (cells instanceof Float64Array) {
    if (kind !== 'categorical') return { kind: 'numeric', name, values: cells };
    return textColumn(name, Array.from(cells, (v) => (Number.isNaN(v) ? null : String(v))));
  }
  // INT64 arrives as bigint: numeric when every value is an exact double, else text (a 19-digit id must not be rounded).
  if (cells.length > 0 && cells.some((v) => typeof v === 'bigint')) {
    const exact = cells.every((v) => v === null || v === undefined || (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER)));
    if (exact && kind !== 'categorical') return { kind: 'numeric', name, values: Float64Array.from(cells, (v) => (v === null || v === undefined ? NaN : Number(v))) };
    return textColumn(name, cells.map((v) => (v === null || v === undefined ? null : String(v))));
  }
  if (kind === 'numeric') {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = cells[i];
      if (v === null || v === undefined || v === '') {
        values[i] = NaN;
        continue;
      }
      const x = parseNumber(String(v));
      if (x === undefined) throw dataErrors.parquetNotNumeric(file, i + 1, name, String(v));
      values[i] = x;
    }
    return { kind: 'numeric', name, values };
  }
  return textColumn(name, cells.map((v) => (v === null || v === undefined ? null : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v))));
}

/** A categorical column whose levels are the texts exactly ('' is a text here, not missing: Parquet says null for missing). */
function textColumn(name: string, texts: ReadonlyArray<string | null>): Column {
  const levels: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (t === null || t === undefined) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(t);
    if (code === undefined) {
      code = levels.length;
      levels.push(t);
      index.set(t, code);
    }
    codes[i] = code;
  }
  return { kind: 'categorical', name, codes, levels };
}

async function openParquet(file: string): Promise<{ buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>; metadata: FileMetaData }> {
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw dataErrors.fileUnreadable(file, 'it is a directory');
  } catch (e) {
    if (e instanceof Error && 'exitCode' in e) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw dataErrors.fileNotFound(file);
    throw dataErrors.fileUnreadable(file, code ?? String(e));
  }
  const buffer = await asyncBufferFromFile(file);
  try {
    return { buffer, metadata: await parquetMetadataAsync(buffer) };
  } catch (e) {
    throw dataErrors.notParquet(file, e instanceof Error ? e.message : String(e));
  }
}

function topLevelNames(metadata: FileMetaData): string[] {
  // Flat files only: the root's children are the columns.
  return metadata.schema.slice(1).map((s) => s.name);
}

/**
 * Writes a Table as a Parquet file, atomically (temp file, then rename).
 * Numeric columns are DOUBLE (NaN written as null), categorical columns are
 * UTF-8 text (−1 written as null).
 */
export async function writeParquet(file: string, table: Table): Promise<void> {
  const columnData = table.names.map((name) => {
    const column = table.columns.get(name)!;
    if (column.kind === 'numeric') {
      const values = column.values;
      let nulls = false;
      for (let i = 0; i < table.nRows && !nulls; i++) nulls = Number.isNaN(values[i]!);
      // A column without missing cells is written REQUIRED: with no definition levels, readers (hyparquet
      // among them) decode it straight into an array, several times faster than an OPTIONAL one. Its
      // Float64Array goes to the writer as it is (the same file bytes as an array of numbers, without
      // building one: 10^6 rows × id + 4 doubles wrote in 1.8 instead of 2.1 CPU s at load 18).
      if (!nulls) return { name, type: 'DOUBLE' as const, data: values, nullable: false };
      return { name, type: 'DOUBLE' as const, data: Array.from(values, (v) => (Number.isNaN(v) ? null : v)), nullable: true };
    }
    const data: Array<string | null> = new Array(table.nRows);
    let nulls = false;
    for (let i = 0; i < table.nRows; i++) {
      const code = column.codes[i]!;
      data[i] = code < 0 ? null : column.levels[code]!;
      nulls ||= code < 0;
    }
    return { name, type: 'STRING' as const, data, nullable: nulls };
  });
  try {
    await writeAtomically(file, async (temp) => {
      const writer = fileWriter(temp);
      parquetWrite({ writer, columnData, rowGroupSize: 100_000 });
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw dataErrors.writeFailed(file, err.code ?? err.message);
  }
}
