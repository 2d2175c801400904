/**
 * diagnose(): the summary table, the sampler checks, and the warnings a user
 * should see (R̂ > 1.01, ESS < 400, any divergence, tree-depth saturation,
 * E-BFMI < 0.3), each a structured object with a stable code.
 */
import type { SampleResult } from '../sampler/result.js';
import { diagnosticMessages, THRESHOLDS } from './messages.js';
import { samplerChecks, type SamplerChecks } from './sampler-checks.js';
import { summarizeDraws, type SummaryOptions, type SummaryTable } from './summary.js';

export type WarningCode = 'W_RHAT' | 'W_ESS_BULK' | 'W_ESS_TAIL' | 'W_DIVERGENT' | 'W_TREEDEPTH' | 'W_EBFMI';

export interface DiagnosticWarning {
  readonly code: WarningCode;
  readonly message: string;
  /** Quantities concerned (R̂ and ESS warnings), worst first. */
  readonly parameters?: readonly string[];
  /** 1-based chains concerned (E-BFMI). */
  readonly chains?: readonly number[];
  /** Number of draws concerned (divergences, tree depth). */
  readonly count?: number;
  /** The worst value seen. */
  readonly value: number;
  readonly threshold: number;
}

export interface Diagnosis {
  readonly summary: SummaryTable;
  readonly sampler: SamplerChecks;
  readonly warnings: readonly DiagnosticWarning[];
}

/** Warnings from a summary table and sampler checks. */
export function diagnosticWarnings(summary: SummaryTable, checks: SamplerChecks): DiagnosticWarning[] {
  const warnings: DiagnosticWarning[] = [];
  const worstFirst = (pick: (r: SummaryTable['rows'][number]) => number, bad: (v: number) => boolean, descending: boolean) =>
    summary.rows
      .filter((r) => bad(pick(r)))
      .sort((a, b) => (descending ? pick(b) - pick(a) : pick(a) - pick(b)));

  const highRhat = worstFirst((r) => r.rhat, (v) => v > THRESHOLDS.rhat, true);
  if (highRhat.length > 0) {
    const names = highRhat.map((r) => r.parameter);
    warnings.push({ code: 'W_RHAT', message: diagnosticMessages.rhat(names, highRhat[0]!.rhat), parameters: names, value: highRhat[0]!.rhat, threshold: THRESHOLDS.rhat });
  }
  const lowBulk = worstFirst((r) => r.essBulk, (v) => v < THRESHOLDS.ess, false);
  if (lowBulk.length > 0) {
    const names = lowBulk.map((r) => r.parameter);
    warnings.push({ code: 'W_ESS_BULK', message: diagnosticMessages.essBulk(names, lowBulk[0]!.essBulk), parameters: names, value: lowBulk[0]!.essBulk, threshold: THRESHOLDS.ess });
  }
  const lowTail = worstFirst((r) => r.essTail, (v) => v < THRESHOLDS.ess, false);
  if (lowTail.length > 0) {
    const names = lowTail.map((r) => r.parameter);
    warnings.push({ code: 'W_ESS_TAIL', message: diagnosticMessages.essTail(names, lowTail[0]!.essTail), parameters: names, value: lowTail[0]!.essTail, threshold: THRESHOLDS.ess });
  }
  const { divergences, treeDepth, draws } = checks;
  if (divergences.total > 0) {
    warnings.push({ code: 'W_DIVERGENT', message: diagnosticMessages.divergences(divergences.total, draws), count: divergences.total, value: divergences.total, threshold: 0 });
  }
  if (treeDepth.saturated > 0) {
    warnings.push({ code: 'W_TREEDEPTH', message: diagnosticMessages.treeDepth(treeDepth.saturated, draws, treeDepth.max), count: treeDepth.saturated, value: treeDepth.saturated, threshold: 0 });
  }
  const lowBfmi = checks.ebfmi.map((v, c) => ({ v, c: c + 1 })).filter((e) => e.v < THRESHOLDS.ebfmi);
  if (lowBfmi.length > 0) {
    const worst = Math.min(...lowBfmi.map((e) => e.v));
    const chains = lowBfmi.map((e) => e.c);
    warnings.push({ code: 'W_EBFMI', message: diagnosticMessages.ebfmi(chains, worst), chains, value: worst, threshold: THRESHOLDS.ebfmi });
  }
  return warnings;
}

/**
 * Summary, sampler checks and warnings for a fit.
 *
 * @example
 * import { referenceTargetSource } from 'liftwise/internals';
 * const fit = await sample(referenceTargetSource('funnelTarget', { dim: 10 }), { chains: 2, warmup: 300, draws: 300, seed: 1 });
 * const { warnings } = diagnose(fit);
 * const lines = warnings.map((w) => `warning ${w.code}: ${w.message}`); // what the CLI prints to stderr
 * warnings.some((w) => w.code === 'W_DIVERGENT'); // true
 */
export function diagnose(result: SampleResult, options: SummaryOptions = {}): Diagnosis {
  const summary = summarizeDraws(result, options);
  const sampler = samplerChecks(result);
  return { summary, sampler, warnings: diagnosticWarnings(summary, sampler) };
}
