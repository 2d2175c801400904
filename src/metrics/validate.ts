/**
 * Input checks shared by every metric: equal lengths, binary outcome and
 * treatment, finite scores. Returns compact copies the kernels loop over.
 */
import { metricErrors } from './messages.js';
import type { NumberColumn } from './types.js';

export interface CheckedInputs {
  readonly n: number;
  readonly y: Uint8Array;
  readonly t: Uint8Array;
  /** Scores with -0 turned into +0 (numpy treats them as one value). */
  readonly score: Float64Array;
  readonly nTreated: number;
}

/** Copies a 0/1 column into bytes, or names the first row that is not 0 or 1. */
export function binaryColumn(values: NumberColumn, name: string): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 1) out[i] = 1;
    else if (v !== 0) throw metricErrors.notBinary(name, i, v);
  }
  return out;
}

/** Checks y and treatment (and lengths) for functions that take no score. */
export function checkOutcomeAndTreatment(y: NumberColumn, treatment: NumberColumn): Omit<CheckedInputs, 'score'> {
  const n = y.length;
  if (n === 0) throw metricErrors.empty();
  if (treatment.length !== n) throw metricErrors.lengthMismatch('treatment', treatment.length, n);
  const yb = binaryColumn(y, 'y');
  const tb = binaryColumn(treatment, 'treatment');
  let nTreated = 0;
  for (let i = 0; i < n; i++) nTreated += tb[i]!;
  return { n, y: yb, t: tb, nTreated };
}

/** Checks all three inputs of a scored metric. */
export function checkInputs(y: NumberColumn, uplift: NumberColumn, treatment: NumberColumn): CheckedInputs {
  const n = y.length;
  if (n > 0 && uplift.length !== n) throw metricErrors.lengthMismatch('uplift', uplift.length, n);
  const base = checkOutcomeAndTreatment(y, treatment);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = uplift[i];
    if (typeof s !== 'number' || !Number.isFinite(s)) throw metricErrors.scoreNotFinite(i, s as number);
    score[i] = s + 0; // -0 + 0 is +0
  }
  return { ...base, score };
}

/** Scores compare treated with control rows, so both must be present. */
export function requireBothGroups(inputs: { n: number; nTreated: number }): void {
  if (inputs.nTreated === 0) throw metricErrors.singleGroup('treated');
  if (inputs.nTreated === inputs.n) throw metricErrors.singleGroup('control');
}
