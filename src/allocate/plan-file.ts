/**
 * The one layout of a plan CSV, written by `liftwise allocate` and by every
 * scenario variation alike, so a script that reads one reads the other:
 *
 *   <id column> | row, arm, arm_index, cost, expected_incremental, value
 *
 * - the id column as the user named it (or `row`, the 1-based data row),
 * - `arm`: the chosen arm's label (`none` = no treatment), `arm_index` its number (0 = none),
 * - `cost` of the chosen arm, `expected_incremental` its expected incremental
 *   outcome (the uplift score), `value` = expected_incremental × value per outcome.
 */
import { categoricalColumn, createTable, numericColumn, type Column, type Table } from '../data/table.js';

export const PLAN_COLUMNS = ['arm', 'arm_index', 'cost', 'expected_incremental', 'value'] as const;

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
