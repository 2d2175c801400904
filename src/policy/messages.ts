/** Every message the policy-tree commands show a user, each with a stable code. */
import { InputError } from '../errors.js';

export const policyErrors = {
  badDepth: (depth: number) =>
    new InputError('E_POLICY_DEPTH', `policy trees have depth 1, 2 or 3 (got ${depth}); deeper trees are neither readable nor searchable exactly`, {
      path: ['depth'],
    }),
  badMinLeaf: (value: number) =>
    new InputError('E_POLICY_MIN_LEAF', `the minimum leaf size must be a whole number ≥ 1 (got ${value})`, { path: ['minLeafSize'] }),
  badCost: (text: string, arms: readonly string[]) =>
    new InputError(
      'E_POLICY_COST',
      `cannot read the costs '${text}': give one number for every treated arm, or arm=cost pairs separated by commas (arms: ${arms.join(', ')})`,
      { path: ['cost'] },
    ),
  unknownCostArm: (arm: string, arms: readonly string[]) =>
    new InputError('E_POLICY_COST_ARM', `the costs name arm '${arm}', which is not an arm of the treatment (arms: ${arms.join(', ')})`, {
      path: ['cost'],
    }),
  budgetNeedsCost: () =>
    new InputError('E_POLICY_BUDGET_COST', 'a budget needs the cost of each arm (--cost)', { path: ['budget'] }),
  badLimit: (what: string, value: number) =>
    new InputError('E_POLICY_LIMIT', `the ${what} must be a number ≥ 0 (got ${value})`, { path: [what] }),
  missingFeature: (file: string | undefined, line: number | undefined, column: string) =>
    new InputError('E_POLICY_MISSING_FEATURE', `feature '${column}' is missing; a policy tree needs every feature of every row (fill or drop the row)`, {
      ...(file === undefined ? {} : { file }),
      ...(line === undefined ? {} : { line }),
      column,
    }),
  notNumericFeature: (file: string | undefined, line: number | undefined, column: string, value: string) =>
    new InputError('E_POLICY_NOT_NUMERIC', `feature '${column}' is numeric in the policy but this cell is '${value}'`, {
      ...(file === undefined ? {} : { file }),
      ...(line === undefined ? {} : { line }),
      column,
    }),
  policyFile: (file: string, detail: string, path: ReadonlyArray<string | number> = []) =>
    new InputError('E_POLICY_FILE', `not a usable policy file: ${detail}`, { file, path }),
};
