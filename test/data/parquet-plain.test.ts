// The fast path for PLAIN REQUIRED numbers and texts (src/data/parquet-plain.ts) against hyparquet, the reference reader:
// files from hyparquet-writer (DATA_PAGE_V2) with several page sizes, both codecs liftwise reads, one or several
// row groups of uneven sizes, and columns the fast path must decline (dictionary, OPTIONAL) beside
// the ones it takes; files with DATA_PAGE (v1) pages built here page by page, as pyarrow and Spark write them;
// and damaged files, which are input errors (exit 2) naming the file and the column.
import { describe, expect, it } from 'vitest';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects, type CompressionCodec } from 'hyparquet';
import { parquetWriteBuffer, ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { readTable } from '../../src/data/read.js';
import { writeTable } from '../../src/data/write.js';
import { categoricalColumn, createTable, numericColumn, type Table } from '../../src/data/table.js';
import { readPlainColumn, readPlainTextColumn } from '../../src/data/parquet-plain.js';
import { CompactReader } from '../../src/data/thrift-compact.js';
import { Random } from '../../src/util/random.js';
import { cli, tempDir } from '../helpers/cli.js';

const dir = tempDir('liftwise-pq-plain-');
const n = 3000;

/** Columns of n rows; `nan` puts a NaN in d (liftwise writes such a column OPTIONAL: NaN is its missing cell). */
function columnsOf(seed: number, nan = true) {
  const rng = new Random(seed);
  const d = Array.from({ length: n }, () => rng.normal() * 1e3);
  // Values that must survive bit for bit.
  d[0] = -0;
  d[1] = nan ? Number.NaN : 1;
  d[2] = Number.POSITIVE_INFINITY;
  d[3] = Number.MIN_VALUE;
  return {
    d,
    f: Array.from(new Float32Array(Array.from({ length: n }, () => rng.normal() * 50))),
    i: Array.from({ length: n }, () => rng.int(2_000_000_000) - 1_000_000_000),
    few: Array.from({ length: n }, () => [0.5, 1.5, 2.5][rng.int(3)]!),
    opt: Array.from({ length: n }, () => (rng.uniform() < 0.1 ? null : rng.normal())),
    t: Array.from({ length: n }, (_, k) => `id-${k}`),
    // Text with repeats, '' and non-ASCII, but too many distinct values for a dictionary: PLAIN.
    u: Array.from({ length: n }, (_, k) => (k % 7 === 0 ? '' : k % 5 === 0 ? `zoë-${k % 1000}` : k % 3 === 0 ? `🙂${k % 1500}` : `v${k}`)),
    region: Array.from({ length: n }, () => ['north', 'south', 'east'][rng.int(3)]!),
  };
}

/** hyparquet's cells of each column, as readTable's numbers (null = NaN). */
async function reference(file: string): Promise<Record<string, unknown[]>> {
  const bytes = await readFile(file);
  const rows = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer })) as Record<string, unknown>[];
  const out: Record<string, unknown[]> = {};
  for (const name of Object.keys(rows[0]!)) out[name] = rows.map((r) => (r[name] === null ? Number.NaN : typeof r[name] === 'string' ? r[name] : Number(r[name])));
  return out;
}

/** A text column's cells, checking its levels are distinct and in order of first appearance (as textColumn makes them). */
function texts(table: Table, name: string): string[] {
  const c = table.columns.get(name)!;
  if (c.kind !== 'categorical') throw new Error(`${name} is not text`);
  expect(new Set(c.levels).size).toBe(c.levels.length);
  let next = 0;
  for (const code of c.codes) if (code === next) next++;
  expect(next).toBe(c.levels.length);
  return Array.from(c.codes, (code) => c.levels[code]!);
}

function numbers(table: Table, name: string): number[] {
  const c = table.columns.get(name)!;
  if (c.kind !== 'numeric') throw new Error(`${name} is not numeric`);
  return Array.from(c.values);
}

async function fastColumns(file: string, names: string[]): Promise<string[]> {
  const bytes = await readFile(file);
  const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const handle = await open(file, 'r');
  try {
    const taken: string[] = [];
    for (const name of names) {
      if ((await readPlainColumn(handle, metadata, name)) !== undefined || (await readPlainTextColumn(handle, metadata, name)) !== undefined) taken.push(name);
    }
    return taken;
  } finally {
    await handle.close();
  }
}

