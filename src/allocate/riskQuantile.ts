/**
 * 'quantile:α': the plan that maximises the α-quantile of its value over the S
 * draws (VaR_α, the ⌈αS⌉-th smallest of V_1(x) … V_S(x)): "the value we reach
 * in all but the worst α share of draws". Unlike CVaR it is not concave, so no
 * weights price it exactly; it is a chance-constrained MIP:
 *
 *   max η  s.t.  V_s(x) ≥ η − M_s z_s (every draw s),  Σ_s z_s ≤ m = ⌈αS⌉ − 1,  z binary, x under every rule.
 *
 * How it is solved (and what the bound means):
 * 1. Plans. The CVaR_α plan (column generation, risk.ts; CVaR_α ≤ VaR_α, so it
 *    is a good start), every plan it prices, then a few rounds of: drop the m
 *    worst draws of the best plan so far and maximise CVaR of the kept draws'
 *    worst share (a plan that lifts the draws the quantile is made of).
 * 2. Bound. For any plan, among any m + 1 draws at least one is ≥ its quantile,
 *    so VaR_α(x) ≤ max_{s∈D} max_y V_s(y) for every such D: the (m+1)-th
 *    smallest of the per-draw optima U_s (each an allocation with one draw's
 *    values, whose proven bound is used). Valid under every rule, but loose when
 *    single draws are noisy.
 * 3. Exact MIP. When the MIP over every unit is small (as for CVaR), highs solves
 *    the chance-constrained MIP above with the best plan as start, M_s from U
 *    (η ≤ the bound of step 2), and its bound is the bound: an exact method with
 *    a proven gap. Otherwise it is solved over the units on which the plans
 *    disagree (improving the plan only), and the bound is step 2's.
 * The report says which (notes). Without --time-limit the MIP stops after
 * 60 s (status time-limit, the gap as proven then).
 */
import { highsBackend } from '../../solvers/backends/highs.js';
import type { LpModel } from '../../solvers/backends/lp-model.js';
import { silentProgress } from '../util/progress.js';
import { allocateErrors } from './messages.js';
import { findBrokenRule, foundPlanStatus, hasPlan, summarizePlan } from './plan.js';
import type { AllocationProblem } from './problem.js';
import { DEFAULT_MIP_GAP, drawModel, gapAboveTargetNote, solveCvar, withDrawRows, valueAtRisk, type PlanDraws, type RiskPlan, type RiskSolveOptions } from './risk.js';
import { solveAllocation } from './solve.js';

/** Below this many non-zeros (units × treated arms × draws) the MIP opens every unit: its bound is exact. */
const EXACT_QUANTILE_NONZEROS = 2e5;
const DEFAULT_QUANTILE_NONZEROS = 4e6;
/** Rounds of "drop the worst m draws, lift the rest". */
const ROUNDS = 4;
/** Plans kept for choosing the MIP's open units. */
const KEPT_PLANS = 12;
/** Without a time limit, the chance-constrained MIP (big-M, often slow to close) stops after this long. */
const DEFAULT_MIP_SECONDS = 60;
/** Non-zeros per second of time left that the MIP is given (as in risk.ts, from the same measurement). */
const MIP_NONZEROS_PER_SECOND = 7e3;

interface Candidate {
  readonly choice: Int32Array;
  readonly value: number;
  readonly totals: Float64Array;
}

