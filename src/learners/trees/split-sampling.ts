/**
 * What the histogram tree grower (grow.ts) and the uplift tree grower
 * (uplift/forest/uplift-tree.ts) share: the features drawn for each split and
 * sibling subtraction. One copy, so both draw the same features from the
 * same random stream (same seeds → same trees as before they shared it).
 */
import type { Random } from '../../util/random.js';
import { subtractHistogram } from './histogram.js';

/**
 * Puts a uniform sample of m of the features in `all` first in `candidates`
 * (a partial Fisher–Yates shuffle, in draw order) and returns how many
 * candidates to try: m, or every feature when m covers them (no draw then).
 */
export function sampleFeatures(all: Int32Array, candidates: Int32Array, m: number, rng: Random): number {
  candidates.set(all);
  const p = all.length;
  if (m >= p) return p;
  for (let k = 0; k < m; k++) {
    const j = k + rng.int(p - k);
    const t = candidates[k]!;
    candidates[k] = candidates[j]!;
    candidates[j] = t;
  }
  return m;
}

/**
 * Whether nodes keep histograms over every feature group (so a child's can be
 * derived by subtraction): always without feature sampling, and with it unless
 * the sample is small next to the number of groups (then building only the
 * sampled groups of each child is cheaper).
 */
export function keepsFullHistograms(m: number, p: number, groups: number): boolean {
  return m >= p || 3 * m >= groups;
}

/**
 * Sibling subtraction: builds the histogram of the child with fewer rows and
 * turns the parent's (in place, over its first `size` slots) into the other
 * child's.
 */
export function childHistograms(
  parent: Float64Array,
  size: number,
  leftSmaller: boolean,
  buildSmaller: () => Float64Array,
): { left: Float64Array; right: Float64Array } {
  const small = buildSmaller();
  subtractHistogram(parent, small, size);
  return leftSmaller ? { left: small, right: parent } : { left: parent, right: small };
}
