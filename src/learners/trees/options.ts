/** Option checks shared by the tree ensembles (the registry also validates them with zod). */
import { treeErrors } from './messages.js';

export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

export function checkInt(learner: string, field: string, v: number | undefined, min: number): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < min) throw treeErrors.badOption(learner, field, `expected a whole number ≥ ${min}, got ${v}`);
}

export function checkRange(learner: string, field: string, v: number | undefined, lo: number, hi: number, loOpen = false): void {
  if (v === undefined) return;
  if (!(typeof v === 'number' && (loOpen ? v > lo : v >= lo) && v <= hi)) {
    throw treeErrors.badOption(learner, field, `expected a number in ${loOpen ? '(' : '['}${lo}, ${hi}], got ${String(v)}`);
  }
}

export function checkMaxDepth(learner: string, v: number | null | undefined): void {
  if (v === null || v === undefined) return;
  checkInt(learner, 'maxDepth', v, 1);
}

export function checkMaxFeatures(learner: string, v: MaxFeatures | undefined): void {
  if (v === undefined || v === 'sqrt' || v === 'log2' || v === 'all') return;
  if (typeof v !== 'number' || !(v > 0) || (v > 1 && !Number.isInteger(v))) {
    throw treeErrors.badOption(learner, 'maxFeatures', `expected 'sqrt', 'log2', 'all', a fraction in (0, 1] or a whole count, got ${String(v)}`);
  }
}

/** Features per split, like scikit-learn: sqrt/log2 of p (at least 1), a fraction of p, or a count. */
export function resolveMaxFeatures(v: MaxFeatures, p: number): number {
  let m: number;
  if (v === 'sqrt') m = Math.floor(Math.sqrt(p));
  else if (v === 'log2') m = Math.floor(Math.log2(p));
  else if (v === 'all') m = p;
  else if (v <= 1) m = Math.floor(v * p);
  else m = v;
  return Math.max(1, Math.min(p, m));
}

export function checkThreads(learner: string, v: number | undefined): void {
  checkInt(learner, 'threads', v, 1);
}

/**
 * minSamplesLeaf as a count (≥ 1) or, like scikit-learn's min_samples_leaf, a
 * fraction in (0, 1) of the training rows (ceil(fraction · n)): a fraction
 * keeps leaves in proportion to the data, which uplift defaults rely on.
 */
export function checkMinSamplesLeaf(learner: string, v: number | undefined): void {
  if (v === undefined) return;
  if (!(typeof v === 'number' && ((v > 0 && v < 1) || (Number.isInteger(v) && v >= 1)))) {
    throw treeErrors.badOption(learner, 'minSamplesLeaf', `expected a whole number ≥ 1 or a fraction in (0, 1) of the rows, got ${String(v)}`);
  }
}

/** Rows per leaf for n training rows. */
export function resolveMinSamplesLeaf(v: number, n: number): number {
  return v < 1 ? Math.max(1, Math.ceil(v * n)) : v;
}
