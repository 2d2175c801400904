/**
 * A shard's units with their hull steps, read for a pass and kept for the
 * next ones while the shards kept hold at most `cacheUnits` units in all (so
 * a dataset that fits is read once); beyond that each pass reads its shards
 * again, and memory stays at the cache plus one shard. Shards are kept only
 * once their global offsets are known (after the first pass).
 */
import { ActiveScratch } from '../../solvers/knapsack/lagrangian.js';
import { shardContext, type ShardContext } from './passes.js';
import { loadAllocationShard, type AllocateSpec } from './shard.js';

export class ShardContexts {
  private readonly cache = new Map<number, ShardContext>();
  private cached = 0;
  /** One pass on one shard at a time: every shard's active steps share these buffers. */
  private readonly scratch = new ActiveScratch();

  constructor(
    private readonly spec: AllocateSpec,
    private readonly cacheUnits: number,
  ) {}

  async get(s: number, file: string, offset: number | undefined): Promise<ShardContext> {
    const hit = this.cache.get(s);
    if (hit !== undefined) return hit;
    const shard = await loadAllocationShard(file, this.spec);
    const ctx = shardContext(shard, offset ?? 0, this.scratch);
    if (offset !== undefined && this.cached + shard.n <= this.cacheUnits) {
      this.cache.set(s, ctx);
      this.cached += shard.n;
    }
    return ctx;
  }
}
