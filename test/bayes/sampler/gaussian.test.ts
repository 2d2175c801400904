/**
 * NUTS recovers known Gaussian moments within Monte Carlo error, adapts the
 * metric to the known variances, and reports divergences in Neal's funnel.
 */
import { describe, expect, it } from 'vitest';
import { sample } from '../../../src/bayes/sampler/sample.js';
import { parameterDraws } from '../../../src/bayes/sampler/result.js';
import { correlatedGaussianTarget, funnelTarget, gaussianTarget, referenceTargetSource } from '../../../src/bayes/sampler/reference-targets.js';
import { mcseMean } from '../../../src/bayes/diagnostics/convergence.js';
import { diagnose } from '../../../src/bayes/diagnostics/diagnose.js';
import { Random } from '../../../src/util/random.js';

describe('correlated Gaussian in 100 dimensions', () => {
  const dim = 100;
  const rng = new Random(2024);
  const means = Array.from({ length: dim }, () => 4 * rng.uniform() - 2);
  const sds = Array.from({ length: dim }, () => Math.exp(2 * rng.uniform() - 1));
  const rho = 0.6;

  it('recovers every mean and variance within 4 Monte Carlo standard errors', async () => {
    const fit = await sample(referenceTargetSource('correlatedGaussianTarget', { means, sds, rho }), { seed: 7 });
    expect(fit.chains * fit.draws).toBe(4000);
    for (let i = 0; i < dim; i++) {
      const x = parameterDraws(fit, i);
      const mean = x.reduce((a, b) => a + b) / x.length;
      expect(Math.abs(mean - means[i]!), `mean of x[${i + 1}]`).toBeLessThan(4 * mcseMean(x, fit.chains));
      // The variance is the mean of (x − μ)², whose MCSE comes from its own draws.
      const sq = Float64Array.from(x, (v) => (v - means[i]!) ** 2);
      const variance = sq.reduce((a, b) => a + b) / sq.length;
      expect(Math.abs(variance - sds[i]! ** 2), `variance of x[${i + 1}]`).toBeLessThan(4 * mcseMean(sq, fit.chains));
    }
    const { warnings } = diagnose(fit);
    expect(warnings.map((w) => w.code)).toEqual([]);
  });

  it('estimates the lag-1 correlation ρ of neighbouring coordinates', async () => {
    const target = correlatedGaussianTarget({ means, sds, rho });
    const fit = await sample(target, { seed: 8, chains: 2, draws: 1000 });
    const a = parameterDraws(fit, 10);
    const b = parameterDraws(fit, 11);
    const z = Float64Array.from(a, (v, k) => ((v - means[10]!) / sds[10]!) * ((b[k]! - means[11]!) / sds[11]!));
    const correlation = z.reduce((s, v) => s + v) / z.length;
    expect(Math.abs(correlation - rho)).toBeLessThan(4 * mcseMean(z, fit.chains));
  });
});

describe('adaptation on a diagonal Gaussian with scales from 0.01 to 100', () => {
  const dim = 10;
  const sds = Array.from({ length: dim }, (_, i) => 10 ** (-2 + (4 * i) / (dim - 1)));

  it('learns the variances as the metric and the step size of the whitened problem', async () => {
    const scaled = await sample(gaussianTarget({ means: new Array(dim).fill(1), sds }), { seed: 3 });
    const whitened = await sample(gaussianTarget({ means: new Array(dim).fill(1), sds: new Array(dim).fill(1) }), { seed: 3 });
    for (let c = 0; c < scaled.chains; c++) {
      const info = scaled.chainInfo[c]!;
      // The last window has 500 draws of ESS ≈ 500: a variance estimate within ±25 % (≈ 4 sd).
      for (let i = 0; i < dim; i++) {
        expect(info.inverseMetric[i]! / sds[i]! ** 2, `chain ${c} coordinate ${i}`).toBeGreaterThan(0.75);
        expect(info.inverseMetric[i]! / sds[i]! ** 2, `chain ${c} coordinate ${i}`).toBeLessThan(1.25);
      }
    }
    // With the metric in place both problems are a standard normal, so their step sizes agree.
    const meanStep = (f: typeof scaled): number => f.chainInfo.reduce((s, i) => s + i.stepSize, 0) / f.chains;
    expect(meanStep(scaled) / meanStep(whitened)).toBeGreaterThan(0.85);
    expect(meanStep(scaled) / meanStep(whitened)).toBeLessThan(1.15);
    // And the step size reaches the target acceptance: the mean acceptance statistic of the draws is near δ = 0.8.
    const accept = scaled.stats.acceptStat.reduce((a, b) => a + b) / scaled.stats.acceptStat.length;
    expect(accept).toBeGreaterThan(0.75);
    expect(accept).toBeLessThan(0.92);
    // Draws carry the adapted step size.
    expect(scaled.stats.stepSize[0]).toBe(scaled.chainInfo[0]!.stepSize);
  });
});

