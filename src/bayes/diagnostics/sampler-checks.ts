/**
 * Checks of the sampler's own behaviour (Stan's diagnose): divergent
 * transitions, draws that hit the maximum tree depth, and the energy
 * Bayesian fraction of missing information per chain.
 */
import type { SampleResult } from '../sampler/result.js';

export interface SamplerChecks {
  readonly draws: number;
  readonly divergences: { readonly total: number; readonly perChain: readonly number[] };
  readonly treeDepth: { readonly max: number; readonly saturated: number; readonly perChain: readonly number[] };
  /** E-BFMI per chain. */
  readonly ebfmi: readonly number[];
}

/**
 * E-BFMI of one chain's energies as rstan computes it:
 * (Σ (E_n − E_{n−1})² / N) / var(E).
 *
 * @example
 * ebfmi(new Float64Array([1, 2, 1, 2])); // 2.25 ((3/4)/(1/3))
 */
export function ebfmi(energy: Float64Array): number {
  const n = energy.length;
  if (n < 2) return NaN;
  let diff = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += energy[i]!;
    if (i > 0) diff += (energy[i]! - energy[i - 1]!) ** 2;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (energy[i]! - mean) ** 2;
  return diff / n / (ss / (n - 1));
}

/**
 * Counts divergences and tree-depth saturation and computes E-BFMI for every chain.
 *
 * @example
 * import { referenceTargetSource } from 'liftwise/internals';
 * const fit = await sample(referenceTargetSource('funnelTarget', { dim: 10 }), { chains: 2, warmup: 300, draws: 300, seed: 1 });
 * samplerChecks(fit).divergences.total > 0; // true
 */
export function samplerChecks(result: SampleResult): SamplerChecks {
  const { chains, draws, stats, maxTreeDepth } = result;
  const divergences: number[] = [];
  const saturated: number[] = [];
  const energies: number[] = [];
  for (let c = 0; c < chains; c++) {
    let d = 0;
    let s = 0;
    for (let i = c * draws; i < (c + 1) * draws; i++) {
      d += stats.divergent[i]!;
      if (stats.treeDepth[i]! >= maxTreeDepth) s++;
    }
    divergences.push(d);
    saturated.push(s);
    energies.push(ebfmi(stats.energy.subarray(c * draws, (c + 1) * draws)));
  }
  return {
    draws: chains * draws,
    divergences: { total: divergences.reduce((a, b) => a + b, 0), perChain: divergences },
    treeDepth: { max: maxTreeDepth, saturated: saturated.reduce((a, b) => a + b, 0), perChain: saturated },
    ebfmi: energies,
  };
}
