/**
 * Plans that know their uncertainty: the risk objective a plan maximises over
 * the S draws of the effects, and the solver for CVaR.
 *
 * A plan x has an objective in every draw s, V_s(x) = Σ_i o_s(i, x_i) with
 * o_s = draw × scale (− cost for a profit objective). 'mean' maximises the
 * average over draws (today's plans); 'cvar:α' maximises the mean of the
 * worst α share of draws,
 *
 *   CVaR_α(V) = max_η η − (1/(αS)) Σ_s (η − V_s)⁺ = min_{w ∈ W} Σ_s w_s V_s,
 *   W = { 0 ≤ w_s ≤ 1/(αS), Σ_s w_s = 1 }           (Rockafellar–Uryasev; its LP dual).
 *
 * For any weights w ∈ W and any plan x, CVaR(V(x)) ≤ w·V(x) ≤ max_x w·V(x),
 * and the right side is an ordinary allocation problem (unit values
 * Σ_s w_s o_s) that solveAllocation solves with a proven bound under every
 * rule. So we minimise that bound over w by column generation: the plans
 * found so far are the columns of a small master LP (the best mix of them
 * under CVaR), whose duals are the next weights w; the allocation solved at w
 * is the next column and its bound an upper bound on every plan's CVaR. The
 * best plan's CVaR against the least bound is the gap. When it is above
 * mipGap, the Rockafellar–Uryasev MIP over the units on which the mixed plans
 * disagree (every unit when the model is small, which makes the bound
 * exact) is handed to highs with the best plan as start.
 */
import { highsBackend } from '../../solvers/backends/highs.js';
import type { LpModel } from '../../solvers/backends/lp-model.js';
import { restrictedModel } from '../../solvers/core/restricted.js';
import type { EffectDraws3 } from '../effects/effects.js';
import { InputError } from '../errors.js';
import { silentProgress } from '../util/progress.js';
import { allocateErrors } from './messages.js';
import type { Plan } from './plan.js';
import { findBrokenRule, foundPlanStatus, hasPlan, summarizePlan } from './plan.js';
import { prepareProblem } from './prepare.js';
import type { AllocationProblem } from './problem.js';
import { ruleSet } from './rule-rows.js';
import { solveAllocation, type SolveOptions } from './solve.js';

/**
 * 'mean', or 'cvar': (1 − weight)·mean + weight·CVaR_α of the plan's value
 * over draws. weight is 1 unless a frontier asks for a blend (default 1).
 */
export type RiskObjective =
  | { readonly kind: 'mean' }
  | { readonly kind: 'cvar'; readonly alpha: number; readonly weight?: number }
  | { readonly kind: 'quantile'; readonly alpha: number };

/**
 * The risk objective of a plan's per-draw values.
 *
 * @example
 * riskValue(Float64Array.of(4, 1, 3, 2), { kind: 'cvar', alpha: 0.5 }); // 1.5
 */
export function riskValue(totals: Float64Array, risk: RiskObjective): number {
  let mean = 0;
  for (let s = 0; s < totals.length; s++) mean += totals[s]!;
  mean /= totals.length;
  if (risk.kind === 'mean') return mean;
  if (risk.kind === 'quantile') return valueAtRisk(totals, risk.alpha);
  const weight = risk.weight ?? 1;
  return (1 - weight) * mean + (weight === 0 ? 0 : weight * cvarOf(totals, risk.alpha));
}

/**
 * 'mean', 'cvar:α' or 'quantile:α' with 0 < α ≤ 1.
 *
 * @example
 * parseRisk('cvar:0.1'); // { kind: 'cvar', alpha: 0.1 }
 * parseRisk('quantile:0.05'); // { kind: 'quantile', alpha: 0.05 }
 */
