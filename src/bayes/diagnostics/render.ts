/**
 * The summary table as text (aligned columns, like arviz.summary prints) and
 * as CSV (full precision), and its atomic file writer.
 */
import { writeFileAtomic } from '../../util/atomic.js';
import type { ParameterSummary, SummaryTable } from './summary.js';

/** A number as CSV text: shortest round-trip form; NaN and ±∞ as R and our readTable read them. */
export function csvNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  return String(x);
}

/** Quotes a CSV field when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const percent = (p: number): string => `${Number((p * 100).toFixed(1))}`;

/** Column labels of the HDI bounds for a probability: 0.94 → ['hdi_3%', 'hdi_97%']. */
export function hdiLabels(hdiProb: number): [string, string] {
  return [`hdi_${percent((1 - hdiProb) / 2)}%`, `hdi_${percent((1 + hdiProb) / 2)}%`];
}

/**
 * Renders the table as aligned text: values with 3 decimals, ESS whole, R̂ with 2 decimals.
 *
 * @example
 * const table = { hdiProb: 0.94, rows: [{ parameter: 'mu', mean: 1, sd: 0.5, hdiLow: 0.1, hdiHigh: 1.9,
 *   mcseMean: 0.01, mcseSd: 0.01, essBulk: 3000.4, essTail: 2500, rhat: 1.001 }] };
 * renderSummaryTable(table).split('\n')[0]; // '     mean     sd  hdi_3%  hdi_97%  mcse_mean  mcse_sd  ess_bulk  ess_tail  r_hat'
 * renderSummaryTable(table).split('\n')[1]; // 'mu  1.000  0.500   0.100    1.900      0.010    0.010      3000      2500   1.00'
 */
export function renderSummaryTable(table: SummaryTable): string {
  const [lo, hi] = hdiLabels(table.hdiProb);
  const header = ['', 'mean', 'sd', lo, hi, 'mcse_mean', 'mcse_sd', 'ess_bulk', 'ess_tail', 'r_hat'];
  const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : 'NaN');
  const body = table.rows.map((r) => [
    r.parameter,
    fixed(r.mean, 3),
    fixed(r.sd, 3),
    fixed(r.hdiLow, 3),
    fixed(r.hdiHigh, 3),
    fixed(r.mcseMean, 3),
    fixed(r.mcseSd, 3),
    fixed(r.essBulk, 0),
    fixed(r.essTail, 0),
    fixed(r.rhat, 2),
  ]);
  const rows = [header, ...body];
  const widths = header.map((_, j) => Math.max(...rows.map((row) => row[j]!.length)));
  return rows
    .map((row) => row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  '))
    .join('\n');
}

export interface SummaryCsvOptions {
  /** Add an mcse_sd column after mcse_mean (default false: the columns of `liftwise bayes fit`). */
  readonly mcseSd?: boolean;
}

/**
 * The table as CSV with columns parameter, mean, sd, hdi_3, hdi_97, mcse_mean,
 * [mcse_sd,] ess_bulk, ess_tail, r_hat (HDI labels follow hdiProb).
 *
 * @example
 * const table = { hdiProb: 0.94, rows: [{ parameter: 'mu', mean: 1, sd: 0.5, hdiLow: 0.1, hdiHigh: 1.9,
 *   mcseMean: 0.01, mcseSd: 0.01, essBulk: 3000, essTail: 2500, rhat: 1.001 }] };
 * summaryToCsv(table); // 'parameter,mean,sd,hdi_3,hdi_97,mcse_mean,ess_bulk,ess_tail,r_hat\nmu,1,0.5,0.1,1.9,0.01,3000,2500,1.001\n'
 */
export function summaryToCsv(table: SummaryTable, options: SummaryCsvOptions = {}): string {
  const [lo, hi] = hdiLabels(table.hdiProb).map((l) => l.replace('%', ''));
  const columns: Array<[string, (r: ParameterSummary) => number]> = [
    ['mean', (r) => r.mean],
    ['sd', (r) => r.sd],
    [lo!, (r) => r.hdiLow],
    [hi!, (r) => r.hdiHigh],
    ['mcse_mean', (r) => r.mcseMean],
    ...(options.mcseSd === true ? [['mcse_sd', (r: ParameterSummary) => r.mcseSd] as [string, (r: ParameterSummary) => number]] : []),
    ['ess_bulk', (r) => r.essBulk],
    ['ess_tail', (r) => r.essTail],
    ['r_hat', (r) => r.rhat],
  ];
  const lines = [['parameter', ...columns.map(([name]) => name)].join(',')];
  for (const row of table.rows) lines.push([csvField(row.parameter), ...columns.map(([, get]) => csvNumber(get(row)))].join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * Writes summaryToCsv(table) to `file` whole or not at all.
 *
 * @example
 * const table = { hdiProb: 0.94, rows: [{ parameter: 'mu', mean: 1, sd: 0.5, hdiLow: 0.1, hdiHigh: 1.9,
 *   mcseMean: 0.01, mcseSd: 0.01, essBulk: 3000, essTail: 2500, rhat: 1.001 }] };
 * await writeSummaryCsv('out/summary.csv', table); // (a fit's table: diagnose(fit).summary)
 * (await readTable('out/summary.csv')).nRows; // 1
 */
export async function writeSummaryCsv(file: string, table: SummaryTable, options: SummaryCsvOptions = {}): Promise<void> {
  await writeFileAtomic(file, summaryToCsv(table, options));
}
