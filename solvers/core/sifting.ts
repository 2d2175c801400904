/**
 * The LP relaxation of a multiple-choice problem with a few coupling rows,
 * solved exactly at any size by sifting around dual prices.
 *
 * At prices y each unit's best arm maximises its reduced value v − yᵀa; at the
 * LP optimum's prices every unit but at most m (one per row) sits on such an
 * arm. So: guess y, fix every unit whose best arm wins by a clear margin, hand
 * the few open units to highs as a small LP (the fixed units only shift the
 * row bounds), read its row duals as new prices, and check every fixed unit
 * against them. A fixed unit whose arm is no longer best joins the open set
 * and the small LP is solved again; when none is left, the fixed arms and the
 * small LP's solution are an optimum of the whole LP, and the Lagrangian dual
 * D(y) certifies it (D(y) is an upper bound at any sign-correct prices).
 *
 * The first guess comes from the same method on a random eighth of the units
 * with proportionally scaled row bounds, recursively, down to a size highs
 * solves whole. Its prices are off by sampling error only, so few units are
 * near a tie at the full size and the open set stays small.
 */
import type { Progress } from '../../src/util/progress.js';
import { silentProgress } from '../../src/util/progress.js';
import { Random } from '../../src/util/random.js';
import { argsortAscending } from '../../src/util/argsort.js';
import { highsBackend } from '../backends/highs.js';
import { restrictedModel, type RestrictedModel } from './restricted.js';
import { dualBound, rankArms, RowSet, type CoupledInput, type CouplingRow } from './coupling-rows.js';

export interface CoupledLP {
  /** 'optimal': prices and plan below are an LP optimum; 'infeasible': no fractional plan keeps the rows. */
  readonly status: 'optimal' | 'infeasible' | 'time-limit';
  /** Dual price per row, sign-correct (≥ 0 on upper bounds, ≤ 0 on lower bounds). */
  readonly prices: Float64Array;
  /** D(prices): no plan is worth more. */
  readonly bound: number;
  /** Objective of the LP solution found (within round-off of `bound` when optimal). */
  readonly value: number;
  /** Per unit, the arm with the largest LP weight. */
  readonly arm: Int32Array;
  /** Units the LP solution splits between arms. */
  readonly fractionalUnits: number;
  /** Small LPs solved and the size of the last open set. */
  readonly rounds: number;
  readonly openUnits: number;
  /** Classes of identical units among them (the last LP's size in units). */
  readonly openClasses: number;
}

export interface CoupledLPOptions {
  /** performance.now() time after which to stop. */
  readonly deadline?: number;
  readonly progress?: Progress;
  /** Problems up to this many units are handed to highs whole (default 2000). */
  readonly wholeUnits?: number;
  /** Seed of the samples that give the first prices. */
  readonly seed?: number;
}

const DEFAULT_WHOLE_UNITS = 2000;
/** Each level samples this share of the units. */
const SAMPLE_SHARE = 1 / 4;
/** The first open set can mend every row the fixed arms break this many times over. */
const OPENING_SAFETY = 2;
/** From this many columns on, the small LPs go to HiGHS's interior-point method. */
const IPM_FROM_COLUMNS = 6000;

/**
 * Solves the LP relaxation of max Σ v s.t. one arm per unit and the coupling rows.
 *
 * @example
 * // Two units, a budget of 1 and "at least one unit treated": the better unit gets it.
 * const lp = await solveCoupledLP({ n: 2, arms: 2, values: Float64Array.of(0, 3, 0, 2), costs: Float64Array.of(0, 1, 0, 1),
 *   rows: [{ lower: -Infinity, upper: 1, costs: Float64Array.of(0, 1, 0, 1) }, { lower: 1, upper: Infinity }] });
 * lp.bound; // 3
 */
export async function solveCoupledLP(input: CoupledInput, options: CoupledLPOptions = {}): Promise<CoupledLP> {
  const progress = options.progress ?? silentProgress;
  const whole = Math.max(options.wholeUnits ?? DEFAULT_WHOLE_UNITS, 16);
  const deadline = options.deadline ?? Infinity;
  const rng = new Random(options.seed ?? 20261121);
  return solveLevel(input, { whole, deadline, rng, progress });
}

