/**
 * Difference-in-differences against the seed post's data-generating process,
 * closed forms, and an independent dummy-variable regression.
 */
import { describe, expect, it } from 'vitest';
import {
  didEventStudy,
  didPooledOls,
  didTwoWayFixedEffects,
  simulatePanel,
  termOf,
  type Panel,
} from '../../src/causal/index.js';
import { cholesky, choleskyInverse } from '../../src/util/linalg.js';
import { Random } from '../../src/util/random.js';

describe("the seed post's panel: 100 individuals × 100 periods, treatment from period 50, effect 0.5", () => {
  const panel = simulatePanel({ individuals: 100, periods: 100, treatmentStart: 50, effect: 0.5, seed: 3 });

  it('pooled OLS reproduces the table: treated:post 0.500 (SE about 0.042), x 1.10', () => {
    const fit = didPooledOls(panel);
    expect(fit.terms.map((t) => t.name)).toEqual(['const', 'x', 'treated', 'post', 'treated:post']);
    const did = termOf(fit, 'treated:post');
    const x = termOf(fit, 'x');
    // Within two standard errors of the truth (the estimate is in fact much closer: the unit
    // effects and the trend cancel exactly in a balanced 2×2 contrast; only x's error leaks in).
    expect(Math.abs(did.estimate - 0.5)).toBeLessThan(2 * did.standardError);
    expect(did.estimate.toFixed(3)).toBe('0.500');
    expect(Math.abs(x.estimate - 1.1)).toBeLessThan(2 * x.standardError);
    expect(x.estimate.toFixed(2)).toBe('1.10');
    // The classical SE follows from the residual spread: the residual is the unit effect minus its
    // group mean plus the trend minus its half mean, so SE² ≈ s²·(4 cells · 1/2500).
    const a = panel.truth.unitEffect;
    const treated = panel.truth.treated;
    let ss = 0;
    for (const g of [0, 1]) {
      const members = Array.from(a).filter((_, i) => treated[i] === g);
      const mean = members.reduce((s, v) => s + v, 0) / members.length;
      ss += members.reduce((s, v) => s + (v - mean) ** 2, 0) * 100;
    }
    const trendPart = 0.01 ** 2 * ((50 ** 2 - 1) / 12) * 10000;
    const predicted = Math.sqrt(((ss + trendPart) / (10000 - 5)) * (4 / 2500));
    expect(Math.abs(did.standardError / predicted - 1)).toBeLessThan(0.01);
    expect(did.standardError).toBeGreaterThan(0.036);
    expect(did.standardError).toBeLessThan(0.048);
  });

  it('two-way fixed effects recover 0.5 exactly when there is no idiosyncratic noise', () => {
    const fit = didTwoWayFixedEffects(panel);
    expect(Math.abs(termOf(fit, 'treated:post').estimate - 0.5)).toBeLessThan(1e-9);
    expect(Math.abs(termOf(fit, 'x').estimate - 1.1)).toBeLessThan(1e-9);
    expect(fit.standardErrors).toBe('cluster-CR1');
    expect(fit.nClusters).toBe(100);
    // K = 2 slopes + 100 periods (unit effects are nested in the clusters).
    expect(fit.smallSampleFactor).toBeCloseTo((100 / 99) * (9999 / (10000 - 102)), 14);
  });

  it('with N(0, 1) noise two-way fixed effects are within two standard errors of 0.5', () => {
    const noisy = simulatePanel({ seed: 3, noiseSd: 1 });
    const fit = didTwoWayFixedEffects(noisy);
    const did = termOf(fit, 'treated:post');
    expect(Math.abs(did.estimate - 0.5)).toBeLessThan(2 * did.standardError);
    // Noise sd 1, D̃ variance 1/16: SE ≈ 1/√(10000/16) = 0.04 up to clustering.
    expect(did.standardError).toBeGreaterThan(0.03);
    expect(did.standardError).toBeLessThan(0.05);
    // Same draws of everything but the noise: the noise is the only difference from the exact fit.
    expect(noisy.truth.unitEffect).toEqual(panel.truth.unitEffect);
  });

  it('the event study finds 0 before the start and 0.5 from it on (noiseless: exactly)', () => {
    const study = didEventStudy(panel, { window: [-10, 10] });
    expect(Array.from(study.relative)).toEqual(Array.from({ length: 21 }, (_, k) => k - 10));
    const worst = Math.max(...Array.from(study.estimate, (e, k) => Math.abs(e - (study.relative[k]! >= 0 ? 0.5 : 0))));
    expect(worst).toBeLessThan(1e-9);
    expect(study.standardError[study.relative.indexOf(-1)]).toBe(0);
  });

  it('the event study with noise: lags within 3 SE of 0.5, leads within 3 SE of 0', () => {
    const study = didEventStudy(simulatePanel({ seed: 3, noiseSd: 1 }), { window: [-5, 5] });
    study.relative.forEach((e, k) => {
      if (e === -1) return;
      const truth = e >= 0 ? 0.5 : 0;
      expect(Math.abs(study.estimate[k]! - truth)).toBeLessThan(3 * study.standardError[k]!);
    });
  });
});

