/**
 * Diagnostics of MCMC draws (Vehtari et al. 2021, as posterior and arviz
 * compute them) and of the sampler (Stan's diagnose), a summary table like
 * arviz.summary, and its text and CSV renderings.
 *
 * API
 * ---
 * - `diagnose(fit, { hdiProb?, parameters? })` → { summary, sampler, warnings }:
 *   warnings are objects { code: 'W_RHAT' | 'W_ESS_BULK' | 'W_ESS_TAIL' |
 *   'W_DIVERGENT' | 'W_TREEDEPTH' | 'W_EBFMI', message, parameters?, chains?,
 *   count?, value, threshold } for R̂ > 1.01, ESS < 400, any divergence, any
 *   draw at the maximum tree depth, E-BFMI < 0.3.
 * - `summarizeDraws(draws, { hdiProb = 0.94, parameters? })` → SummaryTable
 *   with rows { parameter, mean, sd, hdiLow, hdiHigh, mcseMean, mcseSd,
 *   essBulk, essTail, rhat }; works on any DrawsArray (not only our fits).
 * - `renderSummaryTable(table)` → aligned text; `summaryToCsv(table)` /
 *   `writeSummaryCsv(file, table)` → parameter, mean, sd, hdi_3, hdi_97,
 *   mcse_mean, ess_bulk, ess_tail, r_hat (option mcseSd adds mcse_sd).
 * - Per-quantity functions on chain-major Float64Arrays: rhat, essBulk,
 *   essTail, essMean, essSd, essQuantile, mcseMean, mcseSd, hdi, plus the
 *   building blocks splitChains, rankNormalize, rhatBasic, essBasic,
 *   autocovariance, normalQuantile.
 * - `samplerChecks(fit)`: divergences, tree-depth saturation and E-BFMI per chain.
 */
export {
  rhat,
  essBulk,
  essTail,
  essMean,
  essSd,
  essQuantile,
  mcseMean,
  mcseSd,
  rhatBasic,
  essBasic,
  convergenceSummary,
  splitChains,
  rankNormalize,
  BLOM_OFFSET,
} from './convergence.js';
export type { RankOptions, ConvergenceSummary } from './convergence.js';
export { autocovariance } from './fft.js';
export { normalQuantile } from './normal.js';
export { hdi, summarizeDraws, summarizeParameter } from './summary.js';
export type { ParameterSummary, SummaryTable, SummaryOptions } from './summary.js';
export { ebfmi, samplerChecks } from './sampler-checks.js';
export type { SamplerChecks } from './sampler-checks.js';
export { diagnose, diagnosticWarnings } from './diagnose.js';
export type { Diagnosis, DiagnosticWarning, WarningCode } from './diagnose.js';
export { renderSummaryTable, summaryToCsv, writeSummaryCsv, hdiLabels } from './render.js';
export type { SummaryCsvOptions } from './render.js';
export { THRESHOLDS as DIAGNOSTIC_THRESHOLDS } from './messages.js';
