/**
 * The allocation problem: n units, K arms (arm 0 = no treatment), a value and
 * a cost for every unit and arm, and the rules a plan must keep. It says
 * nothing about where values came from (an uplift model, posterior means, a
 * dose-response learner): `allocate/` only sees numbers.
 *
 * Values and costs are flat row-major Float64Arrays of length n·K: unit i,
 * arm k sits at i·K + k.
 */

import type { RuleFields } from './rules/registry.js';

export type Objective = 'value' | 'profit';

// The rule types live with their kinds (rules/*.ts); these names stay importable from here.
export type { ExtraBudget } from './rules/extra-budgets.js';
export type { ArmLimit } from './rules/arm-limits.js';
export type { SegmentRule } from './rules/segments.js';

/**
 * The problem: units, arms, values, costs and the objective, plus the fields
 * of every rule kind (rules/registry.ts RuleFields: budget, extraBudgets,
 * maxRecipients, armLimits, eligible, segmentRules, …; each documented in its
 * module under rules/).
 */
export interface AllocationProblem extends RuleFields {
  /** Number of units (n). */
  readonly units: number;
  /** Number of arms (K), arm 0 = no treatment. */
  readonly arms: number;
  /** Arm names for plans and messages; default '0', '1', …. */
  readonly armLabels?: readonly string[];
  /** n·K expected values (e.g. uplift × value per outcome). */
  readonly values: Float64Array;
  /** n·K non-negative costs. */
  readonly costs: Float64Array;
  /** Maximise Σ value (default) or Σ (value − cost). */
  readonly objective?: Objective;
}

/** The label of an arm. */
export function armLabel(problem: AllocationProblem, arm: number): string {
  return problem.armLabels?.[arm] ?? String(arm);
}
