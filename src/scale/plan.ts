/** A shard's plan: fixed units' arms from the price box, core units' as the solver chose; written with the same columns as liftwise allocate writes. */
import { planFileTable, type PlanFileParts } from '../allocate/plan-file.js';
import type { Column, Table } from '../data/table.js';
import { readIdColumn } from './shard.js';
import { writeTable } from '../data/write.js';
import type { PlanRequest, PlanTotals } from './allocate-stream.js';
import { bestArmAt, fixedArm, type ShardContext } from './passes.js';

/** Each unit's arm in the shard. */
export function shardChoice(ctx: ShardContext, request: PlanRequest): Int32Array {
  const { shard, steps, offset } = ctx;
  const choice = new Int32Array(shard.n);
  const prices = request.prices;
  if (prices === undefined) for (let i = 0; i < shard.n; i++) choice[i] = fixedArm(steps, i, request.box);
  else for (let i = 0; i < shard.n; i++) choice[i] = bestArmAt(shard.input, i, prices.lambda, prices.mu);
  for (let j = 0; j < request.unit.length; j++) choice[request.unit[j]! - offset] = request.arm[j]!;
  return choice;
}

/** The plan's totals over a shard. */
export function shardTotals(ctx: ShardContext, choice: Int32Array): PlanTotals {
  const { shard } = ctx;
  const { n, arms: K } = shard.input;
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

/** Writes the shard's plan file; `id` names the shard's id column (read now if the shard was loaded without it). */
export async function writeShardPlan(ctx: ShardContext, request: PlanRequest, file: string, id: string | undefined): Promise<PlanTotals> {
  return writePlanParts(shardPlanParts(ctx, request), file, id);
}

/** What a shard's plan file holds besides the ids, and its totals: small next to the shard's units, which may go before the ids are read. */
export interface ShardPlanParts {
  readonly source: string;
  readonly idColumn: Column | undefined;
  readonly parts: Omit<PlanFileParts, 'id'>;
  readonly totals: PlanTotals;
}

export function shardPlanParts(ctx: ShardContext, request: PlanRequest): ShardPlanParts {
  const choice = shardChoice(ctx, request);
  return { source: ctx.shard.file, idColumn: ctx.shard.idColumn, parts: planColumns(ctx, choice), totals: shardTotals(ctx, choice) };
}

/** The plan file's columns other than the id, for the shard's choice (rows numbered across all shards). */
function planColumns(ctx: ShardContext, choice: Int32Array): Omit<PlanFileParts, 'id'> {
  const { shard, offset } = ctx;
  const K = shard.input.arms;
  return {
    rows: Int32Array.from({ length: shard.n }, (_, i) => offset + i),
    armLabels: shard.labels,
    choice,
    cost: Float64Array.from(choice, (k, i) => shard.input.costs[i * K + k]!),
    expectedIncremental: Float64Array.from(choice, (k, i) => (k === 0 ? 0 : shard.uplift[k - 1]![i]!)),
    valuePerOutcome: shard.valuePerOutcome,
  };
}

/** Reads the ids (when the shard was loaded without them) and writes the plan file. */
export async function writePlanParts(plan: ShardPlanParts, file: string, id: string | undefined): Promise<PlanTotals> {
  const idColumn = id === undefined ? undefined : (plan.idColumn ?? (await readIdColumn(plan.source, id)));
  await writeTable(file, planFileTable({ ...(idColumn === undefined ? {} : { id: idColumn }), ...plan.parts }));
  return plan.totals;
}

/** The shard's part of the plan in the one plan layout allocate writes (rows numbered across all shards). */
export function shardPlanTable(ctx: ShardContext, choice: Int32Array, idColumn = ctx.shard.idColumn): Table {
  return planFileTable({ ...(idColumn === undefined ? {} : { id: idColumn }), ...planColumns(ctx, choice) });
}
