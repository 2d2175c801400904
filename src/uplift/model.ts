/**
 * UpliftModel: the whole fitted pipeline a user saves and reuses — which
 * columns are treatment, outcome and features, how features are encoded, the
 * arm labels, and the fitted uplift learner — in a versioned JSON file.
 */
import { refuseDuplicateKeys } from '../util/messages.js';
import { VERSION } from '../version.js';
import { lazySchema, parseOrThrow, zod } from '../util/schema.js';
import { cellText, lineOfRow, type Table } from '../data/table.js';
import { FeatureEncoder, type FeatureEncoderJSON, type UnseenLevels, unseenLevelsWarning } from '../data/features.js';
import { requireColumn, type ArmEncoding } from '../data/roles.js';
import { selectRows } from '../data/features.js';
import { learnerEntry } from '../learners/registry.js';
import type { OutcomeKind, UpliftLearner, UpliftLearnerJSON } from './types.js';
import { createUpliftLearner, parseMethodOptions, upliftLearnerFromJSON, upliftMethod } from './methods.js';
import { modelFileErrors, upliftErrors, upliftWarnings } from './messages.js';
import { dataErrors } from '../data/messages.js';
import { estimateModelFileBytes, readModelFileJson, writeModelFile, type WriteModelOptions } from './model-file.js';
import type { Progress } from '../util/progress.js';
import { armColumn, effectsFromColumns, type Effects } from '../effects/effects.js';
import { BootstrapUplift } from './bootstrap.js';
import { preChecked } from '../learners/options-check.js';
import { prepareUpliftData } from './prepare.js';
import { DEFAULT_METHOD, defaultLearner } from './learner-defaults.js';
import { selectUpliftMember, type AutoOptions, type Selection } from './auto/select.js';

export const MODEL_FORMAT = 'liftwise-uplift-model';
export const MODEL_VERSION = 1;

export interface UpliftSpec {
  readonly treatment: string;
  readonly outcome: string;
  /** Feature columns; default: every column but treatment, outcome and `exclude`. */
  readonly features?: readonly string[] | undefined;
  /** Columns never used as features by default (ids, other outcomes). */
  readonly exclude?: readonly string[] | undefined;
  readonly control?: string | undefined;
  /** Treated arms to model (default all); rows of other arms are left out. */
  readonly treated?: readonly string[] | undefined;
  /** 's-learner' (default), 'two-model', 'class-transformation', …, or 'auto' (cross-fitted selection over a grid). */
  readonly method?: string | undefined;
  /** Base learner name (default 'boosting', with the uplift-context defaults of learner-defaults.ts). */
  readonly learner?: string | undefined;
  readonly learnerOptions?: object | undefined;
  readonly methodOptions?: object | undefined;
  /**
   * Dose levels: the treatment column holds a numeric dose (an amount, a
   * percentage) and uplift is read at each level against levels[0]. Needs a
   * method that models doses (the S-learner).
   */
  readonly doseLevels?: readonly number[] | undefined;
  /**
   * Feature columns meant as categories although nearly all their cells are
   * numbers. Without this, a feature column with at least 95 % numbers and
   * some text (a typo such as 'abc') is an error naming the first text cell.
   */
  readonly categorical?: readonly string[] | undefined;
  /** Outcome kind; inferred (0/1 only → binary) when absent. */
  readonly outcomeKind?: OutcomeKind | undefined;
  readonly seed?: number | undefined;
  /** Refit the point learner on this many bootstrap resamples, for effect draws of kind 'bootstrap'. */
  readonly bootstrap?: number | undefined;
}

export interface UpliftModelJSON {
  readonly format: typeof MODEL_FORMAT;
  readonly version: number;
  readonly createdBy: string;
  readonly treatment: ArmEncoding;
  readonly outcome: { readonly column: string; readonly kind: OutcomeKind };
  readonly features: FeatureEncoderJSON;
  readonly learner: string;
  readonly model: UpliftLearnerJSON;
  /** Rows used per arm when fitting, for the record. */
  readonly trainingRows: readonly number[];
  /** Method 'auto' only: the leaderboard of the selection and its signal check. */
  readonly selection?: Selection;
}

/** @deprecated The shape of the deprecated `UpliftModel.score`; use `Effects` (`UpliftModel.effects`). */
export interface UpliftScores {
  /** Treated arm labels, in column order. */
  readonly arms: readonly string[];
  /** One column per treated arm. */
  readonly uplift: readonly Float64Array[];
  /** What the caller should tell the user (e.g. categories the model never saw). */
  readonly warnings: readonly string[];
}

