// Parquet in and out: a table written as Parquet and read back is the same table (ids as text stay text,
// missing cells stay missing, row order kept), a folder or glob of shards reads as the rows in shard order,
// and a corrupt file is an input error naming the file.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../src/data/read.js';
import { writeTable } from '../../src/data/write.js';
import { categoricalColumn, cellText, createTable, numericColumn, takeRows, type Table } from '../../src/data/table.js';
import { listShards } from '../../src/data/shards.js';
import { Random } from '../../src/util/random.js';

function texts(table: Table): string[][] {
  return table.names.map((name) => Array.from({ length: table.nRows }, (_, i) => cellText(table.columns.get(name)!, i)));
}

function sample(n: number, seed: number): Table {
  const rng = new Random(seed);
  const ids = Array.from({ length: n }, (_, i) => String(i).padStart(7, '0'));
  const x = Array.from({ length: n }, () => (rng.uniform() < 0.05 ? NaN : rng.normal() * 1e3));
  const region = Array.from({ length: n }, () => (rng.uniform() < 0.05 ? null : ['north', 'south', ''][rng.int(3)]!));
  return createTable([categoricalColumn('id', ids), numericColumn('x', x), categoricalColumn('region', region)]);
}

describe('Parquet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liftwise-pq-'));

  it('round-trips a table exactly: ids as text stay text, missing stays missing', async () => {
    const table = sample(5000, 1);
    await writeTable(join(dir, 'a.parquet'), table);
    const back = await readTable(join(dir, 'a.parquet'));
    expect(back.names).toEqual(['id', 'x', 'region']);
    expect(back.columns.get('id')!.kind).toBe('categorical');
    const x = back.columns.get('x')!;
    expect(x.kind === 'numeric' && Array.from(x.values)).toEqual(Array.from((table.columns.get('x') as { values: Float64Array }).values));
    expect(texts(back)[0]!.slice(0, 3)).toEqual(['0000000', '0000001', '0000002']);
    // '' was written as the text '' in categoricalColumn's input only when not missing; both sides agree cell by cell.
    expect(texts(back)).toEqual(texts(table));
  });

  it('reads a folder or a glob of shards as one table in shard order', async () => {
    const table = sample(3000, 2);
    const shardDir = join(dir, 'shards');
    await import('node:fs/promises').then((fs) => fs.mkdir(shardDir));
    const cuts = [0, 700, 1900, 3000];
    // Written in reverse so the order comes from the names, not the file system.
    for (let s = cuts.length - 2; s >= 0; s--) {
      const rows = Array.from({ length: cuts[s + 1]! - cuts[s]! }, (_, i) => cuts[s]! + i);
      await writeTable(join(shardDir, `part-${String(s).padStart(3, '0')}.parquet`), takeRows(table, rows));
    }
    expect((await listShards(join(shardDir, 'part-*.parquet'))).map((f) => f.slice(-16))).toEqual(['part-000.parquet', 'part-001.parquet', 'part-002.parquet']);
    expect(texts(await readTable(shardDir))).toEqual(texts(table));
    expect(texts(await readTable(join(shardDir, 'part-00?.parquet')))).toEqual(texts(table));
  });

  it('reads numeric text when the schema asks, and names the row of a bad cell', async () => {
    await writeTable(join(dir, 'b.parquet'), createTable([categoricalColumn('v', ['1.5', '2', 'abc'])]));
    await expect(readTable(join(dir, 'b.parquet'), { schema: { v: 'numeric' } })).rejects.toMatchObject({ code: 'E_NOT_NUMERIC', message: expect.stringContaining('row 3') });
  });

  it('reports a corrupt file and an empty glob as input errors', async () => {
    writeFileSync(join(dir, 'bad.parquet'), 'not parquet at all');
    await expect(readTable(join(dir, 'bad.parquet'))).rejects.toMatchObject({ code: 'E_BAD_PARQUET', exitCode: 2 });
    await expect(readTable(join(dir, 'none-*.parquet'))).rejects.toMatchObject({ code: 'E_NO_SHARDS', exitCode: 2 });
  });
});
