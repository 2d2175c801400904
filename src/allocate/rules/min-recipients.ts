/**
 * A minimum number of recipients: at least this many units get an arm other
 * than 0 — a campaign's committed volume (a print run, a call-centre shift, a
 * partner's minimum audience), which a budget-only plan may undershoot when
 * few units are worth their cost. Written like the cap: a count, a share of
 * the units in (0, 1) or a percentage, as `--min-recipients 20%` or
 * `constraints.minRecipients: 500`.
 *
 * It is a side rule (a lower bound on the treated count): the exact greedy
 * and Lagrangian methods do not take it, so 'auto' solves it by the core
 * method, and highs, glpk and jslp take it as one more row.
 */
import { InputError } from '../../errors.js';
import { type CountOrShare, countFrom } from '../count.js';
import { allocateErrors } from '../messages.js';
import { isCount, type RuleKind, type ScenarioSchemaParts } from './kind.js';
import { countNoun } from '../../util/count-noun.js';

export interface MinRecipientsFields {
  /** At least this many units get an arm other than 0. */
  readonly minRecipients?: number;
}

export const minRecipientsTexts = {
  rule: (min: number) => `the recipient minimum (at least ${countNoun(min, 'unit')} treated)`,
};

export const minRecipientsErrors = {
  notCount: (value: unknown) =>
    new InputError('E_BAD_LIMIT', `minRecipients must be a whole number ≥ 0, got ${String(value)}`, { path: ['minRecipients'] }),
};

/** The scenario's `constraints.minRecipients`. */
export const minRecipientsScenarioFields = ({ countOrShare }: ScenarioSchemaParts) => ({ minRecipients: countOrShare.nullable().optional() });

export const minRecipientsRule: RuleKind = {
  name: 'minRecipients',
  fields: ['minRecipients'],
  shape: 'side',
  describe: 'a recipient minimum',
  // A minimum of 0 asks nothing.
  present: (problem) => (problem.minRecipients ?? 0) > 0,
  validate(problem) {
    const min = problem.minRecipients;
    if (min === undefined) return;
    if (!isCount(min)) throw minRecipientsErrors.notCount(min);
    const what = 'the recipient minimum';
    if (min > problem.units) throw allocateErrors.minAboveUnits(['minRecipients'], what, min, problem.units);
    const cap = problem.maxRecipients;
    if (cap !== undefined && min > cap) throw allocateErrors.minAboveMax(['minRecipients'], 'the number of recipients', min, cap);
  },
  rows: ({ problem, treated }) =>
    (problem.minRecipients ?? 0) > 0 ? [{ row: { lower: problem.minRecipients!, upper: Infinity, arms: treated }, text: minRecipientsTexts.rule(problem.minRecipients!) }] : [],
  check: ({ problem, recipients }) =>
    problem.minRecipients !== undefined && recipients < problem.minRecipients ? minRecipientsTexts.rule(problem.minRecipients) : undefined,
  quickInfeasibility({ problem, treatedExtra, minimumCost }) {
    const min = problem.minRecipients ?? 0;
    if (min === 0) return undefined;
    return minimumCost(minRecipientsTexts.rule(min), min, treatedExtra()).why;
  },
  syntax: {
    flags: [
      {
        flags: '--min-recipients <n>',
        key: 'minRecipients',
        help: 'at least this many units get a treatment: a count, a share in (0, 1) or a percentage like 20%',
        value: 'count-or-share',
      },
    ],
    fromFlags(flags, { units }) {
      const value = flags.minRecipients as CountOrShare | undefined;
      return { fields: value === undefined ? {} : { minRecipients: countFrom(value, units) }, sources: { minRecipients: 'min-recipients' } };
    },
    scenarioPaths: { minRecipients: 'minRecipients' },
    fromScenario(constraints, { units }) {
      const value = constraints.minRecipients as CountOrShare | null | undefined;
      return value === undefined || value === null ? {} : { minRecipients: countFrom(value, units) };
    },
  },
};
