/**
 * A scores table (what `liftwise score` writes: one `uplift_<arm>` column per
 * treated arm, or a plain `uplift` column) and its costs, as the value and cost
 * matrices of an allocation problem. `allocate` and `allocate --shards` (each
 * shard) build their problems here, so every number is the same bits.
 */
import { parseNumber } from '../data/read.js';
import { checkedNumbers, requireColumn } from '../data/roles.js';
import type { Table } from '../data/table.js';
import { allocateErrors } from './messages.js';

/** The label of arm 0 in plan files. */
export const NO_TREATMENT = 'none';
/** The arm of a plain `uplift` column. */
const PLAIN_UPLIFT_ARM = 'treated';
export const UPLIFT_PREFIX = 'uplift_';

/**
 * The n × K value and cost matrices of an allocation (arm 0 = no treatment, 0 and 0)
 * from one uplift and one cost column per treated arm; `allocate --shards` builds
 * each shard's the same way, so every number is the same bits.
 */
export function armMatrices(
  uplift: readonly Float64Array[],
  costs: readonly Float64Array[],
  valuePerOutcome: number,
): { values: Float64Array; costMatrix: Float64Array } {
  const n = uplift[0]?.length ?? 0;
  const K = uplift.length + 1;
  const values = new Float64Array(n * K);
  const costMatrix = new Float64Array(n * K);
  for (let k = 1; k < K; k++) {
    const u = uplift[k - 1]!;
    const c = costs[k - 1]!;
    for (let i = 0; i < n; i++) {
      values[i * K + k] = u[i]! * valuePerOutcome;
      costMatrix[i * K + k] = c[i]!;
    }
  }
  return { values, costMatrix };
}

/** A numeric column's cells, or an error naming the line and column of the first missing, non-numeric or negative one. */
export function numericCells(table: Table, name: string, role: 'uplift' | 'cost', nonNegative: boolean): Float64Array {
  const what = role === 'cost' ? 'costs must be numbers ≥ 0' : 'uplift scores must be numbers';
  return checkedNumbers(table, requireColumn(table, name, role), {
    nonNegative,
    fail: (line, text, need) => allocateErrors.badCell(table.source, line, name, text, `${need}; ${what}`),
  });
}

/** --cost: one number for every arm, or one per arm. */
export function costsFromNumbers(text: string, labels: readonly string[], n: number): Float64Array[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const numbers = parts.map((p) => parseNumber(p));
  if (numbers.length === 0 || numbers.some((x) => x === undefined || !(x >= 0) || !Number.isFinite(x))) {
    throw allocateErrors.badCostNumber(text);
  }
  if (numbers.length !== 1 && numbers.length !== labels.length) throw allocateErrors.costCount('cost', numbers.length, labels);
  return labels.map((_, k) => new Float64Array(n).fill(numbers.length === 1 ? numbers[0]! : numbers[k]!));
}

/** --cost-col: one column for every arm, or one per arm. */
export function costsFromColumns(table: Table, columns: readonly string[], labels: readonly string[]): Float64Array[] {
  if (columns.length !== 1 && columns.length !== labels.length) throw allocateErrors.costCount('cost-col', columns.length, labels);
  const read = columns.map((name) => numericCells(table, name, 'cost', true));
  return labels.map((_, k) => read[read.length === 1 ? 0 : k]!);
}

/**
 * The uplift columns: one `uplift_<arm>` per treated arm, as `liftwise score`
 * writes; or else a single plain `uplift` column (scikit-uplift, causalml and
 * most notebooks write that), read as the one treated arm 'treated'.
 */
export function upliftColumns(table: Table): { armNames: string[]; labels: string[] } {
  const armNames = table.names.filter((name) => name.startsWith(UPLIFT_PREFIX));
  if (armNames.length === 0 && table.columns.has('uplift')) return { armNames: ['uplift'], labels: [PLAIN_UPLIFT_ARM] };
  return { armNames, labels: armNames.map((name) => name.slice(UPLIFT_PREFIX.length)) };
}