describe('PLAIN REQUIRED numbers from hyparquet-writer files', () => {
  const layouts: Array<[CompressionCodec, number | undefined, number | number[]]> = [
    ['SNAPPY', undefined, n],
    ['UNCOMPRESSED', undefined, n],
    ['SNAPPY', 4096, 1000],
    ['UNCOMPRESSED', 4096, [700, 1500, 800]],
    ['SNAPPY', 100, [700, 1500, 800]],
    ['UNCOMPRESSED', 100, 1000],
  ];
  it.each(layouts)('%s, page size %s, row groups %j: the same cells as hyparquet', async (codec, pageSize, rowGroupSize) => {
    const c = columnsOf(7);
    const file = join(dir, `hw-${codec}-${pageSize}-${String(rowGroupSize)}.parquet`);
    const buffer = parquetWriteBuffer({
      codec,
      ...(pageSize === undefined ? {} : { pageSize }),
      rowGroupSize,
      columnData: [
        { name: 'd', data: c.d, type: 'DOUBLE', nullable: false },
        { name: 'f', data: c.f, type: 'FLOAT', nullable: false },
        { name: 'i', data: c.i, type: 'INT32', nullable: false },
        { name: 'few', data: c.few, type: 'DOUBLE', nullable: false },
        { name: 'opt', data: c.opt, type: 'DOUBLE', nullable: true },
        { name: 't', data: c.t, type: 'STRING', nullable: false },
        { name: 'u', data: c.u, type: 'STRING', nullable: false },
        { name: 'region', data: c.region, type: 'STRING', nullable: false },
        { name: 'topt', data: c.t.map((v, k) => (k % 11 === 0 ? null : v)), type: 'STRING', nullable: true },
      ],
    });
    await writeFile(file, new Uint8Array(buffer));
    // The fast path takes exactly the PLAIN REQUIRED numbers and texts (few, region: dictionary; opt, topt: OPTIONAL).
    expect(await fastColumns(file, ['d', 'f', 'i', 'few', 'opt', 't', 'u', 'region', 'topt'])).toEqual(['d', 'f', 'i', 't', 'u']);
    const table = await readTable(file);
    const ref = await reference(file);
    for (const name of ['d', 'f', 'i', 'few', 'opt']) expect(numbers(table, name), name).toEqual(ref[name]);
    for (const name of ['t', 'u', 'region']) expect(texts(table, name), name).toEqual(ref[name]);
    expect(texts(table, 'u')).toEqual(c.u);
    expect(table.columns.get('topt')).toMatchObject({ kind: 'categorical' });
    // Against the written values too (hyparquet is the reference, not the truth): -0, NaN and ±∞ kept bit for bit.
    expect(Object.is(numbers(table, 'd')[0], -0)).toBe(true);
    expect(numbers(table, 'd')).toEqual(c.d);
    expect(numbers(table, 'i')).toEqual(c.i);
    expect(numbers(table, 'f')).toEqual(c.f);
  });

  it("reads liftwise's own files on the fast path: every column without missing cells", async () => {
    const c = columnsOf(8, false);
    const file = join(dir, 'own.parquet');
    await writeTable(file, createTable([categoricalColumn('id', c.t), numericColumn('d', c.d), numericColumn('opt', c.opt.map((v) => v ?? Number.NaN))]));
    expect(await fastColumns(file, ['id', 'd', 'opt'])).toEqual(['id', 'd']);
    const table = await readTable(file);
    expect(numbers(table, 'd')).toEqual(c.d);
    expect(texts(table, 'id')).toEqual(c.t);
    expect(numbers(table, 'opt')).toEqual((await reference(file)).opt);
  });
});

