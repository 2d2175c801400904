/**
 * The javascript-lp-solver backend (pure JavaScript, Unlicense). Its dense
 * tableau is fine for tens of variables and unusable for thousands (a 3,000
 * column model took 212 s here), so models above `JSLP_MAX_COLUMNS` are
 * refused with a message instead of left to hang. It rounds what it reports,
 * so objectives are recomputed from the column values.
 */
// The package's types are CommonJS-flavoured; its ES build exports the solver as default.
import * as jslpModule from 'javascript-lp-solver';
import type { Model as JslpModel, SolveResult } from 'javascript-lp-solver';
import type { LinearBackend, LpModel, LinearResult, LinearSolveOptions } from './lp-model.js';
import { emptyModelResult, mipBound, objectiveOf } from './lp-model.js';
import { solverErrors } from '../messages.js';
import { defaultExport } from './interop.js';

/** Largest model (columns) handed to javascript-lp-solver; its MIP took 1.6 s at 240 columns on 2 cores. */
export const JSLP_MAX_COLUMNS = 200;

const jslp = defaultExport<{ Solve(model: JslpModel): unknown }>(jslpModule);
const solve = (model: JslpModel): SolveResult => jslp.Solve(model) as SolveResult;

export const jslpBackend: LinearBackend = {
  name: 'jslp',
  async solve(model: LpModel, options: LinearSolveOptions): Promise<LinearResult> {
    if (model.numCols === 0) return emptyModelResult(model);
    if (model.numCols > JSLP_MAX_COLUMNS) throw solverErrors.tooLargeForJslp(model.numCols, model.numRows, JSLP_MAX_COLUMNS);
    const started = performance.now();
    const problem = toJslp(model);
    options.progress?.start(`javascript-lp-solver ${options.integer ? 'MIP' : 'LP'}`, 0);
    try {
      const relaxation = solve(problem);
      const seconds = (): number => (performance.now() - started) / 1000;
      if (relaxation.feasible !== true) {
        return { status: 'infeasible', x: undefined, objective: NaN, bound: NaN, seconds: seconds(), detail: 'infeasible' };
      }
      if (relaxation.bounded === false) {
        return { status: 'unbounded', x: undefined, objective: NaN, bound: NaN, seconds: seconds(), detail: 'unbounded' };
      }
      const lpX = columnValues(model, relaxation);
      const bound = objectiveOf(model, lpX);
      if (!options.integer) return { status: 'optimal', x: lpX, objective: bound, bound, seconds: seconds(), detail: 'optimal' };
      const ints: Record<string, 1> = {};
      for (let j = 0; j < model.numCols; j++) ints[`x${j}`] = 1;
      const timeout = options.timeLimit === undefined ? undefined : Math.max(options.timeLimit * 1000 - seconds() * 1000, 1);
      const mip = solve({
        ...problem,
        ints,
        options: { ...(timeout === undefined ? {} : { timeout }), ...(options.mipGap === undefined ? {} : { tolerance: options.mipGap }) },
      });
      if (mip.feasible !== true) {
        return { status: 'infeasible', x: undefined, objective: NaN, bound, seconds: seconds(), detail: 'no integer solution' };
      }
      const x = columnValues(model, mip);
      const integral = x.every((v) => Math.abs(v - Math.round(v)) < 1e-6);
      if (integral) for (let j = 0; j < x.length; j++) x[j] = Math.round(x[j]!);
      return {
        status: integral ? 'optimal' : 'time-limit',
        x: integral ? x : undefined,
        objective: integral ? objectiveOf(model, x) : NaN,
        // Branch and bound closed to its tolerance: the optimum is within it of the plan.
        bound: integral ? Math.min(bound, mipBound(objectiveOf(model, x), options.mipGap)) : bound,
        seconds: seconds(),
        detail: integral ? 'optimal' : 'stopped before an integer solution',
      };
    } finally {
      options.progress?.stop();
    }
  },
};

function toJslp(model: LpModel): JslpModel {
  const constraints: Record<string, { min?: number; max?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  for (let j = 0; j < model.numCols; j++) {
    const column: Record<string, number> = { objective: model.objective[j]! };
    if (Number.isFinite(model.colUpper[j]!)) {
      column[`ub${j}`] = 1;
      constraints[`ub${j}`] = { max: model.colUpper[j]! };
    }
    variables[`x${j}`] = column;
  }
  for (let r = 0; r < model.numRows; r++) {
    const lo = model.rowLower[r]!;
    const up = model.rowUpper[r]!;
    if (lo === -Infinity && up === Infinity) continue;
    constraints[`r${r}`] = { ...(lo === -Infinity ? {} : { min: lo }), ...(up === Infinity ? {} : { max: up }) };
    for (let e = model.rowStarts[r]!; e < model.rowStarts[r + 1]!; e++) {
      variables[`x${model.rowIndex[e]!}`]![`r${r}`] = model.rowValue[e]!;
    }
  }
  return { optimize: 'objective', opType: 'max', constraints, variables };
}

function columnValues(model: LpModel, result: Readonly<Record<string, unknown>>): Float64Array {
  const x = new Float64Array(model.numCols);
  for (let j = 0; j < model.numCols; j++) {
    const v = result[`x${j}`];
    x[j] = typeof v === 'number' ? v : 0; // only non-zero variables are reported
  }
  return x;
}