export function parseRisk(text: string, field = 'risk'): RiskObjective {
  const t = text.trim();
  if (t === 'mean') return { kind: 'mean' };
  const m = /^(cvar|quantile):([0-9.eE+-]+)$/.exec(t);
  const alpha = m === null ? NaN : Number(m[2]);
  if (m === null || !(alpha > 0 && alpha <= 1)) {
    throw new InputError('E_RISK', `'${text}' is not a risk objective: use mean, cvar:α or quantile:α with 0 < α ≤ 1 (e.g. cvar:0.1)`, { path: [field] });
  }
  return { kind: m[1] as 'cvar' | 'quantile', alpha };
}

/** The risk objective as text, e.g. 'cvar:0.1'. */
export function riskText(risk: RiskObjective): string {
  if (risk.kind === 'mean') return 'mean';
  if (risk.kind === 'quantile') return `quantile:${risk.alpha}`;
  const weight = risk.weight ?? 1;
  return weight === 1 ? `cvar:${risk.alpha}` : `${1 - weight}·mean + ${weight}·cvar:${risk.alpha}`;
}

/** The effects' draws as the allocation sees them. */
export interface PlanDraws {
  /** S × n × K draws of every unit's effect under every arm (arm 0 = 0), as in Effects. */
  readonly draws: EffectDraws3;
  /** Value of one unit of effect (the problem's values are mean × scale); default 1. */
  readonly scale?: number;
}

export interface RiskSolveOptions extends SolveOptions {
  /** Called with every plan an allocation at draw weights found (and its objective per draw). */
  readonly onPlan?: (choice: Int32Array, totals: Float64Array) => void;
  /** Most allocations solved while generating plans (default 60). */
  readonly maxIterations?: number;
  /** Largest Rockafellar–Uryasev MIP (draws × open columns, its non-zeros) handed to highs (default 4·10^6). */
  readonly maxRiskNonzeros?: number;
}

/** What the risk solver did, beside the plan. */
export interface RiskReport {
  readonly risk: RiskObjective;
  /** Allocations solved at draw weights (0 for 'mean'). */
  readonly iterations: number;
  /** The master's value: the best mix of the generated plans. */
  readonly mixValue?: number;
  /** Units left open in the final MIP (0 when none was solved). */
  readonly openUnits: number;
  /** The plan's objective in every draw. */
  readonly drawObjective: Float64Array;
}

export type RiskPlan = Plan & { readonly riskReport: RiskReport };

export const DEFAULT_MIP_GAP = 1e-4;

/**
 * A plan whose proven gap is above the gap asked for is still reported (the best
 * found, with its bound), but its status 'within-gap' alone would read as if the
 * asked gap were met: this note says it was not.
 */
export function gapAboveTargetNote(relativeGap: number, mipGap: number): string | undefined {
  if (!(relativeGap > mipGap)) return undefined;
  return `the proven gap ${relativeGap.toExponential(2)} is above the ${mipGap.toExponential(2)} asked for: this is the best plan found, not one proven within that gap (give more --time-limit, fewer draws, or accept the gap)`;
}
const DEFAULT_ITERATIONS = 60;
const DEFAULT_RISK_NONZEROS = 4e6;
/**
 * Non-zeros of the Rockafellar–Uryasev MIP highs gets through per second of time
 * left (measured: 7.7·10^5 non-zeros took 54 s to the time-limit stop at load 19 on
 * 2 cores; halved for safety).
 */
const MIP_NONZEROS_PER_SECOND = 7e3;
/** Below this many non-zeros the final MIP opens every unit, so its bound is exact (small problems, tests). */
const EXACT_RISK_NONZEROS = 2e5;
/** Share of the least-bound weights in the in-out pricing point. */
const STABILISATION = 0.5;

function blend(center: Float64Array, w: Float64Array, step: number): Float64Array {
  return Float64Array.from(w, (x, s) => step * center[s]! + (1 - step) * x);
}

function dot(a: Float64Array, b: Float64Array): number {
  let t = 0;
  for (let s = 0; s < a.length; s++) t += a[s]! * b[s]!;
  return t;
}

