/**
 * posteriordb validation (issue 5): our fits of six posteriors give every
 * reference parameter's mean within 4 Monte Carlo standard errors of the
 * reference, |est − ref| / √(mcse² + mcse_ref²) < 4, and the centred eight
 * schools model reports divergences.
 */
import { expect, it } from 'vitest';
import { describeWithShared } from '../../helpers/shared.js';
import { sample } from '../../../src/bayes/sampler/sample.js';
import { summarizeDraws } from '../../../src/bayes/diagnostics/summary.js';
import { diagnose } from '../../../src/bayes/diagnostics/diagnose.js';
import type { Model } from '../../../src/bayes/model/model.js';
import { referenceMeans } from './posteriordb.js';
import * as models from './posteriordb-models.js';

const DB = 'data/posteriordb';
const cases: Array<[string, () => Model, string]> = [
  ['eight_schools_noncentered', models.eightSchoolsNoncentered, 'eight_schools-eight_schools_noncentered'],
  ['kidiq kidscore_interaction', models.kidscoreInteraction, 'kidiq-kidscore_interaction'],
  ['earnings logearn_interaction', models.logearnInteraction, 'earnings-logearn_interaction'],
  ['nes2000 nes', models.nes, 'nes2000-nes'],
  ['sblrc blr', models.blr, 'sblrc-blr'],
  ['mesquite logmesquite', models.logmesquite, 'mesquite-logmesquite'],
];

describeWithShared('posteriordb reference posteriors', [`${DB}/reference_posteriors/summary_statistics/mean_value`, `${DB}/data/data`], () => {
  it.each(cases)('%s: every mean within 4 MCSE of the reference, R̂ ≤ 1.01', async (_name, build, reference) => {
    const fit = await sample(build().source(), { chains: 4, warmup: 1000, draws: 1000, seed: 20261121 });
    const ref = referenceMeans(reference);
    const summary = summarizeDraws(fit, { parameters: ref.names });
    const report = ref.names.map((name, k) => {
      const row = summary.rows[k]!;
      const z = Math.abs(row.mean - ref.mean_value[k]!) / Math.hypot(row.mcseMean, ref.mcse_mean[k]!);
      return { name, mean: row.mean, reference: ref.mean_value[k], z, rhat: row.rhat };
    });
    for (const r of report) {
      expect(r.z, `${r.name}: ${r.mean} vs ${r.reference}`).toBeLessThan(4);
      expect(r.rhat, r.name).toBeLessThan(1.01);
    }
  });

  it('eight_schools_centered: the funnel produces divergences, and diagnose() warns', async () => {
    const fit = await sample(models.eightSchoolsCentered().source(), { chains: 4, warmup: 1000, draws: 1000, seed: 20261121 });
    const divergences = fit.stats.divergent.reduce((a, b) => a + b, 0);
    expect(divergences).toBeGreaterThan(0);
    expect(diagnose(fit).warnings.map((w) => w.code)).toContain('W_DIVERGENT');
  });
});
