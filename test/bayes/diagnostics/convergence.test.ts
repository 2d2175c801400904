import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  convergenceSummary,
  essSd,
  essTail,
  mcseSd,
  sortOrder,
  standardDeviation,
  essBasic,
  essBulk,
  essMean,
  mcseMean,
  median,
  quantile,
  rankNormalize,
  rhat,
  rhatBasic,
  splitChains,
} from '../../../src/bayes/diagnostics/convergence.js';
import { autocovariance } from '../../../src/bayes/diagnostics/fft.js';
import { normalQuantile } from '../../../src/bayes/diagnostics/normal.js';
import { Random } from '../../../src/util/random.js';

describe('normalQuantile (AS 241)', () => {
  it("agrees with R's qnorm", () => {
    // R 4.2: print(qnorm(c(0.975, 0.3, 1e-10, 0.999999, 1e-300)), digits = 17)
    expect(normalQuantile(0.975)).toBeCloseTo(1.95996398454005361, 14);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.52440051270804067, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.3613409024040557, 13);
    expect(normalQuantile(0.999999)).toBeCloseTo(4.75342430881708911, 13);
    expect(normalQuantile(1e-300)).toBeCloseTo(-37.04709629936120052, 11);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(Number.isNaN(normalQuantile(1.5))).toBe(true);
  });
});

describe('autocovariance by FFT', () => {
  it('equals the direct sum Σ (x_i − x̄)(x_{i+t} − x̄) / N at every lag', () => {
    const rng = new Random(5);
    const n = 300;
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const acov = autocovariance(x, 0, n);
    const mean = x.reduce((a, b) => a + b) / n;
    for (const t of [0, 1, 2, 17, 150, 299]) {
      let direct = 0;
      for (let i = 0; i + t < n; i++) direct += (x[i]! - mean) * (x[i + t]! - mean);
      expect(acov[t]).toBeCloseTo(direct / n, 12);
    }
  });
});

describe('ranks, splits, quantiles', () => {
  it('gives tied values their average rank', () => {
    expect(Array.from(averageRanks(new Float64Array([10, 30, 20, 20])))).toEqual([1, 4, 2.5, 2.5]);
  });
  it('rank-normalises with the Blom offset 3/8', () => {
    const z = rankNormalize(new Float64Array([5, -1, 3]));
    expect(z[1]).toBeCloseTo(normalQuantile((1 - 3 / 8) / (3 + 1 / 4)), 15);
    expect(z[0]).toBeCloseTo(-z[1]!, 15);
  });
  it('splits chains into halves and drops the middle draw of odd chains', () => {
    const s = splitChains(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 2);
    expect(s.chains).toBe(4);
    expect(Array.from(s.values)).toEqual([1, 2, 4, 5, 6, 7, 9, 10]);
  });
  it('computes medians and type-7 quantiles like R', () => {
    expect(median(new Float64Array([4, 1, 3, 2]))).toBe(2.5);
    // R: quantile(c(1, 2, 3, 4, 10), 0.9) = 7.5999999999999979
    expect(quantile(new Float64Array([1, 2, 3, 4, 10]), 0.9)).toBeCloseTo(7.6, 14);
  });
});

describe('R-hat and ESS on simulated chains with known behaviour', () => {
  const rng = new Random(11);
  const chains = 4;
  const n = 2000;

  it('classic R-hat follows its formula on a hand-checked case', () => {
    // Chains [1,2,3] and [3,4,5]: B = 3·var(2, 4) = 6, W = 1 → √((2/3·1 + 6/3)/1) = √(8/3).
    expect(rhatBasic(new Float64Array([1, 2, 3, 3, 4, 5]), 2)).toBeCloseTo(Math.sqrt(8 / 3), 14);
  });

  it('independent normal draws have R-hat ≈ 1 and ESS ≈ the number of draws', () => {
    const x = Float64Array.from({ length: chains * n }, () => rng.normal());
    expect(Math.abs(rhat(x, chains) - 1)).toBeLessThan(0.005);
    // For iid draws ESS/S has sd ≈ √2/√S·... ; 8000 draws → within 10 %.
    expect(essBulk(x, chains) / (chains * n)).toBeGreaterThan(0.9);
    expect(essBulk(x, chains) / (chains * n)).toBeLessThan(1.1);
  });

  it('AR(1) chains with φ = 0.9 have ESS ≈ S·(1 − φ)/(1 + φ)', () => {
    const phi = 0.9;
    const x = new Float64Array(chains * n);
    for (let c = 0; c < chains; c++) {
      let v = rng.normal() / Math.sqrt(1 - phi * phi);
      for (let i = 0; i < n; i++) {
        v = phi * v + rng.normal();
        x[c * n + i] = v;
      }
    }
    const expected = (chains * n * (1 - phi)) / (1 + phi);
    expect(essMean(x, chains) / expected).toBeGreaterThan(0.75);
    expect(essMean(x, chains) / expected).toBeLessThan(1.3);
    // MCSE of the mean = sd/√ESS: the stationary sd is 1/√(1−φ²).
    expect(mcseMean(x, chains)).toBeCloseTo(1 / Math.sqrt(1 - phi * phi) / Math.sqrt(essMean(x, chains)), 1);
  });

  it('chains centred in different places give R-hat far above 1.01', () => {
    const x = Float64Array.from({ length: chains * n }, (_, i) => rng.normal() + (i < n ? 1 : 0));
    expect(rhat(x, chains)).toBeGreaterThan(1.05);
  });

  it('a chain with larger spread trips the folded (tail) R-hat though means agree', () => {
    const x = Float64Array.from({ length: chains * n }, (_, i) => rng.normal() * (i < n ? 3 : 1));
    const split = splitChains(x, chains);
    expect(rhatBasic(rankNormalize(split.values), split.chains)).toBeLessThan(1.01);
    expect(rhat(x, chains)).toBeGreaterThan(1.05);
  });

  it('returns NaN for constant or non-finite draws', () => {
    expect(Number.isNaN(rhat(new Float64Array(40).fill(2), 4))).toBe(true);
    const bad = Float64Array.from({ length: 40 }, (_, i) => (i === 3 ? NaN : i));
    expect(Number.isNaN(essBasic(bad, 4))).toBe(true);
  });
});

describe('convergenceSummary', () => {
  it('gives the same numbers as the separate functions, for even and odd chain lengths', () => {
    const rng = new Random(21);
    for (const [chains, n] of [[4, 300], [3, 301]] as const) {
      let v = 0;
      const x = Float64Array.from({ length: chains * n }, () => (v = 0.7 * v + rng.normal()));
      const s = convergenceSummary(x, chains);
      expect(s.rhat).toBe(rhat(x, chains));
      expect(s.essBulk).toBe(essBulk(x, chains));
      expect(s.essTail).toBe(essTail(x, chains));
      expect(s.essMean).toBe(essMean(x, chains));
      expect(s.mcseMean).toBe(mcseMean(x, chains));
      expect(s.mcseSd).toBe(mcseSd(x, chains));
      expect(s.sd).toBe(standardDeviation(x));
      expect(Array.from(s.sorted)).toEqual(Array.from(x).sort((a, b) => a - b));
      expect(essSd(x, chains)).toBeGreaterThan(0);
    }
  });

  it('sorts stably by value', () => {
    const x = new Float64Array([3, 1, 2, 1, 0, 3]);
    expect(Array.from(sortOrder(x))).toEqual([4, 1, 3, 2, 0, 5]);
  });
});