interface LevelContext {
  readonly whole: number;
  readonly deadline: number;
  readonly rng: Random;
  readonly progress: Progress;
}

async function solveLevel(input: CoupledInput, ctx: LevelContext): Promise<CoupledLP> {
  const set = new RowSet(input);
  const n = input.n;
  let start: Float64Array | undefined;
  if (n > ctx.whole) {
    const sample = sampleUnits(n, Math.max(Math.ceil(n * SAMPLE_SHARE), Math.ceil(ctx.whole / 2)), ctx.rng);
    const sub = await solveLevel(subInput(set, sample), ctx);
    if (sub.status === 'optimal') start = sub.prices;
  }
  return sift(set, start ?? new Float64Array(set.numRows), ctx);
}

/** Sifting from prices y0 (see the module comment). */
async function sift(set: RowSet, y0: Float64Array, ctx: LevelContext): Promise<CoupledLP> {
  const { n, arms: K, values, allowed } = set.input;
  const reduced = new Float64Array(n * K);
  const bestArm = new Int32Array(n);
  const margin = new Float64Array(n);
  set.reduce(values, y0, reduced);
  rankArms(set.input, reduced, bestArm, margin);

  // Units with a choice at all (some treated arm allowed); the others stay on arm 0.
  let choosers = 0;
  for (let i = 0; i < n; i++) if (margin[i]! < Infinity) choosers++;
  const isOpen = new Uint8Array(n);
  const byMargin = argsortAscending(margin);
  let safety = OPENING_SAFETY;
  let target = n <= ctx.whole ? n : openingSize(set, byMargin, bestArm, Math.min(n, ctx.whole / 2), safety);
  let open = openSmallestMargins(byMargin, margin, target, isOpen);
  const fixed = bestArm.slice();
  let rounds = 0;
  let scale = 1;
  for (let j = 0; j < n * K; j++) if (allowed === undefined || allowed[j] !== 0) scale = Math.max(scale, Math.abs(values[j]!));

  for (;;) {
    if (performance.now() > ctx.deadline) return timeLimit(set, fixed, rounds, open.length);
    // Identical open units share columns (an exact merge for the LP): ties would otherwise keep half the units open.
    const restricted = restrictedModel(set, open, fixed, { aggregate: true });
    const remaining = (ctx.deadline - performance.now()) / 1000;
    const lp = await highsBackend.solve(restricted.model, {
      integer: false,
      highsOptions: lpOptions(restricted.model.numCols),
      ...(Number.isFinite(remaining) ? { timeLimit: Math.max(remaining, 0.001) } : {}),
    });
    rounds++;
    ctx.progress.tick();
    if (lp.status === 'time-limit') return timeLimit(set, fixed, rounds, open.length);
    if (lp.status === 'infeasible') {
      if (open.length >= choosers) return { ...timeLimit(set, fixed, rounds, open.length), status: 'infeasible' };
      // Too few open units to absorb what the fixed ones miss: open more, nearest ties first.
      safety *= 2;
      target = Math.min(n, Math.max(openingSize(set, byMargin, bestArm, target * 2, safety), open.length * 2));
      open = union(open, openSmallestMargins(byMargin, margin, target, isOpen), isOpen);
      continue;
    }
    if (lp.status !== 'optimal' || lp.x === undefined) throw new Error(`highs could not solve the LP over the open units: ${lp.detail}`);
    const y = new Float64Array(set.numRows);
    if (lp.rowDual !== undefined) for (let r = 0; r < set.numRows; r++) y[r] = lp.rowDual[restricted.firstCouplingRow + r]!;
    const prices = set.sanitize(y);
    set.reduce(values, prices, reduced);
    rankArms(set.input, reduced, bestArm, margin);
    const bound = dualBound(set, prices, reduced);

    // Fixed units whose arm is no longer the best at these prices.
    const violators: number[] = [];
    const violation: number[] = [];
    const unitTol = 1e-12 * scale;
    for (let i = 0; i < n; i++) {
      if (isOpen[i] !== 0) continue;
      const loss = reduced[i * K + bestArm[i]!]! - reduced[i * K + fixed[i]!]!;
      if (loss > unitTol) {
        violators.push(i);
        violation.push(loss);
      }
    }
    const arm = fixed.slice();
    const fractionalUnits = writeArms(restricted, lp.x, arm);
    if (violators.length === 0) {
      const openClasses = restricted.classes!.offsets.length - 1;
      return { status: 'optimal', prices, bound, value: lp.objective, arm, fractionalUnits, rounds, openUnits: open.length, openClasses };
    }
    // The worst violators first, at most as many as are open already (so the next LP stays small).
    let add = Int32Array.from(violators);
    const most = Math.max(open.length, ctx.whole / 2);
    if (add.length > most) {
      const order = argsortAscending(Float64Array.from(violation, (x) => -x));
      add = Int32Array.from(order.subarray(0, most), (j) => violators[j]!);
    }
    open = union(open, add, isOpen);
  }
}

