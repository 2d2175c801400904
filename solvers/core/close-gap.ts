/**
 * From LP prices to a proven integer optimum. At prices y every plan x keeps
 *   value(x) ≤ D(y) + Σ_i rc_i(x_i),   rc_i(k) = rv_ik − max_k' rv_ik' ≤ 0,
 * so a plan worth at least t uses only arms with rc ≥ −(D − t). Arms below
 * that are dropped; units left with one arm are fixed; the units left with a
 * choice (the core) are searched exactly (core-search.ts, or highs's MIP when
 * the search cannot take the core's rows). The threshold t starts just below
 * D, where the core is tiny, and is lowered until a plan is found or it
 * reaches the incumbent (plus the allowed gap): a search that finds nothing
 * proves that no plan reaches t, so t is then a bound.
 */
import type { Progress } from '../../src/util/progress.js';
import { highsBackend } from '../backends/highs.js';
import { restrictedModel } from './restricted.js';
import { dualBound, rankArms, type RowSet } from './coupling-rows.js';
import { searchCore } from './core-search.js';

export interface GapInput {
  readonly set: RowSet;
  /** Prices of every row (sanitized here); the LP optimum's give the smallest cores. */
  readonly prices: Float64Array;
  /** A plan that keeps every row, if one is known. */
  readonly incumbent?: Int32Array | undefined;
  /** Stop when the plan is within this of the bound. */
  readonly absoluteGap: number;
  /** Largest core (MIP columns) worth searching. */
  readonly maxColumns: number;
  /** Partial plans the core search may hold (default 2·10^6). */
  readonly maxStates?: number;
  /** performance.now() time after which to stop. */
  readonly deadline?: number;
  readonly progress?: Progress;
}

export interface GapResult {
  /**
   * 'solved': `choice` is within `absoluteGap` of `bound` (or proven optimal);
   * 'infeasible': no whole-unit plan keeps the rows;
   * 'time-limit' / 'too-large': stopped with the best plan found (if any) and the bound proven so far.
   */
  readonly status: 'solved' | 'infeasible' | 'time-limit' | 'too-large';
  readonly choice: Int32Array | undefined;
  /** Objective of `choice` (NaN without one). */
  readonly objective: number;
  /** No plan is worth more. */
  readonly bound: number;
  /** The dual bound D at the prices. */
  readonly dualBound: number;
  /** Size of the last core searched. */
  readonly coreUnits: number;
  readonly coreColumns: number;
  /** Searches run, and how the last one ran. */
  readonly searches: number;
  readonly method: 'none' | 'search' | 'highs';
  readonly note?: string;
}

const DEFAULT_MAX_STATES = 2_000_000;
/**
 * Partial plans one core search may generate before highs's MIP takes the core instead (about a second here:
 * a 1M-unit problem with a budget, an arm maximum and two segment rules generated 4.3M per second). A count,
 * not a clock, so the method chosen, and the plan, do not depend on the machine.
 */
const SEARCH_WORK = 5_000_000;
/** Units in the first core. */
const FIRST_CORE = 64;

/**
 * Closes the gap between an LP bound and an integer plan.
 *
 * @example
 * import { RowSet } from './coupling-rows.js';
 * // Three units, one budget row of 2 (a treatment costs 1): the best plan treats units 0 and 1 (value 9).
 * const set = new RowSet({ n: 3, arms: 2, values: Float64Array.of(0, 5, 0, 4, 0, 1), costs: Float64Array.of(0, 1, 0, 1, 0, 1),
 *   rows: [{ lower: -Infinity, upper: 2, costs: Float64Array.of(0, 1, 0, 1, 0, 1) }] });
 * const r = await closeGapByCore({ set, prices: Float64Array.of(1), incumbent: Int32Array.of(1, 0, 1), absoluteGap: 0, maxColumns: 200_000 });
 * r.status; // 'solved'
 * r.choice; // Int32Array [1, 1, 0]
 * [r.objective, r.bound]; // [9, 9]
 */
