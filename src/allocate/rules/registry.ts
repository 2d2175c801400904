/**
 * The rule kinds, listed once. Their order is the order of everything that
 * loops over rules: validation, coupling rows (and so the LP/MIP model's rows
 * and the order an infeasibility names rules in), plan checks, quick
 * infeasibility checks, flags and scenario fields. Per-unit rules come first
 * (they have no rows); then the budget, extra budgets, the cap and the side
 * rules, in the row order the solvers have always had.
 *
 * A new kind: write its module (see kind.ts and docs/architecture.md), add it
 * to RULE_KINDS, its fields to RuleFields and, if scenarios can write it, its
 * schema to scenarioRuleFields.
 */
import type { ScenarioSchemaParts } from './kind.js';
import { armLimitsRule, type ArmLimitFields } from './arm-limits.js';
import { budgetRule, budgetScenarioFields, type BudgetFields } from './budget.js';
import { eligibilityRule, type EligibilityFields } from './eligibility.js';
import { extraBudgetsRule, type ExtraBudgetFields } from './extra-budgets.js';
import { maxRecipientsRule, maxRecipientsScenarioFields, type MaxRecipientsFields } from './max-recipients.js';
import { minRecipientsRule, minRecipientsScenarioFields, type MinRecipientsFields } from './min-recipients.js';
import { segmentRulesRule, segmentScenarioFields, type SegmentRuleFields } from './segments.js';
import { valueOverCostRule, valueOverCostScenarioFields, type ValueOverCostFields } from './value-over-cost.js';

export const RULE_KINDS = [
  eligibilityRule,
  valueOverCostRule,
  budgetRule,
  extraBudgetsRule,
  maxRecipientsRule,
  minRecipientsRule,
  armLimitsRule,
  segmentRulesRule,
] as const;

/** The problem fields of every rule kind (AllocationProblem extends them). */
export type RuleFields = EligibilityFields &
  ValueOverCostFields &
  BudgetFields &
  ExtraBudgetFields &
  MaxRecipientsFields &
  MinRecipientsFields &
  ArmLimitFields &
  SegmentRuleFields;

/** The rule fields of a scenario's `constraints` (and of a variation's overrides, where null removes a rule). */
export function scenarioRuleFields(parts: ScenarioSchemaParts) {
  return {
    ...budgetScenarioFields(parts),
    ...maxRecipientsScenarioFields(parts),
    ...minRecipientsScenarioFields(parts),
    ...segmentScenarioFields(parts),
    ...valueOverCostScenarioFields(parts),
  };
}