export async function solveQuantile(
  problem: AllocationProblem,
  planDraws: PlanDraws,
  risk: { readonly kind: 'quantile'; readonly alpha: number },
  options: RiskSolveOptions,
  objectiveOf: (choice: Int32Array) => Float64Array,
): Promise<RiskPlan> {
  const { alpha } = risk;
  const S = planDraws.draws.count;
  const m = Math.max(0, Math.ceil(alpha * S - 1e-9) - 1);
  const started = performance.now();
  const deadline = options.timeLimit === undefined ? Infinity : started + 1000 * options.timeLimit;
  const remaining = (): number | undefined => (deadline === Infinity ? undefined : Math.max((deadline - performance.now()) / 1000, 0.001));
  const mipGap = options.mipGap ?? 1e-4;
  const progress = options.progress ?? silentProgress;
  let timedOut = false;

  const plans: Candidate[] = [];
  let best: Candidate | undefined;
  const consider = (choice: Int32Array, totals: Float64Array): void => {
    const value = valueAtRisk(totals, alpha);
    const c = { choice, value, totals };
    if (best === undefined || value > best.value) best = c;
    plans.push(c);
    plans.sort((a, b) => b.value - a.value);
    if (plans.length > KEPT_PLANS) plans.length = KEPT_PLANS;
  };
  const inner = (): RiskSolveOptions => {
    const left = remaining();
    return { ...options, progress: silentProgress, closeGap: false, onPlan: consider, ...(left === undefined ? {} : { timeLimit: left }) };
  };

  progress.start('quantile: CVaR plans, then lifting the kept draws', ROUNDS + 1);
  let iterations = 0;
  try {
    const cvar = await solveCvar(problem, planDraws, { kind: 'cvar', alpha }, inner(), objectiveOf);
    progress.tick(1);
    if (!hasPlan(cvar)) return { ...cvar, riskReport: { ...cvar.riskReport, risk } };
    if (cvar.status === 'time-limit') timedOut = true;
    consider(cvar.choice, cvar.riskReport.drawObjective);
    iterations += cvar.riskReport.iterations;
    for (let round = 0; round < ROUNDS && m > 0 && performance.now() < deadline; round++) {
      const current = best!;
      // Keep every draw but the m worst of the best plan; maximise the mean of the kept draws' worst tenth.
      const order = Array.from(current.totals.keys()).sort((a, b) => current.totals[a]! - current.totals[b]!);
      const keep = new Uint8Array(S).fill(1);
      for (let j = 0; j < m; j++) keep[order[j]!] = 0;
      const kept = S - m;
      const share = Math.min(1, Math.max(1, Math.ceil(0.1 * kept)) / kept);
      const lifted = await solveCvar(problem, planDraws, { kind: 'cvar', alpha: share }, inner(), objectiveOf, keep);
      progress.tick(1);
      iterations += lifted.riskReport.iterations;
      if (lifted.status === 'time-limit') timedOut = true;
      consider(lifted.choice, lifted.riskReport.drawObjective);
      if (best === current) break;
    }
  } finally {
    progress.stop();
  }

  // Step 2: the per-draw bound.
  const perDraw = await perDrawBounds(problem, planDraws, () => deadline, options);
  if (perDraw.timedOut) timedOut = true;
  const sortedU = Float64Array.from(perDraw.bounds).sort();
  const drawBound = sortedU[m]!;
  let upper = drawBound;
  const notes = [
    `quantile:${alpha} (the ${m + 1}-th smallest of ${S} draws): ${iterations} allocations at draw weights (CVaR plans and ${plans.length} kept plans)`,
    `bound: the ${m + 1}-th smallest per-draw optimum, ${Number.isFinite(drawBound) ? drawBound.toPrecision(8) : 'not computed in time'}`,
  ];

  // Step 3: the chance-constrained MIP.
  let openUnits = 0;
  if (best!.value < upper - mipGap * Math.max(1, Math.abs(upper)) && Number.isFinite(upper) && performance.now() < deadline && options.closeGap !== false) {
    // As for CVaR: highs cannot be interrupted before its root LP, so the model gets what the time left can take.
    const left = remaining() ?? DEFAULT_MIP_SECONDS;
    const open = openUnitsOf(problem, plans, best!.choice, S, Math.min(options.maxRiskNonzeros ?? DEFAULT_QUANTILE_NONZEROS, left * MIP_NONZEROS_PER_SECOND));
    openUnits = open.units.length;
    if (openUnits > 0) {
      const solved = await solveQuantileMip(problem, planDraws, m, open.units, best!, upper, mipGap, remaining() ?? DEFAULT_MIP_SECONDS);
      if (solved.status === 'time-limit') timedOut = true;
      if (solved.choice !== undefined) {
        const totals = objectiveOf(solved.choice);
        const value = valueAtRisk(totals, alpha);
        if (value > best!.value) best = { choice: solved.choice, value, totals };
      }
      if (open.all && Number.isFinite(solved.bound)) upper = Math.min(upper, solved.bound);
      notes.push(
        `chance-constrained MIP by highs over ${openUnits} of ${problem.units} units${open.all ? ' (all: the bound is the MIP bound, an exact method)' : ' (plans improve; the bound stays the per-draw one)'}: ${solved.detail}`,
      );
    } else {
      notes.push(`the chance-constrained MIP over the ${open.candidates} units the plans disagree on is too large: not solved`);
    }
  }

  const plan = best!;
  const summary = summarizePlan(problem, plan.choice);
  const broken = findBrokenRule(problem, plan.choice, summary);
  if (broken !== undefined) throw allocateErrors.planBreaksRule('core', broken);
  const bound = Math.max(upper, plan.value);
  const gap = bound - plan.value;
  const status = foundPlanStatus(timedOut, gap <= 1e-9 * Math.max(1, Math.abs(bound)));
  const gapNote = status.status === 'within-gap' ? gapAboveTargetNote(bound === 0 ? 0 : gap / Math.abs(bound), options.mipGap ?? DEFAULT_MIP_GAP) : undefined;
  if (gapNote !== undefined) notes.push(gapNote);
  return {
    ...status,
    solver: 'core',
    choice: plan.choice,
    objective: plan.value,
    bound,
    gap,
    relativeGap: bound === 0 ? 0 : gap / Math.abs(bound),
    value: summary.value,
    spend: summary.spend,
    extraSpend: summary.extraSpend,
    recipients: summary.recipients,
    armCounts: summary.armCounts,
    seconds: (performance.now() - started) / 1000,
    notes,
    riskReport: { risk, iterations, openUnits, drawObjective: plan.totals },
  };
}

