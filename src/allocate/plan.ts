/**
 * A solved plan: the arm of every unit with the certificate of how good it
 * is (the objective, a proven upper bound, the gap), what it spends, and the
 * status: optimal, within the reported gap, stopped by the time limit, or
 * infeasible with the rules that conflict.
 */
import type { AllocationProblem } from './problem.js';
import { armLabel } from './problem.js';
import { objectiveValues } from './prepare.js';
import { ruleTexts } from './messages.js';
import { maxCount, minCount, segmentsOf } from './validate.js';

export type PlanStatus = 'optimal' | 'within-gap' | 'time-limit' | 'infeasible';

/** The solvers a plan can come from. */
export const SOLVER_NAMES = ['greedy', 'lagrangian', 'core', 'highs', 'glpk', 'jslp'] as const;
export type SolverName = (typeof SOLVER_NAMES)[number];

export interface Infeasibility {
  /** One sentence saying which rules conflict. */
  readonly message: string;
  /** The rules involved, in the user's terms. */
  readonly rules: readonly string[];
}

export interface Plan {
  readonly status: PlanStatus;
  readonly solver: SolverName;
  /** Arm per unit (0 = no treatment). All 0 when no plan was found. */
  readonly choice: Int32Array;
  /** The objective of the plan: Σ value, or Σ (value − cost) for a profit objective. NaN without a plan. */
  readonly objective: number;
  /** No plan that keeps the rules has a larger objective (from the LP relaxation or the solver's dual bound). */
  readonly bound: number;
  /** bound − objective, ≥ 0. */
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
  /**
   * The exact solvers' LP relaxation: its optimum (the bound before any core
   * MIP tightened it), the units it splits between arms, and its dual prices.
   */
  readonly lp?: { readonly bound: number; readonly fractionalUnits: number; readonly budgetPrice: number; readonly recipientPrice: number };
  readonly infeasibility?: Infeasibility;
  /** What else the solver said (backend status, why the gap was not closed). */
  readonly notes: readonly string[];
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
 * summarizePlan(problem, Int32Array.of(0, 1, 1)).spend; // Σ cost of the chosen arms
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
  const extraSpend = (problem.extraBudgets ?? []).map((b) => {
    const c = b.costs ?? costs;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const k = choice[i]!;
      if (b.arms === undefined || b.arms.includes(k)) s += c[i * K + k]!;
    }
    return s;
  });
  return { objective: obj, value, spend, extraSpend, recipients, armCounts };
}

/**
 * The first rule a plan breaks, as text, or undefined when it keeps them all.
 * Budgets are checked with a relative tolerance of 1e-9 (solvers round).
 */
export function findBrokenRule(problem: AllocationProblem, choice: Int32Array, summary?: PlanSummary): string | undefined {
  const { units: n, arms: K } = problem;
  const s = summary ?? summarizePlan(problem, choice);
  const within = (x: number, limit: number): boolean => x <= limit + 1e-9 * Math.max(1, Math.abs(limit));
  for (let i = 0; i < n; i++) {
    const k = choice[i]!;
    if (!(k >= 0 && k < K)) return `unit ${i} has arm ${k}, which does not exist`;
    if (k !== 0 && problem.eligible !== undefined && problem.eligible[i * K + k] === 0) return ruleTexts.eligibility();
    if (k !== 0 && problem.onlyWhereValueExceedsCost === true) {
      const row = i * K;
      if (!(problem.values[row + k]! - problem.values[row]! > problem.costs[row + k]! - problem.costs[row]!)) {
        return `unit ${i} gets arm '${armLabel(problem, k)}' although its value does not exceed its cost`;
      }
    }
  }
  if (problem.budget !== undefined && !within(s.spend, problem.budget)) return ruleTexts.budget(problem.budget);
  for (const [j, b] of (problem.extraBudgets ?? []).entries()) {
    if (!within(s.extraSpend[j]!, b.limit)) return ruleTexts.extraBudget(b.name, b.limit);
  }
  if (problem.maxRecipients !== undefined && s.recipients > problem.maxRecipients) return ruleTexts.cap(problem.maxRecipients);
  for (const limit of problem.armLimits ?? []) {
    const count = s.armCounts[limit.arm]!;
    const label = armLabel(problem, limit.arm);
    if (limit.min !== undefined && count < limit.min) return ruleTexts.armMin(label, limit.min);
    if (limit.max !== undefined && count > limit.max) return ruleTexts.armMax(label, limit.max);
  }
  for (const rule of problem.segmentRules ?? []) {
    const treatedIn = new Int32Array(rule.levels.length);
    for (let i = 0; i < n; i++) if (choice[i] !== 0 && rule.codes[i]! >= 0) treatedIn[rule.codes[i]!]!++;
    for (const segment of segmentsOf(rule)) {
      const treated = treatedIn[segment.code]!;
      if (rule.minShare !== undefined && treated < minCount(rule.minShare, segment.size)) {
        return ruleTexts.segmentMin(rule.column, segment.name, rule.minShare, minCount(rule.minShare, segment.size));
      }
      if (rule.maxShare !== undefined && treated > maxCount(rule.maxShare, segment.size)) {
        return ruleTexts.segmentMax(rule.column, segment.name, rule.maxShare, maxCount(rule.maxShare, segment.size));
      }
    }
  }
  return undefined;
}
