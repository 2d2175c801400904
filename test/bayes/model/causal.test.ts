import { describe, expect, it } from 'vitest';
import { Model } from '../../../src/bayes/model/model.js';
import { observe, intervene, do as doAlias } from '../../../src/bayes/causal/index.js';
import { predictive } from '../../../src/bayes/causal/predictive.js';
import { armEffects, cate, expectedOutcomes } from '../../../src/bayes/causal/effects.js';
import type { DrawsArray } from '../../../src/bayes/sampler/result.js';
import { Random } from '../../../src/util/random.js';
import { InputError } from '../../../src/errors.js';

/** Posterior draws written by hand: one chain, rows of named values. */
function drawsOf(names: string[], rows: number[][]): DrawsArray {
  return { parameterNames: names, chains: 1, draws: rows.length, values: Float64Array.from(rows.flat()) };
}

const mean = (v: ArrayLike<number>, from = 0, step = 1, count = v.length): number => {
  let s = 0;
  for (let k = 0; k < count; k++) s += v[from + k * step]!;
  return s / count;
};
const invLogit = (x: number) => 1 / (1 + Math.exp(-x));

describe('observe', () => {
  const prior = new Model().param('mu', 'Normal(0, 1)').param('y', 'Normal(mu, 1)', { shape: 3 });

  it('turns a free variable into an observed one and leaves the original untouched', () => {
    const post = observe(prior, { y: [0.2, -0.1, 0.5] });
    expect(post.node('y')!.kind).toBe('observed');
    expect(prior.node('y')!.kind).toBe('param');
    expect(prior.compile().dim).toBe(4);
    expect(post.compile().dim).toBe(1);
    // Posterior of mu is conjugate: the log density at mu differs from the prior's by the likelihood.
    const lp = post.compile().logDensity(Float64Array.of(0.3));
    const normal = (x: number, m: number) => -0.5 * (x - m) ** 2 - 0.5 * Math.log(2 * Math.PI);
    expect(lp).toBeCloseTo(normal(0.3, 0) + normal(0.2, 0.3) + normal(-0.1, 0.3) + normal(0.5, 0.3), 12);
  });

  it('checks lengths and kinds', () => {
    expect(() => observe(prior, { y: [1, 2] })).toThrow(/has 3 elements but 2 values/);
    expect(() => observe(prior.deterministic('d', 'mu * 2'), { d: [1] })).toThrow(InputError);
    expect(() => observe(prior, { nope: [1] })).toThrow(/no node 'nope'/);
  });
});

describe('do (intervene)', () => {
  const scm = new Model()
    .data('humid', [0.5, -1, 2])
    .param('a', 'Normal(0, 1)')
    .param('b', 'Normal(0, 1)')
    .observed('t', 'BernoulliLogit(a + humid)', [1, 0, 1])
    .observed('y', 'Normal(b * t - humid, 1)', [0.3, -1.2, 1.0]);

  it('replaces the node by a constant: it loses its likelihood and its parents’ influence, parents stay', () => {
    const treated = intervene(scm, { t: 1 });
    expect(doAlias).toBe(intervene);
    expect(scm.node('t')!.kind).toBe('observed');
    expect(treated.node('t')).toEqual({ kind: 'data', name: 't', values: Float64Array.of(1) });
    expect(treated.interventions).toEqual(['t']);
    const th = Float64Array.of(0.4, -0.7);
    const normal = (x: number, m: number) => -0.5 * (x - m) ** 2 - 0.5 * Math.log(2 * Math.PI);
    // a keeps its prior but no longer meets the t likelihood; y sees t = 1 everywhere.
    const expected = normal(0.4, 0) + normal(-0.7, 0) + normal(0.3, -0.7 - 0.5) + normal(-1.2, -0.7 + 1) + normal(1.0, -0.7 - 2);
    expect(treated.compile().logDensity(th)).toBeCloseTo(expected, 12);
  });

  it('an expression becomes a deterministic node', () => {
    const shifted = intervene(scm, { t: '1 - humid * 0' });
    expect(shifted.node('t')).toMatchObject({ kind: 'deterministic', expr: '1 - humid * 0' });
    expect(() => intervene(scm, { t: {} as unknown as number })).toThrow(/must be a number/);
  });
});

