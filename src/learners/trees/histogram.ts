/**
 * Gradient histograms: for each feature and bin, the sums of gradient g,
 * hessian h and the row count of the rows in a node, stored as triples in one
 * Float64Array (feature j's slots start at offsets[j], the last slot of a
 * feature holds its missing rows; bundles of features keep their joint slots
 * after all features', see bundles.ts). A random forest uses g = w·y and
 * h = w, so the same sums give the squared-error (Gini for 0/1 targets) split
 * gain.
 */
import type { HistogramLayout } from './bundles.js';

export const STATS = 3;

/**
 * Sums of g, h and counts over positions [start, end) of node-ordered group
 * codes (codes[i * stride + q] is the i-th row's code of group q; g[i], h[i]
 * its gradients), for the listed groups; bundles are then marginalised into
 * their members' slots.
 */
export function buildHistogram(
  layout: HistogramLayout,
  codes: Uint8Array,
  stride: number,
  start: number,
  end: number,
  g: Float64Array,
  h: Float64Array,
  groups: Int32Array,
  nGroups: number,
  hist: Float64Array,
): void {
  const { slotOffset, nIds } = layout;
  if (column.length < nGroups) {
    column = new Int32Array(nGroups);
    base = new Int32Array(nGroups);
  }
  for (let k = 0; k < nGroups; k++) {
    const q = groups[k]!;
    column[k] = q;
    base[k] = slotOffset[q]! * STATS;
    hist.fill(0, base[k]!, base[k]! + nIds[q]! * STATS);
  }
  if (nGroups === layout.nGroups) {
    // Every group: group k is column k, no indirection.
    for (let i = start, rowBase = start * stride; i < end; i++, rowBase += stride) {
      const gi = g[i]!;
      const hi = h[i]!;
      for (let k = 0; k < nGroups; k++) {
        const at = base[k]! + codes[rowBase + k]! * STATS;
        hist[at] = hist[at]! + gi;
        hist[at + 1] = hist[at + 1]! + hi;
        hist[at + 2] = hist[at + 2]! + 1;
      }
    }
  } else {
    // Row-outer loop: each row's gradients are loaded once for all groups.
    for (let i = start, rowBase = start * stride; i < end; i++, rowBase += stride) {
      const gi = g[i]!;
      const hi = h[i]!;
      for (let k = 0; k < nGroups; k++) {
        const at = base[k]! + codes[rowBase + column[k]!]! * STATS;
        hist[at] = hist[at]! + gi;
        hist[at + 1] = hist[at + 1]! + hi;
        hist[at + 2] = hist[at + 2]! + 1;
      }
    }
  }
  for (let k = 0; k < nGroups; k++) if (layout.isBundle[groups[k]!] === 1) marginalise(layout, groups[k]!, hist);
}

let column = new Int32Array(64);
let base = new Int32Array(64);

/** A bundle's members' histograms from its joint histogram. */
function marginalise(layout: HistogramLayout, q: number, hist: Float64Array): void {
  const { members, memberStart, decode, featureOffsets } = layout;
  const jointBase = layout.slotOffset[q]! * STATS;
  const nIds = layout.nIds[q]!;
  for (let m = memberStart[q]!; m < memberStart[q + 1]!; m++) {
    const f = members[m]!;
    const fBase = featureOffsets[f]! * STATS;
    hist.fill(0, fBase, featureOffsets[f + 1]! * STATS);
    const table = f * 256;
    for (let id = 0, at = jointBase; id < nIds; id++, at += STATS) {
      const c = hist[at + 2]!;
      if (c === 0) continue;
      const k = fBase + decode[table + id]! * STATS;
      hist[k] = hist[k]! + hist[at]!;
      hist[k + 1] = hist[k + 1]! + hist[at + 1]!;
      hist[k + 2] = hist[k + 2]! + c;
    }
  }
}

/** parent -= child over all slots: the larger sibling's histogram without touching its rows. */
export function subtractHistogram(parent: Float64Array, child: Float64Array, size: number): void {
  for (let k = 0; k < size; k++) parent[k] = parent[k]! - child[k]!;
}
