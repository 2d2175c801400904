/**
 * The multiple-choice problem with coupling rows: every unit takes exactly one
 * arm, and a few rows each bound a sum over units of a per-(unit, arm)
 * coefficient. Every allocation rule is such a row: a budget (coefficient =
 * the arm's cost), a recipient cap (1 for every treated arm), an arm limit (1
 * for that arm), a segment share (1 for treated arms of units in the segment).
 *
 * Rows are described, not stored: a coefficient is a cost column (or 1), kept
 * for some arms and, optionally, only for units of one segment code. `RowSet`
 * compiles rows into groups that share their coefficients (every segment of a
 * rule is one group with a price per code), so pricing all units at dual
 * prices y costs one pass per group, whatever the number of segments.
 */
import type { KnapsackInput } from '../knapsack/hulls.js';

export interface CouplingRow {
  /** lower ≤ Σ_i a(i, arm of i) ≤ upper; ±Infinity when absent. */
  readonly lower: number;
  readonly upper: number;
  /** n·K coefficients, row-major; absent = 1 (the row counts units). */
  readonly costs?: Float64Array | undefined;
  /** K flags: the arms that count; absent = every arm. */
  readonly arms?: Uint8Array | undefined;
  /** With `code`: only units with codes[i] === code count; absent = every unit. */
  readonly codes?: Int32Array | undefined;
  readonly code?: number | undefined;
}

export interface CoupledInput extends KnapsackInput {
  readonly rows: readonly CouplingRow[];
}

/** Rows sharing costs, arms and codes: they differ only in their code. */
interface Group {
  readonly costs: Float64Array | undefined;
  readonly arms: Uint8Array;
  readonly codes: Int32Array | undefined;
  /** Number of codes (1 without codes). */
  readonly numCodes: number;
  /** Rows of the group by code: rowsByCode[c] lists row indices. */
  readonly rowsByCode: number[][];
}

export class RowSet {
  readonly input: CoupledInput;
  readonly rows: readonly CouplingRow[];
  readonly groups: readonly Group[];
  /** Group and code of each row. */
  readonly rowGroup: Int32Array;
  readonly rowCode: Int32Array;

  constructor(input: CoupledInput) {
    this.input = input;
    this.rows = input.rows;
    const K = input.arms;
    const groups: Group[] = [];
    const rowGroup = new Int32Array(this.rows.length);
    const rowCode = new Int32Array(this.rows.length);
    this.rows.forEach((row, r) => {
      const arms = row.arms ?? new Uint8Array(K).fill(1);
      let g = groups.findIndex((x) => x.costs === row.costs && x.codes === row.codes && sameFlags(x.arms, arms));
      if (g < 0) {
        let numCodes = 1;
        if (row.codes !== undefined) for (let i = 0; i < row.codes.length; i++) numCodes = Math.max(numCodes, row.codes[i]! + 1);
        groups.push({ costs: row.costs, arms, codes: row.codes, numCodes, rowsByCode: Array.from({ length: numCodes }, () => []) });
        g = groups.length - 1;
      }
      const code = row.codes === undefined ? 0 : (row.code ?? -1);
      rowGroup[r] = g;
      rowCode[r] = code;
      if (code >= 0 && code < groups[g]!.numCodes) groups[g]!.rowsByCode[code]!.push(r);
    });
    this.groups = groups;
    this.rowGroup = rowGroup;
    this.rowCode = rowCode;
  }

  get numRows(): number {
    return this.rows.length;
  }

  /** Coefficient of row r for unit i on arm k. */
  coefficient(r: number, i: number, k: number): number {
    const g = this.groups[this.rowGroup[r]!]!;
    if (g.arms[k] === 0) return 0;
    if (g.codes !== undefined && g.codes[i] !== this.rowCode[r]) return 0;
    return g.costs === undefined ? 1 : g.costs[i * this.input.arms + k]!;
  }

  /** Whether row r's coefficients are whole numbers (a count), so its activity is an integer. */
  isCount(r: number): boolean {
    return this.groups[this.rowGroup[r]!]!.costs === undefined;
  }

  /** The rows that unit i has a coefficient in (dense rows and its segments' rows). */
  rowsOfUnit(i: number, out: number[] = []): number[] {
    out.length = 0;
    for (const g of this.groups) {
      const code = g.codes === undefined ? 0 : g.codes[i]!;
      if (code < 0 || code >= g.numCodes) continue;
      for (const r of g.rowsByCode[code]!) out.push(r);
    }
    return out;
  }

  /**
   * Reduced values rv = values − Σ_r y_r·a_r written into `out` (n·K).
   * Rows of a group are priced together: one pass per group.
   */
  reduce(values: Float64Array, y: Float64Array, out: Float64Array): Float64Array {
    const { n, arms: K } = this.input;
    out.set(values.subarray(0, n * K));
    for (const g of this.groups) {
      const price = new Float64Array(g.numCodes);
      let any = false;
      for (let c = 0; c < g.numCodes; c++) {
        for (const r of g.rowsByCode[c]!) price[c]! += y[r]!;
        if (price[c] !== 0) any = true;
      }
      if (!any) continue;
      const { costs, codes, arms } = g;
      for (let i = 0; i < n; i++) {
        const code = codes === undefined ? 0 : codes[i]!;
        if (code < 0 || code >= price.length) continue;
        const p = price[code]!;
        if (p === 0) continue;
        const row = i * K;
        if (costs === undefined) {
          for (let k = 0; k < K; k++) if (arms[k] !== 0) out[row + k]! -= p;
        } else {
          for (let k = 0; k < K; k++) if (arms[k] !== 0) out[row + k]! -= p * costs[row + k]!;
        }
      }
    }
    return out;
  }

