/**
 * A fast path for the Parquet columns liftwise's own writer produces and its
 * scale passes read most: REQUIRED, PLAIN-encoded DOUBLE, FLOAT and INT32
 * columns, uncompressed or snappy, in DATA_PAGE or DATA_PAGE_V2 pages. Such a
 * page's values are the little-endian numbers themselves, so they are copied
 * (or snappy-decompressed) straight into the column's Float64Array.
 * hyparquet decodes the same column through its generic page reader and a
 * per-value copy out of its chunks: on one 200,000-row shard 0.93 CPU s
 * against 0.077 here (bench/parquet-read.bench.mjs, BENCHMARKS.md "Reading
 * Parquet").
 *
 * Anything else — OPTIONAL columns, dictionary pages, other encodings or
 * codecs, logical types such as DECIMAL or DATE, a big-endian machine — is
 * declined (undefined), and the caller reads the column with hyparquet. A
 * column that is on the fast path but whose bytes contradict its headers
 * (sizes, counts, snappy stream) throws a ParquetCorruption naming what is
 * wrong; the caller adds the file and the column.
 *
 * Page headers are Thrift compact-protocol structs (parquet.thrift PageHeader,
 * DataPageHeader, DataPageHeaderV2), read by ./thrift-compact.ts.
 */
import type { FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { snappyUncompress, type FileMetaData, type SchemaElement } from 'hyparquet';
import { CompactReader, ThriftError, type ThriftStruct } from './thrift-compact.js';

/** The bytes of a column chunk contradict its headers. */
export class ParquetCorruption extends Error {}

/** parquet.thrift enum values used here. */
const PageType = { DATA_PAGE: 0, INDEX_PAGE: 1, DICTIONARY_PAGE: 2, DATA_PAGE_V2: 3 } as const;
const PLAIN = 0;

type PlainType = 'DOUBLE' | 'FLOAT' | 'INT32';
const WIDTH: Record<PlainType, number> = { DOUBLE: 8, FLOAT: 4, INT32: 4 };

const littleEndian = endianness() === 'LE';

/** The column's type when every row group's chunk may be on the fast path (from the footer alone), else undefined. */
export function plainColumnType(metadata: FileMetaData, name: string): PlainType | undefined {
  if (!littleEndian) return undefined;
  const root = metadata.schema[0];
  // A flat schema only: with nested groups a top-level name is not one leaf column.
  if (root === undefined || root.num_children !== metadata.schema.length - 1) return undefined;
  const element = metadata.schema.find((s, i) => i > 0 && s.name === name);
  if (element === undefined || !isPlainNumber(element)) return undefined;
  for (const group of metadata.row_groups) {
    const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name);
    const meta = chunk?.meta_data;
    if (meta === undefined || chunk!.file_path !== undefined || meta.type !== element.type) return undefined;
    if (meta.dictionary_page_offset !== undefined && meta.dictionary_page_offset > 0n) return undefined;
    if (meta.codec !== 'UNCOMPRESSED' && meta.codec !== 'SNAPPY') return undefined;
    if (!meta.encodings.includes('PLAIN') || meta.encodings.some((e) => e.endsWith('DICTIONARY'))) return undefined;
  }
  return element.type as PlainType;
}

function isPlainNumber(element: SchemaElement): boolean {
  if (element.num_children !== undefined || element.repetition_type !== 'REQUIRED') return false;
  if (element.type !== 'DOUBLE' && element.type !== 'FLOAT' && element.type !== 'INT32') return false;
  // A converted or logical type changes what the numbers mean (DECIMAL scales, DATE, unsigned), except a signed 32-bit integer.
  const logical = element.logical_type;
  if (logical !== undefined && !(logical.type === 'INTEGER' && logical.bitWidth === 32 && logical.isSigned)) return false;
  return element.converted_type === undefined || element.converted_type === 'INT_32';
}

/**
 * Decodes the column into a Float64Array of the file's rows, or returns
 * undefined when the column is not on the fast path (read it with hyparquet).
 */
export async function readPlainColumn(handle: FileHandle, metadata: FileMetaData, name: string): Promise<Float64Array | undefined> {
  const type = plainColumnType(metadata, name);
  if (type === undefined) return undefined;
  const n = Number(metadata.num_rows);
  const fileSize = (await handle.stat()).size;
  const out = new Float64Array(n);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const meta = group.columns.find((c) => c.meta_data?.path_in_schema[0] === name)!.meta_data!;
    const rows = Number(group.num_rows);
    if (rowStart + rows > n) throw new ParquetCorruption(`the row groups hold more rows than the footer's ${n}`);
    const offset = Number(meta.data_page_offset);
    const length = Number(meta.total_compressed_size);
    if (offset < 0 || length < 0 || offset + length > fileSize) throw new ParquetCorruption(`the column chunk (bytes ${offset}–${offset + length}) runs past the end of the file (${fileSize} bytes)`);
    const bytes = await readChunk(handle, offset, length);
    const done = decodeChunk(bytes, type, meta.codec === 'SNAPPY', out, rowStart, rows);
    if (!done) return undefined;
    rowStart += rows;
  }
  if (rowStart !== n) throw new ParquetCorruption(`the row groups hold ${rowStart} rows, the footer says ${n}`);
  return out;
}

