import { describe, expect, it } from 'vitest';
import { Model } from '../../../src/bayes/model/model.js';
import { InputError } from '../../../src/errors.js';
import { finiteDifference, maxRelativeError } from './gradcheck.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const normalLpdf = (x: number, mu: number, s: number) => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - LOG_SQRT_2PI;
const softplus = (x: number) => Math.log1p(Math.exp(x));
const lchoose = (n: number, k: number) => {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
};

function gradientError(model: Model, theta: Float64Array): number {
  const t = model.compile();
  const grad = new Float64Array(t.dim);
  const lp = t.logDensityGradient(theta, grad);
  expect(lp).toBeCloseTo(t.logDensity(theta), 10);
  return maxRelativeError(grad, finiteDifference((th) => t.logDensity(th), theta));
}

describe('compiled log density', () => {
  const surv = [9, 10, 7, 10, 18];
  const density = [10, 10, 10, 10, 25];
  const tadpoles = new Model()
    .group('tank', [0, 1, 2, 3, 4])
    .data('density', density)
    .param('abar', 'Normal(0, 1.5)')
    .param('sigma', 'Exponential(1)')
    .param('a', 'Normal(abar, sigma)', { shape: 'tank' })
    .observed('surv', 'BinomialLogit(density, a[tank])', surv);

  it('equals the hand-written m13.2 density, log-Jacobian of sigma included', () => {
    const t = tadpoles.compile();
    expect(t.dim).toBe(7);
    expect(t.parameterNames).toEqual(['abar', 'sigma', 'a[1]', 'a[2]', 'a[3]', 'a[4]', 'a[5]']);
    const abar = 0.8;
    const sigma = 1.3;
    const a = [1.5, 2.2, 0.4, 2.9, 1.1];
    const theta = t.unconstrain({ abar, sigma, a });
    expect(theta[1]).toBeCloseTo(Math.log(sigma), 14);
    let expected = normalLpdf(abar, 0, 1.5) + (Math.log(1) - sigma) + Math.log(sigma);
    for (let i = 0; i < 5; i++) {
      expected += normalLpdf(a[i]!, abar, sigma);
      expected += lchoose(density[i]!, surv[i]!) + surv[i]! * a[i]! - density[i]! * softplus(a[i]!);
    }
    expect(t.logDensity(theta)).toBeCloseTo(expected, 11);
    const out = new Float64Array(t.parameterNames.length);
    t.constrain(theta, out);
    expect(Array.from(out).map((v) => +v.toFixed(12))).toEqual([abar, sigma, ...a]);
  });

  it('gradient matches finite differences', () => {
    expect(gradientError(tadpoles, Float64Array.of(0.3, -0.4, 1, 2, -0.5, 0.7, 1.9))).toBeLessThan(1e-6);
  });

  it('differentiates every expression function, indexing, dot and reductions', () => {
    const x = [0.5, -1.2, 0.3, 2.0];
    const X = [1, 0.5, 1, -1.2, 1, 0.3, 1, 2.0]; // 4 × 2, row-major
    const m = new Model()
      .data('x', x)
      .data('X', X, { shape: [4, 2] })
      .group('g', [0, 1, 1, 0])
      .param('b', 'Normal(0, 2)', { shape: 2 })
      .param('u', 'Normal(0, 1)', { shape: 'g' })
      .param('s', 'HalfNormal(1)')
      .param('p', 'Beta(2, 2)')
      .param('w', 'Uniform(-1, 3)')
      .param('q', 'Gamma(2, 1)', { lower: 0.5 })
      .deterministic(
        'e1',
        'exp(b[1] * 0.3) + log(s) + log1p(s) + expm1(0.2 * b[2]) + sqrt(s) + square(w) + abs(w - 5) + logit(p) + softplus(b[1]) + log_inv_logit(b[2])',
      )
      .deterministic('e2', 'pow(s, 1.5) + s ^ w / q - -b[2] + sum(u) + mean(x * u[g]) + dot(u, b) + inv_logit(w)')
      .deterministic('mu', 'dot(X, b) + u[g] * s + e1 / 10 + e2 / 10', { track: false })
      .observed('y', 'StudentT(3 + p, mu, s)', [0.4, -0.8, 1.1, 2.5])
      .observed('k', 'PoissonLog(mu / 4)', [1, 0, 2, 3]);
    const t = m.compile();
    expect(t.dim).toBe(2 + 2 + 4);
    expect(t.parameterNames).toEqual(['b[1]', 'b[2]', 'u[1]', 'u[2]', 's', 'p', 'w', 'q', 'e1', 'e2']);
    const theta = Float64Array.of(0.2, -0.3, 0.5, -0.6, 0.1, -0.2, 0.4, 0.3);
    expect(gradientError(m, theta)).toBeLessThan(1e-6);
  });

  it('non-centred parameters sample a standard normal and report the scaled value', () => {
    const m = new Model()
      .param('mu', 'Normal(0, 5)')
      .param('tau', 'HalfCauchy(5)')
      .nonCentered('theta', 'Normal(mu, tau)', { shape: 3 })
      .observed('y', 'Normal(theta, 10)', [28, 8, -3]);
    const t = m.compile();
    expect(t.parameterNames).toEqual(['mu', 'tau', 'theta_z[1]', 'theta_z[2]', 'theta_z[3]', 'theta[1]', 'theta[2]', 'theta[3]']);
    const theta = Float64Array.of(1.5, Math.log(2), 0.5, -1, 0.25);
    const out = new Float64Array(8);
    t.constrain(theta, out);
    expect(Array.from(out.subarray(5))).toEqual([1.5 + 2 * 0.5, 1.5 - 2, 1.5 + 2 * 0.25]);
    const expected =
      normalLpdf(1.5, 0, 5) + Math.log(2 / Math.PI / 5 / (1 + (2 / 5) ** 2)) + Math.log(2) +
      normalLpdf(0.5, 0, 1) + normalLpdf(-1, 0, 1) + normalLpdf(0.25, 0, 1) +
      normalLpdf(28, 2.5, 10) + normalLpdf(8, -0.5, 10) + normalLpdf(-3, 2, 10);
    expect(t.logDensity(theta)).toBeCloseTo(expected, 11);
    expect(gradientError(m, theta)).toBeLessThan(1e-6);
  });

  it('a parameter without a shape takes the length of its arguments', () => {
    const m = new Model().data('x', [1, 2, 3]).param('b', 'Normal(0, 1)').param('y', 'Normal(b * x, 1)');
    expect(m.compile().parameterNames).toEqual(['b', 'y[1]', 'y[2]', 'y[3]']);
  });

  it('folds expressions over data once: they never reach the tape', () => {
    const base = new Model().data('earn', [1000, 2000, 500]).param('b', 'Normal(0, 1)').param('s', 'HalfNormal(1)');
    const folded = base.deterministic('le', 'log(earn) * 2 - 1', { track: false }).observed('y', 'Normal(b, s)', [1, 2, 3]);
    const inline = base.observed('y', 'Normal(b + 0 * log(earn), s)', [1, 2, 3]);
    // Same density; the folded model's tape is no longer than the plain one's.
    const th = Float64Array.of(0.3, 0.1);
    expect(folded.compile().logDensity(th)).toBeCloseTo(base.observed('y', 'Normal(b, s)', [1, 2, 3]).compile().logDensity(th), 12);
    const plain = { fuse: false } as const;
    expect(folded.compile(plain).tapeLength).toBe(base.observed('y', 'Normal(b, s)', [1, 2, 3]).compile(plain).tapeLength);
    expect(inline.compile(plain).tapeLength).toBe(folded.compile(plain).tapeLength + 1);
  });
});