export async function closeGapByCore(spec: GapInput): Promise<GapResult> {
  const { set, absoluteGap: gapAllowed } = spec;
  const { n, arms: K, values, allowed } = set.input;
  const deadline = spec.deadline ?? Infinity;
  const maxStates = spec.maxStates ?? DEFAULT_MAX_STATES;
  const prices = set.sanitize(spec.prices);
  const reduced = set.reduce(values, prices, new Float64Array(n * K));
  const D = dualBound(set, prices, reduced);
  const scale = Math.max(1, Math.abs(D));
  const tol = 1e-9 * scale;

  // Each unit's best reduced value and how much its runner-up loses.
  const best = new Float64Array(n);
  const bestArm = new Int32Array(n);
  const runnerUp = new Float64Array(n);
  rankArms(set.input, reduced, bestArm, runnerUp, best);
  const ladder = Float64Array.from(runnerUp).sort();
  let finite = ladder.length;
  while (finite > 0 && ladder[finite - 1] === Infinity) finite--;
  const widest = finite > 0 ? ladder[finite - 1]! : 0;

  let choice = spec.incumbent;
  let objective = choice === undefined ? -Infinity : objectiveOf(values, K, choice);
  let bound = D;
  const result = (status: GapResult['status'], extra: Partial<GapResult> = {}): GapResult => ({
    status,
    choice,
    objective: choice === undefined ? NaN : objective,
    bound: Math.max(bound, choice === undefined ? -Infinity : objective),
    dualBound: D,
    coreUnits: 0,
    coreColumns: 0,
    searches,
    method: 'none',
    ...extra,
  });
  let searches = 0;
  // Bounds and objectives are sums of many terms: equal to within rounding counts as closed.
  const closed = (): boolean => choice !== undefined && objective >= bound - gapAllowed - tol;
  if (closed()) return result('solved');

  let g = Math.max(ladder[Math.min(FIRST_CORE, finite) - 1] ?? 0, tol);
  for (;;) {
    // The last search looks for plans better than the incumbent by more than the allowed gap; without one, for any plan.
    const floor = choice === undefined ? -Infinity : objective + gapAllowed;
    const allKept = g >= widest;
    let threshold = D - g;
    if (threshold <= floor || (allKept && choice === undefined)) {
      threshold = floor;
      g = D - floor;
    }
    const keep = new Uint8Array(n * K);
    const core: number[] = [];
    const fixed = bestArm.slice();
    let coreColumns = 0;
    for (let i = 0; i < n; i++) {
      if (runnerUp[i]! > g + tol) continue;
      let kept = 0;
      for (let k = 0; k < K; k++) {
        if (k !== 0 && allowed !== undefined && allowed[i * K + k] === 0) continue;
        if (reduced[i * K + k]! >= best[i]! - g - tol) {
          keep[i * K + k] = 1;
          kept++;
          if (k !== 0) coreColumns++;
        }
      }
      if (kept >= 2) core.push(i);
    }
    const coreUnits = core.length;
    if (coreColumns > spec.maxColumns) {
      return result('too-large', { coreUnits, coreColumns, note: `the core at gap ${g.toPrecision(3)} has ${coreColumns} columns, more than ${spec.maxColumns}` });
    }
    if (performance.now() > deadline) return result('time-limit', { coreUnits, coreColumns });
    searches++;
    spec.progress?.tick();
    const coreIds = Int32Array.from(core);
    // The search is exact and fast while few rows are open in the core; when many are, its partial plans multiply
    // and highs's branch and bound on the same core is faster, so the search gets a bounded amount of work.
    let found = searchCore({ set, prices, keep, core: coreIds, fixed, threshold, maxStates, deadline, maxWork: SEARCH_WORK });
    let method: GapResult['method'] = 'search';
    // What this search proves about the best plan of all (plans off the kept arms are worth less than the threshold).
    let proven = found.status === 'found' ? found.objective! : found.status === 'none' ? threshold : D;
    if (found.status === 'aborted') {
      // The search cannot take this core: highs's MIP on the same core, started from the incumbent.
      method = 'highs';
      const mip = await coreMip(set, coreIds, fixed, keep, choice, threshold, gapAllowed, deadline);
      found = mip.result;
      proven = Math.max(threshold, mip.bound);
    }
    if (found.choice !== undefined && (choice === undefined || found.objective! > objective)) {
      choice = found.choice;
      objective = found.objective!;
    }
    bound = Math.min(bound, proven);
    const done = { coreUnits, coreColumns, method, ...(found.reason === undefined ? {} : { note: found.reason }) };
    if (found.status === 'time-limit') return result('time-limit', done);
    if (found.status === 'none' && threshold === -Infinity) return result('infeasible', done);
    if (closed()) return result('solved', done);
    // A finished search at the incumbent's own level proves the bound; what is left of the gap is rounding.
    if (threshold === floor) return result('solved', done);
    // Widen: at least 4× the gap, and at least twice the core.
    const twice = ladder[Math.min(2 * Math.max(coreUnits, FIRST_CORE), finite) - 1] ?? g;
    g = Math.max(4 * g, twice);
  }
}

