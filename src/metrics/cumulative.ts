/**
 * Cumulative counts at sklift's cut points: one cut after the last row of each
 * group of equal scores in ranking order, plus the empty cut (0, 0, 0, 0) in
 * front. Counts are order-free within a group, so ties cannot change them.
 */
import { skliftRanking } from './ranking.js';
import type { CheckedInputs } from './validate.js';

export interface CutCounts {
  /** Number of cuts, the empty one included (= distinct scores + 1). */
  readonly size: number;
  /** Rows targeted at each cut. */
  readonly rows: Float64Array;
  /** Treated rows and treated responders among them. */
  readonly treated: Float64Array;
  readonly treatedResponders: Float64Array;
  /** Control responders among them (control rows = rows − treated). */
  readonly controlResponders: Float64Array;
}

/**
 * The counts at the cuts; `y` may be a numeric outcome (revenue), and the
 * "responders" columns are then outcome sums (metrics/numericOutcome.ts).
 */
export function countsAtCuts(inputs: Pick<CheckedInputs, 'n' | 't' | 'score'> & { readonly y: Uint8Array | Float64Array }): CutCounts {
  const { n, y, t, score } = inputs;
  const { order, sorted } = skliftRanking(score);
  let groups = 0;
  for (let r = 0; r < n; r++) {
    if (r === n - 1 || sorted[r] !== sorted[r + 1]) groups++;
  }
  const size = groups + 1;
  const rows = new Float64Array(size);
  const treated = new Float64Array(size);
  const treatedResponders = new Float64Array(size);
  const controlResponders = new Float64Array(size);
  let nt = 0;
  let yt = 0;
  let yc = 0;
  let cut = 1;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    const yi = y[i]!;
    if (t[i] === 1) {
      nt++;
      yt += yi;
    } else yc += yi;
    if (r === n - 1 || sorted[r] !== sorted[r + 1]) {
      rows[cut] = r + 1;
      treated[cut] = nt;
      treatedResponders[cut] = yt;
      controlResponders[cut] = yc;
      cut++;
    }
  }
  return { size, rows, treated, treatedResponders, controlResponders };
}

/** Area under a polyline by the trapezoid rule (numpy.trapz / sklearn.metrics.auc). */
export function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}
