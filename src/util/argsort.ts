/**
 * Stable argsort of float keys, shared by the metrics (ranking rows by score)
 * and the solvers (hull steps by value per cost).
 *
 * A comparator sort on an index array costs about a second at 3·10^6 keys in
 * V8; a least-significant-digit radix sort on the keys' order-preserving bit
 * patterns (16-bit digits, passes whose digit every key shares skipped) takes
 * a few hundred milliseconds and is stable. Keys travel with their index, so
 * every pass reads sequentially.
 */

/** Below this many keys a comparator sort beats clearing four 65,536-slot histograms. */
export const DEFAULT_RADIX_FROM = 4096;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface StableSortOptions {
  /** Sort only the first `count` keys (default: all). */
  readonly count?: number;
  /** Largest key first; ties still keep increasing index. */
  readonly descending?: boolean;
  /** From this many keys on, the radix sort (default 4096). */
  readonly radixFrom?: number;
}

/** Indices in sorted order and the keys in that order. */
export interface SortedKeys {
  readonly order: Uint32Array;
  readonly sorted: Float64Array;
}

/**
 * Sorts keys stably: ties keep increasing index whatever the direction. Keys
 * must not be NaN (±Infinity is fine; -0 sorts as 0 and comes back as 0).
 *
 * @example
 * stableSort(Float64Array.of(2, 1, 2)).order;                     // Uint32Array [1, 0, 2]
 * stableSort(Float64Array.of(2, 1, 2), { descending: true }).order; // Uint32Array [0, 2, 1]
 */
export function stableSort(keys: Float64Array, options: StableSortOptions = {}): SortedKeys {
  const count = options.count ?? keys.length;
  const descending = options.descending === true;
  if (count < (options.radixFrom ?? DEFAULT_RADIX_FROM) || !LITTLE_ENDIAN) {
    const order = comparatorOrder(keys, count, descending);
    return { order, sorted: Float64Array.from(order, (i) => keys[i]! + 0) };
  }
  return radixSort(keys, count, descending, true);
}

/**
 * Indices of `keys` by decreasing key; ties keep increasing index.
 *
 * @example
 * argsortDescending(Float64Array.of(1, 3, 2, 3)); // Uint32Array [1, 3, 2, 0]
 */
export function argsortDescending(keys: Float64Array, count = keys.length, radixFrom = DEFAULT_RADIX_FROM): Uint32Array {
  if (count < radixFrom || !LITTLE_ENDIAN) return comparatorOrder(keys, count, true);
  return radixSort(keys, count, true, false).order;
}

/**
 * Indices of `keys` by increasing key; ties keep increasing index.
 *
 * @example
 * argsortAscending(Float64Array.of(1, 3, 2, 1)); // Uint32Array [0, 3, 2, 1]
 */
export function argsortAscending(keys: Float64Array, count = keys.length, radixFrom = DEFAULT_RADIX_FROM): Uint32Array {
  if (count < radixFrom || !LITTLE_ENDIAN) return comparatorOrder(keys, count, false);
  return radixSort(keys, count, false, false).order;
}

function comparatorOrder(keys: Float64Array, count: number, descending: boolean): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  // The index tie-break makes the order stable whatever the engine's sort does.
  if (descending) return order.sort((a, b) => (keys[a]! < keys[b]! ? 1 : keys[a]! > keys[b]! ? -1 : a - b));
  return order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
}

function radixSort(keys: Float64Array, count: number, descending: boolean, wantSorted: boolean): SortedKeys {
  const n = count;
  const words = new Uint32Array(keys.slice(0, n).buffer);
  // Inverting every bit of the ascending key gives the descending order with ties still in index order.
  const flip = descending ? 0xffffffff : 0;
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let idx = new Uint32Array(n);
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    let l = words[2 * i]!;
    let h = words[2 * i + 1]!;
    // Ascending order of doubles as unsigned words: flip all bits of negatives, the sign bit of the rest
    // (and of -0, which sorts as 0).
    if (h & 0x80000000 && (l !== 0 || h !== 0x80000000)) {
      l = ~l >>> 0;
      h = ~h >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    l = (l ^ flip) >>> 0;
    h = (h ^ flip) >>> 0;
    lo[i] = l;
    hi[i] = h;
    idx[i] = i;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
  }
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
  if (!wantSorted) return { order: idx, sorted: new Float64Array(0) };
  // Undo the key transform to get the sorted doubles back (sequential, unlike a gather through idx).
  const sorted = new Float64Array(n);
  const out = new Uint32Array(sorted.buffer);
  for (let i = 0; i < n; i++) {
    const l = (lo[i]! ^ flip) >>> 0;
    const h = (hi[i]! ^ flip) >>> 0;
    if (h & 0x80000000) {
      out[2 * i] = l;
      out[2 * i + 1] = (h & 0x7fffffff) >>> 0;
    } else {
      out[2 * i] = ~l >>> 0;
      out[2 * i + 1] = ~h >>> 0;
    }
  }
  return { order: idx, sorted };
}