interface ModelParts {
  treatment: ArmEncoding;
  outcome: { column: string; kind: OutcomeKind };
  encoder: FeatureEncoder;
  learnerName: string;
  learner: UpliftLearner;
  trainingRows: readonly number[];
  selection?: Selection | undefined;
}

/** Column name of the uplift score for a treated arm. */
export function upliftColumnName(arm: string): string {
  return `uplift_${arm}`;
}

/** True when every present value is 0 or 1. */
/**
 * A numeric outcome that is 0/1 in all but a few cells (at most 5 %, all
 * whole numbers): most likely a yes/no outcome with typos, which would
 * otherwise turn the model into a regression without a word. The first such
 * cell, for the message.
 */
function almostBinary(table: Table, column: string): { count: number; row: number } | undefined {
  const c = table.columns.get(column);
  if (c === undefined || c.kind !== 'numeric') return undefined;
  let other = 0;
  let first = -1;
  let zeroOne = 0;
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i]!;
    if (Number.isNaN(v)) continue;
    if (v === 0 || v === 1) zeroOne++;
    else {
      if (!Number.isInteger(v)) return undefined;
      if (first < 0) first = i;
      other++;
    }
  }
  return other > 0 && other <= 0.05 * (zeroOne + other) ? { count: other, row: first } : undefined;
}

function _looksBinary(table: Table, column: string): boolean {
  const c = requireColumn(table, column, 'outcome');
  if (c.kind !== 'numeric') return false;
  for (const v of c.values) if (!Number.isNaN(v) && v !== 0 && v !== 1) return false;
  return true;
}

/**
 * A fitted uplift pipeline.
 *
 * @example
 * const table = await readTable('campaign.csv');
 * const model = UpliftModel.fit(table, { treatment: 'segment', control: 'No E-Mail', outcome: 'visit',
 *   features: ['recency', 'history', 'channel'], method: 'two-model', learner: 'logistic' });
 * const { arms, uplift } = model.score(table);
 * arms; // ['Mens E-Mail', 'Womens E-Mail']
 * uplift[0].length; // 90
 * await model.save('model.json');
 * (await UpliftModel.load('model.json')).score(table).uplift[0][0] === uplift[0][0]; // true
 */
export class UpliftModel {
  readonly treatment: ArmEncoding;
  readonly outcome: { readonly column: string; readonly kind: OutcomeKind };
  readonly encoder: FeatureEncoder;
  readonly learnerName: string;
  readonly learner: UpliftLearner;
  readonly trainingRows: readonly number[];
  /** What fitting noticed about the data (e.g. an outcome that is 0/1 but for a few cells). */
  private readonly fitWarnings: readonly string[];

  /** How method 'auto' chose this model: the leaderboard and the signal check (absent for other methods). */
  readonly selection: Selection | undefined;

  private constructor(parts: ModelParts & { fitWarnings?: readonly string[] }) {
    this.treatment = parts.treatment;
    this.outcome = parts.outcome;
    this.encoder = parts.encoder;
    this.learnerName = parts.learnerName;
    this.learner = parts.learner;
    this.trainingRows = parts.trainingRows;
    this.fitWarnings = parts.fitWarnings ?? [];
    this.selection = parts.selection;
  }

  /** Treated arm labels (arms 1..K-1). */
  get treatedArms(): readonly string[] {
    return this.treatment.arms.slice(1);
  }

  get warnings(): readonly string[] {
    return [...this.fitWarnings, ...this.learner.warnings];
  }

  static fit(table: Table, spec: UpliftSpec, options: { progress?: Progress; auto?: AutoOptions } = {}): UpliftModel {
    if (spec.method === 'auto') return UpliftModel.fitAuto(table, spec, options);
    const prepared = UpliftModel.prepare(table, spec);
    const { method, base, context, seed, B, treatment, outcomeKind, encoder, learnerName, fitWarnings, X, arm, y, dose } = prepared;
    let learner = prepared.learner;
    if (B > 0) {
      const task = outcomeKind === 'binary' ? 'classification' : 'regression';
      learner = new BootstrapUplift(
        preChecked({ method: method.name, learner: base, task, seed, armLabels: context.armLabels, methodOptions: context.options, refits: B }),
      ).fit(X, arm, y, options.progress === undefined ? {} : { progress: options.progress });
    } else {
      learner.fit(X, arm, y, {
        ...(options.progress === undefined ? {} : { progress: options.progress }),
        ...(dose === undefined ? {} : { dose }),
      });
    }
    // Posterior summaries name arms by label once the learner has them.
    (learner as { labelArms?: (labels: readonly string[]) => void }).labelArms?.(treatment.encoding.arms);
    return new UpliftModel({
      treatment: treatment.encoding,
      outcome: { column: spec.outcome, kind: outcomeKind },
      encoder,
      learnerName,
      learner,
      trainingRows: Array.from(treatment.counts),
      fitWarnings,
    });
  }

