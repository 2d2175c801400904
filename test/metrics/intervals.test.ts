import { describe, expect, it } from 'vitest';
import { qiniAucScore, upliftAtK, upliftAucScore, upliftMetricIntervals } from '../../src/metrics/index.js';
import { Random } from '../../src/util/random.js';

/**
 * A randomised campaign with known effects: x ~ U(0, 1), P(y = 1 | control) = 0.2,
 * effect τ(x) = 0.1·x, half the rows treated, scores = x (the true ranking) plus
 * optional noise. The population uplift@0.3 of the true ranking is E[τ | x > 0.7] = 0.085.
 */
function campaign(rng: Random, n: number, noise = 0) {
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = rng.uniform();
    t[i] = rng.uniform() < 0.5 ? 1 : 0;
    y[i] = rng.uniform() < 0.2 + 0.1 * x * t[i]! ? 1 : 0;
    u[i] = x + noise * rng.normal();
  }
  return { y, t, u };
}

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => Math.sqrt(x.reduce((a, v) => a + (v - mean(x)) ** 2, 0) / (x.length - 1));

describe('upliftMetricIntervals', () => {
  it('estimates equal qiniAucScore, upliftAucScore and upliftAtK of the rows as given', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { y, t, u } = campaign(new Random(seed), 500, 0.3);
      // Ties in the scores too (rounded), where the cut points matter.
      const rounded = u.map((v) => Math.round(v * 20) / 20);
      for (const score of [u, rounded]) {
        const r = upliftMetricIntervals(y, score, t, { k: 0.3, replicates: 10, seed });
        expect(r.qiniAuc.estimate).toBeCloseTo(qiniAucScore(y, score, t), 12);
        expect(r.upliftAuc.estimate).toBeCloseTo(upliftAucScore(y, score, t), 12);
        expect(r.upliftAtK.estimate).toBeCloseTo(upliftAtK(y, score, t, { strategy: 'overall', k: 0.3 }), 12);
      }
    }
  });

  it('same seed, same intervals; names bad k', () => {
    const { y, t, u } = campaign(new Random(3), 300);
    expect(upliftMetricIntervals(y, u, t, { seed: 4 })).toEqual(upliftMetricIntervals(y, u, t, { seed: 4 }));
    expect(() => upliftMetricIntervals(y, u, t, { k: 1.5 })).toThrow(/k = 1.5/);
  });

  it('uplift@k: the bootstrap standard error matches the closed form of a difference of two proportions', () => {
    const { y, t, u } = campaign(new Random(11), 4000);
    const r = upliftMetricIntervals(y, u, t, { k: 0.3, replicates: 400, seed: 1 });
    // The top 1200 rows by score; with weights only the boundary moves, so the SE is that of the two rates.
    const top = Array.from(u.keys()).sort((a, b) => u[b]! - u[a]!).slice(0, 1200);
    const treated = top.filter((i) => t[i] === 1);
    const control = top.filter((i) => t[i] === 0);
    const p1 = mean(treated.map((i) => y[i]!));
    const p0 = mean(control.map((i) => y[i]!));
    const closed = Math.sqrt((p1 * (1 - p1)) / treated.length + (p0 * (1 - p0)) / control.length);
    expect(r.upliftAtK.standardError / closed).toBeGreaterThan(0.87);
    expect(r.upliftAtK.standardError / closed).toBeLessThan(1.15);
    // The 95 % percentile interval is about ±1.96 standard errors.
    expect((r.upliftAtK.upper - r.upliftAtK.lower) / (2 * 1.96 * closed)).toBeGreaterThan(0.85);
    expect((r.upliftAtK.upper - r.upliftAtK.lower) / (2 * 1.96 * closed)).toBeLessThan(1.15);
  });

  it('covers the population uplift@k, and its spread matches the Qini and uplift AUCs across simulated campaigns', () => {
    const runs = 80;
    let covered = 0;
    const qini: number[] = [];
    const auc: number[] = [];
    const qiniSe: number[] = [];
    const aucSe: number[] = [];
    for (let run = 0; run < runs; run++) {
      const { y, t, u } = campaign(new Random(100 + run), 2000);
      const r = upliftMetricIntervals(y, u, t, { k: 0.3, level: 0.9, replicates: 200, seed: run });
      if (r.upliftAtK.lower <= 0.085 && 0.085 <= r.upliftAtK.upper) covered++;
      qini.push(r.qiniAuc.estimate);
      auc.push(r.upliftAuc.estimate);
      qiniSe.push(r.qiniAuc.standardError);
      aucSe.push(r.upliftAuc.standardError);
    }
    console.log(
      `uplift@0.3 90 % coverage ${covered}/${runs}; Qini AUC sd across campaigns ${sd(qini).toFixed(4)} vs mean bootstrap SE ${mean(qiniSe).toFixed(4)}; uplift AUC ${sd(auc).toFixed(4)} vs ${mean(aucSe).toFixed(4)}`,
    );
    // 90 % nominal; with 80 runs, 80 %–97 % is well inside what a calibrated interval gives.
    expect(covered / runs).toBeGreaterThanOrEqual(0.8);
    expect(covered / runs).toBeLessThanOrEqual(0.97);
    // The bootstrap SE estimates the estimator's sampling spread (the simulated truth).
    expect(mean(qiniSe) / sd(qini)).toBeGreaterThan(0.75);
    expect(mean(qiniSe) / sd(qini)).toBeLessThan(1.33);
    expect(mean(aucSe) / sd(auc)).toBeGreaterThan(0.75);
    expect(mean(aucSe) / sd(auc)).toBeLessThan(1.33);
  }, 60_000);
});