describe('standard errors against independent computations', () => {
  it('TWFE on a small unbalanced, staggered panel equals a dummy-variable regression with a brute-force cluster sandwich', () => {
    const panel = smallUnbalancedPanel();
    const fit = didTwoWayFixedEffects(panel);
    const classical = didTwoWayFixedEffects(panel, { standardErrors: 'classical' });
    const brute = dummyRegression(panel);
    for (const [j, name] of ['treated:post', 'x'].entries()) {
      expect(Math.abs(termOf(fit, name).estimate - brute.beta[j]!)).toBeLessThan(1e-10);
      expect(Math.abs(termOf(fit, name).standardError / brute.clusterSe[j]! - 1)).toBeLessThan(1e-9);
      expect(Math.abs(termOf(classical, name).standardError / brute.classicalSe[j]! - 1)).toBeLessThan(1e-9);
    }
  });

  it('TWFE with two periods: the closed form of the clustered SE (HC0 of first differences, CR1 factor)', () => {
    const rng = new Random(11);
    const units = 30;
    const unit = new Int32Array(2 * units);
    const period = new Int32Array(2 * units);
    const y = new Float64Array(2 * units);
    const start = new Float64Array(units).fill(NaN);
    for (let i = 0; i < units; i++) {
      if (i % 3 === 0) start[i] = 1;
      const a = rng.normal();
      for (let t = 0; t < 2; t++) {
        unit[2 * i + t] = i;
        period[2 * i + t] = t;
        y[2 * i + t] = a + 0.3 * t + (start[i] === 1 && t === 1 ? 0.7 : 0) + rng.normal() * (1 + i / 10);
      }
    }
    const panel: Panel = { nUnits: units, nPeriods: 2, unit, period, y, covariates: [], treatmentStart: start };
    const did = termOf(didTwoWayFixedEffects(panel), 'treated:post');
    const dy = Array.from({ length: units }, (_, i) => y[2 * i + 1]! - y[2 * i]!);
    const groups = [0, 1].map((g) => dy.filter((_, i) => (start[i] === 1 ? 1 : 0) === g));
    const means = groups.map((v) => v.reduce((s, x) => s + x, 0) / v.length);
    expect(Math.abs(did.estimate - (means[1]! - means[0]!))).toBeLessThan(1e-12);
    const hc0 = groups.reduce((s, v, g) => s + v.reduce((q, x) => q + (x - means[g]!) ** 2, 0) / v.length ** 2, 0);
    const cr1 = (units / (units - 1)) * ((2 * units - 1) / (2 * units - 3));
    expect(Math.abs(did.standardError / Math.sqrt(cr1 * hc0) - 1)).toBeLessThan(1e-12);
  });

  it('pooled OLS without covariates is the difference of cell means with SE² = s²·Σ 1/n_cell', () => {
    const base = simulatePanel({ individuals: 12, periods: 8, treatmentStart: 5, noiseSd: 1, seed: 5 });
    const panel: Panel = { ...base, covariates: [] };
    const fit = didPooledOls(panel);
    const cells = [0, 1, 2, 3].map(() => [] as number[]);
    for (let r = 0; r < panel.y.length; r++) {
      const treated = base.truth.treated[panel.unit[r]!]!;
      const post = panel.period[r]! >= 5 ? 1 : 0;
      cells[2 * treated + post]!.push(panel.y[r]!);
    }
    const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
    const m = cells.map(mean);
    const did = termOf(fit, 'treated:post');
    expect(Math.abs(did.estimate - (m[3]! - m[2]! - (m[1]! - m[0]!)))).toBeLessThan(1e-12);
    const rss = cells.reduce((s, v, k) => s + v.reduce((q, x) => q + (x - m[k]!) ** 2, 0), 0);
    const s2 = rss / (panel.y.length - 4);
    const se = Math.sqrt(s2 * cells.reduce((s, v) => s + 1 / v.length, 0));
    expect(Math.abs(did.standardError / se - 1)).toBeLessThan(1e-12);
  });
});

