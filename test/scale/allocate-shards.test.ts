// allocate --shards as a user runs it (the built CLI, one process): the plan files, read in shard order, equal
// the in-memory allocate's plan file cell for cell (the CLI run in process, test/helpers/cli.ts) (ids, arm, arm_index, cost, expected_incremental, value) for
// uplift_<arm> scores and for a plain `uplift` column (one treated arm, as scikit-uplift and causalml write);
// CSV shards keep ids exactly as written; flags that need the data in memory or effect draws are refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTable } from '../../src/data/read.js';
import { writeTable } from '../../src/data/write.js';
import { categoricalColumn, cellText, createTable, numericColumn, type Column, type Table } from '../../src/data/table.js';
import { Random } from '../../src/util/random.js';
import { cli, listDir, tempDir } from '../helpers/cli.js';

function cells(table: Table): string[][] {
  return table.names.map((name) => [name, ...Array.from({ length: table.nRows }, (_, i) => cellText(table.columns.get(name)!, i))]);
}

describe('allocate --shards (CLI, one process)', () => {
  const dir = tempDir('liftwise-shards-cli-');
  const n = 4000;
  const S = 4;

  beforeAll(async () => {
    const rng = new Random(21);
    mkdirSync(join(dir, 'multi'));
    mkdirSync(join(dir, 'plain'));
    mkdirSync(join(dir, 'csv'));
    for (let s = 0; s < S; s++) {
      const m = n / S;
      const ids = Array.from({ length: m }, (_, i) => String(s * m + i).padStart(6, '0'));
      const multi: Column[] = [categoricalColumn('id', ids)];
      for (let k = 1; k <= 3; k++) multi.push(numericColumn(`uplift_a${k}`, Array.from({ length: m }, () => rng.normal() * 0.02 + 0.01 * k)));
      multi.push(numericColumn('cost', Array.from({ length: m }, () => 1 + rng.int(30) / 10)));
      await writeTable(join(dir, 'multi', `part-${s}.parquet`), createTable(multi));
      const uplift = Array.from({ length: m }, () => Math.round((rng.normal() * 0.03 + 0.01) * 1e4) / 1e4);
      await writeTable(join(dir, 'plain', `part-${s}.parquet`), createTable([categoricalColumn('id', ids), numericColumn('uplift', uplift)]));
      // CSV shards with ids that only survive as text (leading zeros, 'NA').
      const lines = ['customer,uplift', ...ids.map((id, i) => `${i === 0 && s === 0 ? 'NA' : id},${uplift[i]}`)];
      writeFileSync(join(dir, 'csv', `part-${s}.csv`), `${lines.join('\n')}\n`);
    }
  }, 60_000);

  it.each([
    ['uplift_<arm> columns, budget + cap, cost per unit', 'multi', ['--budget', '1500', '--max-recipients', '600', '--cost-col', 'cost', '--id', 'id']],
    ['a plain uplift column, budget + cap', 'plain', ['--budget', '500', '--max-recipients', '300', '--cost', '1', '--id', 'id']],
    ['a plain uplift column, budget only, profit', 'plain', ['--budget', '800', '--cost', '1', '--value-per-outcome', '150', '--objective', 'profit', '--id', 'id']],
  ])('%s: the in-memory plan, cell for cell', async (_label, folder, flags) => {
    const tag = `${folder}-${Math.random().toString(36).slice(2, 8)}`;
    const memory = await cli(['allocate', '--scores', join(dir, folder as string), ...(flags as string[]), '--out', join(dir, `${tag}.parquet`), '--json', '--quiet']);
    expect(memory.code, memory.stderr).toBe(0);
    const sharded = await cli(['allocate', '--shards', join(dir, folder as string, '*.parquet'), ...(flags as string[]), '--out', join(dir, tag), '--json', '--quiet']);
    expect(sharded.code, sharded.stderr).toBe(0);
    expect(listDir(join(dir, tag))).toEqual(Array.from({ length: S }, (_, s) => `part-${s}.parquet`));
    const expected = cells(await readTable(join(dir, `${tag}.parquet`)));
    expect(cells(await readTable(join(dir, tag)))).toEqual(expected);
    const [a, b] = [JSON.parse(memory.stdout), JSON.parse(sharded.stdout)];
    expect(b.recipients).toBe(a.recipients);
    expect(b.objective).toBeCloseTo(a.objective, 9);
    expect(b.arms).toEqual(a.arms);
    if (folder === 'plain') expect(Object.keys(b.arms)).toEqual(['none', 'treated']);
  });

  it('--threads 2 writes the plan of one thread, cell for cell, with the same passes', async () => {
    const flags = ['--budget', '1500', '--max-recipients', '600', '--cost-col', 'cost', '--id', 'id', '--json', '--quiet'];
    const tag = `threads-${Math.random().toString(36).slice(2, 8)}`;
    const one = await cli(['allocate', '--shards', join(dir, 'multi', '*.parquet'), ...flags, '--out', join(dir, `${tag}-1`)]);
    expect(one.code, one.stderr).toBe(0);
    const two = await cli(['allocate', '--shards', join(dir, 'multi', '*.parquet'), ...flags, '--threads', '2', '--out', join(dir, `${tag}-2`)]);
    expect(two.code, two.stderr).toBe(0);
    expect(listDir(join(dir, `${tag}-2`))).toEqual(Array.from({ length: S }, (_, s) => `part-${s}.parquet`));
    expect(cells(await readTable(join(dir, `${tag}-2`)))).toEqual(cells(await readTable(join(dir, `${tag}-1`))));
    const [a, b] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
    expect(b.objective).toBe(a.objective);
    expect(b.passes).toBe(a.passes);
    expect(b.arms).toEqual(a.arms);
  });

  it('keeps CSV shard ids exactly as written', async () => {
    const flags = ['--budget', '500', '--max-recipients', '300', '--cost', '1', '--id', 'customer', '--quiet'];
    const memory = await cli(['allocate', '--scores', join(dir, 'csv'), ...flags, '--out', join(dir, 'csv-memory.csv')]);
    expect(memory.code, memory.stderr).toBe(0);
    const sharded = await cli(['allocate', '--shards', join(dir, 'csv'), ...flags, '--out', join(dir, 'csv-plan')]);
    expect(sharded.code, sharded.stderr).toBe(0);
    const plan = await readTable(join(dir, 'csv-plan'), { exactText: ['customer'] });
    const ids = cells(plan)[0]!;
    expect(ids.slice(0, 3)).toEqual(['customer', 'NA', '000001']);
    expect(cells(plan)).toEqual(cells(await readTable(join(dir, 'csv-memory.csv'), { exactText: ['customer'] })));
  });

  it.each([
    [['--draws', 'x.lwdraws'], /E_NOT_WITH_SHARDS: --draws does not work with --shards/],
    [['--risk', 'cvar:0.1'], /E_NOT_WITH_SHARDS: --risk does not work with --shards/],
    [['--scores', 'x.csv'], /E_NOT_WITH_SHARDS: --scores does not work with --shards/],
    [['--arm-max', 'treated=10'], /E_NEEDS_MEMORY/],
    [['--max-recipients', '10%'], /E_BAD_OPTION.*a count of recipients with --shards/],
    [['--threads', '0'], /E_BAD_THREADS: field threads: --threads needs a count of threads of at least 1, got 0/],
    [['--threads', '2', '--redis', 'redis://127.0.0.1:1'], /E_USAGE: field threads: --threads splits the passes over threads/],
  ])('refuses %s with --shards (exit 2, no plan folder)', async (extra, message) => {
    const out = join(dir, `refused-${Math.random().toString(36).slice(2, 8)}`);
    const r = await cli(['allocate', '--shards', join(dir, 'plain'), '--budget', '100', '--cost', '1', ...(extra as string[]), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(listDir(dir).some((f) => f.startsWith('.liftwise-tmp-') || out.endsWith(f))).toBe(false);
  });
});