/** U_s: a proven bound on max_x V_s(x), one allocation per draw (Infinity where time ran out). */
async function perDrawBounds(
  problem: AllocationProblem,
  { draws, scale = 1 }: PlanDraws,
  deadlineOf: () => number,
  options: RiskSolveOptions,
): Promise<{ bounds: Float64Array; timedOut: boolean }> {
  const S = draws.count;
  const nK = problem.units * problem.arms;
  const bounds = new Float64Array(S).fill(Infinity);
  let timedOut = false;
  let lastMs = 0;
  for (let s = 0; s < S; s++) {
    const left = deadlineOf() - performance.now();
    // An allocation cannot be interrupted: start one only when the last one's time still fits.
    if (left <= 1.2 * lastMs) {
      timedOut = true;
      break;
    }
    const t0 = performance.now();
    const slice = draws.values.subarray(s * nK, (s + 1) * nK);
    const values = scale === 1 ? slice : Float64Array.from(slice, (v) => v * scale);
    const solved = await solveAllocation(
      { ...problem, values },
      { ...options, progress: silentProgress, closeGap: false, ...(Number.isFinite(left) ? { timeLimit: left / 1000 } : {}) },
    );
    lastMs = performance.now() - t0;
    if (solved.status === 'infeasible') break;
    if (!hasPlan(solved)) {
      // The time limit came before this draw's plan: its bound, when one was proven, else Infinity.
      if (Number.isFinite(solved.bound)) bounds[s] = solved.bound;
      timedOut = true;
      break;
    }
    bounds[s] = solved.bound;
  }
  return { bounds, timedOut };
}

