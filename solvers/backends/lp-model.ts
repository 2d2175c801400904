/**
 * The one internal LP/MIP model every backend reads: maximise c·x + offset
 * subject to rowLower ≤ A·x ≤ rowUpper and 0 ≤ x ≤ colUpper, A in compressed
 * sparse rows, all columns continuous or all integer. Backends (highs,
 * glpk.js, javascript-lp-solver) each write it out in their own form and
 * answer in one result type, so callers switch solvers with a name.
 */
import type { Progress } from '../../src/util/progress.js';

export interface LpModel {
  readonly numCols: number;
  readonly numRows: number;
  /** Objective coefficient per column (maximised). */
  readonly objective: Float64Array;
  readonly objectiveOffset: number;
  /** Upper bound per column; every lower bound is 0. */
  readonly colUpper: Float64Array;
  /** Row r holds entries rowStarts[r] .. rowStarts[r+1]-1 of rowIndex (columns) and rowValue. */
  readonly rowStarts: Int32Array;
  readonly rowIndex: Int32Array;
  readonly rowValue: Float64Array;
  /** Bounds per row; -Infinity / Infinity when absent. */
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
}

export interface LinearSolveOptions {
  /** Solve with integer columns (MIP); else the LP relaxation. */
  readonly integer: boolean;
  /** Wall-clock limit in seconds. */
  readonly timeLimit?: number;
  /** Relative MIP gap at which the backend may stop. */
  readonly mipGap?: number;
  /** Absolute MIP gap at which the backend may stop (highs only). */
  readonly mipAbsoluteGap?: number;
  /** Further HiGHS options by name, e.g. { solver: 'ipm' } (highs only). */
  readonly highsOptions?: Readonly<Record<string, string | number | boolean>>;
  /** Find the rows in conflict when the model is infeasible (highs only). */
  readonly explainInfeasible?: boolean;
  /** With `integer`: 1 = integer column, 0 = continuous (highs only); default every column integer. */
  readonly integrality?: Uint8Array;
  /** A feasible 0/1 point to start a MIP from (highs only). */
  readonly start?: Float64Array;
  readonly progress?: Progress;
}

/** 'optimal' means within the requested MIP gap; the caller reads the gap from objective and bound. */
export type LinearStatus = 'optimal' | 'time-limit' | 'infeasible' | 'unbounded' | 'error';

export interface LinearResult {
  readonly status: LinearStatus;
  /** Column values when a solution exists. */
  readonly x: Float64Array | undefined;
  /** Objective of `x` (NaN without a solution). */
  readonly objective: number;
  /** Proven upper bound on the optimum (NaN when the backend gives none). */
  readonly bound: number;
  readonly seconds: number;
  /**
   * Row duals of an optimal LP (highs only), signed so that c − Aᵀy are the
   * reduced costs of the maximisation: ≥ 0 on a binding upper bound, ≤ 0 on a
   * binding lower bound.
   */
  readonly rowDual?: Float64Array;
  /** Rows of an irreducible infeasible subsystem, when asked for and found. */
  readonly conflictRows?: Int32Array;
  /** Column bounds in that subsystem. */
  readonly conflictCols?: Int32Array;
  /** The backend's own status words, for messages. */
  readonly detail: string;
}

export type BackendName = 'highs' | 'glpk' | 'jslp';

export interface LinearBackend {
  readonly name: BackendName;
  solve(model: LpModel, options: LinearSolveOptions): Promise<LinearResult>;
}

/** Builds a LpModel from rows given as lists (for tests and small models). */
export function modelFromRows(spec: {
  objective: readonly number[];
  objectiveOffset?: number;
  colUpper?: readonly number[];
  rows: ReadonlyArray<{ cols: readonly number[]; coefs: readonly number[]; lower?: number; upper?: number }>;
}): LpModel {
  const numCols = spec.objective.length;
  const starts = new Int32Array(spec.rows.length + 1);
  const index: number[] = [];
  const value: number[] = [];
  spec.rows.forEach((row, r) => {
    index.push(...row.cols);
    value.push(...row.coefs);
    starts[r + 1] = index.length;
  });
  return {
    numCols,
    numRows: spec.rows.length,
    objective: Float64Array.from(spec.objective),
    objectiveOffset: spec.objectiveOffset ?? 0,
    colUpper: spec.colUpper === undefined ? new Float64Array(numCols).fill(1) : Float64Array.from(spec.colUpper),
    rowStarts: starts,
    rowIndex: Int32Array.from(index),
    rowValue: Float64Array.from(value),
    rowLower: Float64Array.from(spec.rows, (r) => r.lower ?? -Infinity),
    rowUpper: Float64Array.from(spec.rows, (r) => r.upper ?? Infinity),
  };
}

/** c·x + offset. */
export function objectiveOf(model: LpModel, x: Float64Array): number {
  let z = model.objectiveOffset;
  for (let j = 0; j < model.numCols; j++) z += model.objective[j]! * x[j]!;
  return z;
}

/** The best bound an optimal MIP answer implies: within the relative `gap` of its objective (GLPK's definition). */
export function mipBound(objective: number, gap = 0): number {
  return objective + gap * (Math.abs(objective) + Number.EPSILON);
}

/**
 * The answer for a model without columns, which backends reject or call
 * "empty": every row's activity is 0, so it is optimal (objective = offset)
 * when 0 lies within every row's bounds, else those rows conflict.
 */
export function emptyModelResult(model: LpModel): LinearResult {
  const broken: number[] = [];
  for (let r = 0; r < model.numRows; r++) if (model.rowLower[r]! > 0 || model.rowUpper[r]! < 0) broken.push(r);
  if (broken.length > 0) {
    return { status: 'infeasible', x: undefined, objective: NaN, bound: NaN, seconds: 0, conflictRows: Int32Array.from(broken), detail: 'no columns' };
  }
  const z = model.objectiveOffset;
  return { status: 'optimal', x: new Float64Array(0), objective: z, bound: z, seconds: 0, detail: 'no columns' };
}
