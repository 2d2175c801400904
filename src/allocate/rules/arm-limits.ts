/**
 * Arm limits: at least `min` and at most `max` units get an arm.
 * `--arm-min call:100 --arm-max call:400`, or `min` / `max` on a scenario's arm.
 */
import { InputError } from '../../errors.js';
import { parseNumber } from '../../data/numbers.js';
import { allocateErrors } from '../messages.js';
import { armLabel } from '../problem.js';
import { armIndexOf, isCount, type RuleKind } from './kind.js';
import { countNoun } from '../../util/count-noun.js';

/** At least `min` and at most `max` units get the arm. */
export interface ArmLimit {
  readonly arm: number;
  readonly min?: number;
  readonly max?: number;
}

export interface ArmLimitFields {
  readonly armLimits?: readonly ArmLimit[];
}

export const armLimitTexts = {
  min: (arm: string, min: number) => `the minimum for arm '${arm}' (at least ${countNoun(min, 'unit')})`,
  max: (arm: string, max: number) => `the maximum for arm '${arm}' (at most ${countNoun(max, 'unit')})`,
};

export const armLimitErrors = {
  badLimitCount: (field: ReadonlyArray<string | number>, value: unknown) =>
    new InputError('E_BAD_LIMIT', `a count limit must be a whole number ≥ 0, got ${String(value)}`, { path: field }),
  badArmLimitFlag: (option: string, text: string) =>
    new InputError('E_BAD_OPTION', `--${option} needs ARM:COUNT with a whole count ≥ 0, got '${text}'`, { path: [option] }),
};

/** One bound on one arm as a user wrote it, with where (a flag, or a scenario path) for messages. */
export interface ArmLimitEntry {
  readonly arm: number;
  readonly min?: number;
  readonly max?: number;
  readonly source: string;
}

/** Entries on one arm merged into one limit per arm (in the order arms first appear), and the source of each. */
export function armLimitsFrom(entries: readonly ArmLimitEntry[]): { armLimits: ArmLimit[]; sources: string[] } {
  const limits = new Map<number, { min?: number; max?: number; source: string }>();
  for (const entry of entries) {
    const limit = limits.get(entry.arm) ?? { source: entry.source };
    if (entry.min !== undefined) limit.min = entry.min;
    if (entry.max !== undefined) limit.max = entry.max;
    limits.set(entry.arm, limit);
  }
  const armLimits: ArmLimit[] = [];
  const sources: string[] = [];
  for (const [arm, { min, max, source }] of limits) {
    armLimits.push({ arm, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) });
    sources.push(source);
  }
  return { armLimits, sources };
}

/** `ARM:COUNT` of flag --arm-min or --arm-max. */
export function armLimitFromText(option: 'arm-min' | 'arm-max', text: string, treatedLabels: readonly string[]): ArmLimitEntry {
  const colon = text.lastIndexOf(':');
  const count = colon < 0 ? undefined : parseNumber(text.slice(colon + 1));
  if (count === undefined || !Number.isInteger(count) || count < 0) throw armLimitErrors.badArmLimitFlag(option, text);
  const arm = armIndexOf(option, text.slice(0, colon), treatedLabels);
  return option === 'arm-min' ? { arm, min: count, source: option } : { arm, max: count, source: option };
}

export const armLimitsRule: RuleKind = {
  name: 'armLimits',
  fields: ['armLimits'],
  shape: 'side',
  describe: 'arm limits',
  present: (problem) => (problem.armLimits?.length ?? 0) > 0,
  validate(problem) {
    const { units: n, arms: K } = problem;
    let treatedMins = 0;
    let allMins = 0;
    problem.armLimits?.forEach((limit, j) => {
      const at = ['armLimits', j];
      if (!Number.isInteger(limit.arm) || limit.arm < 0 || limit.arm >= K) throw allocateErrors.unknownArm([...at, 'arm'], limit.arm, K);
      const what = `the limits for arm '${armLabel(problem, limit.arm)}'`;
      if (limit.min !== undefined && !isCount(limit.min)) throw armLimitErrors.badLimitCount([...at, 'min'], limit.min);
      if (limit.max !== undefined && !isCount(limit.max)) throw armLimitErrors.badLimitCount([...at, 'max'], limit.max);
      if (limit.min !== undefined && limit.max !== undefined && limit.min > limit.max) {
        throw allocateErrors.minAboveMax([...at, 'min'], what, limit.min, limit.max);
      }
      if (limit.min !== undefined && limit.min > n) throw allocateErrors.minAboveUnits([...at, 'min'], what, limit.min, n);
      allMins += limit.min ?? 0;
      if (limit.arm !== 0) treatedMins += limit.min ?? 0;
    });
    if (allMins > n) throw allocateErrors.minsAboveUnits(['armLimits'], allMins, n);
    const cap = problem.maxRecipients;
    if (cap !== undefined && treatedMins > cap) throw allocateErrors.minsAboveCap(['armLimits'], 'the arm minimums', treatedMins, cap);
  },
  rows({ problem, armMask }) {
    const out = [];
    for (const limit of problem.armLimits ?? []) {
      const label = armLabel(problem, limit.arm);
      const arms = armMask([limit.arm]);
      if (limit.min !== undefined) out.push({ row: { lower: limit.min, upper: Infinity, arms }, text: armLimitTexts.min(label, limit.min) });
      if (limit.max !== undefined) out.push({ row: { lower: -Infinity, upper: limit.max, arms }, text: armLimitTexts.max(label, limit.max) });
    }
    return out;
  },
  check({ problem, armCounts }) {
    for (const limit of problem.armLimits ?? []) {
      const count = armCounts[limit.arm]!;
      const label = armLabel(problem, limit.arm);
      if (limit.min !== undefined && count < limit.min) return armLimitTexts.min(label, limit.min);
      if (limit.max !== undefined && count > limit.max) return armLimitTexts.max(label, limit.max);
    }
    return undefined;
  },
  quickInfeasibility({ problem, n, K, costs, cheapest, allowed, minimumCost }) {
    for (const limit of problem.armLimits ?? []) {
      if (limit.arm === 0 || limit.min === undefined || limit.min === 0) continue;
      const extra = new Float64Array(n);
      for (let i = 0; i < n; i++) extra[i] = allowed(i, limit.arm) ? costs[i * K + limit.arm]! - cheapest[i]! : NaN;
      const { why } = minimumCost(armLimitTexts.min(armLabel(problem, limit.arm), limit.min), limit.min, extra);
      if (why !== undefined) return why;
    }
    return undefined;
  },
  syntax: {
    flags: [
      { flags: '--arm-min <rule>', key: 'armMin', help: 'ARM:COUNT: at least COUNT units get arm ARM (an uplift_<ARM> column); repeatable', value: 'repeatable' },
      { flags: '--arm-max <rule>', key: 'armMax', help: 'ARM:COUNT: at most COUNT units get arm ARM; repeatable', value: 'repeatable' },
    ],
    fromFlags(flags, { treatedLabels }) {
      const entries = [
        ...((flags.armMin as string[] | undefined) ?? []).map((text) => armLimitFromText('arm-min', text, treatedLabels)),
        ...((flags.armMax as string[] | undefined) ?? []).map((text) => armLimitFromText('arm-max', text, treatedLabels)),
      ];
      const { armLimits, sources } = armLimitsFrom(entries);
      return { fields: armLimits.length === 0 ? {} : { armLimits }, sources: { armLimits: sources } };
    },
  },
};
