/**
 * Segment shares: within the segments of a categorical column (or one
 * segment), the share of units treated (any arm ≥ 1) is at least `minShare`
 * and at most `maxShare`, counted in whole units: at least ⌈minShare·size⌉, at
 * most ⌊maxShare·size⌋. `--min-share region:0.2`, `--max-share
 * region=north:0.5`, or a scenario's `constraints.segments`.
 */
import { InputError } from '../../errors.js';
import { parseNumber } from '../../data/numbers.js';
import { allocateErrors } from '../messages.js';
import { fmt, type RuleConflict, type RuleKind, type ScenarioSchemaParts, type SyntaxContext } from './kind.js';
import { countNoun } from '../../util/count-noun.js';

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

export interface SegmentRuleFields {
  readonly segmentRules?: readonly SegmentRule[];
}

/** A segment rule as users write it: a column, optionally one of its segments, and the shares. */
export interface SegmentRuleSpec {
  readonly column: string;
  readonly level?: string | undefined;
  readonly minShare?: number | undefined;
  readonly maxShare?: number | undefined;
}

export const segmentTexts = {
  min: (column: string, level: string, share: number, count: number) =>
    `the minimum share treated in ${column} = '${level}' (${fmt(share)}, i.e. at least ${countNoun(count, 'unit')})`,
  max: (column: string, level: string, share: number, count: number) =>
    `the maximum share treated in ${column} = '${level}' (${fmt(share)}, i.e. at most ${countNoun(count, 'unit')})`,
  minimumsCostAboveBudget: (rules: readonly string[], need: number, budget: string) =>
    `together ${rules.join('; ')} need at least ${fmt(need)} to pay for, more than ${budget} allows`,
};

export const segmentErrors = {
  emptySegmentRule: (field: ReadonlyArray<string | number>) =>
    new InputError('E_BAD_SHARE', 'a segment rule needs minShare, maxShare or both', { path: field }),
  unknownSegment: (field: ReadonlyArray<string | number>, column: string, level: string, levels: readonly string[]) =>
    new InputError(
      'E_UNKNOWN_SEGMENT',
      `segment '${level}' does not occur in column '${column}'; its values are ${levels.map((l) => `'${l}'`).join(', ')}`,
      { path: field },
    ),
  badShareFlag: (option: string, text: string) =>
    new InputError(
      'E_BAD_OPTION',
      `--${option} needs COLUMN:SHARE or COLUMN=SEGMENT:SHARE with a share from 0 to 1, got '${text}'`,
      { path: [option] },
    ),
};

/** The segments a rule applies to, with their codes and sizes. */
export function segmentsOf(rule: {
  readonly codes: Int32Array;
  readonly levels: readonly string[];
  readonly level?: string;
}): Array<{ code: number; name: string; size: number }> {
  const sizes = new Int32Array(rule.levels.length);
  for (let i = 0; i < rule.codes.length; i++) {
    const c = rule.codes[i]!;
    if (c >= 0 && c < sizes.length) sizes[c]!++;
  }
  const out: Array<{ code: number; name: string; size: number }> = [];
  rule.levels.forEach((name, code) => {
    if (rule.level !== undefined && rule.level !== name) return;
    if (sizes[code]! > 0) out.push({ code, name, size: sizes[code]! });
  });
  return out;
}

/** Whole units a minimum share asks for: ⌈share·size⌉ (with a little slack for round-off). */
export function minCount(share: number, size: number): number {
  return Math.ceil(share * size - 1e-9);
}

/** Whole units a maximum share allows: ⌊share·size⌋. */
export function maxCount(share: number, size: number): number {
  return Math.floor(share * size + 1e-9);
}

/** `COLUMN:SHARE` or `COLUMN=SEGMENT:SHARE` of flag --min-share or --max-share. */
export function segmentSpecFromText(option: 'min-share' | 'max-share', text: string): SegmentRuleSpec {
  const colon = text.lastIndexOf(':');
  const share = colon < 0 ? undefined : parseNumber(text.slice(colon + 1));
  const target = colon < 0 ? '' : text.slice(0, colon);
  if (share === undefined || !(share >= 0 && share <= 1) || target === '') throw segmentErrors.badShareFlag(option, text);
  const equals = target.indexOf('=');
  const column = equals < 0 ? target : target.slice(0, equals);
  const level = equals < 0 ? undefined : target.slice(equals + 1);
  return { column, ...(level === undefined ? {} : { level }), ...(option === 'min-share' ? { minShare: share } : { maxShare: share }) };
}

