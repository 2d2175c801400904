/**
 * The rules of `liftwise allocate` from its flags, each rule kind parsing its
 * own (src/allocate/rules/*.ts, listed in rules/registry.ts):
 *   --min-share region:0.2          every segment of column region has at least 20 % treated
 *   --max-share region=north:0.5    segment north of column region has at most 50 % treated
 *   --arm-min call:100 --arm-max call:400   between 100 and 400 units get arm 'call'
 *   --arm-budget call+sms:2000      the costs of arms 'call' and 'sms' add up to at most 2000
 *   --min-recipients 20%            at least a fifth of the units get a treatment
 * Repeatable flags may be given several times. Errors name the flag; errors
 * the allocation layer finds later (a minimum above a maximum, say) are
 * re-raised at the flag that wrote the rule.
 */
import type { Command } from 'commander';
import { InputError, LiftwiseError } from '../errors.js';
import { requireColumn } from '../data/roles.js';
import { segmentCodes, type Table } from '../data/table.js';
import type { AllocationProblem } from '../allocate/problem.js';
import type { RuleFlag } from '../allocate/rules/kind.js';
import { RULE_KINDS } from '../allocate/rules/registry.js';
import { countOrShareOption } from './action.js';

/** The parsed rule flags, by key (commander's camelCase of each kind's flags). */
export type RuleFlags = Readonly<Record<string, unknown>>;

export interface FlagRules {
  /** The problem fields the flags wrote. */
  readonly fields: Partial<AllocationProblem>;
  /** The flag that wrote each field (per entry for list fields), for messages. */
  readonly sources: Readonly<Record<string, string | readonly string[]>>;
}

/** Commander's collector for a flag given several times. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Every rule kind's flags, in registry order. */
export function ruleFlags(): RuleFlag[] {
  return RULE_KINDS.flatMap((kind) => kind.syntax?.flags ?? []);
}

/** Registers every rule kind's flags on a command. */
export function addRuleOptions(command: Command): void {
  for (const flag of ruleFlags()) {
    const name = flag.flags.split(/[ <]/)[0]!.replace(/^--/, '');
    if (flag.value === 'repeatable') command.option(flag.flags, flag.help, collect);
    else command.option(flag.flags, flag.help, countOrShareOption(name));
  }
}

/** The rule flags given (as --name), in registry order. */
export function givenRuleFlags(flags: RuleFlags): string[] {
  return ruleFlags()
    .filter((flag) => {
      const value = flags[flag.key];
      return value !== undefined && !(Array.isArray(value) && value.length === 0);
    })
    .map((flag) => flag.flags.split(/[ <]/)[0]!);
}

/**
 * @example
 * const table = createTable([categoricalColumn('region', ['n', 's', 'n', 's'])]);
 * const { fields } = rulesFromFlags(table, ['email', 'call'], { minShare: ['region:0.2'], armMax: ['call:400'] });
 * fields.armLimits; // [{ arm: 2, max: 400 }]
 * fields.segmentRules; // [{ column: 'region', levels: ['n', 's'], minShare: 0.2 }] (and codes: Int32Array [0, 1, 0, 1])
 */
export function rulesFromFlags(table: Table, armLabels: readonly string[], flags: RuleFlags): FlagRules {
  // Rules on one column share its codes, so the solvers price and count them in one pass.
  const columnCodes = new Map<string, { codes: Int32Array; levels: string[] }>();
  const context = {
    units: table.nRows,
    treatedLabels: armLabels,
    codesOf: (column: string) => {
      const coded = columnCodes.get(column) ?? segmentCodes(requireColumn(table, column, 'segment'));
      columnCodes.set(column, coded);
      return coded;
    },
  };
  const fields: Record<string, unknown> = {};
  const sources: Record<string, string | readonly string[]> = {};
  for (const kind of RULE_KINDS) {
    const parsed = kind.syntax?.fromFlags?.(flags, context);
    if (parsed === undefined) continue;
    Object.assign(fields, parsed.fields);
    Object.assign(sources, parsed.sources);
  }
  return { fields: fields as Partial<AllocationProblem>, sources };
}

/** An allocation error about a rule a flag wrote (field path segmentRules.i…, armLimits.i…, minRecipients…) re-raised at that flag. */
export function atFlag(error: unknown, rules: FlagRules): unknown {
  if (!(error instanceof LiftwiseError) || error.exitCode !== 2) return error;
  const path = error.where.path ?? [];
  const source = typeof path[0] === 'string' ? rules.sources[path[0]] : undefined;
  const flag = typeof source === 'string' ? source : typeof path[1] === 'number' ? source?.[path[1]] : undefined;
  if (flag === undefined) return error;
  return new InputError(error.code, error.detail, { path: [flag] });
}
