/**
 * UpliftModel: the whole fitted pipeline a user saves and reuses — which
 * columns are treatment, outcome and features, how features are encoded, the
 * arm labels, and the fitted uplift learner — in a versioned JSON file.
 */
import { refuseDuplicateKeys } from '../util/messages.js';
import { VERSION } from '../version.js';
import { z } from 'zod';
import type { Table } from '../data/table.js';
import { FeatureEncoder, type FeatureEncoderJSON } from '../data/features.js';
import { binaryOutcome, encodeTreatment, numericOutcome, requireColumn, type ArmEncoding } from '../data/roles.js';
import { rowsInArms } from './types.js';
import { selectRows } from '../data/features.js';
import { learnerEntry } from '../learners/registry.js';
import type { OutcomeKind, UpliftLearner, UpliftLearnerJSON } from './types.js';
import { parseMethodOptions, upliftLearnerFromJSON, upliftMethod } from './methods.js';
import { modelFileErrors, upliftErrors } from './messages.js';
import { estimateModelFileBytes, readModelFileJson, writeModelFile, type WriteModelOptions } from './model-file.js';
import type { Progress } from '../util/progress.js';
import { dataErrors } from '../data/messages.js';

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
  /** 'two-model' (default), 'class-transformation', … */
  readonly method?: string | undefined;
  /** Base learner name (default 'logistic' for binary outcomes, 'linear' for continuous). */
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
}

export interface UpliftScores {
  /** Treated arm labels, in column order. */
  readonly arms: readonly string[];
  /** One column per treated arm. */
  readonly uplift: readonly Float64Array[];
}

/** Column name of the uplift score for a treated arm. */
export function upliftColumnName(arm: string): string {
  return `uplift_${arm}`;
}

/** True when every present value is 0 or 1. */
function looksBinary(table: Table, column: string): boolean {
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
 * await model.save('model.json');
 */
export class UpliftModel {
  readonly treatment: ArmEncoding;
  readonly outcome: { readonly column: string; readonly kind: OutcomeKind };
  readonly encoder: FeatureEncoder;
  readonly learnerName: string;
  readonly learner: UpliftLearner;
  readonly trainingRows: readonly number[];

  private constructor(parts: {
    treatment: ArmEncoding;
    outcome: { column: string; kind: OutcomeKind };
    encoder: FeatureEncoder;
    learnerName: string;
    learner: UpliftLearner;
    trainingRows: readonly number[];
  }) {
    this.treatment = parts.treatment;
    this.outcome = parts.outcome;
    this.encoder = parts.encoder;
    this.learnerName = parts.learnerName;
    this.learner = parts.learner;
    this.trainingRows = parts.trainingRows;
  }

  /** Treated arm labels (arms 1..K-1). */
  get treatedArms(): readonly string[] {
    return this.treatment.arms.slice(1);
  }

  get warnings(): readonly string[] {
    return this.learner.warnings;
  }

  static fit(table: Table, spec: UpliftSpec, options: { progress?: Progress } = {}): UpliftModel {
    const method = upliftMethod(spec.method ?? 'two-model');
    const outcomeKind = spec.outcomeKind ?? (looksBinary(table, spec.outcome) ? 'binary' : 'continuous');
    if (!method.accepts(outcomeKind)) {
      // Name the first non-binary cell so the user can find it.
      binaryOutcome(table, spec.outcome);
      throw upliftErrors.needsBinaryOutcome(method.name);
    }
    const dose = spec.doseLevels === undefined ? undefined : doseTreatment(table, spec.treatment, spec.doseLevels);
    if (dose !== undefined && method.dose !== true) throw upliftErrors.doseNeedsMethod(method.name);
    const treatment = dose ?? encodeTreatment(table, spec.treatment, { control: spec.control, treated: spec.treated });
    const rows = dose?.rows ?? rowsInArms(treatment.arm, treatment.encoding.arms.map((_, k) => k));
    const y = outcomeKind === 'binary' ? binaryOutcome(table, spec.outcome, rows) : numericOutcome(table, spec.outcome, rows);
    const excluded = new Set([spec.treatment, spec.outcome, ...(spec.exclude ?? [])]);
    const features = spec.features ?? table.names.filter((n) => !excluded.has(n));
    for (const f of features) {
      requireColumn(table, f, 'feature');
      if (f === spec.treatment || f === spec.outcome) {
        throw upliftErrors.featureIsRole(table.source, f, f === spec.treatment ? 'treatment' : 'outcome');
      }
    }
    checkMostlyNumeric(table, features, spec.categorical ?? []);
    const learnerName = method.ownModel === true ? method.name : (spec.learner ?? (outcomeKind === 'binary' ? 'logistic' : 'linear'));
    const categorical = method.categorical ?? (method.ownModel === true ? 'onehot' : (learnerEntry(learnerName).categorical ?? 'onehot'));
    const encoder = FeatureEncoder.fit(table, features, { categorical });
    const X = selectRows(encoder.transform(table), rows);
    const arm = Int32Array.from(rows, (r) => treatment.arm[r]!);
    const seed = spec.seed ?? 0;
    const methodOptions = parseMethodOptions(method, {
      ...(spec.methodOptions ?? {}),
      ...(spec.doseLevels === undefined ? {} : { levels: [...spec.doseLevels] }),
    });
    const learner = method.create(
      { name: learnerName, options: spec.learnerOptions ?? {} },
      { seed, outcomeKind, armLabels: treatment.encoding.arms, options: methodOptions },
    );
    learner.fit(X, arm, y, {
      ...(options.progress === undefined ? {} : { progress: options.progress }),
      ...(dose === undefined ? {} : { dose: Float64Array.from(rows, (r) => dose.values[r]!) }),
    });
    return new UpliftModel({
      treatment: treatment.encoding,
      outcome: { column: spec.outcome, kind: outcomeKind },
      encoder,
      learnerName,
      learner,
      trainingRows: Array.from(treatment.counts),
    });
  }

  /** Uplift per treated arm for every row of `table` (which needs the feature columns only). */
  score(table: Table): UpliftScores {
    const X = this.encoder.transform(table);
    return { arms: this.treatedArms, uplift: this.learner.predictUplift(X) };
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
    };
  }

  /** Rebuilds a model from parsed JSON; `file` names the source in errors. */
  static fromJSON(json: unknown, file = '(model)'): UpliftModel {
    const head = z.object({ format: z.unknown(), version: z.unknown() }).safeParse(json);
    if (!head.success) throw modelFileErrors.invalid(file, [], 'expected a JSON object');
    if (head.data.format !== MODEL_FORMAT) throw modelFileErrors.wrongFormat(file, head.data.format);
    if (head.data.version !== MODEL_VERSION) throw modelFileErrors.wrongVersion(file, head.data.version, MODEL_VERSION);
    const parsed = modelFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw modelFileErrors.invalid(file, issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), issue.message);
    }
    const m = parsed.data;
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