/** A rule from what the user wrote; `where` names the flag or field for an unknown segment (undefined: the problem's own validation says it). */
export function segmentRuleFrom(spec: SegmentRuleSpec, context: SyntaxContext, where?: ReadonlyArray<string | number>): SegmentRule {
  const { codes, levels } = context.codesOf(spec.column);
  if (where !== undefined && spec.level !== undefined && !levels.includes(spec.level)) throw segmentErrors.unknownSegment(where, spec.column, spec.level, levels);
  return {
    column: spec.column,
    codes,
    levels,
    ...(spec.level === undefined ? {} : { level: spec.level }),
    ...(spec.minShare === undefined ? {} : { minShare: spec.minShare }),
    ...(spec.maxShare === undefined ? {} : { maxShare: spec.maxShare }),
  };
}

/** The scenario's `constraints.segments`. */
export const segmentScenarioFields = ({ z }: ScenarioSchemaParts) => {
  const share = z.number().min(0).max(1);
  return {
    segments: z
      .array(
        z
          .object({
            column: z.string().min(1),
            level: z.string().optional(),
            minShare: share.optional(),
            maxShare: share.optional(),
          })
          .strict(),
      )
      .optional(),
  };
};

export const segmentRulesRule: RuleKind = {
  name: 'segmentRules',
  fields: ['segmentRules'],
  shape: 'side',
  describe: 'segment rules',
  present: (problem) => (problem.segmentRules?.length ?? 0) > 0,
  validate(problem) {
    const n = problem.units;
    problem.segmentRules?.forEach((rule, j) => {
      const at = ['segmentRules', j];
      if (!(rule.codes instanceof Int32Array) || rule.codes.length !== n) {
        throw allocateErrors.badLength(`segmentRules[${j}].codes`, rule.codes?.length ?? 0, n, 'one segment code per unit');
      }
      if (rule.minShare === undefined && rule.maxShare === undefined) throw segmentErrors.emptySegmentRule(at);
      for (const key of ['minShare', 'maxShare'] as const) {
        const share = rule[key];
        if (share !== undefined && !(typeof share === 'number' && share >= 0 && share <= 1)) {
          throw allocateErrors.badShare([...at, key], share);
        }
      }
      if (rule.minShare !== undefined && rule.maxShare !== undefined && rule.minShare > rule.maxShare) {
        throw allocateErrors.minAboveMax([...at, 'minShare'], `the share rule on column '${rule.column}'`, rule.minShare, rule.maxShare);
      }
      if (rule.level !== undefined && !rule.levels.includes(rule.level)) {
        throw segmentErrors.unknownSegment([...at, 'level'], rule.column, rule.level, rule.levels);
      }
      const cap = problem.maxRecipients;
      if (cap !== undefined && rule.minShare !== undefined) {
        let need = 0;
        for (const segment of segmentsOf(rule)) need += minCount(rule.minShare, segment.size);
        if (need > cap) throw allocateErrors.minsAboveCap([...at, 'minShare'], `the segment minimums on column '${rule.column}'`, need, cap);
      }
    });
  },
  rows({ problem, treated }) {
    const out = [];
    for (const rule of problem.segmentRules ?? []) {
      for (const segment of segmentsOf(rule)) {
        const where = { arms: treated, codes: rule.codes, code: segment.code };
        if (rule.minShare !== undefined) {
          const count = minCount(rule.minShare, segment.size);
          out.push({ row: { lower: count, upper: Infinity, ...where }, text: segmentTexts.min(rule.column, segment.name, rule.minShare, count) });
        }
        if (rule.maxShare !== undefined) {
          const count = maxCount(rule.maxShare, segment.size);
          out.push({ row: { lower: -Infinity, upper: count, ...where }, text: segmentTexts.max(rule.column, segment.name, rule.maxShare, count) });
        }
      }
    }
    return out;
  },
  check({ problem, choice }) {
    const n = problem.units;
    for (const rule of problem.segmentRules ?? []) {
      const treatedIn = new Int32Array(rule.levels.length);
      for (let i = 0; i < n; i++) if (choice[i] !== 0 && rule.codes[i]! >= 0) treatedIn[rule.codes[i]!]!++;
      for (const segment of segmentsOf(rule)) {
        const treated = treatedIn[segment.code]!;
        if (rule.minShare !== undefined && treated < minCount(rule.minShare, segment.size)) {
          return segmentTexts.min(rule.column, segment.name, rule.minShare, minCount(rule.minShare, segment.size));
        }
        if (rule.maxShare !== undefined && treated > maxCount(rule.maxShare, segment.size)) {
          return segmentTexts.max(rule.column, segment.name, rule.maxShare, maxCount(rule.maxShare, segment.size));
        }
      }
    }
    return undefined;
  },
  quickInfeasibility({ problem, base, budget, budgetText, treatedExtra, minimumCost }): RuleConflict | undefined {
    if (problem.segmentRules?.some((rule) => rule.minShare !== undefined) !== true) return undefined;
    const extraOfUnit = treatedExtra();
    // Minimums on the segments of one column bind disjoint units, so their least extra costs add up
    // (per segment the largest of its minimums counts).
    const byColumn = new Map<string, Map<number, { text: string; need: number }>>();
    for (const rule of problem.segmentRules ?? []) {
      if (rule.minShare === undefined) continue;
      for (const segment of segmentsOf(rule)) {
        const count = minCount(rule.minShare, segment.size);
        if (count === 0) continue;
        const extra = extraOfUnit.filter((_, i) => rule.codes[i] === segment.code);
        const text = segmentTexts.min(rule.column, segment.name, rule.minShare, count);
        const { need, why } = minimumCost(text, count, extra);
        if (why !== undefined) return why;
        const segments = byColumn.get(rule.column) ?? new Map<number, { text: string; need: number }>();
        if ((segments.get(segment.code)?.need ?? -Infinity) < need) segments.set(segment.code, { text, need });
        byColumn.set(rule.column, segments);
      }
    }
    for (const segments of byColumn.values()) {
      if (segments.size < 2) continue;
      const parts = [...segments.values()];
      const need = parts.reduce((sum, part) => sum + part.need, base);
      if (need > budget * (1 + 1e-12)) {
        const rules = parts.map((part) => part.text);
        return { message: segmentTexts.minimumsCostAboveBudget(rules, need, budgetText), rules: [...rules, budgetText] };
      }
    }
    return undefined;
  },
  syntax: {
    flags: [
      { flags: '--min-share <rule>', key: 'minShare', help: 'COLUMN:SHARE (every segment of COLUMN) or COLUMN=SEGMENT:SHARE: at least this share of the segment treated; repeatable', value: 'repeatable' },
      { flags: '--max-share <rule>', key: 'maxShare', help: 'COLUMN:SHARE or COLUMN=SEGMENT:SHARE: at most this share of the segment treated; repeatable', value: 'repeatable' },
    ],
    fromFlags(flags, context) {
      const segmentRules: SegmentRule[] = [];
      const sources: string[] = [];
      for (const option of ['min-share', 'max-share'] as const) {
        for (const text of (flags[option === 'min-share' ? 'minShare' : 'maxShare'] as string[] | undefined) ?? []) {
          segmentRules.push(segmentRuleFrom(segmentSpecFromText(option, text), context, [option]));
          sources.push(option);
        }
      }
      return { fields: segmentRules.length === 0 ? {} : { segmentRules }, sources: { segmentRules: sources } };
    },
    scenarioPaths: { segmentRules: 'segments' },
    fromScenario(constraints, context) {
      const specs = (constraints.segments as readonly SegmentRuleSpec[] | undefined) ?? [];
      const segmentRules = specs.map((spec) => segmentRuleFrom(spec, context));
      return segmentRules.length === 0 ? {} : { segmentRules };
    },
  },
};