/**
 * HiGHS settings for a small LP: presolve finds nothing to remove in these
 * models, so it is skipped; above a few thousand columns the interior-point
 * method (with crossover, so duals are a vertex's) beats the dual simplex,
 * which does not exploit the one-arm-per-unit rows (measured at 15,000 units
 * × 3 columns: 0.55 s against 1.6 s).
 */
function lpOptions(columns: number): Record<string, string> {
  return columns < IPM_FROM_COLUMNS ? { presolve: 'off' } : { presolve: 'off', solver: 'ipm', run_crossover: 'on' };
}

/** A result for a stop before the LP optimum: no certificate. */
function timeLimit(set: RowSet, fixed: Int32Array, rounds: number, openUnits: number): CoupledLP {
  return { status: 'time-limit', prices: new Float64Array(set.numRows), bound: NaN, value: NaN, arm: fixed.slice(), fractionalUnits: 0, rounds, openUnits, openClasses: openUnits };
}

/**
 * How many units, taken by increasing margin, can together move every row the
 * fixed arms break back within its bounds, `safety` times over (and at least
 * `least`). Each unit can move a row from its best arm's coefficient to its
 * smallest or largest one.
 */
function openingSize(set: RowSet, byMargin: Uint32Array, bestArm: Int32Array, least: number, safety: number): number {
  const { n, arms: K, allowed } = set.input;
  const act = set.activities(bestArm);
  const R = set.numRows;
  // need > 0: the row must come down by that much; < 0: go up.
  const need = new Float64Array(R);
  let open = 0;
  set.rows.forEach((row, r) => {
    if (act[r]! > row.upper) need[r] = safety * (act[r]! - row.upper);
    else if (act[r]! < row.lower) need[r] = safety * (act[r]! - row.lower);
    if (need[r] !== 0) open++;
  });
  const rowsOfUnit: number[] = [];
  let j = 0;
  for (; j < n && (open > 0 || j < least); j++) {
    const i = byMargin[j]!;
    if (open === 0) continue;
    set.rowsOfUnit(i, rowsOfUnit);
    for (const r of rowsOfUnit) {
      if (need[r] === 0) continue;
      const here = set.coefficient(r, i, bestArm[i]!);
      let move = 0;
      for (let k = 0; k < K; k++) {
        if (k !== 0 && allowed !== undefined && allowed[i * K + k] === 0) continue;
        const a = set.coefficient(r, i, k);
        move = need[r]! > 0 ? Math.max(move, here - a) : Math.min(move, here - a);
      }
      const before = need[r]!;
      need[r] = before > 0 ? Math.max(0, before - move) : Math.min(0, before - move);
      if (need[r] === 0) open--;
    }
  }
  return Math.max(j, least);
}

/** The `count` units with the smallest margins (units without a choice never), marked in isOpen. */
function openSmallestMargins(order: Uint32Array, margin: Float64Array, count: number, isOpen: Uint8Array): Int32Array {
  const out: number[] = [];
  for (let j = 0; j < order.length && out.length < count; j++) {
    const i = order[j]!;
    if (margin[i] === Infinity) break;
    out.push(i);
  }
  out.sort((a, b) => a - b);
  for (const i of out) isOpen[i] = 1;
  return Int32Array.from(out);
}

/** Sorted union of two unit lists; marks the new ones open. */
function union(a: Int32Array, b: Int32Array, isOpen: Uint8Array): Int32Array {
  for (const i of b) isOpen[i] = 1;
  const all = new Set<number>(a);
  for (const i of b) all.add(i);
  return Int32Array.from([...all].sort((x, y) => x - y));
}

