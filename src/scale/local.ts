/**
 * Passes run in this process, shard after shard. Shards read for one pass
 * are kept for the next ones while they hold at most `cacheUnits` units in
 * all (so a dataset that fits is read once); beyond that each pass reads
 * its shards again, and memory stays at the cache plus one shard.
 */
import { basename, join } from 'node:path';
import type { PassRequest, PassResult, ShardContext } from './passes.js';
import { runPass, shardContext } from './passes.js';
import type { PassRunner, PlanRequest, PlanTotals } from './allocate-stream.js';
import { loadAllocationShard, type AllocateSpec, type AllocationShard } from './shard.js';
import { shardChoice, shardTotals, writeShardPlan } from './plan.js';

export const DEFAULT_CACHE_UNITS = 1_000_000;

export class LocalRunner implements PassRunner {
  readonly shardCount: number;
  private readonly cache = new Map<number, ShardContext>();
  private cached = 0;

  constructor(
    private readonly shards: readonly string[],
    private readonly spec: AllocateSpec,
    private readonly planDir: string,
    private readonly cacheUnits = DEFAULT_CACHE_UNITS,
    private readonly onShard: (done: number, total: number) => void = () => {},
  ) {
    this.shardCount = shards.length;
  }

  private async context(s: number, offsets: readonly number[] | undefined): Promise<ShardContext> {
    const hit = this.cache.get(s);
    if (hit !== undefined) return hit;
    const shard = await loadAllocationShard(this.shards[s]!, this.spec);
    const ctx = shardContext(shard, offsets?.[s] ?? 0);
    if (offsets !== undefined && this.cached + shard.n <= this.cacheUnits) {
      this.cache.set(s, ctx);
      this.cached += shard.n;
    }
    return ctx;
  }

  async pass(request: (shard: number) => PassRequest, offsets: readonly number[] | undefined): Promise<PassResult[]> {
    const out: PassResult[] = [];
    for (let s = 0; s < this.shards.length; s++) {
      out.push(runPass(await this.context(s, offsets), request(s)));
      this.onShard(s + 1, this.shards.length);
    }
    return out;
  }

  async writePlans(plan: (shard: number) => PlanRequest, offsets: readonly number[]): Promise<PlanTotals[]> {
    const out: PlanTotals[] = [];
    for (let s = 0; s < this.shards.length; s++) {
      const ctx = await this.context(s, offsets);
      out.push(await writeShardPlan(ctx, plan(s), join(this.planDir, basename(this.shards[s]!)), this.spec.id));
      this.onShard(s + 1, this.shards.length);
    }
    return out;
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
