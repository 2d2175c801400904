/**
 * The highs backend (HiGHS compiled to WebAssembly, MIT). The model goes in as
 * compressed sparse rows through the persistent API, so no LP text is built;
 * the MIP answer carries HiGHS's dual bound, and an infeasible LP can name an
 * irreducible infeasible subsystem. highs ≥ 1.15 is required (1.14.2 returned
 * wrong "optimal" MIP answers).
 */
// The package's types are CommonJS-flavoured; its ES build exports the loader as default.
import * as highsModule from 'highs';
import type { Highs, InitOptions } from 'highs';
import { defaultExport } from './interop.js';
import type { LinearBackend, LpModel, LinearResult, LinearSolveOptions, LinearStatus } from './lp-model.js';
import { emptyModelResult } from './lp-model.js';

let runtime: Promise<Highs> | undefined;

/** The WebAssembly runtime, loaded once per process. */
function highsRuntime(): Promise<Highs> {
  runtime ??= defaultExport<(options?: InitOptions) => Promise<Highs>>(highsModule)();
  return runtime;
}

// HiGHS model status codes (types.d.ts: ModelStatusCode).
const OPTIMAL = 7;
const INFEASIBLE = 8;
const UNBOUNDED_OR_INFEASIBLE = 9;
const UNBOUNDED = 10;
const TIME_LIMIT = 13;
const INTERRUPTED = 17;

const STATUS_WORDS: Readonly<Record<number, string>> = {
  7: 'optimal',
  8: 'infeasible',
  9: 'unbounded or infeasible',
  10: 'unbounded',
  13: 'time limit reached',
  14: 'iteration limit reached',
  17: 'interrupted',
};

export const highsBackend: LinearBackend = {
  name: 'highs',
  async solve(model: LpModel, options: LinearSolveOptions): Promise<LinearResult> {
    if (model.numCols === 0) return emptyModelResult(model);
    const highs = await highsRuntime();
    const started = performance.now();
    const lp = highs.createModel({
      numCols: model.numCols,
      numRows: model.numRows,
      sense: highs.constants.objectiveSense.maximize,
      offset: model.objectiveOffset,
      colCost: model.objective,
      colLower: new Float64Array(model.numCols),
      colUpper: model.colUpper,
      rowLower: model.rowLower,
      rowUpper: model.rowUpper,
      matrix: {
        format: 'csr',
        numRows: model.numRows,
        numCols: model.numCols,
        starts: model.rowStarts,
        indices: model.rowIndex,
        values: model.rowValue,
      },
      ...(options.integer ? { integrality: integralityOf(model.numCols, options.integrality, highs.constants.variableType.integer) } : {}),
    });
    try {
      lp.options.set({ output_flag: false });
      if (options.timeLimit !== undefined) lp.options.set('time_limit', Math.max(options.timeLimit, 0.001));
      if (options.mipGap !== undefined && options.integer) lp.options.set('mip_rel_gap', options.mipGap);
      if (options.mipAbsoluteGap !== undefined && options.integer) lp.options.set('mip_abs_gap', options.mipAbsoluteGap);
      if (options.highsOptions !== undefined) lp.options.set(options.highsOptions);
      if (options.start !== undefined && options.integer) lp.setSolution({ colValue: options.start });
      const progress = options.progress;
      let lastTick = started;
      if (progress !== undefined) progress.start(`highs ${options.integer ? 'MIP' : 'LP'}`, Math.ceil(options.timeLimit ?? 0));
      // Progress by elapsed seconds, from the interrupt callbacks HiGHS calls while it works.
      const onTick = (): undefined => {
        const now = performance.now();
        if (progress !== undefined && now - lastTick >= 1000) {
          progress.tick(Math.floor((now - lastTick) / 1000));
          lastTick = now;
        }
        return undefined;
      };
      const callbacks = progress === undefined ? undefined : {
        [highs.constants.callbackType.mipInterrupt]: onTick,
        [highs.constants.callbackType.simplexInterrupt]: onTick,
      };
      try {
        lp.run(callbacks);
      } finally {
        progress?.stop();
      }
      const code = lp.getModelStatus();
      const hasSolution = lp.info.get('primal_solution_status') === 2;
      const solution = hasSolution ? lp.getSolution() : undefined;
      const x = solution?.colValue;
      const rowDual = !options.integer && code === OPTIMAL && lp.info.get('dual_solution_status') === 2 ? solution?.rowDual : undefined;
      const objective = hasSolution ? lp.getObjectiveValue() : NaN;
      let bound = NaN;
      if (options.integer) {
        const b = Number(lp.info.get('mip_dual_bound'));
        if (Number.isFinite(b)) bound = b;
      } else if (code === OPTIMAL) {
        bound = objective;
      }
      const status = statusOf(code);
      let conflict: { rows: Int32Array; cols: Int32Array } | undefined;
      if (status === 'infeasible' && options.explainInfeasible === true) conflict = findConflict(highs, lp);
      return {
        status,
        x,
        objective,
        bound,
        seconds: (performance.now() - started) / 1000,
        ...(rowDual === undefined ? {} : { rowDual }),
        ...(conflict === undefined ? {} : { conflictRows: conflict.rows, conflictCols: conflict.cols }),
        detail: STATUS_WORDS[code] ?? `HiGHS model status ${code}`,
      };
    } finally {
      lp.dispose();
    }
  },
};

/** HiGHS's integrality array: every column integer, or only the flagged ones (0 = continuous). */
function integralityOf(numCols: number, flags: Uint8Array | undefined, integer: number): Int32Array {
  const out = new Int32Array(numCols).fill(integer);
  if (flags !== undefined) for (let j = 0; j < numCols; j++) if (flags[j] === 0) out[j] = 0;
  return out;
}

function statusOf(code: number): LinearStatus {
  if (code === OPTIMAL) return 'optimal';
  if (code === INFEASIBLE) return 'infeasible';
  if (code === UNBOUNDED || code === UNBOUNDED_OR_INFEASIBLE) return 'unbounded';
  if (code === TIME_LIMIT || code === INTERRUPTED) return 'time-limit';
  return 'error';
}

/** An irreducible infeasible subsystem of the LP relaxation, by row priority. */
function findConflict(highs: Highs, lp: ReturnType<Highs['createModel']>): { rows: Int32Array; cols: Int32Array } | undefined {
  try {
    lp.clearIntegrality();
    lp.options.set('iis_strategy', highs.constants.iis.strategyRowPriority);
    const iis = lp.getIis();
    if (iis.rowIndex.length === 0 && iis.colIndex.length === 0) return undefined;
    return { rows: iis.rowIndex, cols: iis.colIndex };
  } catch {
    return undefined;
  }
}