/** 7 units × 6 periods, three start periods and never-treated units, 5 rows missing, noise and x. */
function smallUnbalancedPanel(): Panel {
  const rng = new Random(99);
  const starts = [2, 2, 4, NaN, NaN, 3, NaN];
  const drop = new Set(['0:5', '2:0', '3:3', '5:1', '6:4']);
  const unit: number[] = [];
  const period: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 7; i++) {
    const a = rng.normal();
    for (let t = 0; t < 6; t++) {
      if (drop.has(`${i}:${t}`)) continue;
      const xi = rng.normal() + 0.2 * t;
      const d = starts[i]! <= t ? 1 : 0;
      unit.push(i);
      period.push(t);
      x.push(xi);
      y.push(a + Math.sin(t) + 0.8 * d + 1.3 * xi + rng.normal());
    }
  }
  return {
    nUnits: 7,
    nPeriods: 6,
    unit: Int32Array.from(unit),
    period: Int32Array.from(period),
    y: Float64Array.from(y),
    covariates: [{ name: 'x', values: Float64Array.from(x) }],
    treatmentStart: Float64Array.from(starts),
  };
}

/**
 * y on [D, x, one dummy per unit, one dummy per period but the first]: coefficients, classical SEs
 * and the cluster-by-unit sandwich with fixest's CR1 factor, K = all parameters − (units − 1).
 */
function dummyRegression(panel: Panel): { beta: Float64Array; classicalSe: Float64Array; clusterSe: Float64Array } {
  const n = panel.y.length;
  const rows: number[][] = [];
  for (let r = 0; r < n; r++) {
    const row = [panel.treatmentStart[panel.unit[r]!]! <= panel.period[r]! ? 1 : 0, panel.covariates[0]!.values[r]!];
    for (let i = 0; i < panel.nUnits; i++) row.push(panel.unit[r] === i ? 1 : 0);
    for (let t = 1; t < panel.nPeriods; t++) row.push(panel.period[r] === t ? 1 : 0);
    rows.push(row);
  }
  const p = rows[0]!.length;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    for (let a = 0; a < p; a++) {
      xty[a] = xty[a]! + rows[r]![a]! * panel.y[r]!;
      for (let b = 0; b < p; b++) xtx[a * p + b] = xtx[a * p + b]! + rows[r]![a]! * rows[r]![b]!;
    }
  }
  expect(cholesky(xtx, p)).toBe(true);
  const inv = choleskyInverse(xtx, p);
  const beta = Float64Array.from({ length: p }, (_, a) => inv.slice(a * p, a * p + p).reduce((s, v, b) => s + v * xty[b]!, 0));
  const resid = rows.map((row, r) => panel.y[r]! - row.reduce((s, v, a) => s + v * beta[a]!, 0));
  const rss = resid.reduce((s, e) => s + e * e, 0);
  const s2 = rss / (n - p);
  const meat = new Float64Array(p * p);
  for (let g = 0; g < panel.nUnits; g++) {
    const score = new Float64Array(p);
    rows.forEach((row, r) => {
      if (panel.unit[r] === g) row.forEach((v, a) => (score[a] = score[a]! + v * resid[r]!));
    });
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) meat[a * p + b] = meat[a * p + b]! + score[a]! * score[b]!;
  }
  const G = panel.nUnits;
  const K = p - (panel.nUnits - 1);
  const factor = (G / (G - 1)) * ((n - 1) / (n - K));
  const v = (a: number): number => {
    let s = 0;
    for (let k = 0; k < p; k++) for (let l = 0; l < p; l++) s += inv[a * p + k]! * meat[k * p + l]! * inv[l * p + a]!;
    return s * factor;
  };
  return {
    beta: beta.slice(0, 2),
    classicalSe: Float64Array.of(Math.sqrt(s2 * inv[0]!), Math.sqrt(s2 * inv[p + 1]!)),
    clusterSe: Float64Array.of(Math.sqrt(v(0)), Math.sqrt(v(1))),
  };
}
