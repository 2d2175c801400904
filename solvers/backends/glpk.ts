/**
 * The glpk.js backend (GLPK compiled to WebAssembly, GPL-3.0), through its
 * synchronous Node build `glpk.js/node`. GLPK's MIP reports no dual bound, so
 * a MIP solve starts with the LP relaxation, whose optimum is the bound.
 * glpk.js takes the model as named objects: fine to ~10^5 columns, slow above.
 */
import GLPK from 'glpk.js/node';
import type { LinearBackend, LpModel, LinearResult, LinearSolveOptions, LinearStatus } from './lp-model.js';
import { emptyModelResult, mipBound } from './lp-model.js';

type Glpk = Awaited<ReturnType<typeof GLPK>>;
type GlpkProblem = Parameters<Glpk['solve']>[0];

let runtime: Promise<Glpk> | undefined;

function glpkRuntime(): Promise<Glpk> {
  runtime ??= GLPK();
  return runtime;
}

// glpk.js solution status codes.
const GLP_UNDEF = 1;
const GLP_FEAS = 2;
const GLP_INFEAS = 3;
const GLP_NOFEAS = 4;
const GLP_OPT = 5;
const GLP_UNBND = 6;

const STATUS_WORDS: Readonly<Record<number, string>> = {
  1: 'undefined',
  2: 'feasible',
  3: 'infeasible',
  4: 'no feasible solution',
  5: 'optimal',
  6: 'unbounded',
};

export const glpkBackend: LinearBackend = {
  name: 'glpk',
  async solve(model: LpModel, options: LinearSolveOptions): Promise<LinearResult> {
    if (model.numCols === 0) return emptyModelResult(model);
    const glpk = await glpkRuntime();
    const started = performance.now();
    const problem = toGlpk(glpk, model);
    // GLPK's problem has no objective constant; results add it back.
    const offset = model.objectiveOffset;
    const progress = options.progress;
    progress?.start(`glpk.js ${options.integer ? 'MIP' : 'LP'}`, 0);
    try {
      const relaxation = solveLp(glpk, problem, options.timeLimit);
      const lpStatus = relaxation.result.status;
      const elapsed = (): number => (performance.now() - started) / 1000;
      if (lpStatus !== GLP_OPT || !options.integer) {
        const status = lpStatusOf(lpStatus, relaxation.time, options.timeLimit);
        const solved = lpStatus === GLP_OPT || lpStatus === GLP_FEAS;
        return {
          status,
          x: solved ? columnValues(model, relaxation.result.vars) : undefined,
          objective: solved ? relaxation.result.z + offset : NaN,
          bound: lpStatus === GLP_OPT ? relaxation.result.z + offset : NaN,
          seconds: elapsed(),
          detail: `LP ${STATUS_WORDS[lpStatus] ?? lpStatus}`,
        };
      }
      const left = options.timeLimit === undefined ? undefined : Math.max(options.timeLimit - elapsed(), 0.001);
      const mip = glpk.solve(
        { ...problem, binaries: problem.bounds!.map((b) => b.name) },
        {
          msglev: glpk.GLP_MSG_OFF,
          presol: true,
          ...(left === undefined ? {} : { tmlim: left }),
          ...(options.mipGap === undefined ? {} : { mipgap: options.mipGap }),
        },
      );
      const code = mip.result.status;
      const hasSolution = code === GLP_OPT || code === GLP_FEAS;
      // "Feasible" before the time limit means GLPK stopped at its mipgap: within the gap, as good as optimal.
      const withinGap = code === GLP_OPT || (code === GLP_FEAS && (left === undefined || mip.time < left * 0.99));
      return {
        status: withinGap ? 'optimal' : code === GLP_NOFEAS ? 'infeasible' : hasSolution || code === GLP_UNDEF ? 'time-limit' : 'error',
        x: hasSolution ? columnValues(model, mip.result.vars) : undefined,
        objective: hasSolution ? mip.result.z + offset : NaN,
        // GLPK reports no MIP bound; "optimal" means within mipgap of its best bound, else the LP bound holds.
        bound: withinGap ? Math.min(relaxation.result.z, mipBound(mip.result.z, options.mipGap)) + offset : relaxation.result.z + offset,
        seconds: elapsed(),
        detail: `MIP ${STATUS_WORDS[code] ?? code}`,
      };
    } finally {
      progress?.stop();
    }
  },
};

function solveLp(glpk: Glpk, problem: GlpkProblem, timeLimit: number | undefined): ReturnType<Glpk['solve']> {
  const options = { msglev: glpk.GLP_MSG_OFF, ...(timeLimit === undefined ? {} : { tmlim: timeLimit }) };
  const first = glpk.solve(problem, { ...options, presol: true });
  // GLPK's presolver reports an infeasible LP as "undefined"; the plain simplex says which.
  if (first.result.status !== GLP_UNDEF) return first;
  return glpk.solve(problem, { ...options, presol: false });
}

function lpStatusOf(code: number, seconds: number, timeLimit: number | undefined): LinearStatus {
  if (code === GLP_OPT) return 'optimal';
  if (code === GLP_NOFEAS || code === GLP_INFEAS) return 'infeasible';
  if (code === GLP_UNBND) return 'unbounded';
  if (timeLimit !== undefined && seconds >= timeLimit * 0.99) return 'time-limit';
  return code === GLP_FEAS ? 'time-limit' : 'error';
}

function toGlpk(glpk: Glpk, model: LpModel): GlpkProblem {
  const name = (j: number): string => `x${j}`;
  const vars = [];
  const bounds = [];
  for (let j = 0; j < model.numCols; j++) {
    vars.push({ name: name(j), coef: model.objective[j]! });
    bounds.push({ name: name(j), type: glpk.GLP_DB, lb: 0, ub: model.colUpper[j]! });
  }
  const subjectTo = [];
  for (let r = 0; r < model.numRows; r++) {
    const row = [];
    for (let e = model.rowStarts[r]!; e < model.rowStarts[r + 1]!; e++) row.push({ name: name(model.rowIndex[e]!), coef: model.rowValue[e]! });
    const lo = model.rowLower[r]!;
    const up = model.rowUpper[r]!;
    const type =
      lo === -Infinity && up === Infinity ? glpk.GLP_FR
      : lo === -Infinity ? glpk.GLP_UP
      : up === Infinity ? glpk.GLP_LO
      : lo === up ? glpk.GLP_FX
      : glpk.GLP_DB;
    subjectTo.push({ name: `r${r}`, vars: row, bnds: { type, lb: Number.isFinite(lo) ? lo : 0, ub: Number.isFinite(up) ? up : 0 } });
  }
  return {
    name: 'liftwise',
    objective: { direction: glpk.GLP_MAX, name: 'objective', vars },
    subjectTo,
    bounds,
  };
}

function columnValues(model: LpModel, vars: Readonly<Record<string, number>>): Float64Array {
  const x = new Float64Array(model.numCols);
  for (let j = 0; j < model.numCols; j++) x[j] = vars[`x${j}`] ?? 0;
  return x;
}
