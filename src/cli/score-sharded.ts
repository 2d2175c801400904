/**
 * liftwise score --shards 'data/*.parquet' [--redis URL]: one scores file per
 * shard (same name), shard by shard here or on workers through Redis, in a
 * new folder that appears only when every shard is scored.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { listShards } from '../data/shards.js';
// BullMQ/ioredis (about 1 s to load) only when --redis is given.
import { scoreShard, type ShardScores } from '../scale/score-shard.js';
import { scaleErrors } from '../scale/messages.js';
import { numberOption } from './action.js';
import { info, printResult, warn } from './output.js';

export interface ShardedScoreFlags {
  model: string;
  out: string;
  id?: string;
  data?: string;
  keep?: string[];
  interval?: number;
  draws?: number;
  drawsOut?: string;
  json?: boolean;
  shards?: string;
  redis?: string;
  workerTimeout?: number;
  quiet?: boolean;
}

export function addShardedScoreOptions(command: Command): void {
  command
    .option('--shards <glob>', "a folder or glob of shards to score (Parquet or CSV), e.g. 'data/*.parquet'; --out is then a new folder")
    .option('--redis <url>', 'with --shards: score on liftwise workers through this Redis')
    .option('--worker-timeout <seconds>', 'with --redis: give up when no worker takes a job for this long (default 30)', numberOption('worker-timeout'))
    .option('--quiet', 'no progress on stderr');
}

export async function scoreSharded(flags: ShardedScoreFlags): Promise<void> {
  const started = performance.now();
  if (flags.data !== undefined) throw scaleErrors.notWithShards(['--data'], 'give the rows either as one file (--data) or as shards (--shards)');
  // Effect draws are a units × arms × draws block per file; the sharded score writes the mean scores only.
  const drawFlags = (
    [
      ['--interval', flags.interval],
      ['--draws', flags.draws],
      ['--draws-out', flags.drawsOut],
    ] as const
  ).filter(([, v]) => v !== undefined).map(([name]) => name);
  if (drawFlags.length > 0) throw scaleErrors.notWithShards(drawFlags, 'the sharded score writes mean scores only; score each file with --data to get intervals or a draws file');
  const shards = await listShards(flags.shards!);
  const out = flags.out;
  const entries = await fs.readdir(out).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? [] : ['?']));
  if (entries.length > 0) throw scaleErrors.outExists(out);
  const temp = join(dirname(out), `.liftwise-tmp-${basename(out)}-${randomBytes(6).toString('hex')}`);
  await fs.mkdir(temp, { recursive: true });
  const report = (done: number, total: number): void => {
    if (flags.quiet !== true) info(`scored shards ${done}/${total}`);
  };
  let results: ShardScores[];
  try {
    if (flags.redis !== undefined) {
      const { QueueRunner } = await import('../scale/queue.js');
      const runner = await QueueRunner.connect(flags.redis, shards, undefined, temp, { timeoutSeconds: flags.workerTimeout ?? 30, onProgress: report });
      try {
        results = await runner.score(flags.model, flags.id, flags.keep ?? []);
      } finally {
        await runner.close();
      }
    } else {
      results = [];
      for (const [s, file] of shards.entries()) {
        results.push(await scoreShard(flags.model, file, join(temp, basename(file)), flags.id, { keep: flags.keep ?? [] }));
        report(s + 1, shards.length);
      }
    }
    await fs.rmdir(out).catch(() => {});
    await fs.rename(temp, out);
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
  const rows = results.reduce((sum, r) => sum + r.rows, 0);
  const arms = results[0]?.arms ?? [];
  // Each shard's warnings (e.g. levels the model never saw), said once each.
  const warnings = [...new Set(results.flatMap((r) => r.warnings))];
  for (const w of warnings) warn(w);
  const summary = { scores: out, shards: shards.length, rows, arms, seconds: (performance.now() - started) / 1000, warnings };
  printResult(flags.json === true, summary, () => `scored ${rows} rows in ${shards.length} shards for ${arms.map((a) => `'${a}'`).join(', ')} → ${out}`);
}
