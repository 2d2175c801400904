/**
 * Multilevel tadpoles, m13.2 on reedfrogs (issue 5), against rstan 2.21 on
 * this machine: ā = 1.347 ± 0.258 (ESS 3342), σ = 1.621 ± 0.216 (ESS 2183).
 * Means and sds must agree within 4 combined Monte Carlo standard errors,
 * Stan's MCSE taken as sd/√ESS for the mean and sd/√(2·ESS) for the sd.
 */
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../helpers/shared.js';
import { readTable } from '../../../src/data/read.js';
import { sample } from '../../../src/bayes/sampler/sample.js';
import { summarizeDraws } from '../../../src/bayes/diagnostics/summary.js';
import { m13_2Model } from '../../../src/bayes/model/examples.js';

const FILE = 'data/rethinking/reedfrogs.csv';
const rstan = {
  abar: { mean: 1.347, sd: 0.258, ess: 3342 },
  sigma: { mean: 1.621, sd: 0.216, ess: 2183 },
};

describeWithShared('m13.2 on reedfrogs', [FILE], () => {
  it('matches rstan’s posterior means and sds of abar and sigma', async () => {
    const table = await readTable(sharedPath(FILE));
    const model = m13_2Model(table);
    expect(model.compile().dim).toBe(50);
    const fit = await sample(model.source(), { chains: 4, warmup: 1000, draws: 1000, seed: 13 });
    const summary = summarizeDraws(fit, { parameters: ['abar', 'sigma'] });
    for (const row of summary.rows) {
      const ref = rstan[row.parameter as 'abar' | 'sigma'];
      // The published numbers are rounded to 3 decimals: allow that rounding too.
      const zMean = (Math.abs(row.mean - ref.mean) - 0.0005) / Math.hypot(row.mcseMean, ref.sd / Math.sqrt(ref.ess));
      const zSd = (Math.abs(row.sd - ref.sd) - 0.0005) / Math.hypot(row.mcseSd, ref.sd / Math.sqrt(2 * ref.ess));
      expect(zMean, `${row.parameter} mean ${row.mean}`).toBeLessThan(4);
      expect(zSd, `${row.parameter} sd ${row.sd}`).toBeLessThan(4);
      expect(row.rhat).toBeLessThan(1.01);
      expect(row.essBulk).toBeGreaterThan(1000);
    }
    expect(fit.stats.divergent.reduce((a, b) => a + b, 0)).toBe(0);
  });
});
