/**
 * Writes an allocation problem as the one internal LP/MIP model the backends
 * read. Arm 0 is implicit: a column x_ik (k ≥ 1, allowed) is 1 when unit i
 * gets arm k, Σ_k x_ik ≤ 1, and arm 0's value and cost become constants, so
 * the model has n fewer columns. Each row remembers which rule it comes from,
 * so an infeasible subsystem can be told back in the user's terms.
 */
import type { LinearModel } from '../../solvers/lp.js';
import type { Prepared } from './prepare.js';
import { armLabel } from './problem.js';
import { ruleTexts } from './messages.js';
import { maxCount, minCount, segmentsOf } from './validate.js';

export interface BuiltModel {
  readonly model: LinearModel;
  /** Unit and arm of each column. */
  readonly colUnit: Int32Array;
  readonly colArm: Int32Array;
  /** Rule index of each row (into `rules`). */
  readonly rowRule: Int32Array;
  /** The rules, as texts for explanations; rules[0] is "one arm per unit". */
  readonly rules: readonly string[];
}

/** Collects rows in CSR form with their rule. */
class RowBuilder {
  readonly starts: number[] = [0];
  readonly index: number[] = [];
  readonly value: number[] = [];
  readonly lower: number[] = [];
  readonly upper: number[] = [];
  readonly rule: number[] = [];
  readonly rules: string[] = [];

  addRule(text: string): number {
    this.rules.push(text);
    return this.rules.length - 1;
  }

  add(rule: number, cols: ArrayLike<number>, coefs: ArrayLike<number> | number, lower: number, upper: number): void {
    for (let e = 0; e < cols.length; e++) {
      const c = typeof coefs === 'number' ? coefs : coefs[e]!;
      if (c === 0) continue;
      this.index.push(cols[e]!);
      this.value.push(c);
    }
    this.starts.push(this.index.length);
    this.lower.push(lower);
    this.upper.push(upper);
    this.rule.push(rule);
  }
}

/** The LP/MIP model of a prepared problem. */
export function buildModel(prepared: Prepared): BuiltModel {
  const { problem, input } = prepared;
  const { n, arms: K, values, costs } = input;
  // Columns: allowed treated arms.
  const colUnit: number[] = [];
  const colArm: number[] = [];
  const objective: number[] = [];
  const unitStart = new Int32Array(n + 1);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    offset += values[i * K]!;
    for (let k = 1; k < K; k++) {
      if (input.allowed !== undefined && input.allowed[i * K + k] === 0) continue;
      colUnit.push(i);
      colArm.push(k);
      objective.push(values[i * K + k]! - values[i * K]!);
    }
    unitStart[i + 1] = colUnit.length;
  }
  const numCols = colUnit.length;
  const all = Int32Array.from({ length: numCols }, (_, j) => j);
  const rows = new RowBuilder();

  const oneArm = rows.addRule(ruleTexts.oneArm());
  for (let i = 0; i < n; i++) {
    const count = unitStart[i + 1]! - unitStart[i]!;
    if (count >= 2) rows.add(oneArm, all.subarray(unitStart[i]!, unitStart[i + 1]!), 1, -Infinity, 1);
  }

  if (prepared.budget < Infinity) {
    const rule = rows.addRule(ruleTexts.budget(prepared.budget));
    addBudgetRow(rows, rule, costs, undefined, prepared.budget);
  }
  problem.extraBudgets?.forEach((b) => {
    const rule = rows.addRule(ruleTexts.extraBudget(b.name, b.limit));
    addBudgetRow(rows, rule, b.costs ?? problem.costs, b.arms, b.limit);
  });

  if (prepared.cap < Infinity) rows.add(rows.addRule(ruleTexts.cap(prepared.cap)), all, 1, -Infinity, prepared.cap);

  problem.armLimits?.forEach((limit) => {
    const label = armLabel(problem, limit.arm);
    if (limit.arm === 0) {
      // Units on arm 0 = n − Σ x, so min ≤ n − Σx ≤ max ⇔ n − max ≤ Σx ≤ n − min.
      if (limit.min !== undefined) rows.add(rows.addRule(ruleTexts.armMin(label, limit.min)), all, 1, -Infinity, n - limit.min);
      if (limit.max !== undefined) rows.add(rows.addRule(ruleTexts.armMax(label, limit.max)), all, 1, n - limit.max, Infinity);
      return;
    }
    const cols = all.filter((j) => colArm[j] === limit.arm);
    if (limit.min !== undefined) rows.add(rows.addRule(ruleTexts.armMin(label, limit.min)), cols, 1, limit.min, Infinity);
    if (limit.max !== undefined) rows.add(rows.addRule(ruleTexts.armMax(label, limit.max)), cols, 1, -Infinity, limit.max);
  });

  problem.segmentRules?.forEach((rule) => {
    for (const segment of segmentsOf(rule)) {
      const cols = all.filter((j) => rule.codes[colUnit[j]!] === segment.code);
      if (rule.minShare !== undefined) {
        const count = minCount(rule.minShare, segment.size);
        rows.add(rows.addRule(ruleTexts.segmentMin(rule.column, segment.name, rule.minShare, count)), cols, 1, count, Infinity);
      }
      if (rule.maxShare !== undefined) {
        const count = maxCount(rule.maxShare, segment.size);
        rows.add(rows.addRule(ruleTexts.segmentMax(rule.column, segment.name, rule.maxShare, count)), cols, 1, -Infinity, count);
      }
    }
  });

  /** Σ over units of the chosen arm's cost (arms in `arms` only) ≤ limit, less the arm-0 constant. */
  function addBudgetRow(b: RowBuilder, rule: number, cost: Float64Array, arms: readonly number[] | undefined, limit: number): void {
    const counts = (k: number): boolean => arms === undefined || arms.includes(k);
    let base = 0;
    const coefs = new Float64Array(numCols);
    for (let j = 0; j < numCols; j++) {
      const i = colUnit[j]!;
      coefs[j] = (counts(colArm[j]!) ? cost[i * K + colArm[j]!]! : 0) - (counts(0) ? cost[i * K]! : 0);
    }
    if (counts(0)) for (let i = 0; i < n; i++) base += cost[i * K]!;
    b.add(rule, all, coefs, -Infinity, limit - base);
  }

  const model: LinearModel = {
    numCols,
    numRows: rows.lower.length,
    objective: Float64Array.from(objective),
    objectiveOffset: offset,
    colUpper: new Float64Array(numCols).fill(1),
    rowStarts: Int32Array.from(rows.starts),
    rowIndex: Int32Array.from(rows.index),
    rowValue: Float64Array.from(rows.value),
    rowLower: Float64Array.from(rows.lower),
    rowUpper: Float64Array.from(rows.upper),
  };
  return { model, colUnit: Int32Array.from(colUnit), colArm: Int32Array.from(colArm), rowRule: Int32Array.from(rows.rule), rules: rows.rules };
}

/** The arm per unit from integer column values (x > 0.5 means chosen). */
export function choiceFromColumns(built: BuiltModel, n: number, x: Float64Array): Int32Array {
  const choice = new Int32Array(n);
  for (let j = 0; j < x.length; j++) if (x[j]! > 0.5) choice[built.colUnit[j]!] = built.colArm[j]!;
  return choice;
}