describe('posterior predictive under an intervention (pymc issue 6977)', () => {
  // x → y (a latent free variable) → z (observed); d is a deterministic of y; w is unrelated.
  const model = new Model()
    .param('x', 'Normal(0, 1)')
    .param('y', 'Normal(2 * x, 0.1)')
    .deterministic('d', '3 * y')
    .param('w', 'Normal(0, 1)')
    .observed('z', 'Normal(y + 0 * w, 1)', [1.1, 0.9, 1.0]);
  const rng = new Random(5);
  const rows = Array.from({ length: 400 }, () => {
    const x = 0.5 + 0.05 * rng.normal();
    const y = 2 * x + 0.1 * rng.normal();
    return [x, y, rng.normal(), 3 * y];
  });
  const posterior = drawsOf(['x', 'y', 'w', 'd'], rows);

  it('recomputes every descendant of the intervened node; the rest keep their posterior draws', () => {
    const pp = predictive(intervene(model, { x: 10 }), posterior, { nodes: ['y', 'd', 'z', 'w'], seed: 3 });
    const y = pp.get('y')!.values;
    // Reusing the stored y (the 6977 bug) would give ≈ 1; y | do(x = 10) ~ Normal(20, 0.1).
    expect(mean(y)).toBeGreaterThan(19.95);
    expect(mean(y)).toBeLessThan(20.05);
    const d = pp.get('d')!.values;
    for (let s = 0; s < 400; s++) expect(d[s]).toBeCloseTo(3 * y[s]!, 12);
    const z = pp.get('z')!;
    expect(z.length).toBe(3);
    expect(mean(z.values)).toBeCloseTo(20, 0);
    // w is not downstream of x: its posterior draws pass through unchanged.
    expect(Array.from(pp.get('w')!.values)).toEqual(rows.map((r) => r[2]));
  });

  it('without an intervention, free parameters keep their draws and observed nodes are replicated', () => {
    const pp = predictive(model, posterior, { nodes: ['y', 'z'], seed: 3 });
    expect(Array.from(pp.get('y')!.values)).toEqual(rows.map((r) => r[1]));
    const z = pp.get('z')!.values;
    let err = 0;
    for (let s = 0; s < 400; s++) for (let i = 0; i < 3; i++) err += z[s * 3 + i]! - rows[s]![1]!;
    // z − y ~ Normal(0, 1) over 1200 values: mean within 4 standard errors of 0.
    expect(Math.abs(err / 1200)).toBeLessThan(4 / Math.sqrt(1200));
  });

  it('asks for draws that exist', () => {
    expect(() => predictive(model, drawsOf(['x'], [[1]]), { nodes: ['z'] })).toThrow(/no column 'y'/);
  });
});

