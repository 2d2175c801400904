// A shard scored through Redis with default coordinator flags by workers with a short job lock: the worker scores
// it in blocks with job progress and a yield between them (src/scale/score-shard.ts), so BullMQ renews the lock on
// its timer and the job runs once, on one worker, instead of being taken as stalled by the other worker. The
// scores are the same bits as the one-call score of the file (`score --data`).
// Whether the job outlasts the lock depends on the machine's load: with a 1-s lock (load 10) the one-call score
// failed here ('job stalled more than allowable limit') and the block score passed, but a lock that short also failed
// the block score beside another worker test (load 15), so the lock is 4 s and this is an end-to-end check of block
// scoring and job progress through a worker; test/scale/score-shard.test.ts checks the yields on any machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readTable } from '../../src/data/read.js';
import { writeTable } from '../../src/data/write.js';
import { categoricalColumn, createTable, numericColumn } from '../../src/data/table.js';
import { Random } from '../../src/util/random.js';
import { SCORE_BLOCK_ROWS } from '../../src/scale/score-shard.js';
import { cli as inProcess, tempDir } from '../helpers/cli.js';
import { cli, redisPresent, startLoggingWorker, startRedis } from './redis-helpers.js';
import { tableCells } from '../helpers/table-cells.js';

const ROWS = 8 * SCORE_BLOCK_ROWS + 123;
// Long enough that a busy machine (load 15 on 2 cores) does not hold one block, or the shard's read, past half of it
// (at 2 s the test failed so when run beside test/scale/score-workers.test.ts).
const LOCK_SECONDS = 4;

describe.skipIf(!redisPresent)('score --shards --redis: a job longer than its lock', () => {
  const dir = tempDir('liftwise-score-lock-');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `redis://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  const workers: Array<{ child: ChildProcess; log: () => string }> = [];

  beforeAll(async () => {
    children.push(await startRedis(port));
    const rng = new Random(5);
    const n = 2000;
    const x1 = Array.from({ length: n }, () => rng.normal());
    const x2 = Array.from({ length: n }, () => rng.normal());
    const t = Array.from({ length: n }, () => rng.int(2));
    const y = x1.map((a, i) => (rng.uniform() < 0.2 + (t[i] === 1 && a > 0 ? 0.2 : 0) + 0.05 * x2[i]! ? 1 : 0));
    await writeTable(join(dir, 'train.csv'), createTable([numericColumn('x1', x1), numericColumn('x2', x2), numericColumn('t', t), numericColumn('y', y)]));
    const fit = await inProcess(['fit', '--data', join(dir, 'train.csv'), '--treatment', 't', '--outcome', 'y', '--method', 'two-model', '--learner', 'forest', '--trees', '60', '--out', join(dir, 'model.json'), '--quiet']);
    expect(fit.code, fit.stderr).toBe(0);
    mkdirSync(join(dir, 'data'));
    const ids = Array.from({ length: ROWS }, (_, i) => String(i).padStart(8, '0'));
    await writeTable(
      join(dir, 'data', 'part-0.parquet'),
      createTable([categoricalColumn('id', ids), numericColumn('x1', Array.from({ length: ROWS }, () => rng.normal())), numericColumn('x2', Array.from({ length: ROWS }, () => rng.normal()))]),
    );
    workers.push(...(await Promise.all([0, 1].map(() => startLoggingWorker(url, undefined, LOCK_SECONDS)))));
    children.push(...workers.map((w) => w.child));
  }, 60_000);

  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('is scored once, by one worker, and equals the one-call score', async () => {
    const run = await cli(['score', '--model', join(dir, 'model.json'), '--shards', join(dir, 'data'), '--id', 'id', '--out', join(dir, 'redis'), '--redis', url, '--quiet']).done;
    expect(run.code, run.stderr).toBe(0);
    const logs = workers.map((w) => w.log());
    const starts = logs.map((log) => log.split('score-shard part-0.parquet: started').length - 1);
    expect(starts.reduce((a, b) => a + b, 0), logs.join('\n')).toBe(1);
    expect(logs.join('\n')).toMatch(/score-shard part-0\.parquet: done in [\d.]+ s/);
    const whole = await inProcess(['score', '--model', join(dir, 'model.json'), '--data', join(dir, 'data', 'part-0.parquet'), '--id', 'id', '--out', join(dir, 'whole.parquet')]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(tableCells(await readTable(join(dir, 'redis')))).toEqual(tableCells(await readTable(join(dir, 'whole.parquet'))));
  }, 120_000);
});
