/**
 * A fast path for the Parquet columns liftwise's own writer produces and its
 * scale passes read most: REQUIRED, PLAIN-encoded DOUBLE, FLOAT and INT32
 * columns, uncompressed or snappy, in DATA_PAGE or DATA_PAGE_V2 pages. Such a
 * page's values are the little-endian numbers themselves, so they are copied
 * (or snappy-decompressed) straight into the column's Float64Array.
 *
 * REQUIRED PLAIN text (BYTE_ARRAY, e.g. ids) goes the same way into the CSV
 * reader's LevelDictionary: each value's bytes are coded where they lie, a
 * string is made once per distinct text, and no intermediate array of strings
 * is built.
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
import { LevelDictionary } from './levels.js';
import { CompactReader, ThriftError, type ThriftStruct } from './thrift-compact.js';

/** The bytes of a column chunk contradict its headers. */
export class ParquetCorruption extends Error {}

/** parquet.thrift enum values used here. */
const PageType = { DATA_PAGE: 0, INDEX_PAGE: 1, DICTIONARY_PAGE: 2, DATA_PAGE_V2: 3 } as const;
const PLAIN = 0;

type NumberType = 'DOUBLE' | 'FLOAT' | 'INT32';
type PlainType = NumberType | 'BYTE_ARRAY';
const WIDTH: Record<NumberType, number> = { DOUBLE: 8, FLOAT: 4, INT32: 4 };

const littleEndian = endianness() === 'LE';

