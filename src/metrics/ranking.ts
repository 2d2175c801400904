/**
 * Row orders the metrics rank by.
 *
 * sklift ranks with `np.argsort(u, kind='mergesort')[::-1]`: a stable ascending
 * sort, reversed, so among tied scores the later input row comes first.
 * causalml ranks with pandas' descending sort; for small inputs that keeps tied
 * rows in input order, which is the deterministic order we use for it.
 *
 * Large inputs are sorted by a stable LSD radix sort on the order-preserving
 * bit pattern of each double (16-bit digits, passes whose digit is constant are
 * skipped), which is several times faster than a comparator sort at 10^6 rows.
 */

/** Below this size a comparator sort beats clearing four 65,536-slot histograms. */
const RADIX_MIN_ROWS = 4096;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Row indices in ranking order, and the scores in that order (read sequentially by the kernels). */
export interface Ranking {
  readonly order: Uint32Array;
  readonly sorted: Float64Array;
}

/**
 * Indices that sort `score` ascending, ties kept in input order (stable).
 * Scores must be finite, and -0 must already be +0 (validate.ts does both).
 */
export function stableAscendingOrder(score: Float64Array): Uint32Array {
  return stableAscendingSort(score).order;
}

/** Like stableAscendingOrder, also returning the sorted scores. */
export function stableAscendingSort(score: Float64Array): Ranking {
  const n = score.length;
  if (n >= RADIX_MIN_ROWS && LITTLE_ENDIAN) return radixSort(score);
  const order = comparatorOrder(score);
  return { order, sorted: Float64Array.from(order, (i) => score[i]!) };
}

/** sklift's order: stable ascending, reversed (ties: later row first). */
export function skliftOrder(score: Float64Array): Uint32Array {
  return stableAscendingOrder(score).reverse();
}

/** sklift's ranking with the scores in ranking order. */
export function skliftRanking(score: Float64Array): Ranking {
  const { order, sorted } = stableAscendingSort(score);
  return { order: order.reverse(), sorted: sorted.reverse() };
}

/** Descending order with tied rows in input order (our deterministic stand-in for causalml's). */
export function descendingInputOrder(score: Float64Array): Uint32Array {
  const negated = new Float64Array(score.length);
  for (let i = 0; i < score.length; i++) negated[i] = 0 - score[i]!; // 0 - 0 is +0
  return stableAscendingOrder(negated);
}

function comparatorOrder(score: Float64Array): Uint32Array {
  const order = new Uint32Array(score.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => {
    const sa = score[a]!;
    const sb = score[b]!;
    return sa < sb ? -1 : sa > sb ? 1 : a - b;
  });
  return order;
}

function radixSort(score: Float64Array): Ranking {
  const n = score.length;
  // Order-preserving keys: flip every bit of negatives, only the sign bit of the rest.
  const bits = new Uint32Array(Float64Array.from(score).buffer);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let idx = new Uint32Array(n);
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    let l = bits[2 * i]!;
    let h = bits[2 * i + 1]!;
    if (h & 0x80000000) {
      l = ~l >>> 0;
      h = ~h >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    lo[i] = l;
    hi[i] = h;
    idx[i] = i;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
  }
  // Keys travel with their row index, so every pass reads sequentially.
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    // A digit every key shares leaves the order as it is.
    let trivial = false;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d]!;
      if (c === n) trivial = true;
      if (c !== 0) break;
    }
    if (trivial) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    const word = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    for (let i = 0; i < n; i++) {
      const at = counts[base + ((word[i]! >>> shift) & 0xffff)]!++;
      lo2[at] = lo[i]!;
      hi2[at] = hi[i]!;
      idx2[at] = idx[i]!;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  // Undo the key transform to get the sorted doubles back.
  const sorted = new Float64Array(n);
  const out = new Uint32Array(sorted.buffer);
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    if (h & 0x80000000) {
      out[2 * i] = lo[i]!;
      out[2 * i + 1] = (h & 0x7fffffff) >>> 0;
    } else {
      out[2 * i] = ~lo[i]! >>> 0;
      out[2 * i + 1] = ~h >>> 0;
    }
  }
  return { order: idx, sorted };
}
