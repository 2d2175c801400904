/** A shard's plan file: fixed units' arms from the price box, core units' as the solver chose; the same columns as liftwise allocate writes. */
import { planTable } from '../cli/allocate.js';
import { writeTable } from '../data/write.js';
import type { PlanRequest, PlanTotals } from './allocate-stream.js';
import { fixedArm, type ShardContext } from './passes.js';

export async function writeShardPlan(ctx: ShardContext, request: PlanRequest, file: string): Promise<PlanTotals> {
  const { shard, steps, offset } = ctx;
  const { n, arms: K } = shard.input;
  const choice = new Int32Array(n);
  for (let i = 0; i < n; i++) choice[i] = fixedArm(steps, i, request.box);
  for (let j = 0; j < request.unit.length; j++) choice[request.unit[j]! - offset] = request.arm[j]!;
  const problem = { units: n, arms: K, armLabels: shard.labels, values: shard.values, costs: shard.input.costs };
  await writeTable(file, planTable(problem, { choice }, shard.idColumn));
  const armCounts = new Array<number>(K).fill(0);
  let objective = 0;
  let value = 0;
  let spend = 0;
  let recipients = 0;
  for (let i = 0; i < n; i++) {
    const k = choice[i]!;
    armCounts[k]!++;
    objective += shard.input.values[i * K + k]!;
    value += shard.values[i * K + k]!;
    spend += shard.input.costs[i * K + k]!;
    if (k !== 0) recipients++;
  }
  return { n, objective, value, spend, recipients, armCounts };
}