  /**
   * Everything `fit` checks, without fitting: method, learner and their
   * options, treatment arms, outcome and feature columns. Throws the error
   * `fit` would; returns the warnings `fit` would give. (`scenario check` uses it.)
   */
  static check(table: Table, spec: UpliftSpec): readonly string[] {
    return UpliftModel.prepare(table, spec).fitWarnings;
  }

  /** The shared first half of fit and check: validated inputs and an unfitted learner. */
  private static prepare(table: Table, spec: UpliftSpec) {
    const method = upliftMethod(spec.method ?? DEFAULT_METHOD);
    const data = prepareUpliftData(table, spec, method);
    const { outcomeKind, treatment, rows, arm, y, dose } = data;
    checkMostlyNumeric(table, data.features, spec.categorical ?? []);
    const fitWarnings: string[] = [];
    if (outcomeKind === 'continuous' && spec.outcomeKind === undefined) {
      const near = almostBinary(table, spec.outcome);
      const firstOther = near === undefined ? undefined : { line: lineOfRow(table, near.row), value: cellText(table.columns.get(spec.outcome)!, near.row) };
      // A classifier asked for by name is never swapped for a regression behind the user's back.
      if (spec.learner === 'logistic' && method.ownModel !== true) {
        const c = table.columns.get(spec.outcome)!;
        let row = 0;
        while (c.kind === 'numeric' && row < c.values.length && (Number.isNaN(c.values[row]!) || c.values[row] === 0 || c.values[row] === 1)) row++;
        throw upliftErrors.logisticNeedsBinary(table.source, lineOfRow(table, row), spec.outcome, cellText(c, Math.min(row, table.nRows - 1)));
      }
      if (near !== undefined && firstOther !== undefined) {
        fitWarnings.push(upliftWarnings.almostBinaryOutcome(table.source, firstOther.line, spec.outcome, firstOther.value, near.count, spec.learner ?? defaultLearner('continuous')));
      }
    }
    const learnerName = method.ownModel === true ? method.name : (spec.learner ?? defaultLearner(outcomeKind));
    const categorical = method.categorical ?? (method.ownModel === true ? 'onehot' : (learnerEntry(learnerName).categorical ?? 'onehot'));
    const encoder = FeatureEncoder.fit(table, data.features, { categorical });
    const X = selectRows(encoder.transform(table), rows);
    const seed = spec.seed ?? 0;
    const methodOptions = parseMethodOptions(method, {
      ...(spec.methodOptions ?? {}),
      ...(spec.doseLevels === undefined ? {} : { levels: [...spec.doseLevels] }),
    });
    const base = { name: learnerName, options: spec.learnerOptions ?? {} };
    const context = { seed, outcomeKind, armLabels: treatment.encoding.arms, options: methodOptions };
    const learner = createUpliftLearner(method, base, context);
    const B = spec.bootstrap ?? 0;
    if (B > 0) {
      if (method.posterior === true) throw upliftErrors.bootstrapPosterior(method.name);
      if (dose !== undefined) throw upliftErrors.bootstrapDose();
    }
    return { method, base, context, seed, B, treatment, outcomeKind, encoder, learnerName, learner, fitWarnings, X, arm, y, dose };
  }