/** The plan's objective in each draw: Σ_i draw × scale (− cost for profit). */
export function drawObjective(problem: AllocationProblem, { draws, scale = 1 }: PlanDraws): (choice: Int32Array) => Float64Array {
  const { units: n, arms: K, costs } = problem;
  const profit = problem.objective === 'profit';
  return (choice) => {
    let fixed = 0;
    if (profit) for (let i = 0; i < n; i++) fixed -= costs[i * K + choice[i]!]!;
    const out = new Float64Array(draws.count);
    const d = draws.values;
    for (let s = 0; s < draws.count; s++) {
      const base = s * n * K;
      let t = 0;
      for (let i = 0; i < n; i++) t += d[base + i * K + choice[i]!]!;
      out[s] = t * scale + fixed;
    }
    return out;
  };
}

/**
 * CVaR_α of draws: the mean of the worst α·S of them (the draw at the
 * boundary counted by its fraction), which equals min_{w ∈ W} w·V.
 *
 * @example
 * cvarOf(Float64Array.of(4, 1, 3, 2), 0.5); // 1.5
 */
export function cvarOf(values: Float64Array, alpha: number): number {
  const sorted = Float64Array.from(values).sort();
  const mass = alpha * sorted.length;
  let sum = 0;
  let left = mass;
  for (let j = 0; j < sorted.length && left > 1e-12; j++) {
    const take = Math.min(1, left);
    sum += take * sorted[j]!;
    left -= take;
  }
  return sum / mass;
}

/**
 * VaR_α: the α-quantile of the draws, the ⌈αS⌉-th smallest (the value at which
 * the worst α share ends); what 'quantile:α' maximises.
 */
export function valueAtRisk(values: Float64Array, alpha: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(alpha * sorted.length) - 1))]!;
}

/**
 * @param keep when given, CVaR is taken over the draws flagged 1 only (α a
 * share of those): the quantile heuristic's step. Plans are still reported with
 * their objective in every draw.
 */
