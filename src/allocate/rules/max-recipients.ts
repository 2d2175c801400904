/**
 * The recipient cap: at most this many units get an arm other than 0. The
 * second price of the exact Lagrangian method. Users write it as a count, a
 * share of the units in (0, 1) or a percentage ("20%"), on the command line
 * (--max-recipients) and in scenarios (constraints.maxRecipients) alike.
 */
import { InputError } from '../../errors.js';
import { type CountOrShare, countFrom } from '../count.js';
import type { AllocationProblem } from '../problem.js';
import { isCount, type RuleKind, type ScenarioSchemaParts } from './kind.js';
import { countNoun } from '../../util/count-noun.js';

export interface MaxRecipientsFields {
  /** At most this many units get an arm other than 0. */
  readonly maxRecipients?: number;
}

export const maxRecipientsTexts = {
  rule: (cap: number) => `the recipient cap (at most ${countNoun(cap, 'unit')} treated)`,
};

export const maxRecipientsErrors = {
  capNotCount: (value: number) =>
    new InputError('E_BAD_CAP', `maxRecipients must be a whole number ≥ 0, got ${value}`, { path: ['maxRecipients'] }),
  capAboveUnits: (value: number, units: number) =>
    new InputError(
      'E_CAP_ABOVE_N',
      `maxRecipients is ${value} but there are only ${units} units; use a cap of at most ${units} (or none)`,
      { path: ['maxRecipients'] },
    ),
};

/** The cap, Infinity when there is none or it does not bind (≥ n). */
export function capOf(problem: AllocationProblem): number {
  return problem.maxRecipients !== undefined && problem.maxRecipients < problem.units ? problem.maxRecipients : Infinity;
}

/** The cap from what the user wrote (a count, a share or a percentage) for n units. */
export function maxRecipientsFrom(value: CountOrShare, units: number): number {
  return countFrom(value, units);
}

/** The scenario's `constraints.maxRecipients`. */
export const maxRecipientsScenarioFields = ({ countOrShare }: ScenarioSchemaParts) => ({ maxRecipients: countOrShare.nullable().optional() });

export const maxRecipientsRule: RuleKind = {
  name: 'maxRecipients',
  fields: ['maxRecipients'],
  shape: 'cap',
  describe: 'a recipient cap',
  // A cap of n or more binds nothing.
  present: (problem) => capOf(problem) < Infinity,
  validate(problem) {
    const cap = problem.maxRecipients;
    if (cap === undefined) return;
    if (!isCount(cap)) throw maxRecipientsErrors.capNotCount(cap);
    if (cap > problem.units) throw maxRecipientsErrors.capAboveUnits(cap, problem.units);
  },
  rows: ({ cap, treated }) => (cap < Infinity ? [{ row: { lower: -Infinity, upper: cap, arms: treated }, text: maxRecipientsTexts.rule(cap), role: 'cap' }] : []),
  check: ({ problem, recipients }) =>
    problem.maxRecipients !== undefined && recipients > problem.maxRecipients ? maxRecipientsTexts.rule(problem.maxRecipients) : undefined,
  syntax: {
    scenarioPaths: { maxRecipients: 'maxRecipients' },
    fromScenario(constraints, { units }) {
      const value = constraints.maxRecipients as CountOrShare | null | undefined;
      return value === undefined || value === null ? {} : { maxRecipients: maxRecipientsFrom(value, units) };
    },
  },
};
