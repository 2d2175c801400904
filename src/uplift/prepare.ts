/**
 * The part of fitting an uplift model that does not depend on the method:
 * outcome kind, treatment arms, the rows used, the outcome and the feature
 * columns, with the checks that name the file, line and column at fault.
 * UpliftModel.fit and the automatic selection both start here.
 */
import type { Table } from '../data/table.js';
import { binaryOutcome, encodeTreatment, numericOutcome, requireColumn, type ArmEncoding } from '../data/roles.js';
import { dataErrors } from '../data/messages.js';
import { rowsInArms, type OutcomeKind } from './types.js';
import { upliftErrors } from './messages.js';

export interface UpliftData {
  readonly outcomeKind: OutcomeKind;
  readonly treatment: { encoding: ArmEncoding; arm: Int32Array; counts: Int32Array };
  /** Table rows used for fitting (rows of the modelled arms, or every row with a dose). */
  readonly rows: Int32Array;
  /** Outcome of each used row. */
  readonly y: Float64Array;
  /** Arm code of each used row. */
  readonly arm: Int32Array;
  readonly features: readonly string[];
  /** Dose of each used row, when the treatment is a numeric dose read at levels. */
  readonly dose: Float64Array | undefined;
}

export interface UpliftRoles {
  readonly treatment: string;
  readonly outcome: string;
  readonly features?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  readonly control?: string | undefined;
  readonly treated?: readonly string[] | undefined;
  readonly doseLevels?: readonly number[] | undefined;
  readonly outcomeKind?: OutcomeKind | undefined;
}

/** True when every present value is 0 or 1. */
export function looksBinary(table: Table, column: string): boolean {
  const c = requireColumn(table, column, 'outcome');
  if (c.kind !== 'numeric') return false;
  const values = c.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v) && v !== 0 && v !== 1) return false;
  }
  return true;
}

/**
 * @param acceptsOutcome false when the method cannot take this outcome kind (checked before reading the outcome)
 * @param method the method's name, for messages
 */
export function prepareUpliftData(table: Table, spec: UpliftRoles, method: { name: string; accepts(kind: OutcomeKind): boolean; dose?: boolean }): UpliftData {
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
  return {
    outcomeKind,
    treatment: { encoding: treatment.encoding, arm: treatment.arm, counts: treatment.counts },
    rows,
    y,
    arm: pick(treatment.arm, rows),
    features,
    dose: dose === undefined ? undefined : Float64Array.from(rows, (r) => dose.values[r]!),
  };
}

/** values[rows[i]] for each i (a plain loop: `Int32Array.from` with a callback costs a call per row, before V8 optimises anything). */
function pick(values: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
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
