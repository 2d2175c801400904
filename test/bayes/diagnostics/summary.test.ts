import { describe, expect, it } from 'vitest';
import { hdi, summarizeDraws } from '../../../src/bayes/diagnostics/summary.js';
import { renderSummaryTable, summaryToCsv, hdiLabels } from '../../../src/bayes/diagnostics/render.js';
import { ebfmi, samplerChecks } from '../../../src/bayes/diagnostics/sampler-checks.js';
import { diagnose } from '../../../src/bayes/diagnostics/diagnose.js';
import { essSd, mcseSd } from '../../../src/bayes/diagnostics/convergence.js';
import type { SampleResult } from '../../../src/bayes/sampler/result.js';
import { Random } from '../../../src/util/random.js';
import { normalQuantile } from '../../../src/bayes/diagnostics/normal.js';

describe('HDI', () => {
  it('is the narrowest window of ⌊p·S⌋ + 1 sorted draws', () => {
    expect(hdi(new Float64Array([0, 1, 2, 3, 100]), 0.6)).toEqual([0, 3]);
    expect(hdi(new Float64Array([-100, 5, 6, 7, 8]), 0.6)).toEqual([5, 8]);
  });
  it('is the central 94 % of a symmetric unimodal sample: ±Φ⁻¹(0.97)', () => {
    // Evenly spaced normal quantiles, shuffled: a "perfect" sample of N(0, 1).
    const n = 10000;
    const x = Float64Array.from({ length: n }, (_, i) => normalQuantile((i + 0.5) / n));
    new Random(1).shuffle(x);
    const [lo, hi] = hdi(x, 0.94);
    expect(lo).toBeCloseTo(-normalQuantile(0.97), 2);
    expect(hi).toBeCloseTo(normalQuantile(0.97), 2);
  });
});

describe('E-BFMI', () => {
  it("is rstan's (Σ ΔE² / N) / var(E)", () => {
    expect(ebfmi(new Float64Array([1, 2, 1, 2]))).toBeCloseTo(0.75 / (1 / 3), 14);
  });
});

describe('MCSE of the sd', () => {
  it('is ≈ sd/√(2S) for independent normal draws (delta method, normal kurtosis)', () => {
    const rng = new Random(3);
    const x = Float64Array.from({ length: 4000 }, () => rng.normal());
    expect(mcseSd(x, 4) / (1 / Math.sqrt(2 * 4000))).toBeGreaterThan(0.85);
    expect(mcseSd(x, 4) / (1 / Math.sqrt(2 * 4000))).toBeLessThan(1.15);
    expect(essSd(x, 4) / 4000).toBeGreaterThan(0.9);
  });
});

/** A fake fit with controlled draws and sampler statistics. */
function fakeFit(values: Float64Array, names: string[], chains: number, options: { divergent?: number[]; depth10?: number; energy?: (c: number, i: number) => number } = {}): SampleResult {
  const draws = values.length / names.length / chains;
  const n = chains * draws;
  const divergent = new Uint8Array(n);
  for (const i of options.divergent ?? []) divergent[i] = 1;
  const treeDepth = new Int32Array(n).fill(3);
  for (let i = 0; i < (options.depth10 ?? 0); i++) treeDepth[i] = 10;
  const rng = new Random(77);
  const energy = Float64Array.from({ length: n }, (_, k) => (options.energy ?? (() => rng.normal()))(Math.floor(k / draws), k % draws));
  return {
    parameterNames: names, chains, draws, values,
    stats: { lp: new Float64Array(n), acceptStat: new Float64Array(n), stepSize: new Float64Array(n), treeDepth, nLeapfrog: new Int32Array(n), divergent, energy },
    chainInfo: [], warmup: 0, maxTreeDepth: 10, seed: 0, threads: 0, wallSeconds: 0,
  };
}