describe('CATE draws', () => {
  const xs = [-1, 0, 0.5, 2];
  const model = new Model()
    .data('x', xs)
    .param('a', 'Normal(0, 1)')
    .param('b', 'Normal(0, 1)')
    .param('c', 'Normal(0, 1)')
    .param('s', 'HalfNormal(1)')
    .observed('t', 'BernoulliLogit(0.3 * x)', [0, 1, 0, 1])
    .observed('y', 'Normal(a + b * t + c * t * x, s)', [0.1, 0.5, -0.2, 1.4]);
  const rows = [
    [0.2, 1.5, -0.3, 0.9],
    [0.1, 1.2, -0.1, 1.1],
    [0.0, 0.8, 0.2, 0.7],
  ];
  const posterior = drawsOf(['a', 'b', 'c', 's'], rows);

  it('is E[Y | do(T=1), x] − E[Y | do(T=0), x] per draw and unit, with expectations (no noise)', () => {
    const tau = cate(model, posterior, { treatment: 't', outcome: 'y' });
    expect(tau.shape).toEqual([3, 4]);
    rows.forEach(([, b, c], s) => xs.forEach((x, i) => expect(tau.values[s * 4 + i]).toBeCloseTo(b! + c! * x, 12)));
  });

  it('gives S × n × K arm effects against arm 0 for the allocation layer', () => {
    const e = armEffects(model, posterior, { treatment: 't', outcome: 'y', arms: [0, 1, 2] });
    expect(e.shape).toEqual([3, 4, 3]);
    rows.forEach(([, b, c], s) =>
      xs.forEach((x, i) => {
        const at = (k: number) => e.values[(s * 4 + i) * 3 + k];
        expect(at(0)).toBe(0);
        expect(at(1)).toBeCloseTo(b! + c! * x, 12);
        expect(at(2)).toBeCloseTo(2 * (b! + c! * x), 12);
      }),
    );
  });

  it('uses the mean of a logit outcome and accepts new units', () => {
    const logit = new Model()
      .data('x', xs)
      .param('a', 'Normal(0, 1)')
      .param('b', 'Normal(0, 1)')
      .observed('t', 'Bernoulli(0.5)', [0, 1, 0, 1])
      .observed('y', 'BernoulliLogit(a + b * t + x)', [0, 1, 0, 1]);
    const post = drawsOf(['a', 'b'], [[-0.5, 0.8]]);
    const tau = cate(logit, post, { treatment: 't', outcome: 'y', data: { x: [3, -3], t: [0, 0], y: [0, 0] } });
    expect(tau.shape).toEqual([1, 2]);
    expect(tau.values[0]).toBeCloseTo(invLogit(-0.5 + 0.8 + 3) - invLogit(-0.5 + 3), 12);
    expect(tau.values[1]).toBeCloseTo(invLogit(-0.5 + 0.8 - 3) - invLogit(-0.5 - 3), 12);
  });

  it('integrates a random mediator out by Monte Carlo with common random numbers', () => {
    // T → M ~ Normal(g·T, 1) → Y: linear Y gives exactly g·h; a logit Y matches quadrature.
    const med = new Model()
      .param('g', 'Normal(0, 1)')
      .param('h', 'Normal(0, 1)')
      .observed('t', 'Bernoulli(0.5)', [0, 1])
      .observed('m', 'Normal(g * t, 1)', [0.1, 0.9])
      .observed('y', 'Normal(h * m, 1)', [0, 1])
      .observed('k', 'BernoulliLogit(h * m)', [0, 1]);
    const post = drawsOf(['g', 'h'], [[0.7, 1.3]]);
    const linear = cate(med, post, { treatment: 't', outcome: 'y', mediatorDraws: 50, seed: 1 });
    expect(linear.values[0]).toBeCloseTo(0.7 * 1.3, 12);
    const e = expectedOutcomes(med, post, { treatment: 't', outcome: 'k', arms: [0, 1], mediatorDraws: 4000, seed: 2 });
    // E[logit⁻¹(h·M)], M ~ Normal(g·t, 1), by the trapezoid rule on a fine grid.
    const quad = (center: number) => {
      let s = 0;
      for (let z = -8; z <= 8; z += 0.001) s += invLogit(1.3 * (center + z)) * Math.exp(-0.5 * z * z) * 0.001;
      return s / Math.sqrt(2 * Math.PI);
    };
    // Monte Carlo standard error of a mean of 4000 values in (0, 1) is below 0.008.
    expect(Math.abs(e.values[1]! - quad(0.7))).toBeLessThan(0.025);
    expect(Math.abs(e.values[0]! - quad(0))).toBeLessThan(0.025);
  });

  it('refuses an outcome that does not depend on the treatment', () => {
    expect(() => cate(model, posterior, { treatment: 'y', outcome: 't' })).toThrow(/does not depend on 'y'/);
  });
});

