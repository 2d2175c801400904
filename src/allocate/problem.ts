/**
 * The allocation problem: n units, K arms (arm 0 = no treatment), a value and
 * a cost for every unit and arm, and the rules a plan must keep. It says
 * nothing about where values came from (an uplift model, posterior means, a
 * dose-response learner): `allocate/` only sees numbers.
 *
 * Values and costs are flat row-major Float64Arrays of length n·K: unit i,
 * arm k sits at i·K + k.
 */

export type Objective = 'value' | 'profit';

/** A further budget, e.g. per channel: its own costs (or the main costs of some arms) and its own limit. */
export interface ExtraBudget {
  /** Name used in messages, e.g. 'email'. */
  readonly name: string;
  readonly limit: number;
  /** n·K costs counted against this budget; default: the problem's `costs`. */
  readonly costs?: Float64Array;
  /** Only these arms count against this budget; default: every arm. */
  readonly arms?: readonly number[];
}

/** At least `min` and at most `max` units get the arm. */
export interface ArmLimit {
  readonly arm: number;
  readonly min?: number;
  readonly max?: number;
}

/**
 * A share rule within the segments of a categorical column: in each segment
 * (or only in `level`), the share of units treated (any arm ≥ 1) is at least
 * `minShare` and at most `maxShare`. Counts are rounded to whole units: at
 * least ⌈minShare·size⌉, at most ⌊maxShare·size⌋.
 */
export interface SegmentRule {
  /** Column name, for messages. */
  readonly column: string;
  /** Segment code per unit (−1 = no segment, the rule ignores the unit). */
  readonly codes: Int32Array;
  /** Segment names by code. */
  readonly levels: readonly string[];
  /** Restrict the rule to one segment (by name); default: every segment. */
  readonly level?: string;
  readonly minShare?: number;
  readonly maxShare?: number;
}

export interface AllocationProblem {
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
  /** Σ cost of the plan ≤ budget. Absent = no budget. */
  readonly budget?: number;
  /** More budgets (per channel, per period). */
  readonly extraBudgets?: readonly ExtraBudget[];
  /** At most this many units get an arm other than 0. */
  readonly maxRecipients?: number;
  readonly armLimits?: readonly ArmLimit[];
  /** n·K flags, 1 = the unit may get the arm. Arm 0 is always allowed. */
  readonly eligible?: Uint8Array;
  readonly segmentRules?: readonly SegmentRule[];
  /** Give an arm only where its value over arm 0 exceeds its cost over arm 0. */
  readonly onlyWhereValueExceedsCost?: boolean;
  /** Maximise Σ value (default) or Σ (value − cost). */
  readonly objective?: Objective;
}

/** The label of an arm. */
export function armLabel(problem: AllocationProblem, arm: number): string {
  return problem.armLabels?.[arm] ?? String(arm);
}