/** The column's type when every row group's chunk may be on the fast path (from the footer alone), else undefined. */
export function plainColumnType(metadata: FileMetaData, name: string): PlainType | undefined {
  if (!littleEndian) return undefined;
  const root = metadata.schema[0];
  // A flat schema only: with nested groups a top-level name is not one leaf column.
  if (root === undefined || root.num_children !== metadata.schema.length - 1) return undefined;
  const element = metadata.schema.find((s, i) => i > 0 && s.name === name);
  if (element === undefined || !(isPlainNumber(element) || isPlainText(element))) return undefined;
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

/** UTF-8 text (or unannotated bytes, which hyparquet also reads as UTF-8): not JSON, BSON, DECIMAL and the like. */
function isPlainText(element: SchemaElement): boolean {
  if (element.num_children !== undefined || element.repetition_type !== 'REQUIRED' || element.type !== 'BYTE_ARRAY') return false;
  const logical = element.logical_type;
  if (logical !== undefined && logical.type !== 'STRING') return false;
  return element.converted_type === undefined || element.converted_type === 'UTF8';
}

/**
 * Decodes the numeric column into a Float64Array of the file's rows, or
 * returns undefined when the column is not on the fast path (read it with hyparquet).
 */
export async function readPlainColumn(handle: FileHandle, metadata: FileMetaData, name: string): Promise<Float64Array | undefined> {
  const type = plainColumnType(metadata, name);
  if (type === undefined || type === 'BYTE_ARRAY') return undefined;
  const width = WIDTH[type];
  const out = new Float64Array(Number(metadata.num_rows));
  const taken = await eachRowGroup(handle, metadata, name, (pages, rowStart) => {
    let row = rowStart;
    for (const page of pages) {
      if (page.size !== page.count * width) throw new ParquetCorruption(`a page of ${page.count} ${type} values has ${page.size} bytes, not ${page.count * width}`);
      place(page, type, out, row);
      row += page.count;
    }
  });
  return taken ? out : undefined;
}

/**
 * Decodes the text column into codes and levels (levels in order of first
 * appearance, as the CSV reader and textColumn make them), or returns
 * undefined when the column is not on the fast path.
 */
export async function readPlainTextColumn(handle: FileHandle, metadata: FileMetaData, name: string): Promise<{ codes: Int32Array; levels: string[] } | undefined> {
  if (plainColumnType(metadata, name) !== 'BYTE_ARRAY') return undefined;
  const codes = new Int32Array(Number(metadata.num_rows));
  const dictionary = new LevelDictionary();
  const taken = await eachRowGroup(handle, metadata, name, (pages, rowStart) => {
    let row = rowStart;
    for (const page of pages) {
      const raw = page.compressed ? unsnappy(page.body, new Uint8Array(page.size)) : page.body;
      // One Buffer view per page: the dictionary makes a level's string from it (a view per value was 15 % of the time).
      const values = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
      let pos = 0;
      for (let k = 0; k < page.count; k++) {
        if (pos + 4 > values.length) throw new ParquetCorruption(`a page of ${page.count} texts ends after ${k}`);
        const length = values[pos]! | (values[pos + 1]! << 8) | (values[pos + 2]! << 16) | (values[pos + 3]! << 24);
        const start = pos + 4;
        if (length < 0 || start + length > values.length) throw new ParquetCorruption(`text ${k + 1} of a page of ${page.count} runs past the page`);
        codes[row++] = dictionary.codeOfBytes(values, start, start + length);
        pos = start + length;
      }
      if (pos !== values.length) throw new ParquetCorruption(`a page of ${page.count} texts has ${values.length - pos} bytes left over`);
    }
  });
  return taken ? { codes, levels: dictionary.levels } : undefined;
}

/** One data page on the fast path: its values' bytes as stored, and how many values they hold. */
interface DataPage {
  readonly count: number;
  readonly body: Uint8Array;
  readonly compressed: boolean;
  /** Bytes of the values once decompressed. */
  readonly size: number;
}

/**
 * Reads each row group's chunk of the column and hands its data pages to
 * `decode` with the group's first row; false as soon as a chunk is not PLAIN
 * data, so the column falls back as a whole.
 */
async function eachRowGroup(handle: FileHandle, metadata: FileMetaData, name: string, decode: (pages: DataPage[], rowStart: number) => void): Promise<boolean> {
  const n = Number(metadata.num_rows);
  const fileSize = (await handle.stat()).size;
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const meta = group.columns.find((c) => c.meta_data?.path_in_schema[0] === name)!.meta_data!;
    const rows = Number(group.num_rows);
    if (rowStart + rows > n) throw new ParquetCorruption(`the row groups hold more rows than the footer's ${n}`);
    const offset = Number(meta.data_page_offset);
    const length = Number(meta.total_compressed_size);
    if (offset < 0 || length < 0 || offset + length > fileSize) throw new ParquetCorruption(`the column chunk (bytes ${offset}–${offset + length}) runs past the end of the file (${fileSize} bytes)`);
    const pages = dataPages(await readChunk(handle, offset, length), meta.codec === 'SNAPPY', rows);
    if (pages === undefined) return false;
    decode(pages, rowStart);
    rowStart += rows;
  }
  if (rowStart !== n) throw new ParquetCorruption(`the row groups hold ${rowStart} rows, the footer says ${n}`);
  return true;
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
 * The data pages of one row group's chunk holding `rows` values; undefined when a page is not PLAIN data
 * (a dictionary page, another encoding, levels in a REQUIRED column).
 */
function dataPages(bytes: Uint8Array, snappy: boolean, rows: number): DataPage[] | undefined {
  const pages: DataPage[] = [];
  let pos = 0;
  let values = 0;
  while (values < rows) {
    if (pos >= bytes.length) throw new ParquetCorruption(`the column chunk ends after ${values} of its ${rows} values`);
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
    if (pageType === PageType.DICTIONARY_PAGE) return undefined;
    let count: number;
    let compressed = snappy;
    if (pageType === PageType.DATA_PAGE) {
      const data = struct(header, 5, 'data_page_header');
      if (int(data, 2, 'encoding') !== PLAIN) return undefined;
      count = int(data, 1, 'num_values');
    } else if (pageType === PageType.DATA_PAGE_V2) {
      const data = struct(header, 8, 'data_page_header_v2');
      if (int(data, 4, 'encoding') !== PLAIN) return undefined;
      // A REQUIRED flat column has no levels; a writer that wrote some anyway is left to hyparquet.
      if (int(data, 5, 'definition_levels_byte_length') !== 0 || int(data, 6, 'repetition_levels_byte_length') !== 0) return undefined;
      count = int(data, 1, 'num_values');
      if (int(data, 2, 'num_nulls') !== 0) throw new ParquetCorruption('a page of a REQUIRED column counts nulls');
      compressed &&= data.get(7) !== false;
    } else {
      throw new ParquetCorruption(`unknown page type ${pageType}`);
    }
    if (count < 0 || values + count > rows) throw new ParquetCorruption(`the pages hold more values than the row group's ${rows} rows`);
    if (!compressed && compressedSize !== uncompressedSize) throw new ParquetCorruption(`an uncompressed page's sizes differ (${compressedSize} and ${uncompressedSize} bytes)`);
    pages.push({ count, body: bytes.subarray(body, pos), compressed, size: uncompressedSize });
    values += count;
  }
  return pages;
}

/** Copies (or decompresses) a page's numbers into out[row…]. */
function place(page: DataPage, type: NumberType, out: Float64Array, row: number): void {
  const { body, compressed, count } = page;
  if (type === 'DOUBLE') {
    // The doubles' bytes go straight into the column's own memory: no intermediate array, no per-value loop.
    const target = new Uint8Array(out.buffer, out.byteOffset + row * 8, count * 8);
    if (compressed) unsnappy(body, target);
    else target.set(body);
    return;
  }
  // 4-byte values: into an aligned buffer first (a page may start at any byte), then widened one by one.
  const aligned = new Uint8Array(count * 4);
  if (compressed) unsnappy(body, aligned);
  else aligned.set(body);
  const typed = type === 'FLOAT' ? new Float32Array(aligned.buffer, 0, count) : new Int32Array(aligned.buffer, 0, count);
  for (let i = 0; i < count; i++) out[row + i] = typed[i]!;
}

function unsnappy(input: Uint8Array, output: Uint8Array): Uint8Array {
  try {
    snappyUncompress(input, output);
  } catch (e) {
    throw new ParquetCorruption(`bad snappy data (${e instanceof Error ? e.message : String(e)})`);
  }
  return output;
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
