/**
 * The side rules of `liftwise allocate` from its flags:
 *   --min-share region:0.2          every segment of column region has at least 20 % treated
 *   --max-share region=north:0.5    segment north of column region has at most 50 % treated
 *   --arm-min call:100 --arm-max call:400   between 100 and 400 units get arm 'call'
 *   --arm-budget call+sms:2000      the costs of arms 'call' and 'sms' add up to at most 2000
 * Each flag may be given several times. Errors name the flag; errors the
 * allocation layer finds later (a minimum above a maximum, say) are re-raised
 * at the flag that wrote the rule.
 */
import { InputError, LiftwiseError } from '../errors.js';
import { parseNumber } from '../data/read.js';
import { requireColumn } from '../data/roles.js';
import { segmentCodes, type Table } from '../data/table.js';
import type { ArmLimit, ExtraBudget, SegmentRule } from '../allocate/problem.js';
import { allocateErrors } from '../allocate/messages.js';

export interface RuleFlags {
  minShare?: string[];
  maxShare?: string[];
  armMin?: string[];
  armMax?: string[];
  armBudget?: string[];
}

export interface FlagRules {
  readonly segmentRules: SegmentRule[];
  readonly armLimits: ArmLimit[];
  readonly extraBudgets: ExtraBudget[];
  /** The flag that wrote each segment rule and each arm limit, for messages. */
  readonly segmentFlags: string[];
  readonly armFlags: string[];
}

/** Commander's collector for a flag given several times. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * @example
 * rulesFromFlags(table, ['email', 'call'], { minShare: ['region:0.2'], armMax: ['call:400'] });
 * // { segmentRules: [{ column: 'region', codes, levels, minShare: 0.2 }], armLimits: [{ arm: 2, max: 400 }], … }
 */
export function rulesFromFlags(table: Table, armLabels: readonly string[], flags: RuleFlags): FlagRules {
  const segmentRules: SegmentRule[] = [];
  const segmentFlags: string[] = [];
  // Rules on one column share its codes, so the solvers price and count them in one pass.
  const columnCodes = new Map<string, { codes: Int32Array; levels: string[] }>();
  const addShares = (option: 'min-share' | 'max-share', texts: readonly string[] | undefined): void => {
    for (const text of texts ?? []) {
      const colon = text.lastIndexOf(':');
      const share = colon < 0 ? undefined : parseNumber(text.slice(colon + 1));
      const target = colon < 0 ? '' : text.slice(0, colon);
      if (share === undefined || !(share >= 0 && share <= 1) || target === '') throw allocateErrors.badShareFlag(option, text);
      const equals = target.indexOf('=');
      const name = equals < 0 ? target : target.slice(0, equals);
      const level = equals < 0 ? undefined : target.slice(equals + 1);
      const coded = columnCodes.get(name) ?? segmentCodes(requireColumn(table, name, 'segment'));
      columnCodes.set(name, coded);
      const { codes, levels } = coded;
      if (level !== undefined && !levels.includes(level)) throw allocateErrors.unknownSegment([option], name, level, levels);
      segmentRules.push({
        column: name,
        codes,
        levels,
        ...(level === undefined ? {} : { level }),
        ...(option === 'min-share' ? { minShare: share } : { maxShare: share }),
      });
      segmentFlags.push(option);
    }
  };
  addShares('min-share', flags.minShare);
  addShares('max-share', flags.maxShare);

  const limits = new Map<number, { min?: number; max?: number; flag: string }>();
  const addLimits = (option: 'arm-min' | 'arm-max', texts: readonly string[] | undefined): void => {
    for (const text of texts ?? []) {
      const colon = text.lastIndexOf(':');
      const count = colon < 0 ? undefined : parseNumber(text.slice(colon + 1));
      if (count === undefined || !Number.isInteger(count) || count < 0) throw allocateErrors.badArmLimitFlag(option, text);
      const label = text.slice(0, colon);
      const index = armLabels.indexOf(label);
      if (index < 0) throw allocateErrors.unknownArmLabel(option, label, armLabels);
      const arm = index + 1;
      const limit = limits.get(arm) ?? { flag: option };
      if (option === 'arm-min') limit.min = count;
      else limit.max = count;
      limits.set(arm, limit);
    }
  };
  addLimits('arm-min', flags.armMin);
  addLimits('arm-max', flags.armMax);
  const armLimits: ArmLimit[] = [];
  const armFlags: string[] = [];
  for (const [arm, { min, max, flag }] of limits) {
    armLimits.push({ arm, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) });
    armFlags.push(flag);
  }
  const extraBudgets: ExtraBudget[] = (flags.armBudget ?? []).map((text) => {
    const colon = text.lastIndexOf(':');
    const limit = colon < 0 ? undefined : parseNumber(text.slice(colon + 1));
    const names = colon < 0 ? [] : text.slice(0, colon).split('+');
    if (limit === undefined || !(limit >= 0) || !Number.isFinite(limit) || names.some((name) => name === '')) {
      throw allocateErrors.badArmBudgetFlag(text);
    }
    const arms = names.map((name) => {
      const index = armLabels.indexOf(name);
      if (index < 0) throw allocateErrors.unknownArmLabel('arm-budget', name, armLabels);
      return index + 1;
    });
    return { name: names.join('+'), limit, arms };
  });
  return { segmentRules, armLimits, extraBudgets, segmentFlags, armFlags };
}

/** An allocation error about a rule (field path segmentRules.i… or armLimits.i…) re-raised at the flag that wrote it. */
export function atFlag(error: unknown, rules: FlagRules): unknown {
  if (!(error instanceof LiftwiseError) || error.exitCode !== 2) return error;
  const path = error.where.path ?? [];
  const flags =
    path[0] === 'segmentRules' ? rules.segmentFlags
    : path[0] === 'armLimits' ? rules.armFlags
    : path[0] === 'extraBudgets' ? rules.extraBudgets.map(() => 'arm-budget')
    : undefined;
  const flag = typeof path[1] === 'number' ? flags?.[path[1]] : undefined;
  if (flag === undefined) return error;
  return new InputError(error.code, error.detail, { path: [flag] });
}