/** Σ value of a plan. */
function objectiveOf(values: Float64Array, K: number, choice: Int32Array): number {
  let z = 0;
  for (let i = 0; i < choice.length; i++) z += values[i * K + choice[i]!]!;
  return z;
}

/** highs's MIP on a core, as a search result; `bound` is its dual bound (at least the threshold when it finds nothing). */
async function coreMip(
  set: RowSet,
  core: Int32Array,
  fixed: Int32Array,
  keep: Uint8Array,
  incumbent: Int32Array | undefined,
  threshold: number,
  gapAllowed: number,
  deadline: number,
): Promise<{ result: ReturnType<typeof searchCore>; bound: number }> {
  const { n, arms: K } = set.input;
  const built = restrictedModel(set, core, fixed, { keep });
  // The incumbent as a start, when it uses only kept arms inside the core and the fixed arms outside.
  let start: Float64Array | undefined;
  if (incumbent !== undefined) {
    let usable = true;
    const inCore = new Uint8Array(n);
    for (const i of core) inCore[i] = 1;
    for (let i = 0; i < n && usable; i++) if (inCore[i] === 0 && incumbent[i] !== fixed[i]) usable = false;
    if (usable) {
      start = new Float64Array(built.model.numCols);
      for (let j = 0; j < start.length; j++) if (incumbent[built.colUnit[j]!] === built.colArm[j]) start[j] = 1;
    }
  }
  const remaining = (deadline - performance.now()) / 1000;
  const mip = await highsBackend.solve(built.model, {
    integer: true,
    mipGap: 0,
    mipAbsoluteGap: gapAllowed,
    ...(start === undefined ? {} : { start }),
    ...(Number.isFinite(remaining) ? { timeLimit: Math.max(remaining, 0.001) } : {}),
  });
  if (mip.x === undefined) {
    const status = mip.status === 'infeasible' ? 'none' : 'time-limit';
    return { result: { status, peakStates: 0, reason: `highs: ${mip.detail}` }, bound: mip.status === 'infeasible' ? -Infinity : Infinity };
  }
  const choice = fixed.slice(0, n);
  // A core unit with no column set is on arm 0.
  for (const i of core) choice[i] = 0;
  for (let j = 0; j < mip.x.length; j++) if (mip.x[j]! > 0.5) choice[built.colUnit[j]!] = built.colArm[j]!;
  const objective = objectiveOf(set.input.values, K, choice);
  const solved = mip.status === 'optimal';
  const status = solved ? (objective >= threshold - 1e-9 * Math.max(1, Math.abs(threshold)) ? 'found' : 'none') : 'time-limit';
  return { result: { status, choice, objective, peakStates: 0, reason: `highs: ${mip.detail}` }, bound: solved || Number.isFinite(mip.bound) ? Math.max(Number.isFinite(mip.bound) ? mip.bound : objective + gapAllowed, objective) : Infinity };
}
