import { describe, expect, it } from 'vitest';
import { argsortAscending, argsortDescending, stableSort } from '../../src/util/argsort.js';
import { criticalRatio } from '../../solvers/knapsack/select.js';
import { Random } from '../../src/util/random.js';

/** The reference: a stable comparator sort (V8's sort is stable). */
function referenceOrder(keys: Float64Array): number[] {
  return Array.from(keys.keys()).sort((a, b) => keys[b]! - keys[a]! || a - b);
}

function keysWithTies(n: number, seed: number): Float64Array {
  const rng = new Random(seed);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    keys[i] = u < 0.2 ? 0.5 : u < 0.25 ? -0 : u < 0.3 ? 0 : (rng.uniform() - 0.4) * 10 ** rng.int(12);
  }
  keys[1] = Infinity;
  keys[2] = -Infinity;
  keys[3] = -1e-300;
  return keys;
}

describe('argsortDescending', () => {
  it.each([100, 50_000])('matches a stable comparator sort on %i keys with ties, ±0 and ±Infinity', (n) => {
    const keys = keysWithTies(n, n);
    expect(Array.from(argsortDescending(keys))).toEqual(referenceOrder(keys));
  });

  it('sorts only the first `count` keys', () => {
    const keys = Float64Array.of(1, 3, 2, 99);
    expect(Array.from(argsortDescending(keys, 3))).toEqual([1, 2, 0]);
  });

  it.each([100, 50_000])('by radix or by comparator, the same order (%i keys)', (n) => {
    const keys = keysWithTies(n, n + 1);
    expect(Array.from(argsortDescending(keys, n, 1))).toEqual(Array.from(argsortDescending(keys, n, Infinity)));
  });
});

describe('argsortAscending and stableSort (src/util/argsort.ts, shared with the metrics)', () => {
  /** Stable ascending reference; -0 and 0 tie. */
  const ascending = (keys: Float64Array): number[] => Array.from(keys.keys()).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));

  it.each([100, 50_000])('matches a stable comparator sort on %i keys, with the keys in order', (n) => {
    const keys = keysWithTies(n, 3 * n);
    const expected = ascending(keys);
    expect(Array.from(argsortAscending(keys))).toEqual(expected);
    for (const radixFrom of [1, Infinity]) {
      const up = stableSort(keys, { radixFrom });
      expect(Array.from(up.order)).toEqual(expected);
      // -0 comes back as 0: Object.is tells them apart, toEqual on arrays does too.
      expect(Array.from(up.sorted)).toEqual(expected.map((i) => keys[i]! + 0));
      const down = stableSort(keys, { radixFrom, descending: true });
      expect(Array.from(down.order)).toEqual(referenceOrder(keys));
      expect(Array.from(down.sorted)).toEqual(referenceOrder(keys).map((i) => keys[i]! + 0));
    }
  });
});

describe('criticalRatio', () => {
  /** Walk items by decreasing ratio; the first whose weight overflows is critical. */
  function reference(ratio: Float64Array, weight: Float64Array, capacity: number): { ratio: number; weightAbove: number } | undefined {
    const order = referenceOrder(ratio);
    let used = 0;
    for (const j of order) {
      if (used + weight[j]! > capacity) {
        let above = 0;
        for (let i = 0; i < ratio.length; i++) if (ratio[i]! > ratio[j]!) above += weight[i]!;
        return { ratio: ratio[j]!, weightAbove: above };
      }
      used += weight[j]!;
    }
    return undefined;
  }

  it.each([1, 2, 3, 4, 5])('agrees with a sorted walk (seed %i)', (seed) => {
    const rng = new Random(seed);
    const n = 2000;
    // Few distinct ratios, so ties at the critical ratio are common.
    const ratio = Float64Array.from({ length: n }, () => rng.int(40) / 7);
    const weight = Float64Array.from({ length: n }, () => rng.uniform() * 3);
    let total = 0;
    for (const w of weight) total += w;
    for (const capacity of [0, total * 0.01, total * 0.5, total * 0.999, total * 2]) {
      const expected = reference(ratio, weight, capacity);
      const got = criticalRatio(ratio.slice(), weight.slice(), n, capacity);
      if (expected === undefined) expect(got).toBeUndefined();
      else {
        expect(got!.ratio).toBe(expected.ratio);
        expect(got!.weightAbove).toBeCloseTo(expected.weightAbove, 9);
      }
    }
  });
});
