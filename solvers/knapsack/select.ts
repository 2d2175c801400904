/**
 * Weighted selection: the price at which a knapsack of items sorted by
 * decreasing ratio overflows, found in expected linear time by quickselect
 * (three-way partitions around a median-of-three pivot) instead of a sort.
 * The Lagrangian solver asks this question dozens of times per solve.
 */

export interface Critical {
  /** Ratio of the item at which the running weight first exceeds the capacity. */
  readonly ratio: number;
  /** Σ weight of the items with a strictly larger ratio. */
  readonly weightAbove: number;
}

/**
 * Finds the critical ratio: walking items by decreasing ratio, the first item
 * whose weight no longer fits in `capacity`. Returns undefined when all items
 * fit. Reorders `ratio` and `weight` (pass scratch copies), in step.
 *
 * @example
 * criticalRatio(Float64Array.of(3, 1, 2), Float64Array.of(1, 1, 1), 3, 1.5); // { ratio: 2, weightAbove: 1 }
 */
export function criticalRatio(ratio: Float64Array, weight: Float64Array, count: number, capacity: number): Critical | undefined {
  let lo = 0;
  let hi = count;
  let above = 0; // weight of items known to lie above [lo, hi)
  while (lo < hi) {
    const pivot = medianOfThree(ratio[lo]!, ratio[(lo + hi) >>> 1]!, ratio[hi - 1]!);
    // Dutch flag: [lo, lt) > pivot, [lt, i) = pivot, [gt, hi) < pivot.
    let lt = lo;
    let i = lo;
    let gt = hi;
    let wGreater = 0;
    let wEqual = 0;
    while (i < gt) {
      const r = ratio[i]!;
      if (r > pivot) {
        wGreater += weight[i]!;
        swap(ratio, weight, i, lt);
        lt++;
        i++;
      } else if (r < pivot) {
        gt--;
        swap(ratio, weight, i, gt);
      } else {
        wEqual += weight[i]!;
        i++;
      }
    }
    if (above + wGreater > capacity) {
      hi = lt;
    } else if (above + wGreater + wEqual > capacity) {
      return { ratio: pivot, weightAbove: above + wGreater };
    } else {
      above += wGreater + wEqual;
      lo = gt;
    }
  }
  return undefined;
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}

function swap(r: Float64Array, w: Float64Array, i: number, j: number): void {
  const tr = r[i]!;
  r[i] = r[j]!;
  r[j] = tr;
  const tw = w[i]!;
  w[i] = w[j]!;
  w[j] = tw;
}
