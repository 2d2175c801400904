/**
 * A solved plan: the arm of every unit with the certificate of how good it
 * is (the objective, a proven upper bound, the gap), what it spends, and the
 * status, as a union on it: optimal, within the reported gap, stopped by the
 * time limit (with or without a plan: the best bound either way), or
 * infeasible with the rules that conflict.
 */
import type { AllocationProblem } from './problem.js';
import { objectiveValues } from './prepare.js';
import type { CheckContext, RuleConflict } from './rules/kind.js';
import { extraSpendOf } from './rules/extra-budgets.js';
import { RULE_KINDS } from './rules/registry.js';

/** The solvers a plan can come from. */
export const SOLVER_NAMES = ['greedy', 'lagrangian', 'core', 'highs', 'glpk', 'jslp'] as const;
export type SolverName = (typeof SOLVER_NAMES)[number];

/** Why no plan keeps the rules: one sentence, and the rules involved in the user's terms. */
export type Infeasibility = RuleConflict;

/** The exact solvers' LP relaxation: its optimum (the bound before any core MIP tightened it), the units it splits between arms, and its dual prices. */
export interface LpCertificate {
  readonly bound: number;
  readonly fractionalUnits: number;
  readonly budgetPrice: number;
  readonly recipientPrice: number;
}

/** What every plan carries, whatever its status. */
interface PlanBase {
  readonly solver: SolverName;
  /** Arm per unit (0 = no treatment). All 0 when no plan was found. */
  readonly choice: Int32Array;
  /** The objective of the plan: Σ value, or Σ (value − cost) for a profit objective. NaN without a plan. */
  readonly objective: number;
  /** No plan that keeps the rules has a larger objective (from the LP relaxation or the solver's dual bound); NaN when none is known. */
  readonly bound: number;
  /** bound − objective, ≥ 0 (NaN without a plan). */
  readonly gap: number;
  /** gap / |bound| (0 when the bound is 0). */
  readonly relativeGap: number;
  /** Σ value of the chosen arms (whatever the objective). */
  readonly value: number;
  /** Σ cost of the chosen arms (the main costs). */
  readonly spend: number;
  /** Spend against each extra budget, in the problem's order. */
  readonly extraSpend: readonly number[];
  /** Units on an arm other than 0. */
  readonly recipients: number;
  /** Units per arm. */
  readonly armCounts: readonly number[];
  readonly seconds: number;
  /** What else the solver said (backend status, why the gap was not closed). */
  readonly notes: readonly string[];
}

/** A plan proven optimal (gap within round-off). */
export interface OptimalPlan extends PlanBase {
  readonly status: 'optimal';
  readonly lp?: LpCertificate;
  readonly infeasibility?: never;
}

/** A plan within the gap asked for (mipGap) of the bound. */
export interface WithinGapPlan extends PlanBase {
  readonly status: 'within-gap';
  readonly lp?: LpCertificate;
  readonly infeasibility?: never;
}

/**
 * The time limit came first. With `planFound`, the best plan found and its
 * gap to the best bound; without, `choice` is all 0, the plan's numbers are
 * NaN and `bound` is the best bound proven so far (NaN when none was).
 */
export interface TimeLimitPlan extends PlanBase {
  readonly status: 'time-limit';
  readonly planFound: boolean;
  readonly lp?: LpCertificate;
  readonly infeasibility?: never;
}

/** No plan keeps every rule; `infeasibility` says which rules conflict. `choice` is all 0. */
export interface InfeasiblePlan extends PlanBase {
  readonly status: 'infeasible';
  readonly infeasibility: Infeasibility;
  readonly lp?: never;
}

export type Plan = OptimalPlan | WithinGapPlan | TimeLimitPlan | InfeasiblePlan;
export type PlanStatus = Plan['status'];

/** A plan that keeps every rule (optimal, within the gap, or the best found before the time limit). */
export type FoundPlan = OptimalPlan | WithinGapPlan | (TimeLimitPlan & { readonly planFound: true });

/** The status of a found plan: 'time-limit' when the limit stopped the search, else 'optimal' (gap within round-off) or 'within-gap'. */
export function foundPlanStatus(timedOut: boolean, optimal: boolean): { readonly status: 'time-limit'; readonly planFound: true } | { readonly status: 'optimal' | 'within-gap' } {
  if (timedOut) return { status: 'time-limit', planFound: true };
  return { status: optimal ? 'optimal' : 'within-gap' };
}

/** What a plan (arm per unit) is worth and spends under a problem's rules. */
export interface PlanSummary {
  readonly objective: number;
  readonly value: number;
  readonly spend: number;
  readonly extraSpend: number[];
  readonly recipients: number;
  readonly armCounts: number[];
}

/**
 * Objective, value, spend and counts of a plan.
 *
 * @example
 * const problem = { units: 3, arms: 2, values: Float64Array.of(0, 5, 0, 4, 0, 1), costs: Float64Array.of(0, 2, 0, 2, 0, 2), budget: 4 };
 * summarizePlan(problem, Int32Array.of(0, 1, 1)).spend; // 4 (Σ cost of the chosen arms)
 */
export function summarizePlan(problem: AllocationProblem, choice: Int32Array, objective = objectiveValues(problem)): PlanSummary {
  const { units: n, arms: K, values, costs } = problem;
  let obj = 0;
  let value = 0;
  let spend = 0;
  let recipients = 0;
  const armCounts = new Array<number>(K).fill(0);
  for (let i = 0; i < n; i++) {
    const k = choice[i]!;
    obj += objective[i * K + k]!;
    value += values[i * K + k]!;
    spend += costs[i * K + k]!;
    armCounts[k]!++;
    if (k !== 0) recipients++;
  }
  return { objective: obj, value, spend, extraSpend: extraSpendOf(problem, choice), recipients, armCounts };
}

/**
 * The first rule a plan breaks, as text, or undefined when it keeps them all:
 * each rule kind's own check (rules/*.ts), in registry order. Budgets are
 * checked with a relative tolerance of 1e-9 (solvers round).
 */
export function findBrokenRule(problem: AllocationProblem, choice: Int32Array, summary?: PlanSummary): string | undefined {
  const { units: n, arms: K } = problem;
  for (let i = 0; i < n; i++) {
    const k = choice[i]!;
    if (!(k >= 0 && k < K)) return `unit ${i} has arm ${k}, which does not exist`;
  }
  const s = summary ?? summarizePlan(problem, choice);
  const context: CheckContext = {
    problem,
    choice,
    spend: s.spend,
    extraSpend: s.extraSpend,
    recipients: s.recipients,
    armCounts: s.armCounts,
    within: (x, limit) => x <= limit + 1e-9 * Math.max(1, Math.abs(limit)),
  };
  for (const kind of RULE_KINDS) {
    const broken = kind.check(context);
    if (broken !== undefined) return broken;
  }
  return undefined;
}

/**
 * Whether the solve gave a plan: false when it is infeasible or the time limit came before any plan.
 *
 * @example
 * // One unit must be treated, and treating any costs more than the budget.
 * const plan = await solveAllocation({ units: 2, arms: 2, values: Float64Array.of(0, 3, 0, 2), costs: Float64Array.of(0, 2, 0, 2), budget: 1, minRecipients: 1 });
 * hasPlan(plan); // false
 * plan.status; // "infeasible"
 */
export function hasPlan<P extends Plan>(plan: P): plan is P & FoundPlan {
  return plan.status === 'time-limit' ? plan.planFound : plan.status !== 'infeasible';
}
