// Sharded scoring through a real Redis (Debian's redis-server on a loopback port) and two liftwise worker
// processes: the scores equal the local sharded score's and the one-file score's, cell for cell; a worker
// killed while it scores a shard has that shard retried on the other worker, and the scores are unchanged.
// Skipped with a message when redis-server is absent, except in CI where it must be there (.ci/run installs it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readTable } from '../../src/data/read.js';
import { writeTable } from '../../src/data/write.js';
import { categoricalColumn, createTable, numericColumn } from '../../src/data/table.js';
import { Random } from '../../src/util/random.js';
import { cli as inProcess, listDir, tempDir } from '../helpers/cli.js';
import { cli, redisPresent, startLoggingWorker, startRedis } from './redis-helpers.js';
import { tableCells } from '../helpers/table-cells.js';

const SHARDS = 5;
const ROWS = 20_000;

describe.skipIf(!redisPresent)('score --shards --redis with two liftwise workers', () => {
  const dir = tempDir('liftwise-score-workers-');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `redis://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  const workers: Array<{ child: ChildProcess; log: () => string }> = [];
  /** Called with each worker's stderr as it comes (worker number, text), during the fault run. */
  let onWorker: ((w: number, text: string) => void) | undefined;

  beforeAll(async () => {
    children.push(await startRedis(port));
    const rng = new Random(11);
    // Training rows: uplift of the 'email' arm where x1 > 0, of 'sms' where x2 > 0; ids with leading zeros.
    const n = 1500;
    const x1 = Array.from({ length: n }, () => rng.normal());
    const x2 = Array.from({ length: n }, () => rng.normal());
    const arm = Array.from({ length: n }, () => ['control', 'email', 'sms'][rng.int(3)]!);
    const y = x1.map((a, i) => (rng.uniform() < 0.2 + (arm[i] === 'email' && a > 0 ? 0.2 : 0) + (arm[i] === 'sms' && x2[i]! > 0 ? 0.1 : 0) ? 1 : 0));
    await writeTable(join(dir, 'train.csv'), createTable([numericColumn('x1', x1), numericColumn('x2', x2), categoricalColumn('arm', arm), numericColumn('y', y)]));
    const fit = await inProcess(['fit', '--data', join(dir, 'train.csv'), '--treatment', 'arm', '--outcome', 'y', '--method', 'two-model', '--learner', 'forest', '--trees', '30', '--out', join(dir, 'model.json'), '--quiet']);
    expect(fit.code, fit.stderr).toBe(0);
    mkdirSync(join(dir, 'data'));
    for (let s = 0; s < SHARDS; s++) {
      const ids = Array.from({ length: ROWS }, (_, i) => String(s * ROWS + i).padStart(8, '0'));
      const region = Array.from({ length: ROWS }, () => ['north', 'south'][rng.int(2)]!);
      const a = Array.from({ length: ROWS }, () => rng.normal());
      const b = Array.from({ length: ROWS }, () => rng.normal());
      await writeTable(join(dir, 'data', `part-${s}.parquet`), createTable([categoricalColumn('id', ids), numericColumn('x1', a), numericColumn('x2', b), categoricalColumn('region', region)]));
    }
    workers.push(...(await Promise.all([0, 1].map((w) => startLoggingWorker(url, (text) => onWorker?.(w, text))))));
    children.push(...workers.map((w) => w.child));
  }, 60_000);

  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  const common = (out: string): string[] => ['score', '--model', join(dir, 'model.json'), '--shards', join(dir, 'data'), '--id', 'id', '--keep', 'region', '--out', join(dir, out)];

  it('writes the one-file score, shard by shard, and keeps it when a worker is killed mid-job', async () => {
    const whole = await inProcess(['score', '--model', join(dir, 'model.json'), '--data', join(dir, 'data'), '--id', 'id', '--keep', 'region', '--out', join(dir, 'whole.parquet')]);
    expect(whole.code, whole.stderr).toBe(0);
    const expected = tableCells(await readTable(join(dir, 'whole.parquet')));
    expect(expected.length).toBe(4); // id, region, uplift_email, uplift_sms
    expect(expected[0]!.slice(0, 2)).toEqual(['00000000', '00000001']);

    const local = await inProcess([...common('local'), '--quiet']);
    expect(local.code, local.stderr).toBe(0);
    expect(tableCells(await readTable(join(dir, 'local')))).toEqual(expected);

    const distributed = await cli([...common('redis'), '--redis', url, '--json']).done;
    expect(distributed.code, distributed.stderr).toBe(0);
    expect(distributed.stderr).toMatch(new RegExp(`scored shards ${SHARDS}/${SHARDS}`));
    expect(JSON.parse(distributed.stdout)).toMatchObject({ shards: SHARDS, rows: SHARDS * ROWS, arms: ['email', 'sms'] });
    expect(listDir(join(dir, 'redis'))).toEqual(Array.from({ length: SHARDS }, (_, s) => `part-${s}.parquet`));
    expect(tableCells(await readTable(join(dir, 'redis')))).toEqual(expected);

    // The first worker to start a shard is killed at once: its lock lapses (2 s) and the other scores that shard.
    let cut: { worker: number; shard: string } | undefined;
    onWorker = (w, text) => {
      const started = /score-shard (part-\d\.parquet): started/.exec(text);
      if (cut === undefined && started !== null) {
        cut = { worker: w, shard: started[1]! };
        workers[w]!.child.kill('SIGKILL');
      }
    };
    const before = workers.map((w) => w.log().length);
    const faulted = await cli([...common('redis-fault'), '--redis', url]).done;
    expect(faulted.code, faulted.stderr).toBe(0);
    expect(cut).toBeDefined();
    const { worker, shard } = cut!;
    // The killed worker never finished that shard; the other one did, in this run.
    const killedLog = workers[worker]!.log().slice(before[worker]);
    expect(killedLog).toContain(`score-shard ${shard}: started`);
    expect(killedLog).not.toContain(`score-shard ${shard}: done in`);
    expect(workers[1 - worker]!.log().slice(before[1 - worker])).toContain(`score-shard ${shard}: done in`);
    expect(tableCells(await readTable(join(dir, 'redis-fault')))).toEqual(expected);
  }, 120_000);

  it('refuses draws and intervals with --shards (exit 2) and leaves no folder', async () => {
    const r = await inProcess(['score', '--model', join(dir, 'model.json'), '--shards', join(dir, 'data'), '--interval', '0.9', '--out', join(dir, 'draws')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_NOT_WITH_SHARDS: --interval does not work with --shards/);
    expect(listDir(dir)).not.toContain('draws');
  });
});