export async function solveCvar(
  problem: AllocationProblem,
  planDraws: PlanDraws,
  risk: { readonly kind: 'cvar'; readonly alpha: number; readonly weight?: number },
  options: RiskSolveOptions,
  objectiveOf: (choice: Int32Array) => Float64Array,
  keep?: Uint8Array,
): Promise<RiskPlan> {
  const { alpha } = risk;
  const weight = risk.weight ?? 1;
  // The objective on the kept draws (all of them without a mask).
  const valueOn = keep === undefined ? (totals: Float64Array) => riskValue(totals, risk) : (totals: Float64Array) => riskValue(totals.filter((_, s) => keep[s] === 1), risk);
  const started = performance.now();
  const deadline = options.timeLimit === undefined ? Infinity : started + 1000 * options.timeLimit;
  const remaining = (): number | undefined => (deadline === Infinity ? undefined : Math.max((deadline - performance.now()) / 1000, 0.001));
  const mipGap = options.mipGap ?? DEFAULT_MIP_GAP;
  const progress = options.progress ?? silentProgress;
  const S = planDraws.draws.count;
  // Pricing needs good plans and valid bounds, not certified optima: the LP
  // bound of the greedy/Lagrangian/core is valid, so their gap closing is skipped.
  const inner: SolveOptions = { ...options, progress: silentProgress, closeGap: false };
  const withTime = (): SolveOptions => {
    const left = remaining();
    return left === undefined ? inner : { ...inner, timeLimit: left };
  };

  // The first plan maximises the draws' average (a model's own mean, e.g. a
  // bootstrap's point fit, may differ from it), so its bound bounds every plan's CVaR.
  let kept = S;
  if (keep !== undefined) kept = keep.reduce((a, b) => a + b, 0);
  const uniform = Float64Array.from({ length: S }, (_, s) => (keep === undefined || keep[s] === 1 ? 1 / kept : 0));
  let pricingMs = performance.now();
  const first = await solveAllocation({ ...problem, values: weightedValues(problem, planDraws, uniform) }, withTime());
  pricingMs = performance.now() - pricingMs;
  // Infeasible, or the time limit came before the first plan: nothing to weigh over the draws.
  if (!hasPlan(first)) {
    return { ...first, riskReport: { risk, iterations: 0, openUnits: 0, drawObjective: new Float64Array(S) } };
  }
  const columns: Float64Array[] = [objectiveOf(first.choice)];
  options.onPlan?.(first.choice, columns[0]!);
  const plans: Int32Array[] = [first.choice];
  let best = { choice: first.choice, value: valueOn(columns[0]!), totals: columns[0]! };
  const meanBound = first.bound;
  let upper = meanBound; // CVaR ≤ mean ≤ the mean plan's bound
  let timedOut = first.status === 'time-limit';
  let iterations = 0;
  let mix: Master | undefined;
  const maxIterations = options.maxIterations ?? DEFAULT_ITERATIONS;
  const closeEnough = (): boolean => upper - best.value <= mipGap * Math.max(1, Math.abs(upper));
  progress.start('CVaR: allocations at draw weights', maxIterations);
  try {
    // In-out stabilisation: price at a point between the master's weights and
    // the weights of the least bound so far (any w ∈ W gives a valid bound), and
    // at the master's own weights when that point found no plan that beats the mix.
    let center: Float64Array | undefined;
    let centerBound = Infinity;
    let step = STABILISATION;
    while (!closeEnough() && iterations < maxIterations) {
      if (performance.now() >= deadline) {
        timedOut = true;
        break;
      }
      mix = await solveMaster(columns, alpha, weight, keep);
      const tolerance = mipGap * Math.max(1, Math.abs(upper));
      // The hull of the plans is as good as any plan within the gap: only integrality is left.
      if (upper - mix.value <= tolerance) break;
      const at = center === undefined || step === 0 ? mix.weights : blend(center, mix.weights, step);
      // The deadline checked inside pricing: an allocation at 10^6 units cannot be
      // interrupted, so one is started only when the last one's time still fits.
      if (performance.now() + 1.2 * pricingMs > deadline) {
        timedOut = true;
        break;
      }
      const pricingStarted = performance.now();
      const values = weightedValues(problem, planDraws, at);
      const priced = await pricedOrTimeout(problem, values, withTime());
      pricingMs = performance.now() - pricingStarted;
      if (priced === undefined) {
        timedOut = true;
        break;
      }
      iterations++;
      progress.tick(1);
      if (priced.status === 'infeasible') break;
      if (priced.status === 'time-limit') timedOut = true;
      upper = Math.min(upper, priced.bound);
      if (priced.bound < centerBound) {
        centerBound = priced.bound;
        center = at;
      }
      const totals = objectiveOf(priced.choice);
      const value = valueOn(totals);
      if (value > best.value) best = { choice: priced.choice, value, totals };
      options.onPlan?.(priced.choice, totals);
      const cuts = dot(mix.weights, totals) > mix.value + 1e-9 * Math.max(1, Math.abs(mix.value));
      if (cuts) {
        columns.push(totals);
        plans.push(priced.choice);
        step = STABILISATION;
      } else if (at === mix.weights) {
        // No plan improves the mix at the master's weights: the mix is the best over the plans' hull.
        break;
      } else {
        step = 0;
      }
    }
  } finally {
    progress.stop();
  }

  let openUnits = 0;
  const notes = [`CVaR by column generation: ${iterations} allocations at draw weights, ${plans.length} plans`];
  if (!closeEnough() && options.closeGap !== false && keep === undefined && performance.now() < deadline) {
    mix ??= await solveMaster(columns, alpha, weight);
    // highs cannot be interrupted before its root LP is solved, so under a time
    // limit the MIP gets only as many non-zeros as the time left can take.
    const left = remaining();
    const nonzeroBudget = Math.min(options.maxRiskNonzeros ?? DEFAULT_RISK_NONZEROS, left === undefined ? Infinity : left * MIP_NONZEROS_PER_SECOND);
    const open = openUnitsOf(problem, plans, mix.lambda, best.choice, S, nonzeroBudget);
    openUnits = open.units.length;
    if (openUnits > 0) {
      const solved = await solveRiskMip(problem, planDraws, { alpha, weight, meanBound }, open.units, best, mipGap, remaining());
      if (solved.status === 'time-limit') timedOut = true;
      if (solved.choice !== undefined) {
        const totals = objectiveOf(solved.choice);
        const value = riskValue(totals, risk);
        if (value > best.value) best = { choice: solved.choice, value, totals };
      }
      if (open.all && Number.isFinite(solved.bound)) upper = Math.min(upper, solved.bound);
      notes.push(
        `Rockafellar–Uryasev MIP by highs over ${openUnits} of ${problem.units} units${open.all ? ' (all: the bound is the MIP bound)' : open.candidates > openUnits ? ` (the ${openUnits} of ${open.candidates} disputed units the time left allows)` : ''}: ${solved.detail}`,
      );
    } else {
      notes.push(`the Rockafellar–Uryasev MIP over the ${open.candidates} units the plans disagree on is above ${options.maxRiskNonzeros ?? DEFAULT_RISK_NONZEROS} non-zeros: not solved`);
    }
  }

  const summary = summarizePlan(problem, best.choice);
  const broken = findBrokenRule(problem, best.choice, summary);
  if (broken !== undefined) throw allocateErrors.planBreaksRule('core', broken);
  const bound = Math.max(upper, best.value);
  const gap = bound - best.value;
  const relativeGap = bound === 0 ? 0 : gap / Math.abs(bound);
  const status = foundPlanStatus(timedOut, gap <= 1e-9 * Math.max(1, Math.abs(bound)));
  const gapNote = status.status === 'within-gap' ? gapAboveTargetNote(relativeGap, mipGap) : undefined;
  if (gapNote !== undefined) notes.push(gapNote);
  return {
    ...status,
    solver: first.solver,
    choice: best.choice,
    objective: best.value,
    bound,
    gap,
    relativeGap,
    value: summary.value,
    spend: summary.spend,
    extraSpend: summary.extraSpend,
    recipients: summary.recipients,
    armCounts: summary.armCounts,
    seconds: (performance.now() - started) / 1000,
    notes,
    riskReport: {
      risk,
      iterations,
      ...(mix === undefined ? {} : { mixValue: mix.value }),
      openUnits,
      drawObjective: best.totals,
    },
  };
}

