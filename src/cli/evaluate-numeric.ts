/**
 * `liftwise evaluate` on a numeric outcome (revenue, spend): scikit-uplift's
 * metrics are 0/1-only, so each is computed with outcome sums
 * (metrics/numericOutcome.ts), and the output says what every number means
 * in the outcome's units. Kept apart from evaluate.ts so that file only
 * dispatches on the outcome kind.
 */
import type { Table } from '../data/table.js';
import { lineOfRow } from '../data/table.js';
import { requireColumn } from '../data/roles.js';
import { dataErrors } from '../data/messages.js';
import { poisson1, quantile } from '../metrics/qiniAucInterval.js';
import { numericOutcomeMetrics, type NumericOutcomeMetrics } from '../metrics/numericOutcome.js';
import { Random } from '../util/random.js';
import type { ArmEvaluation, MetricBand } from './evaluate.js';

export { metricMeanings } from '../metrics/numericOutcome.js';

/** 'binary' when every present value is 0 or 1 (or the column is not numeric: the 0/1 path reports it), else 'continuous'. */
export function outcomeKindOf(table: Table, column: string): 'binary' | 'continuous' {
  const c = requireColumn(table, column, 'outcome');
  if (c.kind !== 'numeric') return 'binary';
  for (const v of c.values) if (!Number.isNaN(v) && v !== 0 && v !== 1) return 'continuous';
  return 'binary';
}

/** The metrics of one treated arm against control on a numeric outcome. */
export function numericOutcomeArm(
  data: Table,
  flags: { readonly outcome: string; readonly k: number; readonly seed: number; readonly level: number; readonly replicates: number },
  arm: string,
  k: number,
  rows: Int32Array,
  armOf: Int32Array,
  scores: Float64Array,
): ArmEvaluation {
  const column = requireColumn(data, flags.outcome, 'outcome');
  const values = column.kind === 'numeric' ? column.values : new Float64Array(0);
  const y = Float64Array.from(rows, (r) => {
    const v = values[r]!;
    if (Number.isNaN(v)) throw dataErrors.missingValue(data.source, lineOfRow(data, r), flags.outcome, 'outcome');
    return v;
  });
  const t = Float64Array.from(rows, (r) => (armOf[r] === k ? 1 : 0));
  const u = Float64Array.from(rows, (r) => scores[r]!);
  let treatedRows = 0;
  for (const v of t) treatedRows += v;
  const m = numericOutcomeMetrics(y, u, t, { k: flags.k });
  const bands = numericBands(y, u, t, m, flags, flags.seed + k);
  return {
    arm,
    rows: rows.length,
    treatedRows,
    qiniAuc: m.qiniAuc,
    qiniAucInterval: bands.qiniAuc,
    signal: bands.qiniAuc.lower > 0,
    upliftAuc: m.upliftAuc,
    upliftAucInterval: bands.upliftAuc,
    upliftAtK: m.upliftAtK,
    upliftAtKInterval: bands.upliftAtK,
    incrementalAtK: m.incrementalAtK,
    weightedAverageUplift: m.weightedAverageUplift,
  };
}

/**
 * Percentile intervals of the numeric-outcome metrics from one seeded Poisson
 * bootstrap over rows (each row repeated Poisson(1) times), as the 0/1 metrics'
 * intervals are made (metrics/upliftMetricIntervals.ts), so both read alike.
 */
function numericBands(
  y: Float64Array,
  u: Float64Array,
  t: Float64Array,
  m: NumericOutcomeMetrics,
  flags: { readonly k: number; readonly level: number; readonly replicates: number },
  seed: number,
): { qiniAuc: MetricBand; upliftAuc: MetricBand; upliftAtK: MetricBand } {
  const rng = new Random(seed);
  const draws = { qiniAuc: [] as number[], upliftAuc: [] as number[], upliftAtK: [] as number[] };
  const n = y.length;
  for (let b = 0; b < flags.replicates; b++) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) for (let c = poisson1(rng); c > 0; c--) rows.push(i);
    const pick = (a: Float64Array) => Float64Array.from(rows, (i) => a[i]!);
    let r: NumericOutcomeMetrics;
    try {
      r = numericOutcomeMetrics(pick(y), pick(u), pick(t), { k: flags.k });
    } catch {
      continue; // a replicate without one of the two groups says nothing; it is left out
    }
    draws.qiniAuc.push(r.qiniAuc);
    draws.upliftAuc.push(r.upliftAuc);
    draws.upliftAtK.push(r.upliftAtK);
  }
  const band = (values: number[], estimate: number): MetricBand => {
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
    const tail = (1 - flags.level) / 2;
    return sorted.length === 0
      ? { lower: estimate, upper: estimate, level: flags.level, kind: 'bootstrap', replicates: 0 }
      : { lower: quantile(sorted, tail), upper: quantile(sorted, 1 - tail), level: flags.level, kind: 'bootstrap', replicates: sorted.length };
  };
  return { qiniAuc: band(draws.qiniAuc, m.qiniAuc), upliftAuc: band(draws.upliftAuc, m.upliftAuc), upliftAtK: band(draws.upliftAtK, m.upliftAtK) };
}
