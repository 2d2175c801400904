/**
 * Every rule of a prepared problem as a coupling row (solvers/core/coupling-rows.ts), with
 * the rule's text for explanations. This is the one place that turns rules
 * into rows: the LP/MIP model of every backend, the sifting LP and the core
 * search all read these rows.
 */
import { RowSet, type CouplingRow } from '../../solvers/core/coupling-rows.js';
import type { Prepared } from './prepare.js';
import { armLabel } from './problem.js';
import { ruleTexts } from './messages.js';
import { maxCount, minCount, segmentsOf } from './validate.js';

export interface RuleRows {
  readonly rows: readonly CouplingRow[];
  /** The rule each row comes from, in the user's terms. */
  readonly texts: readonly string[];
  /** Index of the main budget's row and of the recipient cap's row (-1 when absent). */
  readonly budgetRow: number;
  readonly capRow: number;
}

/**
 * The rows of a prepared problem, in a fixed order: budget, extra budgets,
 * recipient cap, arm limits, segment rules (a minimum and a maximum are two rows).
 *
 * @example
 * ruleRows(prepareProblem({ units: 2, arms: 2, values, costs, budget: 3, maxRecipients: 1 })).texts;
 * // ['the budget (total cost ≤ 3)', 'the recipient cap (at most 1 units treated)']
 */
export function ruleRows(prepared: Prepared): RuleRows {
  const { problem, input } = prepared;
  const K = input.arms;
  const rows: CouplingRow[] = [];
  const texts: string[] = [];
  const add = (row: CouplingRow, text: string): number => {
    rows.push(row);
    texts.push(text);
    return rows.length - 1;
  };
  const treated = new Uint8Array(K).fill(1);
  treated[0] = 0;
  const armMask = (arms: readonly number[]): Uint8Array => {
    const mask = new Uint8Array(K);
    for (const k of arms) mask[k] = 1;
    return mask;
  };

  const budgetRow = prepared.budget < Infinity ? add({ lower: -Infinity, upper: prepared.budget, costs: problem.costs }, ruleTexts.budget(prepared.budget)) : -1;
  for (const b of problem.extraBudgets ?? []) {
    add({ lower: -Infinity, upper: b.limit, costs: b.costs ?? problem.costs, ...(b.arms === undefined ? {} : { arms: armMask(b.arms) }) }, ruleTexts.extraBudget(b.name, b.limit));
  }
  const capRow = prepared.cap < Infinity ? add({ lower: -Infinity, upper: prepared.cap, arms: treated }, ruleTexts.cap(prepared.cap)) : -1;
  for (const limit of problem.armLimits ?? []) {
    const label = armLabel(problem, limit.arm);
    const arms = armMask([limit.arm]);
    if (limit.min !== undefined) add({ lower: limit.min, upper: Infinity, arms }, ruleTexts.armMin(label, limit.min));
    if (limit.max !== undefined) add({ lower: -Infinity, upper: limit.max, arms }, ruleTexts.armMax(label, limit.max));
  }
  for (const rule of problem.segmentRules ?? []) {
    for (const segment of segmentsOf(rule)) {
      const where = { arms: treated, codes: rule.codes, code: segment.code };
      if (rule.minShare !== undefined) {
        const count = minCount(rule.minShare, segment.size);
        add({ lower: count, upper: Infinity, ...where }, ruleTexts.segmentMin(rule.column, segment.name, rule.minShare, count));
      }
      if (rule.maxShare !== undefined) {
        const count = maxCount(rule.maxShare, segment.size);
        add({ lower: -Infinity, upper: count, ...where }, ruleTexts.segmentMax(rule.column, segment.name, rule.maxShare, count));
      }
    }
  }
  return { rows, texts, budgetRow, capRow };
}

/** A problem's rules as rows (with their texts) and the row set the solvers read. */
export interface RuleSet {
  readonly rules: RuleRows;
  readonly set: RowSet;
}

/** The rules of a prepared problem as rows and as the solvers' row set. */
export function ruleSet(prepared: Prepared): RuleSet {
  const rules = ruleRows(prepared);
  return { rules, set: new RowSet({ ...prepared.input, rows: rules.rows }) };
}