  /**
   * method 'auto': cross-fitted selection over a grid (auto/select.ts), then
   * the chosen member refitted on all rows; the model keeps the leaderboard.
   */
  private static fitAuto(table: Table, spec: UpliftSpec, options: { progress?: Progress; auto?: AutoOptions }): UpliftModel {
    if (spec.learner !== undefined || (spec.learnerOptions !== undefined && Object.keys(spec.learnerOptions).length > 0)) {
      throw upliftErrors.autoTakesNoLearner();
    }
    const { member, selection } = selectUpliftMember(table, spec, options.auto ?? {}, options.progress);
    const fitted = UpliftModel.fit(
      table,
      {
        ...spec,
        method: member.method,
        learner: member.learner,
        learnerOptions: member.learnerOptions,
        methodOptions: { ...(member.methodOptions ?? {}), ...(spec.methodOptions ?? {}) },
      },
      options.progress === undefined ? {} : { progress: options.progress },
    );
    return new UpliftModel({ ...fitted.parts(), selection });
  }

  private parts(): ModelParts {
    return {
      treatment: this.treatment,
      outcome: this.outcome,
      encoder: this.encoder,
      learnerName: this.learnerName,
      learner: this.learner,
      trainingRows: this.trainingRows,
      ...(this.selection === undefined ? {} : { selection: this.selection }),
    };
  }

  /**
   * Uplift per treated arm for every row of `table` (which needs the feature columns only).
   *
   * @deprecated Use `effects(table)`: the same numbers as the one Effects type
   * (arm 0 first), which every planner and the draws file take. `score` stays
   * as an adapter over it.
   */
  score(table: Table): UpliftScores {
    const effects = this.effects(table, { draws: 0 });
    const uplift = this.treatedArms.map((_, j) => armColumn(effects, j + 1));
    return { arms: this.treatedArms, uplift, warnings: effects.warnings ?? [] };
  }

  /**
   * Effects for every row of `table` in one object: the mean, and for
   * models with a posterior (bart, bcf) or bootstrap refits, the draws
   * (`draws: 0` asks for the mean only). Categories the model never saw
   * come back as `warnings`.
   *
   * @example
   * const table = await readTable('campaign.csv');
   * const model = UpliftModel.fit(table, { treatment: 'treatment', control: 'control', outcome: 'visit', exclude: ['id', 'segment'],
   *   method: 'two-model', learner: 'logistic', bootstrap: 5 });
   * const e = model.effects(table, { draws: 5 });
   * e.arms; // ['control', 'email', 'coupon']
   * e.draws?.kind; // 'bootstrap' (for bart and bcf: 'posterior')
   */
  effects(table: Table, options: { readonly draws?: number } = {}): Effects {
    const unseen: UnseenLevels[] = [];
    const X = this.encoder.transform(table, unseen);
    const warnings = unseen.map((u) => unseenLevelsWarning(u, table.source, table.nRows));
    const withWarnings = (e: Effects): Effects => (warnings.length === 0 ? e : { ...e, warnings });
    if (this.learner.predictEffects !== undefined && options.draws !== 0) {
      return withWarnings({ ...this.learner.predictEffects(X, options), arms: [...this.treatment.arms] });
    }
    return withWarnings(effectsFromColumns(this.treatedArms, this.learner.predictUplift(X), { control: this.treatment.arms[0]! }));
  }

  toJSON(): UpliftModelJSON {
    return {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      createdBy: `liftwise ${VERSION}`,
      treatment: { column: this.treatment.column, arms: [...this.treatment.arms] },
      outcome: { ...this.outcome },
      features: this.encoder.toJSON(),
      learner: this.learnerName,
      model: this.learner.toJSON(),
      trainingRows: [...this.trainingRows],
      ...(this.selection === undefined ? {} : { selection: this.selection }),
    };
  }

  /** Rebuilds a model from parsed JSON; `file` names the source in errors. */
  static fromJSON(json: unknown, file = '(model)'): UpliftModel {
    const head = zod().object({ format: zod().unknown(), version: zod().unknown() }).safeParse(json);
    if (!head.success) throw modelFileErrors.invalid(file, [], 'expected a JSON object');
    if (head.data.format !== MODEL_FORMAT) throw modelFileErrors.wrongFormat(file, head.data.format);
    if (head.data.version !== MODEL_VERSION) throw modelFileErrors.wrongVersion(file, head.data.version, MODEL_VERSION);
    const m = parseOrThrow(modelFileSchema(), json, (text, path) => modelFileErrors.invalid(file, path, text));
    let learner: UpliftLearner;
    try {
      learner = upliftLearnerFromJSON(m.model as UpliftLearnerJSON);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw modelFileErrors.invalid(file, ['model'], detail);
    }
    if (!learner.isFitted) throw modelFileErrors.invalid(file, ['model', 'state'], 'the model was saved before it was fitted');
    return new UpliftModel({
      treatment: { column: m.treatment.column, arms: m.treatment.arms },
      outcome: m.outcome,
      encoder: FeatureEncoder.fromJSON(m.features as FeatureEncoderJSON),
      learnerName: m.learner,
      learner,
      trainingRows: m.trainingRows,
      ...(m.selection === undefined ? {} : { selection: m.selection as Selection }),
    });
  }

