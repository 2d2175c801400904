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
import { qiniAucInterval } from '../metrics/qiniAucInterval.js';
import { numericOutcomeMetrics } from '../metrics/numericOutcome.js';
import type { ArmEvaluation } from './evaluate.js';

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
  flags: { readonly outcome: string; readonly k: number; readonly seed: number },
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
  const interval = qiniAucInterval(y, u, t, { seed: flags.seed + k });
  const m = numericOutcomeMetrics(y, u, t, { k: flags.k });
  return {
    arm,
    rows: rows.length,
    treatedRows,
    qiniAuc: m.qiniAuc,
    qiniAucInterval: { lower: interval.lower, upper: interval.upper, level: interval.level },
    signal: !interval.containsZero,
    upliftAuc: m.upliftAuc,
    upliftAtK: m.upliftAtK,
    incrementalAtK: m.incrementalAtK,
    weightedAverageUplift: m.weightedAverageUplift,
  };
}