  /** Activity of every row for a plan (arm per unit). */
  activities(choice: Int32Array): Float64Array {
    const { n, arms: K } = this.input;
    const act = new Float64Array(this.rows.length);
    for (const g of this.groups) {
      const sums = new Float64Array(g.numCodes);
      const { costs, codes, arms } = g;
      for (let i = 0; i < n; i++) {
        const k = choice[i]!;
        if (arms[k] === 0) continue;
        const code = codes === undefined ? 0 : codes[i]!;
        if (code < 0 || code >= sums.length) continue;
        sums[code]! += costs === undefined ? 1 : costs[i * K + k]!;
      }
      for (let c = 0; c < g.numCodes; c++) for (const r of g.rowsByCode[c]!) act[r] = sums[c]!;
    }
    return act;
  }

  /**
   * Sets prices whose sign no bound supports to 0 (a price > 0 needs an upper
   * bound, < 0 a lower one), so that `dualBound` is a valid bound for them.
   */
  sanitize(y: Float64Array): Float64Array {
    const out = Float64Array.from(y);
    this.rows.forEach((row, r) => {
      if ((out[r]! > 0 && row.upper === Infinity) || (out[r]! < 0 && row.lower === -Infinity) || !Number.isFinite(out[r]!)) out[r] = 0;
    });
    return out;
  }

  /** Σ_r y_r·(upper if y_r > 0, lower if y_r < 0): the prices' share of the dual bound. */
  priceTerm(y: Float64Array): number {
    let s = 0;
    this.rows.forEach((row, r) => {
      const p = y[r]!;
      if (p > 0) s += p * row.upper;
      else if (p < 0) s += p * row.lower;
    });
    return s;
  }

  /**
   * How far activity `a` of row r lies outside the row's bounds (0 inside), with a
   * relative tolerance of 1e-9 for real-valued rows and 1e-9 absolute for counts.
   */
  breach(r: number, a: number): number {
    const row = this.rows[r]!;
    const tol = (limit: number): number => (this.isCount(r) ? 1e-9 : 1e-9 * Math.max(1, Math.abs(limit)));
    if (a > row.upper + tol(row.upper)) return a - row.upper;
    if (a < row.lower - tol(row.lower)) return row.lower - a;
    return 0;
  }

  /** Whether a plan (its row activities) keeps every row, within the tolerance of `breach`. */
  keeps(act: Float64Array): boolean {
    return this.rows.every((_, r) => this.breach(r, act[r]!) === 0);
  }
}

/**
 * Each unit's best allowed arm under reduced values, by how much it beats the
 * runner-up (Infinity: no other arm), and, when `best` is given, its reduced value.
 *
 * @example
 * // Three units, one budget row of 2 (a treatment costs 1): the best plan treats units 0 and 1 (value 9).
 * const set = new RowSet({ n: 3, arms: 2, values: Float64Array.of(0, 5, 0, 4, 0, 1), costs: Float64Array.of(0, 1, 0, 1, 0, 1),
 *   rows: [{ lower: -Infinity, upper: 2, costs: Float64Array.of(0, 1, 0, 1, 0, 1) }] });
 * // Values less the budget's price of 1 per unit of cost: 4, 3 and 0 for treating.
 * const reduced = set.reduce(set.input.values, Float64Array.of(1), new Float64Array(6));
 * const bestArm = new Int32Array(3), margin = new Float64Array(3);
 * rankArms(set.input, reduced, bestArm, margin);
 * bestArm; // Int32Array [1, 1, 0]
 * margin; // Float64Array [4, 3, 0]
 */
export function rankArms(input: CoupledInput, reduced: Float64Array, bestArm: Int32Array, margin: Float64Array, best?: Float64Array): void {
  const { n, arms: K, allowed } = input;
  for (let i = 0; i < n; i++) {
    const row = i * K;
    let arm = 0;
    let top = reduced[row]!;
    let second = -Infinity;
    for (let k = 1; k < K; k++) {
      if (allowed !== undefined && allowed[row + k] === 0) continue;
      const r = reduced[row + k]!;
      if (r > top) {
        second = top;
        top = r;
        arm = k;
      } else if (r > second) second = r;
    }
    bestArm[i] = arm;
    margin[i] = top - second;
    if (best !== undefined) best[i] = top;
  }
}

/**
 * The Lagrangian dual bound at prices y: D(y) = Σ_r y_r·bound_r + Σ_i max_k rv_ik
 * over allowed arms. With sign-correct prices (see `RowSet.sanitize`) no plan,
 * integer or fractional, is worth more.
 */
export function dualBound(set: RowSet, y: Float64Array, reduced: Float64Array): number {
  const { n, arms: K, allowed } = set.input;
  let s = set.priceTerm(y);
  for (let i = 0; i < n; i++) {
    const row = i * K;
    let best = reduced[row]!;
    for (let k = 1; k < K; k++) {
      if (allowed !== undefined && allowed[row + k] === 0) continue;
      const r = reduced[row + k]!;
      if (r > best) best = r;
    }
    s += best;
  }
  return s;
}

function sameFlags(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if ((a[k] !== 0) !== (b[k] !== 0)) return false;
  return true;
}
