/** Readable policies: exact policy trees over doubly robust scores, with costs, a budget and a bound. */
export { searchPolicyTree, SortedData, treeActions, policyReward, searchKind } from './search.js';
export type { PolicyNode, SearchData, SearchOptions } from './search.js';
export { budgetedPolicyTree } from './budget.js';
export type { BudgetLimits, BudgetedTree } from './budget.js';
export { fitPolicy, POLICY_FORMAT, POLICY_VERSION } from './fit.js';
export type { PolicySpec, PolicyJSON, PolicyEstimates } from './fit.js';
export { applyRule, ruleText, ruleSql, isLeaf } from './rule.js';
export type { RuleNode, RuleSplit } from './rule.js';
export { loadPolicy, savePolicy } from './file.js';
export { exactBudgetTree } from './exact-budget.js';
export type { ExactBudgetResult } from './exact-budget.js';
