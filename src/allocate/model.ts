/**
 * Writes an allocation problem as the one internal LP/MIP model the backends
 * read. Arm 0 is implicit: a column x_ik (k ≥ 1, allowed) is 1 when unit i
 * gets arm k, Σ_k x_ik ≤ 1, and arm 0's value and cost become constants, so
 * the model has n fewer columns (solvers/core/restricted.ts writes it). Each row
 * remembers which rule it comes from, so an infeasible subsystem can be told
 * back in the user's terms.
 */
import type { LpModel } from '../../solvers/backends/lp-model.js';
import { restrictedModel } from '../../solvers/core/restricted.js';
import type { Prepared } from './prepare.js';
import { ruleTexts } from './messages.js';
import { ruleSet } from './rule-rows.js';

export interface BuiltModel {
  readonly model: LpModel;
  /** Unit and arm of each column. */
  readonly colUnit: Int32Array;
  readonly colArm: Int32Array;
  /** Rule index of each row (into `rules`). */
  readonly rowRule: Int32Array;
  /** The rules, as texts for explanations; rules[0] is "one arm per unit". */
  readonly rules: readonly string[];
}

/**
 * The LP/MIP model of a prepared problem: the "one arm per unit" rows, then
 * one row per rule in the order of `ruleRows`.
 *
 * @example
 * import { prepareProblem } from 'liftwise/internals';
 * const problem = { units: 3, arms: 2, values: Float64Array.of(0, 5, 0, 4, 0, 1), costs: Float64Array.of(0, 2, 0, 2, 0, 2), budget: 4 };
 * buildModel(prepareProblem(problem)).model.numCols; // 3 (allowed treated arms over all units)
 */
export function buildModel(prepared: Prepared): BuiltModel {
  const { input } = prepared;
  const { rules, set } = ruleSet(prepared);
  const all = Int32Array.from({ length: input.n }, (_, i) => i);
  const built = restrictedModel(set, all, new Int32Array(input.n));
  const rowRule = new Int32Array(built.model.numRows);
  // Rule 0 is "one arm per unit"; rule r + 1 is coupling row r.
  for (let r = 0; r < rules.rows.length; r++) rowRule[built.firstCouplingRow + r] = r + 1;
  return { model: built.model, colUnit: built.colUnit, colArm: built.colArm, rowRule, rules: [ruleTexts.oneArm(), ...rules.texts] };
}

/** The arm per unit from integer column values (x > 0.5 means chosen). */
export function choiceFromColumns(built: BuiltModel, n: number, x: Float64Array): Int32Array {
  const choice = new Int32Array(n);
  for (let j = 0; j < x.length; j++) if (x[j]! > 0.5) choice[built.colUnit[j]!] = built.colArm[j]!;
  return choice;
}
