import { describe, expect, it } from 'vitest';
import { BayesTreeUplift } from '../../src/uplift/bart/learner.js';
import { upliftLearnerFromJSON } from '../../src/uplift/methods.js';
import { simulateCampaign } from './simulate.js';

// bart's average effects come from the chain's running fit of every unit at every arm: the counterfactual rows'
// fits are updated after each sweep, several trees per pass (grows routed before, prunes after, changes alone),
// and the residual is held in the forest's order. Scoring the saved forests walks every tree from its root
// instead, so the two agree only if every counterfactual row sits in the right leaf of every kept draw.
describe('bart: the chain’s counterfactual fits match the saved forests', () => {
  it('scores of the saved model average to the chain’s own ATE draws (3 arms, continuous and binary)', () => {
    for (const kind of ['continuous', 'binary'] as const) {
      const sim = simulateCampaign(240, 7, kind, true);
      // Treated units split over arms 1 and 2, so two blocks of rows are counterfactual for every unit.
      const arm = Int32Array.from(sim.arm, (a, i) => (a === 0 ? 0 : 1 + (i % 2)));
      // Every draw kept, so the mean of the kept draws' effects is the summary's posterior mean up to rounding.
      const opts = { trees: 50, chains: 2, warmup: 15, draws: 30, keep: 60, seed: 5, threads: 1 };
      const model = new BayesTreeUplift({ method: 'bart', task: kind === 'binary' ? 'classification' : 'regression', ...opts }).fit(sim.X, arm, sim.y);
      const loaded = upliftLearnerFromJSON(JSON.parse(JSON.stringify(model.toJSON()))) as BayesTreeUplift;
      const effects = loaded.predictEffects(sim.X);
      const n = sim.X.nRows;
      for (const k of [1, 2]) {
        let m = 0;
        for (let i = 0; i < n; i++) m += effects.mean[i * 3 + k]! / n;
        const ate = model.summaries.find((q) => q.name === `ate[${k}]`)!;
        expect(Math.abs(ate.mean)).toBeGreaterThan(0.05);
        expect(m).toBeCloseTo(ate.mean, 9);
      }
    }
  }, 30_000);
});