describe('summary table and warnings', () => {
  const rng = new Random(8);
  const chains = 4;
  const draws = 500;
  // 'good': iid N(2, 0.5); 'stuck': chain 1 sits elsewhere.
  const values = new Float64Array(chains * draws * 2);
  for (let c = 0; c < chains; c++) {
    for (let d = 0; d < draws; d++) {
      const row = c * draws + d;
      values[row * 2] = 2 + 0.5 * rng.normal();
      values[row * 2 + 1] = rng.normal() + (c === 0 ? 3 : 0);
    }
  }

  it('summarises each quantity like arviz.summary', () => {
    const table = summarizeDraws({ parameterNames: ['good', 'stuck'], chains, draws, values });
    const good = table.rows[0]!;
    expect(good.parameter).toBe('good');
    expect(good.mean).toBeCloseTo(2, 1);
    expect(good.sd).toBeCloseTo(0.5, 1);
    expect(good.rhat).toBeLessThan(1.01);
    expect(good.essBulk).toBeGreaterThan(1600);
    expect(good.mcseMean).toBeCloseTo(good.sd / Math.sqrt(2000), 2);
    expect(table.rows[1]!.rhat).toBeGreaterThan(1.1);
  });

  it('renders text with arviz column names and CSV with the CLI columns', () => {
    const table = summarizeDraws({ parameterNames: ['good', 'stuck'], chains, draws, values });
    const text = renderSummaryTable(table);
    expect(text.split('\n')[0]!.trim().split(/\s+/)).toEqual(['mean', 'sd', 'hdi_3%', 'hdi_97%', 'mcse_mean', 'mcse_sd', 'ess_bulk', 'ess_tail', 'r_hat']);
    expect(text.split('\n')).toHaveLength(3);
    const csv = summaryToCsv(table).trim().split('\n');
    expect(csv[0]).toBe('parameter,mean,sd,hdi_3,hdi_97,mcse_mean,ess_bulk,ess_tail,r_hat');
    expect(Number(csv[1]!.split(',')[1])).toBe(table.rows[0]!.mean);
    expect(summaryToCsv(table, { mcseSd: true }).split('\n')[0]).toContain('mcse_mean,mcse_sd,ess_bulk');
    expect(hdiLabels(0.9)).toEqual(['hdi_5%', 'hdi_95%']);
  });

  it('warns about R-hat, ESS, divergences, tree depth and E-BFMI with structured objects', () => {
    // Energies of chain 3 (1-based) follow a slow random walk: E-BFMI far below 0.3.
    let walk = 0;
    const fit = fakeFit(values, ['good', 'stuck'], chains, {
      divergent: [5, 9],
      depth10: 3,
      energy: (c) => (c === 2 ? (walk += 0.05 * new Random(walk * 1e6).normal()) : Math.sin(walk++ * 12.9898) * 43758.5453 % 1),
    });
    const { warnings, sampler } = diagnose(fit);
    const byCode = new Map(warnings.map((w) => [w.code, w]));
    expect(byCode.get('W_RHAT')?.parameters).toEqual(['stuck']);
    expect(byCode.get('W_ESS_BULK')?.parameters).toEqual(['stuck']);
    expect(byCode.get('W_DIVERGENT')).toMatchObject({ count: 2, value: 2 });
    expect(byCode.get('W_DIVERGENT')?.message).toContain('2 of 2000 draws');
    expect(byCode.get('W_TREEDEPTH')).toMatchObject({ count: 3 });
    expect(byCode.get('W_EBFMI')?.chains).toEqual([3]);
    expect(sampler.divergences.perChain).toEqual([2, 0, 0, 0]);
    expect(samplerChecks(fit).treeDepth.saturated).toBe(3);
  });

  it('stays quiet for a clean fit', () => {
    const clean = values.filter((_, k) => k % 2 === 0);
    const fit = fakeFit(clean, ['good'], chains);
    expect(diagnose(fit).warnings).toEqual([]);
  });
});
