/**
 * solveAllocation: one entry point from a problem to a certified plan.
 *
 * With solver 'auto' the structure picks the method: the exact greedy when
 * only a budget (and per-unit rules) apply, the two-price Lagrangian for a
 * budget plus a recipient cap, and highs for every other rule. The exact
 * methods return an integer plan, the LP bound and the gap; when that gap is
 * above `mipGap` the core left by reduced-cost fixing is solved by highs.
 * Every plan is checked against every rule before it is returned.
 */
import { GreedyFrontier, type KnapsackSolution } from '../../solvers/greedy.js';
import { armZeroIsCheapest, solveBudgetAndCap } from '../../solvers/lagrangian.js';
import { highsBackend } from '../../solvers/highs.js';
import { glpkBackend } from '../../solvers/glpk.js';
import { jslpBackend } from '../../solvers/jslp.js';
import type { LinearBackend } from '../../solvers/lp.js';
import { solverErrors } from '../../solvers/messages.js';
import type { Progress } from '../util/progress.js';
import { silentProgress } from '../util/progress.js';
import type { AllocationProblem } from './problem.js';
import { validateProblem } from './validate.js';
import { prepareProblem, type Prepared } from './prepare.js';
import { buildModel, choiceFromColumns } from './model.js';
import { explainInfeasible, quickInfeasibility } from './explain.js';
import { closeGap } from './core.js';
import { findBrokenRule, summarizePlan, SOLVER_NAMES, type Infeasibility, type Plan, type PlanStatus, type SolverName } from './plan.js';
import { allocateErrors } from './messages.js';

export interface SolveOptions {
  /** 'auto' (default) picks by structure; or force one solver. */
  readonly solver?: 'auto' | SolverName;
  /** Wall-clock limit in seconds for LP/MIP solves; on the limit the best plan found is returned with its bound. */
  readonly timeLimit?: number;
  /** Relative gap (to the bound) at which a plan is good enough. Default 1e-4, as HiGHS's default. */
  readonly mipGap?: number;
  /** Solve the core MIP when an exact method's gap is above mipGap (default true). */
  readonly closeGap?: boolean;
  /** Largest core (MIP columns) worth handing to highs. Default 200 000. */
  readonly maxCoreColumns?: number;
  /** Progress of long solves (silent by default). */
  readonly progress?: Progress;
}

const DEFAULT_MIP_GAP = 1e-4;
const DEFAULT_MAX_CORE_COLUMNS = 200_000;
/** A relative gap this small is round-off: the plan is optimal. */
const OPTIMAL_GAP = 1e-9;

const BACKENDS: Readonly<Record<'highs' | 'glpk' | 'jslp', LinearBackend>> = {
  highs: highsBackend,
  glpk: glpkBackend,
  jslp: jslpBackend,
};

/**
 * Solves an allocation problem.
 *
 * @example
 * const plan = await solveAllocation({
 *   units: 3, arms: 2,
 *   values: Float64Array.of(0, 5, 0, 4, 0, 1),
 *   costs: Float64Array.of(0, 2, 0, 2, 0, 2),
 *   budget: 4,
 * });
 * plan.choice;  // Int32Array [1, 1, 0]
 * plan.status;  // 'optimal'
 */
