/**
 * One shard of a scores dataset as the allocation reads it: the same columns,
 * checks and numbers as `liftwise allocate` on one file (uplift_<arm>
 * columns, --cost or --cost-col, value per outcome, objective, only
 * profitable), so a unit is priced identically whether it sits in memory
 * with all the others or alone in its shard.
 *
 * The spec travels in job payloads, so it is a zod schema: a worker takes
 * numbers and column names from it, never code.
 */
import type { AllocateSpec } from './spec.js';
import { readTable } from '../data/read.js';
import { requireColumn } from '../data/roles.js';
import type { Column, Table } from '../data/table.js';
import { prepareProblem } from '../allocate/prepare.js';
import type { AllocationProblem } from '../allocate/problem.js';
import type { KnapsackInput } from '../../solvers/knapsack/hulls.js';
import { armMatrices, costsFromColumns, costsFromNumbers, NO_TREATMENT, numericCells, UPLIFT_PREFIX, upliftColumns } from '../allocate/scores-table.js';
import { isParquetPath } from '../data/parquet-path.js';
import { dataErrors } from '../data/messages.js';
import { allocateErrors } from '../allocate/messages.js';

// The spec lives in its own module (no import of the CLI), so the worker's job schema can be built whatever
// module is loaded first.
export { allocateSpecSchema, type AllocateSpec } from './spec.js';

/** A shard's units as the solvers see them. */
export interface AllocationShard {
  readonly file: string;
  readonly n: number;
  /** Arm labels, arm 0 ('none') first. */
  readonly labels: readonly string[];
  /** Objective values, costs and the allowed mask, n·K row-major. */
  readonly input: KnapsackInput;
  /** uplift × value per outcome, n·K. */
  readonly values: Float64Array;
  /** The uplift scores, one column per treated arm (the plan's expected_incremental), and the value per outcome. */
  readonly uplift: readonly Float64Array[];
  readonly valuePerOutcome: number;
  readonly idColumn: Column | undefined;
}

/**
 * Reads one shard and builds its units' values and costs. From Parquet only
 * the uplift and cost columns are decoded: the passes need nothing else, and
 * text ids cost more to decode than the numbers (the plan pass reads the id
 * column on its own, `readIdColumn`). An id column the shard lacks is still
 * reported here, before any pass.
 *
 * @example
 * await writeTable('out/part-000.parquet', createTable([numericColumn('uplift_email', [0.5, 0.1])]));
 * const shard = await loadAllocationShard('out/part-000.parquet', { valuePerOutcome: 1, objective: 'value', onlyProfitable: false, cost: '1' });
 * shard.labels; // ['none', 'email']
 * shard.values; // Float64Array [0, 0.5, 0, 0.1]
 */
export async function loadAllocationShard(file: string, spec: AllocateSpec): Promise<AllocationShard> {
  const { id, ...numbers } = spec;
  if (isParquetPath(file)) {
    const names = await (await import('../data/parquet.js')).parquetColumnNames(file);
    if (id !== undefined && !names.includes(id)) throw dataErrors.unknownColumn(file, id, 'id', names);
    const upliftNames = names.filter((name) => name.startsWith(UPLIFT_PREFIX));
    const arms = upliftNames.length > 0 ? upliftNames : names.filter((name) => name === 'uplift');
    // Without uplift columns the whole file is read, so the message lists every column it has.
    if (arms.length > 0) {
      const columns = [...arms, ...(spec.costCol ?? []).filter((name) => names.includes(name) && !arms.includes(name))];
      return allocationShardOf(await readTable(file, { columns }), file, numbers);
    }
  }
  // As allocate reads one file: the id passes through to the plan exactly as written.
  const table = await readTable(file, { exactText: id === undefined ? [] : [id] });
  if (id !== undefined) requireColumn(table, id, 'id');
  return allocationShardOf(table, file, numbers);
}

/** A shard's id column, exactly as written, for its plan. */
export async function readIdColumn(file: string, id: string): Promise<Column> {
  const table = await readTable(file, { columns: [id], exactText: [id] });
  return requireColumn(table, id, 'id');
}

export function allocationShardOf(table: Table, file: string, spec: AllocateSpec): AllocationShard {
  // uplift_<arm> columns, or a plain 'uplift' column (one treated arm), read as allocate reads one file.
  const { armNames, labels } = upliftColumns(table);
  if (armNames.length === 0) throw allocateErrors.noUpliftColumns(file, table.names);
  const idColumn = spec.id === undefined ? undefined : requireColumn(table, spec.id, 'id');
  const uplift = armNames.map((name) => numericCells(table, name, 'uplift', false));
  const costs = spec.cost !== undefined ? costsFromNumbers(spec.cost, labels, table.nRows) : costsFromColumns(table, spec.costCol ?? [], labels);
  const n = table.nRows;
  const K = labels.length + 1;
  // The same matrices as liftwise allocate, so every number is the same bits.
  const { values, costMatrix } = armMatrices(uplift, costs, spec.valuePerOutcome);
  const problem: AllocationProblem = {
    units: n,
    arms: K,
    values,
    costs: costMatrix,
    objective: spec.objective,
    ...(spec.onlyProfitable ? { onlyWhereValueExceedsCost: true } : {}),
  };
  const { input } = prepareProblem(problem);
  return { file, n, labels: [NO_TREATMENT, ...labels], input, values, uplift, valuePerOutcome: spec.valuePerOutcome, idColumn };
}
