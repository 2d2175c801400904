/**
 * liftwise allocate --shards 'scores/*.parquet' [--redis URL]: the plan for
 * a budget (and a recipient cap) over shards, in bounded memory, with the
 * in-memory allocate's plan (src/scale/allocate-stream.ts). Passes run in
 * this process, or on `liftwise worker` processes through Redis. The plan is
 * one file per shard, in a new folder that appears only when every shard's
 * plan is written.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { listShards } from '../data/shards.js';
import { allocateErrors } from '../allocate/messages.js';
import { maxRecipientsErrors } from '../allocate/rules/max-recipients.js';
import { givenRuleFlags } from './allocate-rules.js';
// The streaming solver, and BullMQ/ioredis (about 1 s to load) with it, are imported only when --shards is given.
import type { PassRunner } from '../scale/allocate-stream.js';
import { scaleErrors } from '../scale/messages.js';
import type { AllocateSpec } from '../scale/shard.js';
import { integerOption, numberOption } from './action.js';
import { info, printResult } from './output.js';
import type { AllocateFlags } from './allocate.js';
import { summaryText, type Summary } from './allocate-summary.js';

export interface ShardedFlags {
  shards?: string;
  redis?: string;
  maxCore?: number;
  cacheUnits?: number;
  threads?: number;
  workerTimeout?: number;
}

export function addShardedOptions(command: Command): void {
  command
    .option('--shards <glob>', "a folder or glob of scores shards (Parquet or CSV), e.g. 'scores/*.parquet': plan shard by shard in bounded memory (budget and --max-recipients only)")
    .option('--redis <url>', 'with --shards: run the passes on liftwise workers through this Redis (redis://[user:password@]host:port, rediss:// for TLS)')
    .option('--max-core <n>', 'with --shards: units held in memory at most (default 1048576)', integerOption('max-core'))
    .option('--cache-units <n>', 'with --shards and no --redis: keep shards of at most this many units in all in memory between passes (default 1000000)', integerOption('cache-units'))
    .option('--threads <n>', 'with --shards and no --redis: split the shards of each pass over this many worker threads (default 1); the plan is the same', integerOption('threads'))
    .option('--worker-timeout <seconds>', 'with --redis: give up when no worker takes a job for this long (default 30)', numberOption('worker-timeout'));
}

export async function allocateSharded(flags: AllocateFlags): Promise<void> {
  const started = performance.now();
  if (!(Number.isFinite(flags.budget) && flags.budget >= 0)) throw allocateErrors.negativeBudget(['budget'], flags.budget);
  if (!Number.isFinite(flags.valuePerOutcome)) throw allocateErrors.badValuePerOutcome(flags.valuePerOutcome);
  if ((flags.cost === undefined) === (flags.costCol === undefined)) throw allocateErrors.costOptions();
  if (flags.objective !== 'value' && flags.objective !== 'profit') throw allocateErrors.badOption('objective', flags.objective, "'value' or 'profit'");
  // A share of recipients needs the unit count, which only the passes over the shards learn.
  if (typeof flags.maxRecipients === 'string') throw allocateErrors.badOption('max-recipients', flags.maxRecipients, 'a count of recipients with --shards');
  const maxRecipients = flags.maxRecipients;
  if (maxRecipients !== undefined && maxRecipients < 0) throw maxRecipientsErrors.capNotCount(maxRecipients);
  if (flags.scores !== undefined) throw scaleErrors.notWithShards(['--scores'], 'give the scores either as one file (--scores) or as shards (--shards)');
  // The risk flags work on effect draws, a units × arms × draws block read whole (see README "Scaling out").
  const drawFlags = (
    [
      ['--draws', flags.draws],
      ['--risk', flags.risk === 'mean' ? undefined : flags.risk],
      ['--min-probability', flags.minProbability],
      ['--risk-frontier', flags.riskFrontier],
    ] as const
  ).filter(([, v]) => v !== undefined).map(([name]) => name);
  if (drawFlags.length > 0) throw scaleErrors.notWithShards(drawFlags, 'plans from shards use the mean scores; run allocate --scores with --draws on data that fits in memory');
  // Every rule kind's flags write side rules the passes over shards do not take (budget and cap only).
  const memoryRules = givenRuleFlags(flags);
  if (memoryRules.length > 0) throw scaleErrors.rulesNeedMemory(memoryRules);
  if (flags.solver !== 'auto' && flags.solver !== 'lagrangian' && flags.solver !== 'greedy') throw scaleErrors.rulesNeedMemory([`--solver ${flags.solver}`]);
  if (flags.threads !== undefined && flags.threads < 1) throw scaleErrors.badThreads(flags.threads);
  if (flags.threads !== undefined && flags.redis !== undefined) throw scaleErrors.threadsWithRedis();
  const shards = await listShards(flags.shards!);
  const spec: AllocateSpec = {
    valuePerOutcome: flags.valuePerOutcome,
    objective: flags.objective,
    onlyProfitable: flags.onlyProfitable === true,
    ...(flags.cost === undefined ? {} : { cost: flags.cost }),
    ...(flags.costCol === undefined ? {} : { costCol: flags.costCol }),
    ...(flags.id === undefined ? {} : { id: flags.id }),
  };
  const out = flags.out;
  await checkOutFolder(out);
  const temp = join(dirname(out), `.liftwise-tmp-${basename(out)}-${randomBytes(6).toString('hex')}`);
  await fs.mkdir(temp, { recursive: true });
  const quiet = flags.quiet === true;
  const report = (message: string): void => {
    if (!quiet) info(message);
  };
  let runner: PassRunner & { close?: () => Promise<void> };
  if (flags.redis !== undefined) {
    const { QueueRunner } = await import('../scale/queue.js');
    runner = await QueueRunner.connect(flags.redis, shards, spec, temp, {
      timeoutSeconds: flags.workerTimeout ?? 30,
      onProgress: (done, total) => {
        if (!quiet && (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0)) info(`  shards done ${done}/${total}`);
      },
    });
  } else {
    const { LocalRunner } = await import('../scale/local.js');
    runner = new LocalRunner(shards, spec, temp, { cacheUnits: flags.cacheUnits, threads: flags.threads });
  }
  try {
    const { allocateStream } = await import('../scale/allocate-stream.js');
    const plan = await allocateStream(runner, {
      budget: flags.budget,
      cap: maxRecipients ?? Infinity,
      ...(flags.maxCore === undefined ? {} : { maxCore: flags.maxCore }),
      ...(flags.mipGap === undefined ? {} : { mipGap: flags.mipGap }),
      report,
    });
    // The folder appears whole: every shard's plan is in the temp folder before it is renamed.
    await fs.rmdir(out).catch(() => {});
    await fs.rename(temp, out);
    const summary: Summary = {
      plan: out,
      status: plan.status,
      solver: 'lagrangian',
      objective: plan.objective,
      bound: plan.bound,
      gap: plan.gap,
      relativeGap: plan.relativeGap,
      budget: flags.budget,
      spend: plan.spend,
      recipients: plan.recipients,
      maxRecipients: maxRecipients ?? null,
      arms: Object.fromEntries(plan.labels.map((label, k) => [label, plan.armCounts[k] ?? 0])),
      seconds: (performance.now() - started) / 1000,
      notes: plan.notes,
      risk: 'mean',
      // The plan's incremental outcome: its value (profit + spend under the profit objective) per outcome.
      outcome: {
        mean: (flags.objective === 'profit' ? plan.objective + plan.spend : plan.objective) / flags.valuePerOutcome,
        lower: null,
        upper: null,
        level: null,
        probabilityPositive: null,
        draws: null,
        kind: null,
      },
      frontier: null,
    };
    printResult(flags.json === true, { ...summary, shards: shards.length, units: plan.units, passes: plan.passes }, () => summaryText(summary));
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  } finally {
    await runner.close?.();
  }
}

/** The plan folder must be new (or an empty folder), so no earlier plan's files mix with this one's. */
async function checkOutFolder(out: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(out);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw scaleErrors.outExists(out);
  }
  if (entries.length > 0) throw scaleErrors.outExists(out);
}