/** An allocation at draw weights, or undefined when its solver found no plan within the time left. */
async function pricedOrTimeout(problem: AllocationProblem, values: Float64Array, options: SolveOptions): Promise<Plan | undefined> {
  const plan = await solveAllocation({ ...problem, values }, options);
  return plan.status === 'time-limit' && !plan.planFound ? undefined : plan;
}

/** Unit values Σ_s w_s · draw_s × scale: the allocation whose bound bounds every plan's CVaR. */
function weightedValues(problem: AllocationProblem, { draws, scale = 1 }: PlanDraws, weights: Float64Array): Float64Array {
  const nK = problem.units * problem.arms;
  const out = new Float64Array(nK);
  let total = 0;
  for (let s = 0; s < weights.length; s++) total += weights[s]!;
  const d = draws.values;
  for (let s = 0; s < weights.length; s++) {
    const w = (weights[s]! / total) * scale;
      // Pure CVaR weights sit on about α·S draws: skip the rest.
    if (w <= 1e-15) continue;
    const base = s * nK;
    for (let j = 0; j < nK; j++) out[j] = out[j]! + w * d[base + j]!;
  }
  return out;
}

interface Master {
  /** min_{w ∈ W} max_t w·V_t. */
  readonly value: number;
  readonly weights: Float64Array;
  /** The mix of plans (the duals of the plan rows), Σ = 1. */
  readonly lambda: Float64Array;
}

