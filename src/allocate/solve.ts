/**
 * solveAllocation: one entry point from a problem to a certified plan.
 *
 * With solver 'auto' the structure picks the method: the exact greedy when
 * only a budget (and per-unit rules) apply, the two-price Lagrangian for a
 * budget plus a recipient cap, and 'core' for every other rule set (the LP
 * by sifting with a price per rule, then reduced-cost fixing and an exact
 * search of the units left open). Each returns an integer plan, a proven
 * bound and the gap; when the greedy's or the Lagrangian's gap is above
 * `mipGap` the same core search closes it. highs, glpk and jslp solve the
 * whole MIP when asked by name. Every plan is checked against every rule
 * before it is returned.
 */
import { GreedyFrontier, type KnapsackSolution } from '../../solvers/knapsack/greedy.js';
import { armZeroIsCheapest, solveBudgetAndCap } from '../../solvers/knapsack/lagrangian.js';
import { highsBackend } from '../../solvers/backends/highs.js';
import { glpkBackend } from '../../solvers/backends/glpk.js';
import { jslpBackend } from '../../solvers/backends/jslp.js';
import type { LinearBackend } from '../../solvers/backends/lp-model.js';
import { solverErrors } from '../../solvers/messages.js';
import type { Progress } from '../util/progress.js';
import { silentProgress } from '../util/progress.js';
import type { AllocationProblem } from './problem.js';
import { validateProblem } from './validate.js';
import { prepareProblem, type Prepared } from './prepare.js';
import { buildModel, choiceFromColumns } from './model.js';
import { explainByDeletion, explainInfeasible, quickInfeasibility } from './explain.js';
import { closeGap } from './close-gap.js';
import { ruleSet } from './rule-rows.js';
import { solveCoupledLP } from '../../solvers/core/sifting.js';
import { repairPlan } from '../../solvers/core/repair.js';
import type { GapResult } from '../../solvers/core/close-gap.js';
import {
  findBrokenRule,
  summarizePlan,
  SOLVER_NAMES,
  type Infeasibility,
  type InfeasiblePlan,
  type LpCertificate,
  type Plan,
  type SolverName,
  type TimeLimitPlan,
} from './plan.js';
import { sideRules } from './prepare.js';
import { allocateErrors, infeasibleTexts, noteTexts } from './messages.js';
import { RULE_KINDS } from './rules/registry.js';

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
  if (solver === 'core') return solveByCore(prepared, options, mipGap, started);
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
    if (result.status === 'time-limit') return noPlanInTime(prepared, solver, result.bound, started, [result.detail]);
    throw solverErrors.backendFailed(solver, result.detail);
  }
  const choice = choiceFromColumns(built, prepared.input.n, result.x);
  return makePlan(prepared, solver, choice, result.bound, started, { timedOut: result.status === 'time-limit', notes: [result.detail] });
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
  let timedOut = false;
  const gap = bound - solution.value;
  if (gap > mipGap * Math.max(1, Math.abs(bound)) && options.closeGap !== false) {
    const elapsed = (performance.now() - started) / 1000;
    const closed = await closeGap(ruleSet(prepared), choice, {
      prices: { budgetPrice: solution.budgetPrice, recipientPrice: solution.recipientPrice },
      maxColumns: options.maxCoreColumns ?? DEFAULT_MAX_CORE_COLUMNS,
      absoluteGap: mipGap * Math.max(1, Math.abs(bound)),
      ...(options.timeLimit === undefined ? {} : { timeLimit: Math.max(options.timeLimit - elapsed, 0.001) }),
      // Cores are small: progress would only be noise.
    });
    // The incumbent keeps the rules, so closing never leaves the plan without one.
    choice = closed.choice ?? choice;
    bound = Math.min(bound, closed.bound);
    notes.push(...gapNotes(closed));
    if (closed.status === 'time-limit') timedOut = true;
  }
  return makePlan(prepared, solver, choice, bound, started, { timedOut, lp, notes });
}

