/**
 * Every rule of a prepared problem as a coupling row (solvers/core/coupling-rows.ts),
 * with the rule's text for explanations: each rule kind writes its own rows
 * (rules/*.ts), in registry order. The LP/MIP model of every backend, the
 * sifting LP and the core search all read these rows.
 */
import { RowSet, type CouplingRow } from '../../solvers/core/coupling-rows.js';
import type { Prepared } from './prepare.js';
import type { RowContext } from './rules/kind.js';
import { RULE_KINDS } from './rules/registry.js';

export interface RuleRows {
  readonly rows: readonly CouplingRow[];
  /** The rule each row comes from, in the user's terms. */
  readonly texts: readonly string[];
  /** Index of the main budget's row and of the recipient cap's row (-1 when absent). */
  readonly budgetRow: number;
  readonly capRow: number;
}

/**
 * The rows of a prepared problem, in registry order: budget, extra budgets,
 * recipient cap, the other side rules (arm limits, segment rules, …; a
 * minimum and a maximum are two rows).
 *
 * @example
 * import { prepareProblem } from 'liftwise/internals';
 * const values = Float64Array.of(0, 2, 0, 1), costs = Float64Array.of(0, 1, 0, 1);
 * ruleRows(prepareProblem({ units: 2, arms: 2, values, costs, budget: 3, maxRecipients: 1 })).texts; // ['the budget (total cost ≤ 3)', 'the recipient cap (at most 1 unit treated)']
 */
export function ruleRows(prepared: Prepared): RuleRows {
  const { problem, input } = prepared;
  const K = input.arms;
  const treated = new Uint8Array(K).fill(1);
  treated[0] = 0;
  const context: RowContext = {
    problem,
    budget: prepared.budget,
    cap: prepared.cap,
    treated,
    armMask: (arms) => {
      const mask = new Uint8Array(K);
      for (const k of arms) mask[k] = 1;
      return mask;
    },
  };
  const rows: CouplingRow[] = [];
  const texts: string[] = [];
  let budgetRow = -1;
  let capRow = -1;
  for (const kind of RULE_KINDS) {
    for (const { row, text, role } of kind.rows?.(context) ?? []) {
      if (role === 'budget') budgetRow = rows.length;
      if (role === 'cap') capRow = rows.length;
      rows.push(row);
      texts.push(text);
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