/**
 * The master LP in the weights: min z s.t. z ≥ w·V_t for every plan t,
 * Σ w = 1, lo ≤ w ≤ lo + weight/(αS) with lo = (1 − weight)/S (the blend of
 * the mean's uniform weights and CVaR's). w = lo + w' and z = z' + zLow with
 * w', z' ≥ 0 (the backends' columns start at 0), zLow below every V_t[s].
 */
async function solveMaster(columns: readonly Float64Array[], alpha: number, weight: number, keep?: Uint8Array): Promise<Master> {
  const S = columns[0]!.length;
  let kept = S;
  if (keep !== undefined) kept = keep.reduce((a, b) => a + b, 0);
  const on = (s: number): boolean => keep === undefined || keep[s] === 1;
  const lo = (1 - weight) / kept;
  const T = columns.length;
  let zLow = Infinity;
  for (const v of columns) for (let s = 0; s < S; s++) zLow = Math.min(zLow, v[s]!);
  zLow -= 1;
  const numCols = S + 1;
  const numRows = T + 1;
  const rowStarts = new Int32Array(numRows + 1);
  const rowIndex = new Int32Array(T * (S + 1) + S);
  const rowValue = new Float64Array(rowIndex.length);
  let e = 0;
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < S; s++) {
      rowIndex[e] = s;
      rowValue[e++] = columns[t]![s]!;
    }
    rowIndex[e] = S;
    rowValue[e++] = -1;
    rowStarts[t + 1] = e;
  }
  for (let s = 0; s < S; s++) {
    rowIndex[e] = s;
    rowValue[e++] = 1;
  }
  rowStarts[T + 1] = e;
  const objective = new Float64Array(numCols);
  objective[S] = -1;
  const colUpper = Float64Array.from({ length: numCols }, (_, s) => (s === S ? Infinity : on(s) ? weight / (alpha * kept) : 0));
  const rowLower = new Float64Array(numRows).fill(-Infinity);
  const rowUpper = new Float64Array(numRows);
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let s = 0; s < S; s++) if (on(s)) sum += columns[t]![s]!;
    rowUpper[t] = zLow - lo * sum;
  }
  rowLower[T] = weight;
  rowUpper[T] = weight;
  const model: LpModel = { numCols, numRows, objective, objectiveOffset: -zLow, colUpper, rowStarts, rowIndex, rowValue, rowLower, rowUpper };
  const result = await highsBackend.solve(model, { integer: false });
  if (result.status !== 'optimal' || result.x === undefined) throw allocateErrors.noPlanFound('cvar', `the CVaR master LP: ${result.detail}`);
  const weights = Float64Array.from(result.x.subarray(0, S), (w, s) => (on(s) ? lo + Math.max(0, w) : 0));
  const lambda = new Float64Array(T);
  let total = 0;
  for (let t = 0; t < T; t++) {
    lambda[t] = Math.max(0, result.rowDual?.[t] ?? 0);
    total += lambda[t]!;
  }
  if (total > 0) for (let t = 0; t < T; t++) lambda[t] = lambda[t]! / total;
  return { value: -result.objective, weights, lambda };
}

/**
 * The units the final MIP decides: every unit when its model is small
 * enough (then its bound is exact), else the units on which the plans in the
 * mix disagree with the best plan, when those fit.
 */
function openUnitsOf(
  problem: AllocationProblem,
  plans: readonly Int32Array[],
  lambda: Float64Array,
  best: Int32Array,
  S: number,
  maxNonzeros: number,
): { units: Int32Array; all: boolean; candidates: number } {
  const n = problem.units;
  const treated = problem.arms - 1;
  if (n * treated * S <= Math.min(maxNonzeros, EXACT_RISK_NONZEROS)) return { units: Int32Array.from({ length: n }, (_, i) => i), all: true, candidates: n };
  // Each unit's weight of disagreement: the mix's share of plans that give it another arm.
  const open: number[] = [];
  const weightOf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < plans.length; t++) if (lambda[t]! > 1e-9 && plans[t]![i] !== best[i]) weightOf[i] = weightOf[i]! + lambda[t]!;
    if (weightOf[i]! > 0) open.push(i);
  }
  const fits = Math.floor(maxNonzeros / (treated * S));
  if (open.length > fits) {
    // The units the mix disagrees on most, as many as fit (the MIP then improves the plan; the bound stays the CG one).
    open.sort((a, b) => weightOf[b]! - weightOf[a]! || a - b);
    const candidates = open.length;
    open.length = fits;
    open.sort((a, b) => a - b);
    return { units: Int32Array.from(open), all: false, candidates };
  }
  return { units: Int32Array.from(open), all: false, candidates: open.length };
}

