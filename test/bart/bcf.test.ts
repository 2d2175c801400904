import { describe, expect, it } from 'vitest';
import { BayesTreeUplift } from '../../src/uplift/bart/learner.js';
import { upliftLearnerFromJSON } from '../../src/uplift/methods.js';
import { simulateCampaign } from './simulate.js';
import type { Effects } from '../../src/effects/effects.js';

/** Share of units whose true effect lies in the equal-tailed interval of their draws, and √PEHE of the mean. */
function coverage(e: Effects, truth: Float64Array, level: number): { cover: number; pehe: number } {
  const S = e.draws!.count;
  const n = e.units;
  const K = e.arms.length;
  let inside = 0;
  let se = 0;
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from({ length: S }, (_, s) => e.draws!.values[(s * n + i) * K + 1]!).sort();
    const lo = v[Math.floor(((1 - level) / 2) * S)]!;
    const hi = v[Math.ceil((1 - (1 - level) / 2) * S) - 1]!;
    if (truth[i]! >= lo && truth[i]! <= hi) inside++;
    se += (e.mean[i * K + 1]! - truth[i]!) ** 2;
  }
  return { cover: inside / n, pehe: Math.sqrt(se / n) };
}

// The product's warm start (3 grow-from-root sweeps) with a shortened warm-up and 2 × 150 draws.
const quick = { chains: 2, warmup: 50, draws: 150, keep: 200, seed: 4 };

describe('bcf and bart posterior CATE', () => {
  it('bcf: 90 % per-unit intervals cover the true CATE for ≥ 85 % of units (confounded, continuous)', () => {
    const sim = simulateCampaign(300, 21, 'continuous');
    const model = new BayesTreeUplift({ method: 'bcf', task: 'regression', ...quick, threads: 2 }).fit(sim.X, sim.arm, sim.y);
    const e = model.predictEffects(sim.X);
    expect(e.draws!.kind).toBe('posterior');
    expect(e.draws!.count).toBe(200);
    const { cover, pehe } = coverage(e, sim.cate, 0.9);
    expect(cover).toBeGreaterThanOrEqual(0.85);
    // The effect ranges over [0.5, 1.5] (sd 0.29); the posterior mean must be well inside that.
    expect(pehe).toBeLessThan(0.2);
    const ate = model.summaries.find((s) => s.name === 'ate[1]')!;
    let truth = 0;
    for (const v of sim.cate) truth += v;
    truth /= sim.cate.length;
    expect(ate.lower).toBeLessThan(truth);
    expect(ate.upper).toBeGreaterThan(truth);
  }, 120_000);

  it('bcf on a binary outcome: effects are probability differences and the intervals cover', () => {
    const sim = simulateCampaign(400, 8, 'binary', true);
    const model = new BayesTreeUplift({ method: 'bcf', task: 'classification', ...quick, threads: 2 }).fit(sim.X, sim.arm, sim.y);
    const e = model.predictEffects(sim.X);
    const { cover, pehe } = coverage(e, sim.cate, 0.9);
    expect(cover).toBeGreaterThanOrEqual(0.85);
    expect(pehe).toBeLessThan(0.08);
    for (const v of e.draws!.values) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  }, 120_000);

  it('bcf: per-unit 90 % coverage ≥ 85 % on randomised continuous and confounded binary campaigns too', () => {
    // n = 1000 for the randomised continuous case: at n = 300 bcf covers 80–94 % of units (seeds 22–24,
    // the sampler before and after the warm start alike; see BENCHMARKS.md), below the bar.
    const cont = simulateCampaign(1000, 22, 'continuous', true);
    const a = new BayesTreeUplift({ method: 'bcf', task: 'regression', ...quick, threads: 2 }).fit(cont.X, cont.arm, cont.y);
    const ca = coverage(a.predictEffects(cont.X), cont.cate, 0.9);
    expect(ca.cover).toBeGreaterThanOrEqual(0.85);
    expect(ca.pehe).toBeLessThan(0.2);
    const bin = simulateCampaign(400, 9, 'binary');
    const b = new BayesTreeUplift({ method: 'bcf', task: 'classification', ...quick, threads: 2 }).fit(bin.X, bin.arm, bin.y);
    const cb = coverage(b.predictEffects(bin.X), bin.cate, 0.9);
    expect(cb.cover).toBeGreaterThanOrEqual(0.85);
    // At n = 400 with confounding the point estimate is rough (√PEHE ≈ 0.11; 0.04 at n = 1000 in
    // bench/bart-posterior): it must at least beat predicting no effect (RMS of the true CATE).
    let rms = 0;
    for (const v of bin.cate) rms += v * v;
    expect(cb.pehe).toBeLessThan(0.6 * Math.sqrt(rms / bin.cate.length));
  }, 120_000);

  it('bcf: the 94 % interval of the average effect covers the truth in ≥ 8 of 10 seeded replications', () => {
    // 94 % nominal: P(≤ 7 of 10 covered) ≈ 0.02 if the intervals are calibrated. bench/bart-coverage
    // measures the rate over 50 replications at the default sampler.
    let covered = 0;
    for (let r = 0; r < 10; r++) {
      const sim = simulateCampaign(150, 100 + r, 'continuous');
      const model = new BayesTreeUplift({ method: 'bcf', task: 'regression', chains: 2, warmup: 30, draws: 100, keep: 10, seed: r, threads: 2 }).fit(sim.X, sim.arm, sim.y);
      const q = model.summaries.find((s) => s.name === 'ate[1]')!;
      let truth = 0;
      for (const v of sim.cate) truth += v;
      truth /= sim.cate.length;
      if (q.lower <= truth && truth <= q.upper) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it('bart: same draws for 1 and 2 threads, and a saved model scores the same bits', () => {
    const sim = simulateCampaign(120, 3, 'continuous');
    const opts = { ...quick, warmup: 30, draws: 30, keep: 20 };
    const one = new BayesTreeUplift({ method: 'bart', task: 'regression', ...opts, threads: 1 }).fit(sim.X, sim.arm, sim.y);
    const two = new BayesTreeUplift({ method: 'bart', task: 'regression', ...opts, threads: 2 }).fit(sim.X, sim.arm, sim.y);
    const a = one.predictEffects(sim.X);
    const b = two.predictEffects(sim.X);
    expect(Buffer.from(a.draws!.values.buffer).equals(Buffer.from(b.draws!.values.buffer))).toBe(true);
    expect(one.summaries).toEqual(two.summaries);
    const loaded = upliftLearnerFromJSON(JSON.parse(JSON.stringify(one.toJSON())));
    const c = loaded.predictEffects!(sim.X, { draws: 10 });
    const d = one.predictEffects(sim.X, { draws: 10 });
    expect(c.draws!.count).toBe(10);
    expect(Buffer.from(c.draws!.values.buffer).equals(Buffer.from(d.draws!.values.buffer))).toBe(true);
  }, 120_000);

  it('a damaged saved forest is refused with the field named', () => {
    const sim = simulateCampaign(60, 3, 'continuous');
    const model = new BayesTreeUplift({ method: 'bcf', task: 'regression', ...quick, chains: 1, warmup: 5, draws: 5, threads: 1 }).fit(sim.X, sim.arm, sim.y);
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    json.state.forests[1].counts = json.state.forests[1].counts.slice(0, 8);
    expect(() => upliftLearnerFromJSON(json)).toThrow(/state\.forests\[1\]/);
  });
});
