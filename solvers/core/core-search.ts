/**
 * Exact search over a core: the few units whose arm reduced-cost fixing left
 * open, every other unit fixed. A dynamic program over the core units in
 * turn keeps, for each partial plan, its spend on the one real-valued row
 * (the budget), its counts on the count rows still undecided (segments, arm
 * limits, the cap) and its value; a partial plan is dropped when another
 * with the same counts spends no more and is worth at least as much
 * (Nemhauser–Ullmann), when no completion can keep a row, or when a
 * Lagrangian bound says no completion reaches the threshold.
 *
 * The bound of a partial plan, with prices y_o on the other rows and any
 * price λ ≥ 0 on the budget (a grid around the LP price is tried):
 *   W + C + λ·ρ + Σ_{units left} max_k (w_ik − λ·c_ik),
 * where w = v − Σ_o y_o·a_o, W sums w over the decided core units, C adds
 * the fixed units' w and the prices times the bounds they face, and ρ is the
 * budget left. Plans tied in value (many units worth the same, as when an
 * effect is estimated per region) merge into one state instead of branching,
 * which is where branch and bound stalls.
 *
 * Count rows of a segment only live while that segment's core units are
 * decided: the core is ordered segment by segment, and a row whose units are
 * all decided is checked and dropped from the state.
 */
import type { RowSet } from './coupling-rows.js';
import { argsortAscending } from '../../src/util/argsort.js';

export interface CoreSearchInput {
  readonly set: RowSet;
  /** Sign-correct prices of every row (the LP optimum's, ideally). */
  readonly prices: Float64Array;
  /** n·K flags of the arms a core unit may take (arm 0 is always added). */
  readonly keep: Uint8Array;
  /** The core units, in any order. */
  readonly core: Int32Array;
  /** Arm of every unit outside the core. */
  readonly fixed: Int32Array;
  /** Only plans with objective ≥ threshold are sought. */
  readonly threshold: number;
  /** Stop (status 'aborted') when a stage holds more partial plans than this. */
  readonly maxStates: number;
  /** performance.now() time after which to stop (status 'time-limit'). */
  readonly deadline?: number;
  /**
   * Give up (status 'aborted', so that a MIP solver can take the core) once this many partial plans have been
   * generated over all stages: a measure of work, so the choice does not depend on the machine's speed.
   */
  readonly maxWork?: number;
}

export interface CoreSearchResult {
  /**
   * 'found': `choice` is the best plan with objective ≥ threshold (so the best of all);
   * 'none': no plan that uses kept arms reaches the threshold;
   * 'aborted': too many partial plans, or rows this search does not take (two real-valued rows);
   * 'time-limit': stopped at the deadline.
   */
  readonly status: 'found' | 'none' | 'aborted' | 'time-limit';
  /** With 'found', or with 'none' when a plan below the threshold was completed: the best plan seen. */
  readonly choice?: Int32Array;
  readonly objective?: number;
  /** Most partial plans held at once. */
  readonly peakStates: number;
  readonly reason?: string;
}

/** Budget prices tried in the bound, as multiples of the LP price. */
const PRICE_GRID = [0, 0.5, 0.75, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1, 1.001, 1.005, 1.01, 1.02, 1.05, 1.1, 1.25, 1.5, 2, 3, 5];

/**
 * Finds the best plan with objective ≥ threshold among plans that give core
 * units kept arms (or arm 0) and fixed units their fixed arms.
 *
 * @example
 * import { RowSet } from './coupling-rows.js';
 * // Three units, one budget row of 2 (a treatment costs 1): the best plan treats units 0 and 1 (value 9).
 * const set = new RowSet({ n: 3, arms: 2, values: Float64Array.of(0, 5, 0, 4, 0, 1), costs: Float64Array.of(0, 1, 0, 1, 0, 1),
 *   rows: [{ lower: -Infinity, upper: 2, costs: Float64Array.of(0, 1, 0, 1, 0, 1) }] });
 * // Every unit in the core, every arm kept; plans worth at least 9 are sought.
 * const r = searchCore({ set, prices: Float64Array.of(1), keep: new Uint8Array(6).fill(1), core: Int32Array.of(0, 1, 2), fixed: new Int32Array(3), threshold: 9, maxStates: 1e6 });
 * r.status; // 'found'
 * r.choice; // Int32Array [1, 1, 0]
 */
