/**
 * The one layout of a plan file, written by `liftwise allocate`, by every
 * scenario variation and by the demo alike, so a script that reads one reads
 * the others:
 *
 *   <id column> | row, arm, arm_index, cost, expected_incremental, value
 *
 * - the id column as the user named it (or `row`, the 1-based data row),
 * - `arm`: the chosen arm's label (`none` = no treatment), `arm_index` its number (0 = none),
 * - `cost` of the chosen arm, `expected_incremental` its expected incremental
 *   outcome (the effect estimate), `value` = expected_incremental × value per outcome.
 *
 * `planTable(problem, plan, options)` builds it from a problem and its plan;
 * `planFileTable(parts)` is the layout itself, for callers that hold the
 * chosen arms' numbers but no whole problem (a shard of `allocate --shards`).
 */
import { categoricalColumn, createTable, numericColumn, type Column, type Table } from '../data/table.js';
import type { EffectsProblem } from './from-effects.js';
import type { AllocationProblem } from './problem.js';

export const PLAN_COLUMNS = ['arm', 'arm_index', 'cost', 'expected_incremental', 'value'] as const;

/**
 * What a plan file column holds, per unit: `arm` (the chosen arm's label),
 * `arm_index`, `level` (the label as a number: the dose of a dose problem),
 * `cost`, `expected_incremental`, `value` (of the chosen arm).
 */
export type PlanColumn = 'arm' | 'arm_index' | 'level' | 'cost' | 'expected_incremental' | 'value';

export interface PlanTableOptions {
  /** The id column, already in plan (unit) order; without it a `row` column is written. */
  readonly id?: Column;
  /** 0-based data rows of the units, for `row` (default 0 … n − 1). */
  readonly rows?: ArrayLike<number>;
  /** Columns copied after the id (e.g. the features a reader wants beside the plan), in unit order. */
  readonly extra?: readonly Column[];
  /** The plan columns and their names (default PLAN_COLUMNS under their own names). */
  readonly columns?: ReadonlyArray<PlanColumn | { readonly name: string; readonly of: PlanColumn }>;
}

function hasEffects(problem: AllocationProblem): problem is EffectsProblem {
  return (problem as Partial<EffectsProblem>).effects !== undefined;
}

/**
 * A plan as a table, in the one plan layout. With a problem from
 * problemFromEffects, `expected_incremental` is the effect the source gave;
 * with any other problem it is the value over arm 0 (values[i, k] − values[i, 0]).
 * `value` is the problem's value of the chosen arm.
 *
 * @example
 * const effects = effectsFromColumns(['email'], [Float64Array.of(0.1, 0.3)]);
 * const problem = problemFromEffects(effects, { valuePerOutcome: 10, costs: [1], rules: { budget: 1 } });
 * const plan = await solveAllocation(problem);
 * const table = planTable(problem, plan);
 * table.names; // ['row', 'arm', 'arm_index', 'cost', 'expected_incremental', 'value']
 * (table.columns.get('value') as { values: Float64Array }).values; // Float64Array [0, 3]
 */
export function planTable(problem: AllocationProblem, plan: { readonly choice: Int32Array }, options: PlanTableOptions = {}): Table {
  const { choice } = plan;
  const n = choice.length;
  const K = problem.arms;
  const labels = problem.armLabels ?? Array.from({ length: K }, (_, k) => String(k));
  const at = (matrix: Float64Array) => Float64Array.from(choice, (k, i) => matrix[i * K + k]!);
  const effects = hasEffects(problem) ? problem.effects : undefined;
  const column = (of: PlanColumn, name: string): Column => {
    switch (of) {
      case 'arm':
        return categoricalColumn(name, Array.from(choice, (k) => labels[k]!));
      case 'arm_index':
        return numericColumn(name, choice);
      case 'level':
        return numericColumn(name, Array.from(choice, (k) => Number(labels[k])));
      case 'cost':
        return numericColumn(name, at(problem.costs));
      case 'expected_incremental':
        return numericColumn(
          name,
          effects !== undefined ? at(effects.mean) : Float64Array.from(choice, (k, i) => problem.values[i * K + k]! - problem.values[i * K]!),
        );
      case 'value':
        return numericColumn(name, at(problem.values));
    }
  };
  const rows = options.rows ?? Int32Array.from({ length: n }, (_, i) => i);
  return createTable([
    options.id ?? numericColumn('row', Array.from(rows, (r) => r + 1)),
    ...(options.extra ?? []),
    ...(options.columns ?? PLAN_COLUMNS).map((c) => (typeof c === 'string' ? column(c, c) : column(c.of, c.name))),
  ]);
}

/** The chosen arms' numbers of a plan, for planFileTable. */
export interface PlanFileParts {
  /** The id column, already in plan row order; without it a `row` column is written. */
  readonly id?: Column;
  /** 0-based data rows of the plan's units (for `row`). */
  readonly rows: ArrayLike<number>;
  readonly armLabels: readonly string[];
  /** Chosen arm per unit. */
  readonly choice: ArrayLike<number>;
  /** Per unit: cost and expected incremental outcome of the chosen arm. */
  readonly cost: ArrayLike<number>;
  readonly expectedIncremental: ArrayLike<number>;
  readonly valuePerOutcome: number;
}

/** The plan layout from the chosen arms' numbers (allocate --shards writes each shard's part with it). */
export function planFileTable(parts: PlanFileParts): Table {
  const n = parts.choice.length;
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) value[i] = parts.choice[i] === 0 ? 0 : parts.expectedIncremental[i]! * parts.valuePerOutcome;
  const columns: Column[] = [
    parts.id ?? numericColumn('row', Array.from(parts.rows, (r) => r + 1)),
    categoricalColumn('arm', Array.from(parts.choice, (k) => parts.armLabels[k]!)),
    numericColumn('arm_index', parts.choice),
    numericColumn('cost', parts.cost),
    numericColumn('expected_incremental', parts.expectedIncremental),
    numericColumn('value', value),
  ];
  return createTable(columns);
}