export async function solveAllocation(problem: AllocationProblem, options: SolveOptions = {}): Promise<Plan> {
  const started = performance.now();
  validateProblem(problem);
  checkOptions(options);
  const prepared = prepareProblem(problem);
  const solver = chooseSolver(prepared, options.solver ?? 'auto');
  const mipGap = options.mipGap ?? DEFAULT_MIP_GAP;
  const progress = options.progress ?? silentProgress;

  if (solver === 'greedy' || solver === 'lagrangian') {
    const solution =
      solver === 'greedy'
        ? GreedyFrontier.build(prepared.input).solve(prepared.budget)
        : solveBudgetAndCap(prepared.input, prepared.budget, prepared.cap, {
            // Under a second below 10^6 unit-arms: progress would only be noise.
            ...(prepared.input.n * prepared.input.arms >= 1e6 ? { progress } : {}),
          });
    // The exact solvers find no plan only when the cheapest arms already overspend; say so.
    if (solution === undefined) return infeasiblePlan(prepared, solver, quickInfeasibility(prepared)!, started);
    return finishExact(prepared, solver, solution, options, mipGap, started);
  }

  const quick = quickInfeasibility(prepared);
  if (quick !== undefined) return infeasiblePlan(prepared, solver, quick, started);
  const built = buildModel(prepared);
  const backend = BACKENDS[solver];
  const result = await backend.solve(built.model, {
    integer: true,
    mipGap,
    explainInfeasible: solver === 'highs',
    ...(options.timeLimit === undefined ? {} : { timeLimit: options.timeLimit }),
    progress,
  });
  if (result.status === 'infeasible') {
    const why = await explainInfeasible(built, solver, result);
    return infeasiblePlan(prepared, solver, why, started, [result.detail]);
  }
  if (result.x === undefined) {
    if (result.status === 'time-limit') throw allocateErrors.noPlanInTime(solver, options.timeLimit ?? 0);
    throw solverErrors.backendFailed(solver, result.detail);
  }
  const choice = choiceFromColumns(built, prepared.input.n, result.x);
  const status: PlanStatus | undefined = result.status === 'time-limit' ? 'time-limit' : undefined;
  return makePlan(prepared, solver, choice, result.bound, started, { status, notes: [result.detail] });
}

/** The exact methods' plan, with the gap closed on the core when it is above mipGap. */
async function finishExact(
  prepared: Prepared,
  solver: SolverName,
  solution: KnapsackSolution,
  options: SolveOptions,
  mipGap: number,
  started: number,
): Promise<Plan> {
  const lp = {
    bound: solution.bound,
    fractionalUnits: solution.fractionalUnits,
    budgetPrice: solution.budgetPrice,
    recipientPrice: solution.recipientPrice,
  };
  let choice = solution.choice;
  let bound = solution.bound;
  const notes: string[] = [];
  const gap = bound - solution.value;
  if (gap > mipGap * Math.max(1, Math.abs(bound)) && options.closeGap !== false) {
    const elapsed = (performance.now() - started) / 1000;
    const closed = await closeGap(prepared, choice, {
      budgetPrice: solution.budgetPrice,
      recipientPrice: solution.recipientPrice,
      maxColumns: options.maxCoreColumns ?? DEFAULT_MAX_CORE_COLUMNS,
      absoluteGap: mipGap * Math.max(1, Math.abs(bound)),
      ...(options.timeLimit === undefined ? {} : { timeLimit: Math.max(options.timeLimit - elapsed, 0.001) }),
      // Cores are small: progress would only be noise.
    });
    if (closed === undefined) {
      notes.push(`the gap was not closed: the core left after reduced-cost fixing is larger than ${options.maxCoreColumns ?? DEFAULT_MAX_CORE_COLUMNS} columns`);
    } else {
      choice = closed.choice;
      bound = Math.min(bound, closed.bound);
      notes.push(`core MIP (highs): ${closed.coreUnits} units, ${closed.coreColumns} columns${closed.solved ? '' : ', stopped at the time limit'}`);
    }
  }
  return makePlan(prepared, solver, choice, bound, started, { lp, notes });
}