const featureSchema = z.union([
  z.object({ name: z.string(), kind: z.literal('numeric') }),
  z.object({
    name: z.string(),
    kind: z.literal('categorical'),
    levels: z.array(z.string()),
    encoding: z.enum(['onehot', 'codes']),
  }),
]);

const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  createdBy: z.string(),
  treatment: z.object({ column: z.string(), arms: z.array(z.string()).min(2) }),
  outcome: z.object({ column: z.string(), kind: z.enum(['binary', 'continuous']) }),
  features: z.object({ features: z.array(featureSchema) }),
  learner: z.string(),
  model: z.object({ method: z.string(), version: z.number(), options: z.object({}).passthrough(), state: z.unknown() }),
  trainingRows: z.array(z.number().int().nonnegative()),
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

/**
 * A numeric dose column read at levels: every row with a dose is used; the
 * "arms" are the levels (as labels), with the first as the reference.
 */
function doseTreatment(
  table: Table,
  column: string,
  levels: readonly number[],
): { encoding: ArmEncoding; arm: Int32Array; counts: Int32Array; rows: Int32Array; values: Float64Array } {
  const c = requireColumn(table, column, 'treatment');
  if (c.kind !== 'numeric') {
    const row = c.codes.findIndex((code) => code >= 0 && Number.isNaN(Number(c.levels[code])));
    throw dataErrors.notNumeric(table.source, table.lines?.[Math.max(row, 0)], column, c.levels[c.codes[Math.max(row, 0)]!] ?? '');
  }
  for (let i = 0; i < table.nRows; i++) {
    if (Number.isNaN(c.values[i]!)) throw dataErrors.missingValue(table.source, table.lines?.[i], column, 'treatment (dose)');
  }
  const rows = Int32Array.from({ length: table.nRows }, (_, i) => i);
  return {
    encoding: { column, arms: levels.map(String) },
    arm: new Int32Array(table.nRows),
    counts: Int32Array.of(table.nRows),
    rows,
    values: c.values,
  };
}
