/**
 * What one kind of allocation rule owns (a budget, a recipient cap, arm
 * limits, segment shares, eligibility, …): its problem fields, their
 * validation, what it asks of the methods (its shape), its coupling rows for
 * the LP/MIP and core methods with their texts, the independent check of a
 * plan, quick infeasibility checks, and the syntax users write it in (flags
 * of `liftwise allocate`, fields of a scenario's `constraints`). The kinds are
 * listed once, in registry.ts; every other part of src/allocate loops over
 * that list. The numerical engine (solvers/) sees only rows and masks.
 */
import type { CouplingRow } from '../../../solvers/core/coupling-rows.js';
import type { ZodType } from 'zod';
import type { Zod } from '../../util/schema.js';
import { allocateErrors } from '../messages.js';
import type { AllocationProblem } from '../problem.js';

/** An explanation of infeasibility: one sentence and the rules it names. */
export interface RuleConflict {
  readonly message: string;
  readonly rules: readonly string[];
}

/**
 * What a rule asks of the methods. 'per-unit': it only removes unit-arms (a
 * mask every method reads). 'budget' and 'cap': the main budget and the
 * recipient cap, the two prices of the exact knapsack methods (greedy,
 * Lagrangian). 'side': coupling rows that only the core method and the MIP
 * backends take.
 */
export type RuleShape = 'per-unit' | 'budget' | 'cap' | 'side';

/** One coupling row of a rule, with its text for explanations; `role` marks the rows whose prices the knapsack methods know. */
export interface RuleRow {
  readonly row: CouplingRow;
  readonly text: string;
  readonly role?: 'budget' | 'cap';
}

export interface RowContext {
  readonly problem: AllocationProblem;
  /** The budget, Infinity when there is none; the recipient cap, Infinity when there is none or it is ≥ n. */
  readonly budget: number;
  readonly cap: number;
  /** K flags: every treated arm (arm 0 off). */
  readonly treated: Uint8Array;
  /** K flags for the given arms. */
  armMask(arms: readonly number[]): Uint8Array;
}

/** What a plan is worth and spends (plan.ts summarizePlan). */
export interface CheckContext {
  readonly problem: AllocationProblem;
  readonly choice: Int32Array;
  readonly spend: number;
  readonly extraSpend: readonly number[];
  readonly recipients: number;
  readonly armCounts: readonly number[];
  /** x ≤ limit within a relative tolerance of 1e-9 (solvers round). */
  within(x: number, limit: number): boolean;
}

/** What the quick infeasibility checks share (explain.ts builds it once). */
export interface QuickContext {
  readonly problem: AllocationProblem;
  readonly n: number;
  readonly K: number;
  readonly costs: Float64Array;
  /** The budget (Infinity when none) and its text. */
  readonly budget: number;
  readonly budgetText: string;
  /** Each unit's cheapest allowed arm's cost, and their sum: what any plan spends at least. */
  readonly cheapest: Float64Array;
  readonly base: number;
  allowed(i: number, k: number): boolean;
  /** Each unit's least extra cost (over its cheapest arm) of being treated at all; NaN when no treated arm is allowed. */
  treatedExtra(): Float64Array;
  /**
   * The least extra cost of `count` units whose extra costs are `extra` (NaN =
   * not eligible), or why no plan can meet the minimum `rule`: too few
   * eligible units, or more cost than the budget allows.
   */
  minimumCost(rule: string, count: number, extra: Float64Array): { need: number; why?: RuleConflict };
}

/** One flag of `liftwise allocate` that writes a rule. */
export interface RuleFlag {
  /** Commander syntax, e.g. '--arm-min <rule>'. */
  readonly flags: string;
  /** The option's key in the parsed flags (commander's camelCase), e.g. 'armMin'. */
  readonly key: string;
  readonly help: string;
  /** 'repeatable': a list of texts; 'count-or-share': a count, a share in (0, 1) or "20%". */
  readonly value: 'repeatable' | 'count-or-share';
}

/** What user syntax (flags or a scenario) needs to know about the data. */
export interface SyntaxContext {
  readonly units: number;
  /** Labels of the treated arms: arm k ≥ 1 is armLabels[k − 1]. */
  readonly treatedLabels: readonly string[];
  /** The codes and levels of a segment column (rules on one column share them). */
  codesOf(column: string): { codes: Int32Array; levels: string[] };
}

/** Problem fields written from user syntax, with the flag that wrote each (per entry for list fields), for messages. */
export interface ParsedRules {
  readonly fields: Partial<AllocationProblem>;
  readonly sources: Readonly<Record<string, string | readonly string[]>>;
}

/** Pieces of zod schema the scenario's rule fields share (built by scenario/spec.ts, which loads zod). */
export interface ScenarioSchemaParts {
  readonly z: Zod;
  /** A count, a share of the units in (0, 1) or a percentage string like "20%". */
  readonly countOrShare: ZodType<number | string>;
}

export interface RuleSyntax {
  /** Flags of `liftwise allocate` registered from this kind (flags the command defines itself are parsed with this kind's helpers). */
  readonly flags?: readonly RuleFlag[];
  /** The problem fields from the parsed flags (keys of `flags`). */
  fromFlags?(flags: Readonly<Record<string, unknown>>, context: SyntaxContext): ParsedRules;
  /** The scenario's `constraints` fields of this kind (problem field name → scenario name, where they differ in name or place). */
  readonly scenarioPaths?: Readonly<Record<string, string>>;
  /** The problem fields from a scenario's merged `constraints` (validated by its schema). */
  fromScenario?(constraints: Readonly<Record<string, unknown>>, context: SyntaxContext): Partial<AllocationProblem>;
}

export interface RuleKind {
  /** Name in docs and the registry. */
  readonly name: string;
  /** The problem fields this kind owns. */
  readonly fields: readonly (keyof AllocationProblem)[];
  readonly shape: RuleShape;
  /** How a solver refusal names it ("arm limits"); per-unit rules and the budget need none. */
  readonly describe?: string;
  /** Whether the problem has a rule of this kind. */
  present(problem: AllocationProblem): boolean;
  /** Throws an InputError naming the field at fault (shapes are checked before). */
  validate?(problem: AllocationProblem): void;
  /** Per-unit rules: clears the unit-arms (n·K, arm 0 untouched) the rule forbids. */
  restrict?(problem: AllocationProblem, mask: Uint8Array): void;
  /** Its coupling rows, in a fixed order. */
  rows?(context: RowContext): RuleRow[];
  /** The rule a plan breaks, as text, or undefined; written from the rule's definition, apart from the rows. */
  check(context: CheckContext): string | undefined;
  /** A data-dependent conflict found without solving (e.g. a minimum that costs more than the budget). */
  quickInfeasibility?(context: QuickContext): RuleConflict | undefined;
  readonly syntax?: RuleSyntax;
}

export const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** A number as messages show it: whole numbers as they are, others to 10 significant digits. */
export const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(10))));

/** The arm index (k ≥ 1) of a treated arm's label given to flag `option`, or an error naming the flag and the labels. */
export function armIndexOf(option: string, label: string, treatedLabels: readonly string[]): number {
  const index = treatedLabels.indexOf(label);
  if (index < 0) throw allocateErrors.unknownArmLabel(option, label, treatedLabels);
  return index + 1;
}