function makePlan(
  prepared: Prepared,
  solver: SolverName,
  choice: Int32Array,
  rawBound: number,
  started: number,
  extra: { status?: PlanStatus | undefined; lp?: Plan['lp']; notes: string[] },
): Plan {
  const { problem, input } = prepared;
  const summary = summarizePlan(problem, choice, input.values);
  const broken = findBrokenRule(problem, choice, summary);
  if (broken !== undefined) throw allocateErrors.planBreaksRule(solver, broken);
  // Round-off can put an LP bound a hair under the plan it certifies.
  const bound = Number.isNaN(rawBound) ? NaN : Math.max(rawBound, summary.objective);
  const gap = bound - summary.objective;
  const relativeGap = bound === 0 ? 0 : gap / Math.abs(bound);
  const status = extra.status ?? (gap <= OPTIMAL_GAP * Math.max(1, Math.abs(bound)) ? 'optimal' : 'within-gap');
  return {
    status,
    solver,
    choice,
    objective: summary.objective,
    bound,
    gap,
    relativeGap,
    value: summary.value,
    spend: summary.spend,
    extraSpend: summary.extraSpend,
    recipients: summary.recipients,
    armCounts: summary.armCounts,
    seconds: (performance.now() - started) / 1000,
    ...(extra.lp === undefined ? {} : { lp: extra.lp }),
    notes: extra.notes,
  };
}

function infeasiblePlan(prepared: Prepared, solver: SolverName, why: Infeasibility, started: number, notes: string[] = []): Plan {
  const { arms: K, n } = prepared.input;
  return {
    status: 'infeasible',
    solver,
    choice: new Int32Array(n),
    objective: NaN,
    bound: NaN,
    gap: NaN,
    relativeGap: NaN,
    value: NaN,
    spend: NaN,
    extraSpend: [],
    recipients: 0,
    armCounts: new Array<number>(K).fill(0),
    seconds: (performance.now() - started) / 1000,
    infeasibility: why,
    notes,
  };
}

/** The solver for a problem: by structure for 'auto', else the named one if it can solve the problem. */
export function chooseSolver(prepared: Prepared, requested: 'auto' | SolverName): SolverName {
  const { structure } = prepared;
  if (requested === 'auto') return structure === 'budget' ? 'greedy' : structure === 'budget-cap' ? 'lagrangian' : 'highs';
  if (requested === 'greedy' && structure !== 'budget') {
    throw allocateErrors.solverCannot('greedy', `it handles one budget and per-unit rules; this problem has ${describeExtras(prepared)}`, structure === 'budget-cap' ? 'lagrangian or highs' : 'highs, glpk or jslp');
  }
  if (requested === 'lagrangian') {
    const p = prepared.problem;
    const sideRules = (p.extraBudgets?.length ?? 0) + (p.armLimits?.length ?? 0) + (p.segmentRules?.length ?? 0) > 0;
    if (sideRules) {
      throw allocateErrors.solverCannot('lagrangian', `it handles one budget and a recipient cap; this problem has ${describeExtras(prepared)}`, 'highs, glpk or jslp');
    }
    if (structure !== 'budget-cap' && !armZeroIsCheapest(prepared.input)) {
      throw allocateErrors.solverCannot('lagrangian', 'it needs arm 0 to be the cheapest arm of every unit', structure === 'budget' ? 'greedy or highs' : 'highs');
    }
  }
  return requested;
}

function describeExtras(prepared: Prepared): string {
  const p = prepared.problem;
  const parts: string[] = [];
  if (prepared.cap < Infinity) parts.push('a recipient cap');
  if ((p.extraBudgets?.length ?? 0) > 0) parts.push('more budgets');
  if ((p.armLimits?.length ?? 0) > 0) parts.push('arm limits');
  if ((p.segmentRules?.length ?? 0) > 0) parts.push('segment rules');
  return parts.join(', ');
}

function checkOptions(options: SolveOptions): void {
  const s = options.solver;
  if (s !== undefined && s !== 'auto' && !(SOLVER_NAMES as readonly string[]).includes(s)) {
    throw allocateErrors.unknownSolver(s, ['auto', ...SOLVER_NAMES]);
  }
  if (options.timeLimit !== undefined && !(options.timeLimit > 0)) {
    throw allocateErrors.badOption('timeLimit', options.timeLimit, 'a number of seconds > 0');
  }
  if (options.mipGap !== undefined && !(options.mipGap >= 0 && options.mipGap < 1)) {
    throw allocateErrors.badOption('mipGap', options.mipGap, 'a relative gap in [0, 1)');
  }
}