export function searchCore(spec: CoreSearchInput): CoreSearchResult {
  const { set, prices, keep, fixed, threshold, maxStates } = spec;
  const deadline = spec.deadline ?? Infinity;
  const maxWork = spec.maxWork ?? Infinity;
  let work = 0;
  const { n, arms: K, values, allowed } = set.input;
  const R = set.numRows;
  const inCore = new Uint8Array(n);
  for (const i of spec.core) inCore[i] = 1;
  const optionAllowed = (i: number, k: number): boolean =>
    k === 0 || ((allowed === undefined || allowed[i * K + k] !== 0) && keep[i * K + k] !== 0);

  // Activity and value of the fixed units (core units counted at 0 here).
  const base = fixed.slice(0, n);
  for (const i of spec.core) base[i] = 0;
  const baseAct = set.activities(base);
  const coreArm0Act = new Float64Array(R);
  const coreMin = new Float64Array(R);
  const coreMax = new Float64Array(R);
  const rowsOfUnit: number[] = [];
  for (const i of spec.core) {
    set.rowsOfUnit(i, rowsOfUnit);
    for (const r of rowsOfUnit) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = 0; k < K; k++) {
        if (!optionAllowed(i, k)) continue;
        const a = set.coefficient(r, i, k);
        lo = Math.min(lo, a);
        hi = Math.max(hi, a);
      }
      coreArm0Act[r]! += set.coefficient(r, i, 0);
      coreMin[r]! += lo;
      coreMax[r]! += hi;
    }
  }
  let fixedValue = 0;
  for (let i = 0; i < n; i++) if (inCore[i] === 0) fixedValue += values[i * K + fixed[i]!]!;

  // Live rows: those some core choice can break. Rows with the same coefficients share a slot.
  const slotOfSignature = new Map<string, number>();
  const slotLower: number[] = [];
  const slotUpper: number[] = [];
  const slotRows: number[][] = [];
  const slotIsCount: boolean[] = [];
  for (let r = 0; r < R; r++) {
    const row = set.rows[r]!;
    const fixedAct = baseAct[r]! - coreArm0Act[r]!;
    const tol = set.isCount(r) ? 1e-9 : 1e-9 * Math.max(1, Math.abs(row.upper === Infinity ? row.lower : row.upper));
    const lo = row.lower - fixedAct;
    const hi = row.upper - fixedAct;
    if (coreMax[r]! < lo - tol || coreMin[r]! > hi + tol) return { status: 'none', peakStates: 0 };
    if (coreMin[r]! >= lo - tol && coreMax[r]! <= hi + tol) continue;
    const signature = `${set.rowGroup[r]}:${set.rowCode[r]}`;
    let s = slotOfSignature.get(signature);
    if (s === undefined) {
      s = slotLower.length;
      slotOfSignature.set(signature, s);
      slotLower.push(-Infinity);
      slotUpper.push(Infinity);
      slotRows.push([]);
      slotIsCount.push(set.isCount(r));
    }
    slotLower[s] = Math.max(slotLower[s]!, lo);
    slotUpper[s] = Math.min(slotUpper[s]!, hi);
    slotRows[s]!.push(r);
  }
  const realSlots = slotIsCount.flatMap((c, s) => (c ? [] : [s]));
  if (realSlots.length > 1) return { status: 'aborted', peakStates: 0, reason: 'more than one budget-like row is open in the core' };
  const real = realSlots[0] ?? -1;
  if (real >= 0 && slotLower[real]! > -Infinity) return { status: 'aborted', peakStates: 0, reason: 'a real-valued row with a lower bound' };
  const countSlots = slotIsCount.flatMap((c, s) => (c ? [s] : []));
  const S = countSlots.length;
  const realRows = new Set(real >= 0 ? slotRows[real]! : []);
  let lambda = 0;
  for (const r of realRows) lambda += prices[r]!;
  const grid = lambda > 0 ? PRICE_GRID.map((f) => f * lambda) : [0];
  const G = grid.length;

  // w = v − Σ_{rows other than the real slot's} y·a, and C.
  const wPrices = Float64Array.from(prices);
  for (const r of realRows) wPrices[r] = 0;
  let C = 0;
  for (let r = 0; r < R; r++) {
    const p = wPrices[r]!;
    if (p > 0) C += p * set.rows[r]!.upper;
    else if (p < 0) C += p * set.rows[r]!.lower;
  }
  const w = set.reduce(values, wPrices, new Float64Array(n * K));
  for (let i = 0; i < n; i++) if (inCore[i] === 0) C += w[i * K + fixed[i]!]!;

  // Core order: segment by segment for every live segment row's group, then by how close the unit is to a tie.
  const order = orderCore(set, spec.core, countSlots.map((s) => slotRows[s]![0]!), w, optionAllowed);
  const m = order.length;

  // Options per core unit.
  const optStart = new Int32Array(m + 1);
  const optArm: number[] = [];
  const optValue: number[] = [];
  const optW: number[] = [];
  const optCost: number[] = [];
  const optCount: number[] = [];
  const slotOfRow = new Int32Array(R).fill(-1);
  countSlots.forEach((s, q) => {
    for (const r of slotRows[s]!) slotOfRow[r] = q;
  });
  const realRow = real >= 0 ? slotRows[real]![0]! : -1;
  for (let u = 0; u < m; u++) {
    const i = order[u]!;
    for (let k = 0; k < K; k++) {
      if (!optionAllowed(i, k)) continue;
      optArm.push(k);
      optValue.push(values[i * K + k]!);
      optW.push(w[i * K + k]!);
      optCost.push(realRow >= 0 ? set.coefficient(realRow, i, k) : 0);
      for (let q = 0; q < S; q++) optCount.push(set.coefficient(slotRows[countSlots[q]!]![0]!, i, k));
    }
    optStart[u + 1] = optArm.length;
  }

  // What the units after stage j can still add: per count slot (min, max), to the real row (min), and to the bound.
  const remMin = new Float64Array((m + 1) * S);
  const remMax = new Float64Array((m + 1) * S);
  const remCost = new Float64Array(m + 1);
  const remBound = new Float64Array((m + 1) * G);
  for (let u = m - 1; u >= 0; u--) {
    let cMin = Infinity;
    for (let o = optStart[u]!; o < optStart[u + 1]!; o++) cMin = Math.min(cMin, optCost[o]!);
    remCost[u] = remCost[u + 1]! + cMin;
    for (let q = 0; q < S; q++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let o = optStart[u]!; o < optStart[u + 1]!; o++) {
        lo = Math.min(lo, optCount[o * S + q]!);
        hi = Math.max(hi, optCount[o * S + q]!);
      }
      remMin[u * S + q] = remMin[(u + 1) * S + q]! + lo;
      remMax[u * S + q] = remMax[(u + 1) * S + q]! + hi;
    }
    for (let g = 0; g < G; g++) {
      let best = -Infinity;
      for (let o = optStart[u]!; o < optStart[u + 1]!; o++) best = Math.max(best, optW[o]! - grid[g]! * optCost[o]!);
      remBound[u * G + g] = remBound[(u + 1) * G + g]! + best;
    }
  }
  const qLower = countSlots.map((s) => slotLower[s]!);
  const qUpper = countSlots.map((s) => slotUpper[s]!);
  const capacity = real >= 0 ? slotUpper[real]! : Infinity;
  const costTol = 0.5e-9 * Math.max(1, Math.abs(capacity));
  const boundTol = 1e-9 * Math.max(1, Math.abs(threshold));
  // The key of a state packs its saturated counts; give up when they cannot be packed exactly.
  let radixProduct = 1;
  const radix: number[] = [];
  for (let q = 0; q < S; q++) {
    const span = remMax[q]! - remMin[q]! + 2;
    radix.push(span);
    radixProduct *= span;
  }
  if (radixProduct > 2 ** 50) return { status: 'aborted', peakStates: 0, reason: 'too many count rows open in the core' };

  // States: struct of arrays, one set per stage (parents and arms kept for the way back).
  let count = 1;
  let sCost = new Float64Array(1);
  let sValue = new Float64Array(1);
  let sW = new Float64Array(1);
  let sCount = new Int32Array(S);
  const parents: Int32Array[] = [];
  const arms: Int32Array[] = [];
  let peak = 1;
  for (let u = 0; u < m; u++) {
    if ((u & 7) === 0 && performance.now() > deadline) return { status: 'time-limit', peakStates: peak };
    const o0 = optStart[u]!;
    const o1 = optStart[u + 1]!;
    const cap = count * (o1 - o0);
    work += cap;
    if (work > maxWork) return { status: 'aborted', peakStates: peak, reason: `more than ${maxWork} partial plans generated` };
    if (cap > 4 * maxStates) return { status: 'aborted', peakStates: peak, reason: `more than ${maxStates} partial plans` };
    const cCost = new Float64Array(cap);
    const cValue = new Float64Array(cap);
    const cW = new Float64Array(cap);
    const cCount = new Int32Array(cap * S);
    const cParent = new Int32Array(cap);
    const cArm = new Int32Array(cap);
    const cKey = new Float64Array(cap);
    let c = 0;
    const next = u + 1;
    for (let s = 0; s < count; s++) {
      for (let o = o0; o < o1; o++) {
        const cost = sCost[s]! + optCost[o]!;
        if (cost + remCost[next]! > capacity + costTol) continue;
        let ok = true;
        let key = 0;
        for (let q = 0; q < S; q++) {
          const v = sCount[s * S + q]! + optCount[o * S + q]!;
          const lo = v + remMin[next * S + q]!;
          const hi = v + remMax[next * S + q]!;
          if (hi < qLower[q]! || lo > qUpper[q]!) {
            ok = false;
            break;
          }
          // Sure to keep the row whatever comes next: every such count is alike.
          const sure = lo >= qLower[q]! && hi <= qUpper[q]!;
          // Counts so far lie between the decided units' least and most: offset from the least.
          key = key * radix[q]! + (sure ? 0 : v - (remMin[q]! - remMin[next * S + q]!) + 1);
          cCount[c * S + q] = v;
        }
        if (!ok) continue;
        const wSum = sW[s]! + optW[o]!;
        let rest = Infinity;
        if (real >= 0) {
          const left = capacity - cost;
          for (let g = 0; g < G; g++) rest = Math.min(rest, grid[g]! * left + remBound[next * G + g]!);
        } else rest = remBound[next * G]!;
        if (wSum + C + rest < threshold - boundTol) continue;
        cCost[c] = cost;
        cValue[c] = sValue[s]! + optValue[o]!;
        cW[c] = wSum;
        cParent[c] = s;
        cArm[c] = optArm[o]!;
        cKey[c] = key;
        c++;
      }
    }
    // Keep, per key, the states no cheaper-or-equal state beats in value.
    const byCost = argsortAscending(cCost, c);
    const keyInCostOrder = Float64Array.from(byCost, (j) => cKey[j]!);
    const byKey = argsortAscending(keyInCostOrder, c);
    const keepIdx: number[] = [];
    let j = 0;
    while (j < c) {
      const key = keyInCostOrder[byKey[j]!]!;
      let bestValue = -Infinity;
      while (j < c && keyInCostOrder[byKey[j]!] === key) {
        // A run of equal cost: only its most valuable state can survive.
        const first = byCost[byKey[j]!]!;
        let top = first;
        j++;
        while (j < c && keyInCostOrder[byKey[j]!] === key && cCost[byCost[byKey[j]!]!] === cCost[first]) {
          const x = byCost[byKey[j]!]!;
          if (cValue[x]! > cValue[top]!) top = x;
          j++;
        }
        if (cValue[top]! > bestValue) {
          bestValue = cValue[top]!;
          keepIdx.push(top);
        }
      }
    }
    count = keepIdx.length;
    if (count === 0) return { status: 'none', peakStates: peak };
    if (count > maxStates) return { status: 'aborted', peakStates: count, reason: `more than ${maxStates} partial plans` };
    peak = Math.max(peak, count);
    sCost = new Float64Array(count);
    sValue = new Float64Array(count);
    sW = new Float64Array(count);
    sCount = new Int32Array(count * S);
    const parent = new Int32Array(count);
    const arm = new Int32Array(count);
    keepIdx.forEach((x, t) => {
      sCost[t] = cCost[x]!;
      sValue[t] = cValue[x]!;
      sW[t] = cW[x]!;
      for (let q = 0; q < S; q++) sCount[t * S + q] = cCount[x * S + q]!;
      parent[t] = cParent[x]!;
      arm[t] = cArm[x]!;
    });
    parents.push(parent);
    arms.push(arm);
  }
  // Every state left is a whole plan that keeps every row; take the most valuable.
  let best = 0;
  for (let s = 1; s < count; s++) if (sValue[s]! > sValue[best]!) best = s;
  const choice = fixed.slice(0, n);
  let s = best;
  for (let u = m - 1; u >= 0; u--) {
    choice[order[u]!] = arms[u]![s]!;
    s = parents[u]![s]!;
  }
  const objective = fixedValue + sValue[best]!;
  return { status: objective >= threshold - boundTol ? 'found' : 'none', choice, objective, peakStates: peak };
}