async function readChunk(handle: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(bytes, got, length - got, offset + got);
    if (bytesRead === 0) throw new ParquetCorruption('the column chunk runs past the end of the file');
    got += bytesRead;
  }
  return bytes;
}

/**
 * Decodes one row group's chunk into out[rowStart, rowStart + rows); false when a page is not PLAIN data
 * (a dictionary page, another encoding, levels in a REQUIRED column), so the column falls back as a whole.
 */
function decodeChunk(bytes: Uint8Array, type: PlainType, snappy: boolean, out: Float64Array, rowStart: number, rows: number): boolean {
  const width = WIDTH[type];
  let pos = 0;
  let row = rowStart;
  const end = rowStart + rows;
  while (row < end) {
    if (pos >= bytes.length) throw new ParquetCorruption(`the column chunk ends after ${row - rowStart} of its ${rows} values`);
    const reader = new CompactReader(bytes, pos, bytes.length);
    let header: ThriftStruct;
    try {
      header = reader.readStruct();
    } catch (e) {
      if (e instanceof ThriftError) throw new ParquetCorruption(`bad page header at byte ${pos} of the column chunk: ${e.message}`);
      throw e;
    }
    const pageType = int(header, 1, 'type');
    const uncompressedSize = int(header, 2, 'uncompressed_page_size');
    const compressedSize = int(header, 3, 'compressed_page_size');
    const body = reader.pos;
    if (compressedSize < 0 || uncompressedSize < 0 || body + compressedSize > bytes.length) {
      throw new ParquetCorruption(`a page of ${compressedSize} bytes runs past the end of the column chunk`);
    }
    pos = body + compressedSize;
    if (pageType === PageType.INDEX_PAGE) continue;
    if (pageType === PageType.DICTIONARY_PAGE) return false;
    let count: number;
    let values: Uint8Array;
    let valuesSize: number;
    let compressed = snappy;
    if (pageType === PageType.DATA_PAGE) {
      const data = struct(header, 5, 'data_page_header');
      if (int(data, 2, 'encoding') !== PLAIN) return false;
      count = int(data, 1, 'num_values');
      values = bytes.subarray(body, pos);
      valuesSize = uncompressedSize;
    } else if (pageType === PageType.DATA_PAGE_V2) {
      const data = struct(header, 8, 'data_page_header_v2');
      if (int(data, 4, 'encoding') !== PLAIN) return false;
      // A REQUIRED flat column has no levels; a writer that wrote some anyway is left to hyparquet.
      if (int(data, 5, 'definition_levels_byte_length') !== 0 || int(data, 6, 'repetition_levels_byte_length') !== 0) return false;
      count = int(data, 1, 'num_values');
      if (int(data, 2, 'num_nulls') !== 0) throw new ParquetCorruption('a page of a REQUIRED column counts nulls');
      compressed &&= data.get(7) !== false;
      values = bytes.subarray(body, pos);
      valuesSize = uncompressedSize;
    } else {
      throw new ParquetCorruption(`unknown page type ${pageType}`);
    }
    if (count < 0 || row + count > end) throw new ParquetCorruption(`the pages hold more values than the row group's ${rows} rows`);
    if (valuesSize !== count * width) throw new ParquetCorruption(`a page of ${count} ${type} values has ${valuesSize} bytes, not ${count * width}`);
    if (!compressed && values.length !== valuesSize) throw new ParquetCorruption(`an uncompressed page's sizes differ (${values.length} and ${valuesSize} bytes)`);
    place(values, compressed, type, out, row, count);
    row += count;
  }
  return true;
}

/** Copies (or decompresses) a page's `count` values into out[row…]. */
function place(values: Uint8Array, compressed: boolean, type: PlainType, out: Float64Array, row: number, count: number): void {
  if (type === 'DOUBLE') {
    // The doubles' bytes go straight into the column's own memory: no intermediate array, no per-value loop.
    const target = new Uint8Array(out.buffer, out.byteOffset + row * 8, count * 8);
    if (compressed) unsnappy(values, target);
    else target.set(values);
    return;
  }
  // 4-byte values: into an aligned buffer first (a page may start at any byte), then widened one by one.
  const aligned = new Uint8Array(count * 4);
  if (compressed) unsnappy(values, aligned);
  else aligned.set(values);
  const typed = type === 'FLOAT' ? new Float32Array(aligned.buffer, 0, count) : new Int32Array(aligned.buffer, 0, count);
  for (let i = 0; i < count; i++) out[row + i] = typed[i]!;
}

function unsnappy(input: Uint8Array, output: Uint8Array): void {
  try {
    snappyUncompress(input, output);
  } catch (e) {
    throw new ParquetCorruption(`bad snappy data (${e instanceof Error ? e.message : String(e)})`);
  }
}

function int(fields: ThriftStruct, id: number, what: string): number {
  const v = fields.get(id);
  if (typeof v !== 'number') throw new ParquetCorruption(`the page header lacks ${what}`);
  return v;
}

function struct(fields: ThriftStruct, id: number, what: string): ThriftStruct {
  const v = fields.get(id);
  if (!(v instanceof Map)) throw new ParquetCorruption(`the page header lacks ${what}`);
  return v;
}