/**
 * The 'core' method: the LP relaxation by sifting (a price per rule), the
 * LP-rounded plan as incumbent when it keeps every rule, then reduced-cost
 * fixing and the exact core search.
 */
async function solveByCore(prepared: Prepared, options: SolveOptions, mipGap: number, started: number): Promise<Plan> {
  const rules = ruleSet(prepared);
  const input = rules.set.input;
  const deadline = options.timeLimit === undefined ? Infinity : started + 1000 * options.timeLimit;
  const progress = options.progress ?? silentProgress;
  const large = prepared.input.n * prepared.input.arms >= 1e6;
  if (large) progress.start('LP relaxation by sifting (small LPs solved)', 0);
  let lp;
  try {
    lp = await solveCoupledLP(input, { deadline, ...(large ? { progress } : {}) });
  } finally {
    if (large) progress.stop();
  }
  if (lp.status === 'infeasible') {
    // Past the time limit the plan is still reported infeasible, only without the rules named.
    const why = (await explainByDeletion(prepared.input, rules.rules, deadline)) ?? { message: infeasibleTexts.unexplained('core'), rules: [] };
    return infeasiblePlan(prepared, 'core', why, started);
  }
  // The sifting LP stopped before its optimum: no bound is proven yet.
  if (lp.status === 'time-limit') return noPlanInTime(prepared, 'core', NaN, started, []);
  const { set } = rules;
  // The LP-rounded plan, mended where rounding broke a rule: a first plan for the gap closing to beat.
  const reduced = set.reduce(input.values, lp.prices, new Float64Array(input.n * input.arms));
  const rounded = set.keeps(set.activities(lp.arm)) ? lp.arm : repairPlan(set, lp.arm, reduced);
  const { budgetRow, capRow } = rules.rules;
  const budgetPrice = budgetRow >= 0 ? lp.prices[budgetRow]! : 0;
  const recipientPrice = capRow >= 0 ? lp.prices[capRow]! : 0;
  const lpInfo = { bound: lp.bound, fractionalUnits: lp.fractionalUnits, budgetPrice, recipientPrice };
  const notes = [noteTexts.lp(lp.rounds, lp.openUnits, prepared.input.n, lp.openClasses)];
  if (rounded !== undefined && rounded !== lp.arm) notes.push(noteTexts.mended());
  const remaining = options.timeLimit === undefined ? undefined : Math.max((deadline - performance.now()) / 1000, 0.001);
  const closed = await closeGap(rules, rounded, {
    prices: lp.prices,
    maxColumns: options.maxCoreColumns ?? DEFAULT_MAX_CORE_COLUMNS,
    absoluteGap: mipGap * Math.max(1, Math.abs(lp.bound)),
    ...(remaining === undefined ? {} : { timeLimit: remaining }),
  });
  notes.push(...gapNotes(closed));
  if (closed.status === 'infeasible') {
    return infeasiblePlan(prepared, 'core', { message: infeasibleTexts.integerOnly(), rules: [] }, started, notes);
  }
  if (closed.choice === undefined) {
    if (closed.status === 'time-limit') return noPlanInTime(prepared, 'core', Math.min(lp.bound, closed.bound), started, notes);
    throw allocateErrors.noPlanFound('core', closed.note ?? '');
  }
  return makePlan(prepared, 'core', closed.choice, Math.min(lp.bound, closed.bound), started, { timedOut: closed.status === 'time-limit', lp: lpInfo, notes });
}

/** What a gap closing tells the user. */
function gapNotes(closed: GapResult): string[] {
  const notes = [noteTexts.core(closed.method, closed.coreUnits, closed.coreColumns, closed.searches)];
  if (closed.status === 'too-large') notes.push(noteTexts.coreTooLarge(closed.note ?? ''));
  else if (closed.status === 'time-limit') notes.push(noteTexts.coreStopped());
  else if (closed.note !== undefined) notes.push(noteTexts.coreNote(closed.note));
  return notes;
}