describe('model errors name the field and the problem', () => {
  const catchError = (f: () => unknown): InputError => {
    try {
      f();
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('expected an InputError');
  };

  it('unknown names, with the field path', () => {
    const e = catchError(() => new Model().param('a', 'Normal(0, 1)').param('b', 'Normal(a, sigm)').compile());
    expect(e.code).toBe('E_MODEL_UNKNOWN_NAME');
    expect(e.where.path).toEqual(['nodes', 1, 'dist']);
    expect(e.message).toContain("unknown name 'sigm'");
  });

  it('syntax errors, with the character position', () => {
    const e = catchError(() => new Model().param('a', 'Normal(0,, 1)').compile());
    expect(e.code).toBe('E_MODEL_SYNTAX');
    expect(e.message).toContain('at character 10');
  });

  it('unknown distributions and wrong arity', () => {
    expect(catchError(() => new Model().param('a', 'Normel(0, 1)').compile()).code).toBe('E_MODEL_UNKNOWN_DIST');
    expect(catchError(() => new Model().param('a', 'Normal(0)').compile()).message).toContain('Normal takes 2 arguments (mu, sigma), got 1');
  });

  it('length mismatches and group sizes', () => {
    const m = new Model().data('x', [1, 2, 3]).data('z', [1, 2]).param('b', 'Normal(0, 1)');
    expect(catchError(() => m.deterministic('d', 'x + z').compile()).code).toBe('E_MODEL_LENGTH');
    const g = new Model().group('g', ['a', 'b', 'a']).param('u', 'Normal(0, 1)', { shape: 3 }).deterministic('v', 'u[g]');
    const e = catchError(() => g.compile());
    expect(e.code).toBe('E_MODEL_GROUP_SIZE');
    expect(e.message).toContain("group 'g' has 2 levels");
    expect(catchError(() => new Model().group('g', ['a']).deterministic('v', 'g + 1').compile()).code).toBe('E_MODEL_GROUP_VALUE');
  });

  it('cycles, duplicates, discrete parameters and bad observed values', () => {
    expect(catchError(() => new Model().param('a', 'Normal(b, 1)').param('b', 'Normal(a, 1)').compile()).message).toMatch(/cycle: (a → b → a|b → a → b)/);
    expect(catchError(() => new Model().param('a', 'Normal(0, 1)').param('a', 'Normal(0, 1)')).code).toBe('E_MODEL_DUPLICATE');
    expect(catchError(() => new Model().param('y', 'PoissonLog(0)').compile()).code).toBe('E_MODEL_DISCRETE_PARAM');
    const e = catchError(() => new Model().param('p', 'Normal(0, 1)').observed('y', 'BernoulliLogit(p)', [0, 1, 2]).compile());
    expect(e.code).toBe('E_MODEL_VALUE');
    expect(e.message).toContain('element 3 is 2; it must be 0 or 1');
    const b = catchError(() => new Model().param('p', 'Normal(0, 1)').observed('y', 'BinomialLogit(5, p)', [6]).compile());
    expect(b.code).toBe('E_MODEL_VALUE');
  });
});

describe('fused linear-regression likelihood', () => {
  const rng = (seed: number) => {
    let s = seed;
    return () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  };
  const u = rng(7);
  const n = 40;
  const x1 = Array.from({ length: n }, () => 100 + 15 * u());
  const x2 = Array.from({ length: n }, () => (u() > 0 ? 1 : 0));
  const X = Array.from({ length: n * 3 }, () => u());
  const y = x1.map((v, i) => 0.5 * v - 3 * x2[i]! + 2 + u());

  const cases: Array<[string, Model, number]> = [
    [
      'intercept, scaled columns, an offset, subtraction and negation',
      new Model()
        .data('x1', x1)
        .data('x2', x2)
        .param('beta', 'Normal(0, 10)', { shape: 3 })
        .param('sigma', 'HalfNormal(5)')
        .observed('y', 'Normal(2 * beta[1] + beta[2] * x1 - x2 * beta[3] + 0.1 * x1 - (-x2), sigma)', y),
      4,
    ],
    [
      'dot with a data matrix and a shared coefficient',
      new Model()
        .data('X', X, { shape: [n, 3] })
        .data('x1', x1)
        .param('b', 'Normal(0, 1)', { shape: 3 })
        .param('c', 'Normal(0, 1)')
        .param('sigma', 'Exponential(0.1)')
        .observed('y', 'Normal(dot(X, b) + c * x1 + c, sigma * 2)', y),
      5,
    ],
    [
      'collinear columns (singular Gram matrix: expanded form)',
      new Model()
        .data('x2', x2)
        .param('a', 'Normal(0, 1)')
        .param('b', 'Normal(0, 1)')
        .param('sigma', 'HalfNormal(3)')
        .observed('y', 'Normal(a * x2 + b * x2, sigma)', y.map((v) => v / 50)),
      3,
    ],
  ];

  it.each(cases)('%s: same value and gradient as op-by-op evaluation, on a shorter tape', (_name, m, dim) => {
    const fused = m.compile();
    const plain = m.compile({ fuse: false });
    expect(fused.dim).toBe(dim);
    expect(fused.tapeLength).toBeLessThan(plain.tapeLength);
    for (const seed of [1, 2, 3]) {
      const r = rng(seed);
      const theta = Float64Array.from({ length: dim }, () => 0.5 * r());
      const g1 = new Float64Array(dim);
      const g2 = new Float64Array(dim);
      const lp1 = fused.logDensityGradient(theta, g1);
      const lp2 = plain.logDensityGradient(theta, g2);
      expect(Math.abs(lp1 - lp2) / Math.max(1, Math.abs(lp2))).toBeLessThan(1e-10);
      expect(maxRelativeError(g1, g2)).toBeLessThan(1e-8);
    }
  });

  it('is not used when the predictor is not linear in scalar coefficients', () => {
    const m = new Model().data('x', x1).param('a', 'Normal(0, 1)', { shape: n }).param('s', 'HalfNormal(1)').observed('y', 'Normal(a * x, s)', y);
    expect(m.compile().tapeLength).toBe(m.compile({ fuse: false }).tapeLength);
  });
});

describe('Model JSON', () => {
  it('round-trips exactly, and toJSON() is a valid self-contained model file', async () => {
    const { parseModelFile, bindModelFile } = await import('../../../src/bayes/modelfile/load.js');
    const { intervene } = await import('../../../src/bayes/causal/conditioning.js');
    const m = intervene(
      new Model()
        .group('g', ['a', 'b', 'a'])
        .data('X', [1, 2, 3, 4, 5, 6], { shape: [3, 2] })
        .data('d', [0.5, 1, 1.5])
        .param('b', 'Normal(0, 1)', { shape: 2 })
        .param('s', 'HalfNormal(1)', { lower: 0 })
        .nonCentered('u', 'Normal(0, s)', { shape: 'g' })
        .deterministic('mu', 'dot(X, b) + u[g]', { track: false })
        .observed('y', 'Normal(mu, s)', [1, 2, 3]),
      { d: 2 },
    );
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    const back = Model.fromJSON(json);
    expect(back.toJSON()).toEqual(json);
    expect(back.interventions).toEqual(['d']);
    const fromFile = bindModelFile(parseModelFile(json), undefined);
    const theta = Float64Array.of(0.1, -0.2, 0.3, 0.4, -0.5);
    expect(fromFile.compile().logDensity(theta)).toBe(m.compile().logDensity(theta));
    expect(back.compile().logDensity(theta)).toBe(m.compile().logDensity(theta));
  });

  it('errors name the kind and the non-centred prior', () => {
    expect(() => new Model({ nodes: [{ kind: 'weird', name: 'a' } as never] }).compile()).toThrow(/kind must be one of/);
    expect(() => new Model().nonCentered('a', 'StudentT(3, 0, 1)').compile()).toThrow(/needs a Normal\(mean, scale\) prior/);
  });
});
