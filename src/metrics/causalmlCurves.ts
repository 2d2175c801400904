/**
 * causalml 0.17's cumulative curves (metrics/visualize.py), one value per
 * prefix k = 0..n of the ranking, used by {@link auucScore} and {@link qiniScore}.
 *
 * causalml sorts with pandas' unstable descending sort, so its values depend
 * on the order of tied rows; we keep tied rows in input order. While one group
 * is still empty its ratios are 0/0 = NaN, which causalml fills by linear
 * interpolation from the 0 it puts at k = 0; we do the same.
 * `order` (row indices, best first) can be given to study other tie orders.
 */
import { descendingInputOrder } from './ranking.js';
import type { CheckedInputs } from './validate.js';

/** Cumulative gain: (Y_t/N_t − Y_c/N_c) · k, the lift interpolated before the multiplication. */
export function causalmlGain(inputs: CheckedInputs, order = descendingInputOrder(inputs.score)): Float64Array {
  const { n, y, t } = inputs;
  const lift = new Float64Array(n + 1);
  let nt = 0;
  let yt = 0;
  let yc = 0;
  for (let k = 1; k <= n; k++) {
    const i = order[k - 1]!;
    nt += t[i]!;
    yt += y[i]! & t[i]!;
    yc += y[i]! & (1 - t[i]!);
    lift[k] = yt / nt - yc / (k - nt);
  }
  fillGapsLinearly(lift);
  for (let k = 0; k <= n; k++) lift[k] = lift[k]! * k;
  return lift;
}

/** Qini: Y_t − Y_c · N_t / N_c (causalml's operation order), gaps interpolated. */
export function causalmlQini(inputs: CheckedInputs, order = descendingInputOrder(inputs.score)): Float64Array {
  const { n, y, t } = inputs;
  const qini = new Float64Array(n + 1);
  let nt = 0;
  let yt = 0;
  let yc = 0;
  for (let k = 1; k <= n; k++) {
    const i = order[k - 1]!;
    nt += t[i]!;
    yt += y[i]! & t[i]!;
    yc += y[i]! & (1 - t[i]!);
    qini[k] = yt - (yc * nt) / (k - nt);
  }
  fillGapsLinearly(qini);
  return qini;
}

/** pandas' default interpolate(): NaNs between values become the straight line; trailing NaNs the last value. */
function fillGapsLinearly(v: Float64Array): void {
  let last = 0; // v[0] is always a number (0)
  for (let k = 1; k < v.length; k++) {
    if (Number.isNaN(v[k]!)) continue;
    if (k - last > 1) {
      const a = v[last]!;
      const step = (v[k]! - a) / (k - last);
      for (let j = last + 1; j < k; j++) v[j] = a + step * (j - last);
    }
    last = k;
  }
  for (let j = last + 1; j < v.length; j++) v[j] = v[last]!;
}

/** Divides every value by |last value| (causalml's normalize=True). */
export function normaliseByLast(v: Float64Array): void {
  const scale = Math.abs(v[v.length - 1]!);
  for (let k = 0; k < v.length; k++) v[k] = v[k]! / scale;
}

export function sum(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k]!;
  return s;
}
