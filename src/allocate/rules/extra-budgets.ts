/**
 * Further budgets (per channel, per period): each its own costs (or the main
 * costs of some arms) and its own limit. `--arm-budget call+sms:2000`: the
 * costs of arms 'call' and 'sms' add up to at most 2000.
 */
import { InputError } from '../../errors.js';
import { parseNumber } from '../../data/numbers.js';
import { allocateErrors } from '../messages.js';
import type { AllocationProblem } from '../problem.js';
import { checkBudget } from './budget.js';
import { checkMatrix } from '../shape.js';
import { armIndexOf, fmt, type RuleKind } from './kind.js';

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

export interface ExtraBudgetFields {
  /** More budgets (per channel, per period). */
  readonly extraBudgets?: readonly ExtraBudget[];
}

export const extraBudgetTexts = {
  rule: (name: string, limit: number) => `budget '${name}' (≤ ${fmt(limit)})`,
};

export const extraBudgetErrors = {
  badExtraBudget: (field: ReadonlyArray<string | number>, why: string) => new InputError('E_BAD_BUDGET_RULE', why, { path: field }),
  badArmBudgetFlag: (text: string) =>
    new InputError('E_BAD_OPTION', `--arm-budget needs ARM:LIMIT or ARM+ARM…:LIMIT with a limit ≥ 0, got '${text}'`, { path: ['arm-budget'] }),
};

/** Spend of a plan against each extra budget, in the problem's order. */
export function extraSpendOf(problem: AllocationProblem, choice: Int32Array): number[] {
  const { units: n, arms: K, costs } = problem;
  return (problem.extraBudgets ?? []).map((b) => {
    const c = b.costs ?? costs;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const k = choice[i]!;
      if (b.arms === undefined || b.arms.includes(k)) s += c[i * K + k]!;
    }
    return s;
  });
}

/** `ARM:LIMIT` or `ARM+ARM…:LIMIT` as an extra budget named after its arms. */
export function extraBudgetFromText(text: string, treatedLabels: readonly string[]): ExtraBudget {
  const colon = text.lastIndexOf(':');
  const limit = colon < 0 ? undefined : parseNumber(text.slice(colon + 1));
  const names = colon < 0 ? [] : text.slice(0, colon).split('+');
  if (limit === undefined || !(limit >= 0) || !Number.isFinite(limit) || names.some((name) => name === '')) {
    throw extraBudgetErrors.badArmBudgetFlag(text);
  }
  const arms = names.map((name) => armIndexOf('arm-budget', name, treatedLabels));
  return { name: names.join('+'), limit, arms };
}

export const extraBudgetsRule: RuleKind = {
  name: 'extraBudgets',
  fields: ['extraBudgets'],
  shape: 'side',
  describe: 'more budgets',
  present: (problem) => (problem.extraBudgets?.length ?? 0) > 0,
  validate(problem) {
    const K = problem.arms;
    problem.extraBudgets?.forEach((b, j) => {
      const at = ['extraBudgets', j];
      if (typeof b.name !== 'string' || b.name === '') throw extraBudgetErrors.badExtraBudget([...at, 'name'], 'every extra budget needs a name');
      checkBudget([...at, 'limit'], b.limit);
      if (b.costs !== undefined) checkMatrix(problem, `extraBudgets[${j}].costs`, b.costs, true);
      b.arms?.forEach((a, m) => {
        if (!Number.isInteger(a) || a < 0 || a >= K) throw allocateErrors.unknownArm([...at, 'arms', m], a, K);
      });
    });
  },
  rows: ({ problem, armMask }) =>
    (problem.extraBudgets ?? []).map((b) => ({
      row: { lower: -Infinity, upper: b.limit, costs: b.costs ?? problem.costs, ...(b.arms === undefined ? {} : { arms: armMask(b.arms) }) },
      text: extraBudgetTexts.rule(b.name, b.limit),
    })),
  check({ problem, extraSpend, within }) {
    for (const [j, b] of (problem.extraBudgets ?? []).entries()) {
      if (!within(extraSpend[j]!, b.limit)) return extraBudgetTexts.rule(b.name, b.limit);
    }
    return undefined;
  },
  syntax: {
    flags: [{ flags: '--arm-budget <rule>', key: 'armBudget', help: 'ARM:LIMIT or ARM+ARM…:LIMIT: the costs of these arms add up to at most LIMIT; repeatable', value: 'repeatable' }],
    fromFlags(flags, { treatedLabels }) {
      const extraBudgets = ((flags.armBudget as string[] | undefined) ?? []).map((text) => extraBudgetFromText(text, treatedLabels));
      return { fields: extraBudgets.length === 0 ? {} : { extraBudgets }, sources: { extraBudgets: extraBudgets.map(() => 'arm-budget') } };
    },
  },
};