/** A file of DATA_PAGE (v1) pages: one REQUIRED DOUBLE column 'x' and one INT32 column 'k', `pageRows` values a page. */
async function writeV1(file: string, x: number[], k: number[], groups: number[], pageRows: number, codec: 'SNAPPY' | 'UNCOMPRESSED'): Promise<void> {
  const w = new ByteWriter();
  w.appendUint32(0x31524150);
  const rowGroups: Array<{ columns: object[]; total_byte_size: bigint; num_rows: bigint }> = [];
  let start = 0;
  for (const rows of groups) {
    const chunks = [];
    for (const [name, type, values] of [
      ['x', 'DOUBLE', x],
      ['k', 'INT32', k],
    ] as const) {
      const offset = w.offset;
      let uncompressedTotal = 0;
      for (let p = start; p < start + rows; p += pageRows) {
        const part = values.slice(p, Math.min(p + pageRows, start + rows));
        const plain = new Uint8Array(type === 'DOUBLE' ? new Float64Array(part).buffer : new Int32Array(part).buffer);
        const body = codec === 'SNAPPY' ? snappyCompress(plain) : plain;
        const before = w.offset;
        writePageHeader(w, {
          type: 'DATA_PAGE',
          uncompressed_page_size: plain.length,
          compressed_page_size: body.length,
          data_page_header: { num_values: part.length, encoding: 'PLAIN', definition_level_encoding: 'RLE', repetition_level_encoding: 'RLE' },
        });
        w.appendBytes(body);
        uncompressedTotal += w.offset - before - body.length + plain.length;
      }
      chunks.push({
        file_offset: BigInt(offset),
        meta_data: {
          type,
          encodings: ['PLAIN' as const],
          path_in_schema: [name],
          codec,
          num_values: BigInt(rows),
          total_uncompressed_size: BigInt(uncompressedTotal),
          total_compressed_size: BigInt(w.offset - offset),
          data_page_offset: BigInt(offset),
        },
      });
    }
    rowGroups.push({ columns: chunks, total_byte_size: 0n, num_rows: BigInt(rows) });
    start += rows;
  }
  const metadata = {
    version: 1,
    schema: [
      { name: 'root', num_children: 2 },
      { name: 'x', type: 'DOUBLE' as const, repetition_type: 'REQUIRED' as const },
      { name: 'k', type: 'INT32' as const, repetition_type: 'REQUIRED' as const },
    ],
    num_rows: BigInt(start),
    row_groups: rowGroups,
    created_by: 'liftwise test (DATA_PAGE v1)',
  };
  writeMetadata(w, metadata as unknown as Parameters<typeof writeMetadata>[1]);
  w.appendUint32(0x31524150);
  await writeFile(file, w.getBytes());
}

describe('DATA_PAGE (v1) pages', () => {
  it.each([['SNAPPY'], ['UNCOMPRESSED']] as const)('%s: the same cells as hyparquet and as written', async (codec) => {
    const rng = new Random(9);
    const x = Array.from({ length: 2500 }, () => rng.normal());
    const k = Array.from({ length: 2500 }, () => rng.int(1 << 30) - (1 << 29));
    const file = join(dir, `v1-${codec}.parquet`);
    await writeV1(file, x, k, [1000, 1, 1499], 333, codec);
    expect(await fastColumns(file, ['x', 'k'])).toEqual(['x', 'k']);
    const table = await readTable(file);
    const ref = await reference(file);
    expect(numbers(table, 'x')).toEqual(ref.x);
    expect(numbers(table, 'k')).toEqual(ref.k);
    expect(numbers(table, 'x')).toEqual(x);
    expect(numbers(table, 'k')).toEqual(k);
  });
});

describe('damaged files', () => {
  /**
   * A liftwise file whose column `name`'s first page is overwritten with 0xFF from `skip` bytes into the chunk
   * (skip 'snappy': the first tag of the snappy stream, after the page header and the stream's length varint;
   * damage inside a literal run is undetectable, raw snappy carries no checksum).
   */
  async function damaged(tag: string, name: string, skip: number | 'snappy', length: number): Promise<string> {
    const c = columnsOf(10, false);
    const file = join(dir, `damaged-${tag}.parquet`);
    await writeTable(file, createTable([categoricalColumn('id', c.t), numericColumn('d', c.d)]));
    const bytes = await readFile(file);
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const meta = metadata.row_groups[0]!.columns.find((col) => col.meta_data!.path_in_schema[0] === name)!.meta_data!;
    let at = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
    if (skip === 'snappy') {
      const header = new CompactReader(bytes, at, bytes.length);
      header.readStruct();
      at = header.pos;
      while (bytes[at]! >= 0x80) at++;
      at++;
    } else at += skip;
    bytes.fill(0xff, at, at + length);
    await writeFile(file, bytes);
    return file;
  }

  it('a bad page header of a fast-path column names the file and the column', async () => {
    const file = await damaged('header', 'd', 0, 4);
    await expect(readTable(file)).rejects.toMatchObject({ code: 'E_BAD_PARQUET', exitCode: 2, where: { file, column: 'd' }, message: expect.stringContaining('bad page header') });
  });

  it('bad snappy data of a fast-path column names the file and the column', async () => {
    const file = await damaged('snappy', 'd', 'snappy', 1);
    await expect(readTable(file)).rejects.toMatchObject({ code: 'E_BAD_PARQUET', exitCode: 2, where: { file, column: 'd' }, message: expect.stringContaining('snappy') });
  });

  it('a damaged column read by hyparquet names the column too; the CLI exits 2 with no output file', async () => {
    const file = await damaged('text', 'id', 0, 4);
    await expect(readTable(file, { columns: ['id'] })).rejects.toMatchObject({ code: 'E_BAD_PARQUET', exitCode: 2, where: { file, column: 'id' } });
    const out = join(dir, 'never.parquet');
    const r = await cli(['allocate', '--scores', await damaged('cli', 'd', 0, 4), '--budget', '10', '--cost', '1', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/column 'd'/);
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
