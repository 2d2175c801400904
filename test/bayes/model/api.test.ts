import { describe, expect, it } from 'vitest';
import { intervene } from '../../../src/bayes/causal/conditioning.js';
import { Model } from '../../../src/bayes/model/model.js';
import { sample } from '../../../src/bayes/sampler/sample.js';

describe('Bayesian API', () => {
  it('sample() takes the model itself and gives the same draws as its source', async () => {
    const model = new Model().param('mu', 'Normal(0, 1)').observed('y', 'Normal(mu, 1)', [0.4, 1.1, 0.7]);
    const options = { chains: 2, warmup: 100, draws: 100, seed: 3 };
    const a = await sample(model, options);
    const b = await sample(model.source(), options);
    expect(a.values).toEqual(b.values);
    // Conjugate posterior of mu: N(Σy / (n + 1), 1 / (n + 1)) = N(0.55, 0.25).
    const mean = a.values.reduce((s, v) => s + v, 0) / a.values.length;
    expect(Math.abs(mean - 0.55)).toBeLessThan(0.15);
  });

  it('do() on a group node says do, not observe', () => {
    const model = new Model().group('tank', [0, 1, 1], { levels: 2 }).param('a', 'Normal(0, 1)', { shape: 'tank' }).observed('y', 'Normal(a[tank], 1)', [0, 1, 2]);
    expect(() => intervene(model, { tank: 1 })).toThrow(expect.objectContaining({ code: 'E_MODEL_DO_KIND', message: expect.stringMatching(/^field tank: do: 'tank' is a group node/) }));
  });
});
