import { describe, expect, it } from 'vitest';
import { ForestSampler } from '../../src/learners/bart/forest-sampler.js';
import { BayesTreeUplift } from '../../src/uplift/bart/learner.js';
import { upliftLearnerFromJSON } from '../../src/uplift/methods.js';
import { Random } from '../../src/util/random.js';
import { simulateCampaign } from './simulate.js';

/** A forest over one item whose likelihood is switched off (σ² huge): its Gibbs steps then sample the prior. */
function priorForest(trees: number, alpha: number, beta: number, leafSd: number): ForestSampler {
  return new ForestSampler(
    { codes: Uint8Array.of(3, 100, 200), nColumns: 3, nBins: Int32Array.of(255, 255, 255), vars: Int32Array.of(0, 1, 2), items: 1, unitOf: Int32Array.of(0), basis: Uint8Array.of(1) },
    { trees, alpha, beta, leafSd, minLeaf: 0 },
  );
}

describe('bcf effect-forest hyperparameters (opt-in: learnAlphaTau, sampleLeafScaleTau, adaptiveCoding, tauIntercept)', () => {
  it('each Gibbs step leaves its prior invariant: alternated with prior-only sweeps, the hyperparameter’s marginal is its prior', () => {
    const rng = new Random(11);
    const resid = new Float64Array(1);
    const noLikelihood = 1e12;
    // α uniform on a grid: every value about a quarter of the time.
    const grid = [0.25, 0.5, 0.75, 0.95];
    const a = priorForest(10, 0.5, 2, 1);
    const hits = new Float64Array(4);
    const sweeps = 6000;
    for (let it = 0; it < sweeps + 100; it++) {
      a.sweep(resid, 1, rng, false);
      a.drawAlpha(rng, grid);
      if (it >= 100) hits[grid.indexOf(a.alpha)]!++;
    }
    for (const h of hits) expect(Math.abs(h / sweeps - 0.25)).toBeLessThan(0.035);
    // Leaf variance ~ IG(3, 2): E[1/v] = 3/2 and E[v] = 1.
    const v = priorForest(10, 0.5, 2, 1);
    let inv = 0;
    let mean = 0;
    for (let it = 0; it < sweeps; it++) {
      v.sweep(resid, noLikelihood, rng, false);
      v.drawLeafVariance(rng, 3, 2);
      inv += 1 / v.leafVariance / sweeps;
      mean += v.leafVariance / sweeps;
    }
    expect(Math.abs(inv - 1.5)).toBeLessThan(0.08);
    expect(Math.abs(mean - 1)).toBeLessThan(0.1);
    // The expansion's scale s ~ N(0, 0.5²) and an intercept ~ N(0, 0.3²).
    const s = priorForest(10, 0.5, 2, 0.2);
    let ss = 0;
    let cc = 0;
    for (let it = 0; it < sweeps; it++) {
      s.sweep(resid, noLikelihood, rng, true);
      s.rescale(resid, noLikelihood, rng, 0.5);
      s.drawIntercept(resid, noLikelihood, rng, 0.09);
      ss += s.scale ** 2 / sweeps;
      cc += s.shift ** 2 / sweeps;
    }
    expect(Math.abs(ss - 0.25)).toBeLessThan(0.03);
    expect(Math.abs(cc - 0.09)).toBeLessThan(0.012);
  });

  it('the kept forests carry the scale and the intercept: scores of the saved model average to the chain’s own ATE draws', () => {
    const sim = simulateCampaign(300, 5, 'continuous', true);
    for (const extra of [{ adaptiveCoding: true }, { tauIntercept: true }, { learnAlphaTau: true, sampleLeafScaleTau: true }]) {
      // Every draw kept, so the mean of the kept draws' effects is the summary's posterior mean exactly.
      const opts = { chains: 2, warmup: 20, draws: 40, keep: 80, seed: 3, threads: 2, ...extra };
      const model = new BayesTreeUplift({ method: 'bcf', task: 'regression', ...opts }).fit(sim.X, sim.arm, sim.y);
      const e = upliftLearnerFromJSON(JSON.parse(JSON.stringify(model.toJSON()))) as BayesTreeUplift;
      const effects = e.predictEffects(sim.X);
      let m = 0;
      for (let i = 0; i < sim.X.nRows; i++) m += effects.mean[i * 2 + 1]! / sim.X.nRows;
      const ate = model.summaries.find((q) => q.name === 'ate[1]')!;
      expect(m).toBeCloseTo(ate.mean, 9);
      // And the ATE's interval covers the simulated truth.
      let truth = 0;
      for (const v of sim.cate) truth += v / sim.cate.length;
      expect(ate.lower).toBeLessThan(truth);
      expect(ate.upper).toBeGreaterThan(truth);
      // Same draws whatever the thread count.
      const one = new BayesTreeUplift({ method: 'bcf', task: 'regression', ...opts, threads: 1 }).fit(sim.X, sim.arm, sim.y);
      expect(one.summaries.find((q) => q.name === 'ate[1]')!.mean).toBe(ate.mean);
    }
  }, 60_000);
});
