/**
 * Passes run in this process, shard after shard, or split over worker
 * threads (`threads` > 1: shard s always goes to thread s mod threads, so
 * each thread's shard cache stays useful). Shards read for one pass are kept
 * for the next ones while they hold at most `cacheUnits` units in all
 * (shard-contexts.ts), split evenly between the threads. Every shard's
 * result is the same whichever thread computes it, and results are combined
 * in shard order, so the plan does not depend on the number of threads.
 */
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PassRequest, PassResult, ShardContext } from './passes.js';
import { runPass, shardContext } from './passes.js';
import type { PassRunner, PlanRequest, PlanTotals } from './allocate-stream.js';
import type { AllocateSpec, AllocationShard } from './shard.js';
import { shardChoice, shardPlanParts, shardTotals, writePlanParts } from './plan.js';
import { ShardContexts } from './shard-contexts.js';
import { decodeThreadError, type ThreadData, type ThreadError, type ThreadJob } from './pass-thread.js';
import { workerScriptUrl } from '../util/workers.js';

export const DEFAULT_CACHE_UNITS = 1_000_000;

export interface LocalRunnerOptions {
  /** Units kept in memory between passes, all threads together (default 10^6). */
  readonly cacheUnits?: number | undefined;
  /** Worker threads the shards of a pass are split over; 1 (default) runs them in this thread. */
  readonly threads?: number | undefined;
  readonly onShard?: (done: number, total: number) => void;
}

export class LocalRunner implements PassRunner {
  readonly shardCount: number;
  private readonly contexts: ShardContexts | undefined;
  private readonly threads: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private readonly onShard: (done: number, total: number) => void;

  constructor(
    private readonly shards: readonly string[],
    private readonly spec: AllocateSpec,
    private readonly planDir: string,
    options: LocalRunnerOptions = {},
  ) {
    this.shardCount = shards.length;
    this.onShard = options.onShard ?? (() => {});
    const cacheUnits = options.cacheUnits ?? DEFAULT_CACHE_UNITS;
    const threads = Math.max(1, Math.min(options.threads ?? 1, shards.length));
    if (threads === 1) {
      this.contexts = new ShardContexts(spec, cacheUnits);
      return;
    }
    const data: ThreadData = { spec, cacheUnits: Math.floor(cacheUnits / threads) };
    for (let t = 0; t < threads; t++) {
      const worker = new Worker(workerScriptUrl(import.meta.url, './pass-thread.js'), { workerData: data });
      worker.on('message', (m: { id: number; result?: unknown; error?: ThreadError }) => {
        const w = this.waiting.get(m.id);
        if (w === undefined) return;
        this.waiting.delete(m.id);
        if (m.error !== undefined) w.reject(decodeThreadError(m.error));
        else w.resolve(m.result);
      });
      worker.on('error', (e) => this.failAll(e));
      worker.on('exit', (code) => {
        if (code !== 0) this.failAll(new Error(`a pass thread stopped with exit code ${code}`));
      });
      this.threads.push(worker);
    }
  }

  private failAll(error: Error): void {
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  private send<T>(thread: Worker, message: ThreadJob): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
      thread.postMessage({ ...message, id });
    });
  }

  /** Runs a job on every shard, in this thread (`local`) or in the threads (`remote`); results in shard order. */
  private async each<T>(local: (ctx: ShardContext, s: number) => Promise<T> | T, remote: (s: number) => ThreadJob, offsets: readonly number[] | undefined): Promise<T[]> {
    const S = this.shards.length;
    if (this.contexts !== undefined) {
      const out: T[] = [];
      for (let s = 0; s < S; s++) {
        out.push(await local(await this.contexts.get(s, this.shards[s]!, offsets?.[s]), s));
        this.onShard(s + 1, S);
      }
      return out;
    }
    let done = 0;
    return Promise.all(
      Array.from({ length: S }, (_, s) =>
        this.send<T>(this.threads[s % this.threads.length]!, remote(s)).then((r) => {
          this.onShard(++done, S);
          return r;
        }),
      ),
    );
  }

  async pass(request: (shard: number) => PassRequest, offsets: readonly number[] | undefined): Promise<PassResult[]> {
    return this.each(
      (ctx, s) => runPass(ctx, request(s)),
      (s) => ({ op: 'pass', shard: s, file: this.shards[s]!, offset: offsets?.[s], request: request(s) }),
      offsets,
    );
  }

  async writePlans(plan: (shard: number) => PlanRequest, offsets: readonly number[]): Promise<PlanTotals[]> {
    const out = (s: number): string => join(this.planDir, basename(this.shards[s]!));
    return this.each(
      // Not async: the shard's units are let go before the ids are read (writePlanParts).
      (ctx, s) => writePlanParts(shardPlanParts(ctx, plan(s)), out(s), this.spec.id),
      (s) => ({ op: 'plan', shard: s, file: this.shards[s]!, offset: offsets[s]!, plan: plan(s), out: out(s) }),
      offsets,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
    this.threads.length = 0;
  }
}

/**
 * Passes over shards already in memory (tables, as readTable returns them),
 * for scripts that produce their shards themselves; the plan is kept as each
 * shard's arms (`choices`) instead of written.
 *
 * @example
 * import { allocationShardOf } from './shard.js';
 * import { allocateStream } from './allocate-stream.js';
 * // Two shards of two units (an `uplift` column each); treating costs 1, the budget is 2.
 * const spec = { valuePerOutcome: 1, objective: 'value' as const, onlyProfitable: false, cost: '1' };
 * const tables = [[0.5, 0.1], [0.4, 0.3]].map((u) => createTable([numericColumn('uplift', u)]));
 * const runner = new TableRunner(tables.map((t, s) => allocationShardOf(t, `part-${s}`, spec)));
 * const plan = await allocateStream(runner, { budget: 2, cap: 2 });
 * runner.choices; // [[1, 0], [1, 0]] (one Int32Array per shard: the units worth 0.5 and 0.4)
 * plan.value; // 0.9
 */
export class TableRunner implements PassRunner {
  readonly shardCount: number;
  readonly choices: Int32Array[] = [];
  private contexts: ShardContext[] | undefined;

  constructor(private readonly shards: readonly AllocationShard[]) {
    this.shardCount = shards.length;
  }

  private context(s: number, offsets: readonly number[] | undefined): ShardContext {
    if (offsets === undefined) return shardContext(this.shards[s]!, 0);
    this.contexts ??= this.shards.map((shard, t) => shardContext(shard, offsets[t]!));
    return this.contexts[s]!;
  }

  async pass(request: (shard: number) => PassRequest, offsets: readonly number[] | undefined): Promise<PassResult[]> {
    return this.shards.map((_, s) => runPass(this.context(s, offsets), request(s)));
  }

  async writePlans(plan: (shard: number) => PlanRequest, offsets: readonly number[]): Promise<PlanTotals[]> {
    this.choices.length = 0;
    return this.shards.map((_, s) => {
      const ctx = this.context(s, offsets);
      const choice = shardChoice(ctx, plan(s));
      this.choices.push(choice);
      return shardTotals(ctx, choice);
    });
  }
}
