/**
 * Runs a BART-family model's chains, one task per chain, on the calling
 * thread and worker threads (the draws are the same for any thread count),
 * and summarises their convergence: R̂ and bulk/tail ESS of σ and of every
 * treated arm's average effect, with `bayes fit`'s warnings.
 */
import { runTasks, type TaskHandler } from '../../learners/trees/parallel.js';
import { workerScriptUrl } from '../../util/workers.js';
import { runChain, type ChainJob, type ChainOutput } from '../../learners/bart/chain.js';
import { PosteriorForest } from '../../learners/bart/posterior-forest.js';
import { essBulk, essTail, quantile, rhat } from '../../bayes/diagnostics/convergence.js';
import { diagnosticMessages, THRESHOLDS } from '../../bayes/diagnostics/messages.js';
import type { Progress } from '../../util/progress.js';

export const chainTaskHandler: TaskHandler = (shared) => (task) => {
  const out = runChain(shared as ChainJob, task);
  const transfer: ArrayBuffer[] = [out.sigma.buffer as ArrayBuffer, out.ate.buffer as ArrayBuffer];
  for (const f of out.forests) transfer.push(f.counts.buffer as ArrayBuffer, f.feat.buffer as ArrayBuffer, f.cut.buffer as ArrayBuffer, f.value.buffer as ArrayBuffer);
  return { value: out, transfer };
};

/** One quantity's convergence: R̂, bulk and tail ESS, posterior mean and 94 % interval. */
export interface QuantitySummary {
  readonly name: string;
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  readonly rhat: number;
  readonly essBulk: number;
  readonly essTail: number;
}

export interface ChainsResult {
  readonly forests: PosteriorForest[];
  readonly summaries: QuantitySummary[];
  readonly warnings: string[];
  readonly acceptance: number[];
}

export function runChains(
  job: ChainJob,
  options: { chains: number; threads: number; armLabels: readonly string[]; probit: boolean; progress?: Progress },
): ChainsResult {
  const { chains } = options;
  options.progress?.start(`sampling ${chains} chains × ${job.warmup} + ${job.draws} sweeps`, chains);
  let outputs: ChainOutput[];
  try {
    outputs = runTasks<ChainOutput>({
      script: () => workerScriptUrl(import.meta.url, './bart-worker.js'),
      kind: 'bart-chain',
      shared: job,
      nTasks: chains,
      threads: options.threads,
      local: (c) => runChain(job, c),
      onTask: () => options.progress?.tick(),
    });
  } finally {
    options.progress?.stop();
  }
  const forests = job.forests.map((f, i) => PosteriorForest.concat(f.prior.trees, outputs.map((o) => o.forests[i]!)));
  const S = job.draws;
  const quantities: { name: string; values: Float64Array }[] = [];
  if (!options.probit) {
    const sigma = new Float64Array(chains * S);
    outputs.forEach((o, c) => sigma.set(o.sigma, c * S));
    quantities.push({ name: 'sigma', values: sigma });
  }
  const K = job.arms;
  for (let k = 1; k < K; k++) {
    const v = new Float64Array(chains * S);
    outputs.forEach((o, c) => {
      for (let d = 0; d < S; d++) v[c * S + d] = o.ate[d * (K - 1) + k - 1]!;
    });
    quantities.push({ name: `ate[${options.armLabels[k] ?? k}]`, values: v });
  }
  const summaries = quantities.map(({ name, values }) => {
    let mean = 0;
    for (const x of values) mean += x;
    return {
      name,
      mean: mean / values.length,
      lower: quantile(values, 0.03),
      upper: quantile(values, 0.97),
      rhat: chains > 1 ? rhat(values, chains) : NaN,
      essBulk: essBulk(values, chains),
      essTail: essTail(values, chains),
    };
  });
  const warnings: string[] = [];
  const highRhat = summaries.filter((s) => s.rhat > THRESHOLDS.rhat);
  if (highRhat.length > 0) warnings.push(diagnosticMessages.rhat(highRhat.map((s) => s.name), Math.max(...highRhat.map((s) => s.rhat))));
  const lowBulk = summaries.filter((s) => s.essBulk < THRESHOLDS.ess);
  if (lowBulk.length > 0) warnings.push(diagnosticMessages.essBulk(lowBulk.map((s) => s.name), Math.min(...lowBulk.map((s) => s.essBulk))));
  const lowTail = summaries.filter((s) => s.essTail < THRESHOLDS.ess);
  if (lowTail.length > 0) warnings.push(diagnosticMessages.essTail(lowTail.map((s) => s.name), Math.min(...lowTail.map((s) => s.essTail))));
  const acceptance = [0, 1, 2].map((m) => outputs.reduce((s, o) => s + (o.acceptance[m] ?? 0), 0) / outputs.length);
  return { forests, summaries, warnings, acceptance };
}