/**
 * The Rockafellar–Uryasev MIP over the `open` units, every other unit on its
 * arm in the best plan:  max (1 − λ)·Σ_s V_s(x)/S + λ·(η − (1/(αS)) Σ_s u_s)
 * s.t. u_s ≥ η − V_s(x), u ≥ 0, x under every rule (λ = weight). η is written
 * as η' + L with L a lower bound on the optimal plan's CVaR: an optimal η is
 * its VaR_α ≥ its CVaR_α ≥ L, so the restriction loses nothing. With J the
 * best plan's objective and M a bound on every plan's mean, the optimal
 * plan's CVaR is ≥ (J − (1 − λ)·M)/λ.
 */
async function solveRiskMip(
  problem: AllocationProblem,
  { draws, scale = 1 }: PlanDraws,
  { alpha, weight, meanBound }: { readonly alpha: number; readonly weight: number; readonly meanBound: number },
  open: Int32Array,
  best: { choice: Int32Array; value: number; totals: Float64Array },
  mipGap: number,
  timeLimit: number | undefined,
): Promise<{ choice?: Int32Array; bound: number; status: string; detail: string }> {
  const parts = drawModel(problem, { draws, scale }, open, best.choice);
  const { restricted, nx, o, baseTotals, S } = parts;
  const m = restricted.model;
  const L = weight === 1 ? best.value : (best.value - (1 - weight) * meanBound) / weight;
  const numCols = nx + 1 + S;
  const { numRows, rowStarts, rowIndex, rowValue, rowLower, rowUpper } = withDrawRows(parts, L, () => 1);
  const objective = new Float64Array(numCols);
  objective[nx] = weight;
  for (let s = 0; s < S; s++) objective[nx + 1 + s] = -weight / (alpha * S);
  // The mean's share: (1 − λ)/S · Σ_s V_s(x), a constant plus a coefficient per column.
  let offset = weight * L;
  if (weight < 1) {
    for (let s = 0; s < S; s++) offset += ((1 - weight) * baseTotals[s]!) / S;
    for (let j = 0; j < nx; j++) {
      const i = restricted.colUnit[j]!;
      const k = restricted.colArm[j]!;
      let sum = 0;
      for (let s = 0; s < S; s++) sum += o(s, i, k) - o(s, i, 0);
      objective[j] = ((1 - weight) * sum) / S;
    }
  }
  const colUpper = new Float64Array(numCols).fill(Infinity);
  colUpper.set(m.colUpper);
  const integrality = new Uint8Array(numCols);
  integrality.fill(1, 0, nx);
  // The best plan as start: its columns, η = its VaR, u_s = (η − V_s)⁺.
  const start = new Float64Array(numCols);
  for (let j = 0; j < nx; j++) start[j] = best.choice[restricted.colUnit[j]!] === restricted.colArm[j] ? 1 : 0;
  const eta = valueAtRisk(best.totals, alpha);
  start[nx] = Math.max(0, eta - L);
  for (let s = 0; s < S; s++) start[nx + 1 + s] = Math.max(0, Math.max(eta, L) - best.totals[s]!);
  const model: LpModel = { numCols, numRows, objective, objectiveOffset: offset, colUpper, rowStarts, rowIndex, rowValue, rowLower, rowUpper };
  const result = await highsBackend.solve(model, {
    integer: true,
    integrality,
    start,
    mipGap,
    ...(timeLimit === undefined ? {} : { timeLimit }),
  });
  if (result.x === undefined) return { bound: result.bound, status: result.status, detail: result.detail };
  const choice = best.choice.slice();
  for (const i of open) choice[i] = 0;
  for (let j = 0; j < nx; j++) if (result.x[j]! > 0.5) choice[restricted.colUnit[j]!] = restricted.colArm[j]!;
  return { choice, bound: result.bound, status: result.status, detail: result.detail };
}