function openUnitsOf(
  problem: AllocationProblem,
  plans: readonly Candidate[],
  best: Int32Array,
  S: number,
  maxNonzeros: number,
): { units: Int32Array; all: boolean; candidates: number } {
  const n = problem.units;
  const treated = problem.arms - 1;
  if (n * treated * S <= Math.min(maxNonzeros, EXACT_QUANTILE_NONZEROS)) return { units: Int32Array.from({ length: n }, (_, i) => i), all: true, candidates: n };
  const open: number[] = [];
  for (let i = 0; i < n; i++) if (plans.some((p) => p.choice[i] !== best[i])) open.push(i);
  if (open.length * treated * S > maxNonzeros) return { units: new Int32Array(0), all: false, candidates: open.length };
  return { units: Int32Array.from(open), all: false, candidates: open.length };
}

/**
 * max η s.t. V_s(x) ≥ η − M_s z_s, Σ z_s ≤ m, over the open units (the others
 * on the best plan's arms). η = L + η' with L the best plan's quantile (the
 * optimum is at least that) and η' ≤ U − L with U the per-draw bound; M_s =
 * U − (the least V_s any choice of the open units gives).
 */
async function solveQuantileMip(
  problem: AllocationProblem,
  { draws, scale = 1 }: PlanDraws,
  m: number,
  open: Int32Array,
  best: Candidate,
  upper: number,
  mipGap: number,
  timeLimit: number | undefined,
): Promise<{ choice?: Int32Array; bound: number; status: string; detail: string }> {
  const K = problem.arms;
  const parts = drawModel(problem, { draws, scale }, open, best.choice);
  const { restricted, nx, o, baseTotals, S } = parts;
  const rm = restricted.model;
  const lowest = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let low = baseTotals[s]!;
    for (const i of open) {
      let worst = 0;
      for (let k = 1; k < K; k++) worst = Math.min(worst, o(s, i, k) - o(s, i, 0));
      low += worst;
    }
    lowest[s] = low;
  }
  const L = best.value;
  // η ≤ upper, and V_s(x) ≥ lowest_s for every choice, so η − M_s ≤ V_s whenever z_s = 1.
  const bigM = Float64Array.from(lowest, (low) => Math.max(0, upper - low));
  const numCols = nx + 1 + S;
  // The draw rows with η − M_s·z_s, then one row Σ z_s ≤ m.
  const { numRows, rowStarts, rowIndex, rowValue, rowLower, rowUpper, next } = withDrawRows(parts, L, (s) => bigM[s]!, 1, S);
  let e = next;
  for (let s = 0; s < S; s++) {
    rowIndex[e] = nx + 1 + s;
    rowValue[e++] = 1;
  }
  rowStarts[numRows] = e;
  rowLower[numRows - 1] = -Infinity;
  rowUpper[numRows - 1] = m;
  const objective = new Float64Array(numCols);
  objective[nx] = 1;
  const colUpper = new Float64Array(numCols).fill(1);
  colUpper.set(rm.colUpper);
  colUpper[nx] = Math.max(0, upper - L);
  const start = new Float64Array(numCols);
  for (let j = 0; j < nx; j++) start[j] = best.choice[restricted.colUnit[j]!] === restricted.colArm[j] ? 1 : 0;
  for (let s = 0; s < S; s++) start[nx + 1 + s] = best.totals[s]! < L ? 1 : 0;
  const integrality = new Uint8Array(numCols).fill(1);
  integrality[nx] = 0;
  const model: LpModel = { numCols, numRows, objective, objectiveOffset: L, colUpper, rowStarts, rowIndex, rowValue, rowLower, rowUpper };
  const result = await highsBackend.solve(model, { integer: true, integrality, start, mipGap, ...(timeLimit === undefined ? {} : { timeLimit }) });
  if (result.x === undefined) return { bound: result.bound, status: result.status, detail: result.detail };
  const choice = best.choice.slice();
  for (const i of open) choice[i] = 0;
  for (let j = 0; j < nx; j++) if (result.x[j]! > 0.5) choice[restricted.colUnit[j]!] = restricted.colArm[j]!;
  return { choice, bound: result.bound, status: result.status, detail: result.detail };
}