describe('a skewed target', () => {
  it('recovers the mean, variance and P(x ≤ 1) of Gamma(2, 1) sampled on the log scale', async () => {
    // u = log x: density x² e^{−x} (Gamma(2, 1) times the Jacobian x), so lp(u) = 2u − e^u.
    const target = {
      dim: 1,
      parameterNames: ['x'],
      constrain: (t: Float64Array, o: Float64Array) => {
        o[0] = Math.exp(t[0]!);
      },
      logDensityGradient: (t: Float64Array, g: Float64Array) => {
        const e = Math.exp(t[0]!);
        g[0] = 2 - e;
        return 2 * t[0]! - e;
      },
    };
    const fit = await sample(target, { seed: 12 });
    const x = parameterDraws(fit, 'x');
    const mean = x.reduce((a, b) => a + b) / x.length;
    expect(Math.abs(mean - 2)).toBeLessThan(4 * mcseMean(x, fit.chains));
    const sq = Float64Array.from(x, (v) => (v - 2) ** 2);
    expect(Math.abs(sq.reduce((a, b) => a + b) / sq.length - 2)).toBeLessThan(4 * mcseMean(sq, fit.chains));
    const below = Float64Array.from(x, (v) => (v <= 1 ? 1 : 0));
    const share = below.reduce((a, b) => a + b) / below.length;
    expect(Math.abs(share - (1 - 2 / Math.E))).toBeLessThan(4 * mcseMean(below, fit.chains));
  });
});

describe("Neal's funnel", () => {
  it('reports divergent transitions and warns about them', async () => {
    const fit = await sample(funnelTarget({ dim: 10 }), { seed: 1, chains: 2, warmup: 500, draws: 500 });
    const divergent = fit.stats.divergent.reduce((a, b) => a + b, 0);
    expect(divergent).toBeGreaterThan(0);
    const warning = diagnose(fit).warnings.find((w) => w.code === 'W_DIVERGENT');
    expect(warning?.count).toBe(divergent);
  });
});

describe('divergence detection', () => {
  it('flags a trajectory whose energy error exceeds 1000', async () => {
    // A standard normal with a wall: beyond x = 3 the log density drops by 5000.
    const target = {
      dim: 1,
      parameterNames: ['x'],
      constrain: (t: Float64Array, o: Float64Array) => o.set(t),
      logDensityGradient: (t: Float64Array, g: Float64Array) => {
        g[0] = -t[0]!;
        return -0.5 * t[0]! * t[0]! - (t[0]! > 3 ? 5000 : 0);
      },
    };
    const fit = await sample(target, { seed: 4, chains: 1, warmup: 0, draws: 2000, stepSize: 0.5, init: [0] });
    let divergent = 0;
    for (let i = 0; i < fit.draws; i++) {
      if (fit.stats.divergent[i] === 1) divergent++;
      // No draw ever lands beyond the wall.
      expect(fit.values[i]!).toBeLessThanOrEqual(3);
    }
    expect(divergent).toBeGreaterThan(0);
  });
});