/**
 * What the CVaR and quantile MIPs share: the rules' model restricted to the
 * open units (the others keep the best plan's arm), each draw's objective
 * o(s, i, k), and each draw's total with every open unit on arm 0.
 */
export interface DrawModel {
  readonly restricted: ReturnType<typeof restrictedModel>;
  /** Columns of the restricted model (one per open unit and arm). */
  readonly nx: number;
  readonly S: number;
  readonly o: (s: number, i: number, k: number) => number;
  readonly base: Int32Array;
  readonly baseTotals: Float64Array;
}

export function drawModel(problem: AllocationProblem, { draws, scale = 1 }: PlanDraws, open: Int32Array, bestChoice: Int32Array): DrawModel {
  const { units: n, arms: K, costs } = problem;
  const S = draws.count;
  const profit = problem.objective === 'profit';
  const { set } = ruleSet(prepareProblem(problem));
  const restricted = restrictedModel(set, open, bestChoice);
  const o = (s: number, i: number, k: number): number => draws.values[(s * n + i) * K + k]! * scale - (profit ? costs[i * K + k]! : 0);
  const base = bestChoice.slice();
  for (const i of open) base[i] = 0;
  const baseTotals = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let t = 0;
    for (let i = 0; i < n; i++) t += o(s, i, base[i]!);
    baseTotals[s] = t;
  }
  return { restricted, nx: restricted.model.numCols, S, o, base, baseTotals };
}

/**
 * The restricted model's rows plus one row per draw s,
 * Σ_j (o(s, i_j, k_j) − o(s, i_j, 0))·x_j − η + c_s·w_s ≥ L − base_s
 * (η is column nx, w_s column nx + 1 + s), with room for `extraRows` more rows
 * of `extraNonzeros` entries that the caller fills from `next`.
 */
export function withDrawRows(
  { restricted, nx, S, o, baseTotals }: DrawModel,
  L: number,
  coefficient: (s: number) => number,
  extraRows = 0,
  extraNonzeros = 0,
): Pick<LpModel, 'numRows' | 'rowStarts' | 'rowIndex' | 'rowValue' | 'rowLower' | 'rowUpper'> & { next: number } {
  const m = restricted.model;
  const numRows = m.numRows + S + extraRows;
  const rowStarts = new Int32Array(numRows + 1);
  rowStarts.set(m.rowStarts);
  const rowIndex = new Int32Array(m.rowIndex.length + S * (nx + 2) + extraNonzeros);
  const rowValue = new Float64Array(rowIndex.length);
  rowIndex.set(m.rowIndex);
  rowValue.set(m.rowValue);
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  rowLower.set(m.rowLower);
  rowUpper.set(m.rowUpper);
  let e = m.rowIndex.length;
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < nx; j++) {
      const i = restricted.colUnit[j]!;
      rowIndex[e] = j;
      rowValue[e++] = o(s, i, restricted.colArm[j]!) - o(s, i, 0);
    }
    rowIndex[e] = nx;
    rowValue[e++] = -1;
    rowIndex[e] = nx + 1 + s;
    rowValue[e++] = coefficient(s);
    const r = m.numRows + s;
    rowStarts[r + 1] = e;
    rowLower[r] = L - baseTotals[s]!;
    rowUpper[r] = Infinity;
  }
  return { numRows, rowStarts, rowIndex, rowValue, rowLower, rowUpper, next: e };
}