function makePlan(
  prepared: Prepared,
  solver: SolverName,
  choice: Int32Array,
  rawBound: number,
  started: number,
  extra: { timedOut?: boolean; lp?: LpCertificate | undefined; notes: string[] },
): Plan {
  const { problem, input } = prepared;
  const summary = summarizePlan(problem, choice, input.values);
  const broken = findBrokenRule(problem, choice, summary);
  if (broken !== undefined) throw allocateErrors.planBreaksRule(solver, broken);
  // Round-off can put an LP bound a hair under the plan it certifies.
  const bound = Number.isNaN(rawBound) ? NaN : Math.max(rawBound, summary.objective);
  const gap = bound - summary.objective;
  const relativeGap = bound === 0 ? 0 : gap / Math.abs(bound);
  const common = {
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
  if (extra.timedOut === true) return { status: 'time-limit', planFound: true, ...common };
  return { status: gap <= OPTIMAL_GAP * Math.max(1, Math.abs(bound)) ? 'optimal' : 'within-gap', ...common };
}

/** No plan, with what every plan carries: all units on arm 0 and NaN numbers (notes follow). */
function noPlan(prepared: Prepared, solver: SolverName, bound: number, started: number) {
  const { arms: K, n } = prepared.input;
  return {
    solver,
    choice: new Int32Array(n),
    objective: NaN,
    bound,
    gap: NaN,
    relativeGap: NaN,
    value: NaN,
    spend: NaN,
    extraSpend: [],
    recipients: 0,
    armCounts: new Array<number>(K).fill(0),
    seconds: (performance.now() - started) / 1000,
  };
}

function infeasiblePlan(prepared: Prepared, solver: SolverName, why: Infeasibility, started: number, notes: string[] = []): InfeasiblePlan {
  return { status: 'infeasible', ...noPlan(prepared, solver, NaN, started), infeasibility: why, notes };
}

/** The time limit came before any plan: the best bound proven so far (NaN when none). */
function noPlanInTime(prepared: Prepared, solver: SolverName, bound: number, started: number, notes: string[]): TimeLimitPlan {
  return { status: 'time-limit', planFound: false, ...noPlan(prepared, solver, bound, started), notes };
}

/** The solver for a problem: by structure for 'auto', else the named one if it can solve the problem. */
export function chooseSolver(prepared: Prepared, requested: 'auto' | SolverName): SolverName {
  const { structure } = prepared;
  if (requested === 'auto') return structure === 'budget' ? 'greedy' : structure === 'budget-cap' ? 'lagrangian' : 'core';
  if (requested === 'greedy' && structure !== 'budget') {
    throw allocateErrors.solverCannot('greedy', `it handles one budget and per-unit rules; this problem has ${describeExtras(prepared)}`, structure === 'budget-cap' ? 'lagrangian, core or highs' : 'core, highs, glpk or jslp');
  }
  if (requested === 'lagrangian') {
    if (sideRules(prepared.problem).length > 0) {
      throw allocateErrors.solverCannot('lagrangian', `it handles one budget and a recipient cap; this problem has ${describeExtras(prepared)}`, 'core, highs, glpk or jslp');
    }
    if (structure !== 'budget-cap' && !armZeroIsCheapest(prepared.input)) {
      throw allocateErrors.solverCannot('lagrangian', 'it needs arm 0 to be the cheapest arm of every unit', structure === 'budget' ? 'greedy, core or highs' : 'core or highs');
    }
  }
  return requested;
}

/** The rules beyond one budget, as a solver refusal names them: the cap, then the side rules in registry order. */
function describeExtras(prepared: Prepared): string {
  const p = prepared.problem;
  const parts: string[] = [];
  for (const shape of ['cap', 'side'] as const) {
    for (const kind of RULE_KINDS) if (kind.shape === shape && kind.describe !== undefined && kind.present(p)) parts.push(kind.describe);
  }
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