/**
 * Writes the open units' arms from the LP solution and counts the units it
 * splits. A class of identical units shares its columns' amounts out in column
 * order (unit t of the class takes the arm whose running total first passes
 * t + ½; the rest stay on arm 0), so at most one unit per column is split.
 */
function writeArms(restricted: RestrictedModel, x: Float64Array, arm: Int32Array): number {
  const { colArm, classes } = restricted;
  if (classes === undefined) throw new Error('sifting expects an aggregated model');
  const { offsets, members, colClass } = classes;
  let fractional = 0;
  let j = 0;
  for (let c = 0; c + 1 < offsets.length; c++) {
    const first = offsets[c]!;
    const size = offsets[c + 1]! - first;
    let total = 0;
    let t = 0;
    let lastSplit = -1;
    for (; j < colClass.length && colClass[j] === c; j++) {
      total += Math.min(Math.max(x[j]!, 0), size);
      // A running total strictly inside unit u's interval [u, u + 1) splits that unit.
      const u = Math.floor(total + 1e-9);
      if (total - u < -1e-9 || total - u > 1e-9) {
        if (u !== lastSplit) fractional++;
        lastSplit = u;
      }
      for (; t < size && t + 0.5 <= total; t++) arm[members[first + t]!] = colArm[j]!;
    }
    for (; t < size; t++) arm[members[first + t]!] = 0;
  }
  return fractional;
}

/** `count` distinct units drawn without replacement, in increasing order. */
function sampleUnits(n: number, count: number, rng: Random): Int32Array {
  // Selection sampling (Knuth's algorithm S): one uniform per unit, exactly `count` units.
  const out = new Int32Array(count);
  let m = 0;
  for (let i = 0; i < n && m < count; i++) {
    if ((n - i) * rng.uniform() < count - m) {
      out[m++] = i;
    }
  }
  return out;
}

/**
 * The problem restricted to `sample`, with every row's bounds scaled by the
 * share of its units in the sample (so the sample's LP prices estimate the
 * whole problem's).
 */
function subInput(set: RowSet, sample: Int32Array): CoupledInput {
  const { arms: K, n } = set.input;
  const m = sample.length;
  const pickRows = <T extends Float64Array | Uint8Array | Int32Array>(a: T, width: number, make: (len: number) => T): T => {
    const out = make(m * width);
    for (let u = 0; u < m; u++) for (let k = 0; k < width; k++) out[u * width + k] = a[sample[u]! * width + k]!;
    return out;
  };
  // Arrays shared by several rows stay shared, so the sample's rows group as the originals do.
  const copies = new Map<object, Float64Array | Int32Array>();
  const costsOf = (a: Float64Array): Float64Array => {
    if (!copies.has(a)) copies.set(a, pickRows(a, K, (l) => new Float64Array(l)));
    return copies.get(a) as Float64Array;
  };
  const codesOf = (a: Int32Array): Int32Array => {
    if (!copies.has(a)) copies.set(a, pickRows(a, 1, (l) => new Int32Array(l)));
    return copies.get(a) as Int32Array;
  };
  const input = set.input;
  const rows: CouplingRow[] = set.rows.map((row) => {
    let total = n;
    let inSample = m;
    if (row.codes !== undefined) {
      total = 0;
      inSample = 0;
      for (let i = 0; i < n; i++) if (row.codes[i] === row.code) total++;
      for (let u = 0; u < m; u++) if (row.codes[sample[u]!] === row.code) inSample++;
    }
    // A row none of whose units were drawn says nothing about the sample.
    const share = inSample / Math.max(total, 1);
    return {
      lower: inSample === 0 ? -Infinity : row.lower * share,
      upper: inSample === 0 ? Infinity : row.upper * share,
      ...(row.costs === undefined ? {} : { costs: costsOf(row.costs) }),
      ...(row.arms === undefined ? {} : { arms: row.arms }),
      ...(row.codes === undefined ? {} : { codes: codesOf(row.codes), code: row.code }),
    };
  });
  return {
    n: m,
    arms: K,
    values: pickRows(input.values, K, (l) => new Float64Array(l)),
    costs: costsOf(input.costs),
    ...(input.allowed === undefined ? {} : { allowed: pickRows(input.allowed, K, (l) => new Uint8Array(l)) }),
    rows,
  };
}