  /**
   * Writes the model file (see model-file.ts: a binary container for tree
   * models, plain JSON otherwise; no size limit, written whole or not at all).
   */
  async save(file: string, options: WriteModelOptions = {}): Promise<void> {
    await writeModelFile(file, this.toJSON(), options);
  }

  /** The model file's size in bytes, estimated before writing it. */
  estimateFileBytes(): number {
    return estimateModelFileBytes(this.toJSON());
  }

  /** Loads a model file of either form (binary container, or the JSON files of every version). */
  static async load(file: string): Promise<UpliftModel> {
    const json = await readModelFileJson(file, (text) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        throw modelFileErrors.notJson(file, jsonErrorLine(text, reason), reason);
      }
      refuseDuplicateKeys(file, text);
      return parsed;
    });
    return UpliftModel.fromJSON(json, file);
  }
}

/** The line of a JSON.parse error, from the "position N" in V8's message. */
function jsonErrorLine(text: string, reason: string): number | undefined {
  const m = /position (\d+)/.exec(reason);
  if (m === null) return text.trim() === '' ? 1 : undefined;
  const pos = Number(m[1]);
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const modelFileSchema = lazySchema((z) => {
  const featureSchema = z.union([
    z.object({ name: z.string(), kind: z.literal('numeric') }),
    z.object({
      name: z.string(),
      kind: z.literal('categorical'),
      levels: z.array(z.string()),
      encoding: z.enum(['onehot', 'codes']),
    }),
  ]);

  return z.object({
    format: z.literal(MODEL_FORMAT),
    version: z.literal(MODEL_VERSION),
    createdBy: z.string(),
    treatment: z.object({ column: z.string(), arms: z.array(z.string()).min(2) }),
    outcome: z.object({ column: z.string(), kind: z.enum(['binary', 'continuous']) }),
    features: z.object({ features: z.array(featureSchema) }),
    learner: z.string(),
    model: z.object({ method: z.string(), version: z.number(), options: z.object({}).passthrough(), state: z.unknown() }),
    trainingRows: z.array(z.number().int().nonnegative()),
    selection: z
      .object({
        design: z.enum(['randomised', 'observational']),
        designSource: z.enum(['detected', 'given']),
        designCheck: z.array(z.object({ arm: z.string(), auc: z.number(), z: z.number() })),
        criterion: z.enum(['qini-auc', 'r-score']),
        folds: z.number().int(),
        seed: z.number(),
        chosen: z.string(),
        topScorer: z.string(),
        topScorerWinShare: z.number().optional(),
        leaderboard: z.array(
          z.object({
            rank: z.number().int().nullable(),
            label: z.string(),
            method: z.string(),
            learner: z.string().optional(),
            learnerOptions: z.record(z.string(), z.unknown()).optional(),
            methodOptions: z.record(z.string(), z.unknown()).optional(),
            score: z.number().nullable(),
            perArm: z.array(z.number()),
            seconds: z.number(),
            status: z.enum(['ok', 'skipped', 'failed']),
            error: z.string().optional(),
          }),
        ),
        signal: z.array(
          z.object({ arm: z.string(), estimate: z.number(), lower: z.number(), upper: z.number(), level: z.number(), containsZero: z.boolean() }),
        ),
        noSignal: z.boolean(),
        seconds: z.number(),
      })
      .optional(),
  });
});

/**
 * A feature read as categorical only because of a few text cells among
 * numbers would become one category per distinct number (slow, and wrong):
 * an error naming the first text cell, unless the column is declared categorical.
 */
function checkMostlyNumeric(table: Table, features: readonly string[], categorical: readonly string[]): void {
  for (const f of features) {
    const t = table.mostlyNumeric?.get(f);
    if (t === undefined || categorical.includes(f)) continue;
    throw dataErrors.mostlyNumeric(table.source, t.line, f, t.value, t.numericCells, t.presentCells, `declare it categorical (fit --categorical ${f}, a scenario's data.categorical, or the 'categorical' option)`);
  }
}