describe('effect draws for the allocation layer', () => {
  it('meanOverDraws gives the n·K posterior-mean values', async () => {
    const { meanOverDraws } = await import('../../../src/bayes/causal/effects.js');
    const m = new Model().data('x', [1, 2]).param('b', 'Normal(0, 1)').observed('t', 'Bernoulli(0.5)', [0, 1]).observed('y', 'Normal(b * t * x, 1)', [0, 1]);
    const e = armEffects(m, drawsOf(['b'], [[1], [3]]), { treatment: 't', outcome: 'y', arms: [0, 1, 2] });
    expect(Array.from(meanOverDraws(e))).toEqual([0, 2, 4, 0, 4, 8]);
  });

  it('posteriorEffects gives the same numbers as the one Effects type', async () => {
    const { posteriorEffects } = await import('../../../src/bayes/causal/effects.js');
    const m = new Model().data('x', [1, 2]).param('b', 'Normal(0, 1)').observed('t', 'Bernoulli(0.5)', [0, 1]).observed('y', 'Normal(b * t * x, 1)', [0, 1]);
    // b = 1 and 3: unit i, arm k has effect b·k·x_i; the mean over draws is 2·k·x_i.
    const e = posteriorEffects(m, drawsOf(['b'], [[1], [3]]), { treatment: 't', outcome: 'y', arms: [0, 1, 2], labels: ['none', 'one', 'two'] });
    expect(e.arms).toEqual(['none', 'one', 'two']);
    expect(e.units).toBe(2);
    expect(Array.from(e.mean)).toEqual([0, 2, 4, 0, 4, 8]);
    expect(e.draws?.kind).toBe('posterior');
    expect(Array.from(e.draws!.values)).toEqual([0, 1, 2, 0, 2, 4, 0, 3, 6, 0, 6, 12]);
  });
});

describe('prior predictive', () => {
  it('draws every random node forward: y = mu + noise has variance 2² + 1', async () => {
    const { priorPredictive } = await import('../../../src/bayes/causal/predictive.js');
    const m = new Model().param('mu', 'Normal(1, 2)').observed('y', 'Normal(mu, 1)', [0.3, 0.1]).deterministic('d', 'mu * 2');
    const pp = priorPredictive(m, { draws: 20000, nodes: ['mu', 'y', 'd'], seed: 4 });
    const y = pp.get('y')!;
    expect(y.length).toBe(2);
    const first = Float64Array.from({ length: 20000 }, (_, s) => y.values[s * 2]!);
    const m1 = mean(first);
    const v = first.reduce((a, x) => a + (x - m1) ** 2, 0) / 19999;
    // Standard errors: mean √5/√20000 ≈ 0.016, variance 5·√(2/20000) ≈ 0.05.
    expect(Math.abs(m1 - 1)).toBeLessThan(0.064);
    expect(Math.abs(v - 5)).toBeLessThan(0.2);
    const mu = pp.get('mu')!.values;
    const d = pp.get('d')!.values;
    for (let s = 0; s < 100; s++) expect(d[s]).toBe(2 * mu[s]!);
  });
});

describe('effects for new units', () => {
  it('only the covariates need new values: the outcome takes its length from its arguments', async () => {
    const { paintLineData, paintLineModel } = await import('../../../src/bayes/model/examples.js');
    const model = paintLineModel(paintLineData(50, 1));
    const post = drawsOf(['a_d', 'b_hd', 'a_c', 'b_dc', 'b_hc', 'sigma'], [[0.5, -0.4, 0.5, -0.42, -0.54, 0.2]]);
    const e = expectedOutcomes(model, post, { treatment: 'dilution', outcome: 'coating', arms: [0, 1], data: { humid: [-1, 0, 2] } });
    expect(e.shape).toEqual([1, 3, 2]);
    expect(Array.from(e.values).map((v) => +v.toFixed(12))).toEqual([1.04, 0.62, 0.5, 0.08, -0.58, -1]);
  });
});