/**
 * Core units grouped by their code in each live segment row's group (so a
 * segment's count lives only while its units are decided), then by how
 * little their runner-up arm loses (the closest ties first).
 */
function orderCore(
  set: RowSet,
  core: Int32Array,
  liveCountRows: number[],
  w: Float64Array,
  optionAllowed: (i: number, k: number) => boolean,
): Int32Array {
  const K = set.input.arms;
  const groups = [...new Set(liveCountRows.map((r) => set.rowGroup[r]!))].map((g) => set.groups[g]!).filter((g) => g.codes !== undefined);
  const m = core.length;
  const closeness = new Float64Array(m);
  for (let u = 0; u < m; u++) {
    const i = core[u]!;
    let top = -Infinity;
    let second = -Infinity;
    for (let k = 0; k < K; k++) {
      if (!optionAllowed(i, k)) continue;
      const x = w[i * K + k]!;
      if (x > top) {
        second = top;
        top = x;
      } else if (x > second) second = x;
    }
    closeness[u] = top - second;
  }
  const byCloseness = argsortAscending(closeness);
  const ranked = Int32Array.from(byCloseness, (u) => core[u]!);
  if (groups.length === 0) return ranked;
  // Stable sorts from the last group to the first: the first group's code decides first.
  let out = ranked;
  for (let g = groups.length - 1; g >= 0; g--) {
    const codes = groups[g]!.codes!;
    const keys = Float64Array.from(out, (i) => codes[i]!);
    const by = argsortAscending(keys);
    out = Int32Array.from(by, (j) => out[j]!);
  }
  return out;
}
