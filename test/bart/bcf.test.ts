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

const quick = { chains: 2, warmup: 150, draws: 150, keep: 200, seed: 4 };

describe('bcf and bart posterior CATE', () => {
  it('bcf: 90 % per-unit intervals cover the true CATE for ≥ 85 % of units (confounded, continuous)', () => {
    const sim = simulateCampaign(300, 21, 'continuous');
    const model = new BayesTreeUplift('bcf', 'continuous', { ...quick, threads: 2 }).fit(sim.X, sim.arm, sim.y);
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
    const model = new BayesTreeUplift('bcf', 'binary', { ...quick, threads: 2 }).fit(sim.X, sim.arm, sim.y);
    const e = model.predictEffects(sim.X);
    const { cover, pehe } = coverage(e, sim.cate, 0.9);
    expect(cover).toBeGreaterThanOrEqual(0.85);
    expect(pehe).toBeLessThan(0.08);
    for (const v of e.draws!.values) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  }, 120_000);

  it('bart: same draws for 1 and 2 threads, and a saved model scores the same bits', () => {
    const sim = simulateCampaign(120, 3, 'continuous');
    const opts = { ...quick, warmup: 30, draws: 30, keep: 20 };
    const one = new BayesTreeUplift('bart', 'continuous', { ...opts, threads: 1 }).fit(sim.X, sim.arm, sim.y);
    const two = new BayesTreeUplift('bart', 'continuous', { ...opts, threads: 2 }).fit(sim.X, sim.arm, sim.y);
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
    const model = new BayesTreeUplift('bcf', 'continuous', { ...quick, chains: 1, warmup: 5, draws: 5, threads: 1 }).fit(sim.X, sim.arm, sim.y);
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    json.state.forests[1].counts = json.state.forests[1].counts.slice(0, 8);
    expect(() => upliftLearnerFromJSON(json)).toThrow(/state\.forests\[1\]/);
  });
});
