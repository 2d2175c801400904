// Distributed plans through a real Redis (Debian's redis-server on a loopback port) and liftwise worker
// processes: the plan equals the local streaming plan and the in-memory allocate's, file for file; a worker
// killed mid-run has its job retried on another worker and the plan is unchanged; no worker → a clear message
// after the timeout, exit 1; Redis gone → a clear message, exit 1, and no plan folder (nor temp folder) left.
// Skipped with a message when redis-server is absent, except in CI where it must be there (.ci/run installs it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { readTable } from '../../src/data/read.js';
import { writeTable } from '../../src/data/write.js';
import { categoricalColumn, cellText, createTable, numericColumn, type Column } from '../../src/data/table.js';
import { Random } from '../../src/util/random.js';
import { listDir, tempDir } from '../helpers/cli.js';
import { cli, redisPresent as present, startRedis, startWorker } from './redis-helpers.js';

async function planCells(path: string): Promise<string[][]> {
  const t = await readTable(path);
  return t.names.map((name) => [name, ...Array.from({ length: t.nRows }, (_, i) => cellText(t.columns.get(name)!, i))]);
}

async function armIndex(folder: string): Promise<number[]> {
  const t = await readTable(folder);
  const c = t.columns.get('arm_index')!;
  return c.kind === 'numeric' ? Array.from(c.values) : [];
}

