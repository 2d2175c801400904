/**
 * Thinning a long curve for drawing. The rule (M4 aggregation): split the x
 * range into `buckets` equal-width intervals, and in each non-empty interval
 * keep, in their original order, the first point, the point with the lowest
 * y, the point with the highest y and the last point. At a chart width of
 * `buckets` pixels or less, a line through the kept points differs from the
 * full line by at most a pixel: each pixel column keeps its vertical extent
 * and its entry and exit points. The curve's first and last points and its
 * global extremes are always kept. Curves with at most 4 · buckets points are returned unchanged; when x
 * is not non-decreasing the intervals are taken over the point index instead.
 */

export interface Thinned {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * @param x curve x values, usually non-decreasing (rows targeted)
 * @param y curve y values, same length as x, all finite
 * @param buckets number of intervals, about the chart's width in pixels
 *
 * @example
 * const x = Float64Array.from({ length: 10_000 }, (_, i) => i);
 * const thin = downsampleCurve(x, x.map(Math.sqrt), 100);
 * thin.x.length <= 400; // true
 * thin.x[thin.x.length - 1]; // 9999
 */
export function downsampleCurve(x: ArrayLike<number>, y: ArrayLike<number>, buckets: number): Thinned {
  const n = x.length;
  if (n <= 4 * buckets) return { x: Float64Array.from(x), y: Float64Array.from(y) };
  const sorted = isNonDecreasing(x);
  const lo = sorted ? x[0]! : 0;
  const hi = sorted ? x[n - 1]! : n - 1;
  const width = hi > lo ? (hi - lo) / buckets : 1;
  const keep = new Uint8Array(n);
  let bucket = -1;
  let first = 0;
  let minAt = 0;
  let maxAt = 0;
  for (let i = 0; i <= n; i++) {
    const b = i === n ? -2 : Math.min(buckets - 1, Math.floor(((sorted ? x[i]! : i) - lo) / width));
    if (b !== bucket) {
      if (bucket !== -1) {
        keep[first] = 1;
        keep[minAt] = 1;
        keep[maxAt] = 1;
        keep[i - 1] = 1;
      }
      bucket = b;
      first = i;
      minAt = i;
      maxAt = i;
    } else {
      if (y[i]! < y[minAt]!) minAt = i;
      if (y[i]! > y[maxAt]!) maxAt = i;
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i]!;
  const outX = new Float64Array(count);
  const outY = new Float64Array(count);
  for (let i = 0, j = 0; i < n; i++) {
    if (keep[i] === 1) {
      outX[j] = x[i]!;
      outY[j] = y[i]!;
      j++;
    }
  }
  return { x: outX, y: outY };
}

function isNonDecreasing(x: ArrayLike<number>): boolean {
  for (let i = 1; i < x.length; i++) if (!(x[i]! >= x[i - 1]!)) return false;
  return true;
}
