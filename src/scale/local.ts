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
import { loadAllocationShard, type AllocateSpec } from './shard.js';
import { writeShardPlan } from './plan.js';

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
      out.push(await writeShardPlan(ctx, plan(s), join(this.planDir, basename(this.shards[s]!))));
      this.onShard(s + 1, this.shards.length);
    }
    return out;
  }
}
