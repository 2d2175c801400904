/**
 * The paint line of the seed example (issue 5): humid → dilution → coating,
 * humid → coating. Simulate N = 1000, fit, and estimate
 * ATE = E[coating | do(dilution = 1)] − E[coating | do(dilution = 0)];
 * the true −0.421 must lie inside the 94 % interval.
 */
import { describe, expect, it } from 'vitest';
import { sample } from '../../../src/bayes/sampler/sample.js';
import { parameterDraws } from '../../../src/bayes/sampler/result.js';
import { hdi } from '../../../src/bayes/diagnostics/summary.js';
import { averageEffect, cate } from '../../../src/bayes/causal/effects.js';
import { intervene } from '../../../src/bayes/causal/conditioning.js';
import { predictive } from '../../../src/bayes/causal/predictive.js';
import { PAINT_LINE, paintLineData, paintLineModel } from '../../../src/bayes/model/examples.js';

describe('paint line: ATE of dilution on coating', () => {
  const data = paintLineData(1000, 2026);
  const model = paintLineModel(data);

  it('recovers the true ATE −0.421 inside the 94 % HDI; CATE and predictive draws agree', async () => {
    const fit = await sample(model.source(), { chains: 4, warmup: 1000, draws: 1000, seed: 7 });
    const tau = cate(model, fit, { treatment: 'dilution', outcome: 'coating' });
    expect(tau.shape).toEqual([4000, 1000]);
    const ate = averageEffect(tau);
    const [low, high] = hdi(ate, 0.94);
    expect(low).toBeLessThan(PAINT_LINE.dilutionOnCoating);
    expect(high).toBeGreaterThan(PAINT_LINE.dilutionOnCoating);
    // For this linear outcome every unit's effect is the coefficient b_dc, draw by draw.
    const b = parameterDraws(fit, 'b_dc');
    for (let s = 0; s < 4000; s += 97) expect(ate[s]).toBeCloseTo(b[s]!, 12);

    // The same contrast from noisy predictive draws under do(dilution = 1) and do(dilution = 0).
    const meanOf = (v: Float64Array) => v.reduce((a, x) => a + x, 0) / v.length;
    const treated = predictive(intervene(model, { dilution: 1 }), fit, { nodes: ['coating'], seed: 1 }).get('coating')!;
    const control = predictive(intervene(model, { dilution: 0 }), fit, { nodes: ['coating'], seed: 2 }).get('coating')!;
    expect(meanOf(treated.values) - meanOf(control.values)).toBeCloseTo(meanOf(ate), 2);
  });
});