describe.skipIf(!present)('allocate --shards --redis with liftwise workers', () => {
  const dir = tempDir('liftwise-workers-');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `redis://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  const common = ['--budget', '1800', '--max-recipients', '600', '--cost-col', 'cost', '--id', 'id', '--quiet'];

  beforeAll(async () => {
    children.push(await startRedis(port));
    const rng = new Random(3);
    const n = 6_000;
    let at = 0;
    for (let s = 0; s < 6; s++) {
      const m = Math.floor((n * (s + 1)) / 6) - at;
      const cols: Column[] = [categoricalColumn('id', Array.from({ length: m }, (_, i) => `c${String(at + i).padStart(6, '0')}`))];
      for (let k = 1; k <= 4; k++) cols.push(numericColumn(`uplift_a${k}`, Array.from({ length: m }, () => rng.normal() * 0.02 + 0.008 * k)));
      cols.push(numericColumn('cost', Array.from({ length: m }, () => 1 + rng.int(40) / 10)));
      await writeTable(join(dir, 'scores', `part-${s}.parquet`), createTable(cols)).catch(async () => {
        const { mkdirSync } = await import('node:fs');
        mkdirSync(join(dir, 'scores'), { recursive: true });
        await writeTable(join(dir, 'scores', `part-${s}.parquet`), createTable(cols));
      });
      at += m;
    }
    for (let w = 0; w < 3; w++) children.push(startWorker(url));
  }, 60_000);

  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('gives the in-memory plan, and keeps it when a worker is killed mid-run', async () => {
    const memory = await cli(['allocate', '--scores', join(dir, 'scores'), ...common, '--out', join(dir, 'memory.parquet')]).done;
    expect(memory.code, memory.stderr).toBe(0);
    const local = await cli(['allocate', '--shards', join(dir, 'scores', '*.parquet'), ...common, '--out', join(dir, 'local')]).done;
    expect(local.code, local.stderr).toBe(0);
    const distributed = await cli(['allocate', '--shards', join(dir, 'scores', '*.parquet'), ...common.filter((a) => a !== '--quiet'), '--redis', url, '--out', join(dir, 'redis'), '--json']).done;
    expect(distributed.code, distributed.stderr).toBe(0);
    expect(distributed.stderr).toMatch(/shards done 6\/6/);
    const expected = await armIndex(join(dir, 'memory.parquet'));
    expect(await armIndex(join(dir, 'local'))).toEqual(expected);
    expect(await armIndex(join(dir, 'redis'))).toEqual(expected);
    // The whole plan file, every column, as the in-memory allocate writes it.
    const memoryCells = await planCells(join(dir, 'memory.parquet'));
    expect(await planCells(join(dir, 'redis'))).toEqual(memoryCells);
    const summary = JSON.parse(distributed.stdout) as { recipients: number; status: string; shards: number };
    expect(summary.recipients).toBeLessThanOrEqual(600);
    expect(summary.shards).toBe(6);

    // Kill one worker while the passes run: its job goes back to the queue after its lock lapses.
    let killed = false;
    const run = cli(['allocate', '--shards', join(dir, 'scores', '*.parquet'), ...common.filter((a) => a !== '--quiet'), '--redis', url, '--out', join(dir, 'redis-fault')], (text) => {
      if (!killed && text.includes('shards done')) {
        killed = true;
        children[1]!.kill('SIGKILL');
      }
    });
    const faulted = await run.done;
    expect(killed).toBe(true);
    expect(faulted.code, faulted.stderr).toBe(0);
    expect(await armIndex(join(dir, 'redis-fault'))).toEqual(expected);
  }, 240_000);

  it('closes a duality gap through the workers as the in-memory allocate does (few units, lumpy costs)', async () => {
    const rng = new Random(8060);
    const n = 60;
    const lumpy = join(dir, 'lumpy');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(lumpy);
    for (let s = 0; s < 3; s++) {
      const cols: Column[] = [categoricalColumn('id', Array.from({ length: n / 3 }, (_, i) => `u${s * 20 + i}`))];
      for (let k = 1; k <= 3; k++) cols.push(numericColumn(`uplift_a${k}`, Array.from({ length: n / 3 }, () => rng.normal() * 0.02 + 0.008 * k)));
      cols.push(numericColumn('cost', Array.from({ length: n / 3 }, () => 50 + rng.int(2000))));
      await writeTable(join(lumpy, `part-${s}.parquet`), createTable(cols));
    }
    const flags = ['--budget', String(n * 97.3), '--max-recipients', String(Math.floor(n * 0.13)), '--cost-col', 'cost', '--id', 'id', '--json', '--quiet'];
    const memory = await cli(['allocate', '--scores', lumpy, ...flags, '--out', join(dir, 'lumpy-memory.csv')]).done;
    expect(memory.code, memory.stderr).toBe(0);
    const distributed = await cli(['allocate', '--shards', lumpy, ...flags.filter((f) => f !== '--quiet'), '--redis', url, '--out', join(dir, 'lumpy-redis')]).done;
    expect(distributed.code, distributed.stderr).toBe(0);
    // The Lagrangian's plan left a gap above --mip-gap here, so the reduced-cost passes ran on the workers.
    expect(distributed.stderr).toMatch(/units within the gap/);
    const [a, b] = [JSON.parse(memory.stdout), JSON.parse(distributed.stdout)];
    expect(b.objective).toBeCloseTo(a.objective, 9);
    expect(b.bound).toBeGreaterThanOrEqual(b.objective);
    expect(b.spend).toBeLessThanOrEqual(n * 97.3);
  }, 60_000);

  it('says so and exits 1 when no worker takes the jobs', async () => {
    // Database 5 of the same server: no worker listens there.
    const r = await cli(['allocate', '--shards', join(dir, 'scores', '*.parquet'), ...common, '--redis', `${url}/5`, '--worker-timeout', '2', '--out', join(dir, 'none')]).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_NO_WORKERS.*no worker took a job within 2 s/);
    expect(listDir(dir)).not.toContain('none');
    expect(listDir(dir).some((f) => f.startsWith('.liftwise-tmp-'))).toBe(false);
  }, 60_000);

  it('says so, exits 1 and leaves no plan when Redis goes away', async () => {
    const port2 = port + 1;
    const redis2 = await startRedis(port2);
    const worker = startWorker(`redis://127.0.0.1:${port2}`);
    children.push(redis2, worker);
    const run = cli(['allocate', '--shards', join(dir, 'scores', '*.parquet'), ...common.filter((a) => a !== '--quiet'), '--redis', `redis://127.0.0.1:${port2}`, '--out', join(dir, 'gone')], (text) => {
      if (text.includes('shards done')) redis2.kill('SIGKILL');
    });
    const r = await run.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_REDIS/);
    expect(listDir(dir)).not.toContain('gone');
    expect(listDir(dir).some((f) => f.startsWith('.liftwise-tmp-'))).toBe(false);
  }, 60_000);

  it('refuses a bad Redis URL (exit 2) and an unreachable one (exit 1)', async () => {
    const bad = await cli(['allocate', '--shards', join(dir, 'scores', '*.parquet'), ...common, '--redis', 'http://x', '--out', join(dir, 'bad')]).done;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/E_BAD_REDIS_URL/);
    const away = await cli(['allocate', '--shards', join(dir, 'scores', '*.parquet'), ...common, '--redis', 'redis://user:secret@127.0.0.1:1', '--out', join(dir, 'away')]).done;
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(/E_REDIS: cannot reach Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:1/);
    expect(away.stderr).not.toContain('secret');
  }, 60_000);
});
