/**
 * Gradient histograms: for each feature and bin, the sums of gradient g,
 * hessian h and the row count of the rows in a node, stored as triples in one
 * Float64Array (feature j's slots start at offsets[j], the last slot of a
 * feature holds its missing rows). A random forest uses g = w·y and h = w,
 * so the same sums give the squared-error (Gini for 0/1 targets) split gain.
 */
import type { BinnedData } from './binning.js';

export const STATS = 3;

/**
 * Sums of g, h and counts over positions [start, end) of node-ordered data
 * (data.codes[i * stride ...], g[i], h[i] are the i-th row of the node order), per listed feature.
 */
export function buildHistogram(
  data: BinnedData,
  stride: number,
  start: number,
  end: number,
  g: Float64Array,
  h: Float64Array,
  features: Int32Array,
  nFeatures: number,
  hist: Float64Array,
): void {
  const { codes, offsets } = data;
  if (colBase.length < nFeatures) {
    colBase = new Int32Array(nFeatures);
    histBase = new Int32Array(nFeatures);
  }
  // Row-outer loop: each row's index and gradients are loaded once for all features.
  for (let q = 0; q < nFeatures; q++) {
    const f = features[q]!;
    colBase[q] = f;
    histBase[q] = offsets[f]! * STATS;
    hist.fill(0, offsets[f]! * STATS, offsets[f + 1]! * STATS);
  }
  for (let i = start; i < end; i++) {
    const rowBase = i * stride;
    const gi = g[i]!;
    const hi = h[i]!;
    for (let q = 0; q < nFeatures; q++) {
      const k = histBase[q]! + codes[rowBase + colBase[q]!]! * STATS;
      hist[k] = hist[k]! + gi;
      hist[k + 1] = hist[k + 1]! + hi;
      hist[k + 2] = hist[k + 2]! + 1;
    }
  }
}

let colBase = new Int32Array(64);
let histBase = new Int32Array(64);

/** parent -= child over the listed features: the larger sibling's histogram without touching its rows. */
export function subtractHistogram(
  data: BinnedData,
  parent: Float64Array,
  child: Float64Array,
  features: Int32Array,
  nFeatures: number,
): void {
  const { offsets } = data;
  for (let q = 0; q < nFeatures; q++) {
    const f = features[q]!;
    const hi = offsets[f + 1]! * STATS;
    for (let k = offsets[f]! * STATS; k < hi; k++) parent[k] = parent[k]! - child[k]!;
  }
}
