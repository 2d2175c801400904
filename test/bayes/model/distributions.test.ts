import { describe, expect, it } from 'vitest';
import { densityCall, families, familyByName, special, type Family } from '../../../src/bayes/distributions/index.js';
import { Random } from '../../../src/util/random.js';
import { finiteDifference, maxRelativeError } from './gradcheck.js';

const f64 = (...v: number[]) => Float64Array.from(v);

/** log density of one element with scalar arguments. */
function _logp(family: Family, x: number, args: number[]): number {
  return family.logDensity(densityCall(1, f64(x), args.map((a) => f64(a))));
}

// Reference values from scipy 1.17.1 (stats.*.logpdf / logpmf), with the same parameterisations.
const scipy: Array<[string, number, number[], number]> = [
  ['Normal', 0.3, [1.1, 2.0], -1.6920857137646181],
  ['HalfNormal', 0.7, [1.5], -0.7401453496417807],
  ['Exponential', 0.7, [2.5], -0.8337092681258448],
  ['StudentT', 0.3, [4.5, -0.2, 1.3], -1.3253719052476904],
  ['Cauchy', 0.3, [-0.2, 1.3], -1.5450535944571457],
  ['HalfCauchy', 0.7, [2.5], -1.4433518983395155],
  ['Beta', 0.3, [2.5, 1.5], -0.3564378420678893],
  ['Uniform', 0.3, [-1, 2], -1.0986122886681098],
  ['LogNormal', 0.7, [0.2, 0.8], -0.5812192513964108],
  ['Gamma', 0.7, [2.5, 1.5], -0.8560325161106068],
  ['BernoulliLogit', 1, [0.4], -0.5130152523999526],
  ['BernoulliLogit', 0, [0.4], -0.9130152523999526],
  ['BinomialLogit', 7, [10, 0.4], -1.5426607812174793],
  ['PoissonLog', 3, [0.4], -2.083584166869325],
  ['Bernoulli', 1, [0.598687660112452], -0.5130152523999526],
  ['Binomial', 7, [10, 0.598687660112452], -1.5426607812174793],
  ['Poisson', 3, [Math.exp(0.4)], -2.083584166869325],
];

function fullLogp(family: Family, x: number, args: number[]): number {
  const call = densityCall(1, f64(x), args.map((a) => f64(a)));
  return family.logDensity(call) + (family.dataTerm?.(call) ?? 0);
}

describe('distributions: log densities against scipy', () => {
  it.each(scipy)('%s(%s | %j)', (name, x, args, expected) => {
    expect(fullLogp(familyByName(name)!, x, args)).toBeCloseTo(expected, 12);
  });

  it('special functions match scipy.special', () => {
    expect(special.logGamma(0.3)).toBeCloseTo(1.0957979948180756, 13);
    expect(special.logGamma(7.5)).toBeCloseTo(7.534364236758734, 13);
    expect(special.logGamma(150.2) / 601.0110639258922).toBeCloseTo(1, 14);
    expect(special.digamma(0.3)).toBeCloseTo(-3.502524222200133, 12);
    expect(special.digamma(7.5)).toBeCloseTo(1.9467574842460866, 12);
    expect(special.digamma(150.2)).toBeCloseTo(5.008635150692604, 12);
  });
});

/** A point inside the support of each family and of its arguments; `fixed` marks non-differentiable positions. */
const points: Record<string, { x: number; args: number[]; fixedArgs?: number[]; fixedX?: boolean }> = {
  Normal: { x: 0.3, args: [1.1, 2.0] },
  HalfNormal: { x: 0.7, args: [1.5] },
  Exponential: { x: 0.7, args: [2.5] },
  StudentT: { x: 0.3, args: [4.5, -0.2, 1.3] },
  Cauchy: { x: 0.3, args: [-0.2, 1.3] },
  HalfCauchy: { x: 0.7, args: [2.5] },
  Beta: { x: 0.3, args: [2.5, 1.5] },
  Uniform: { x: 0.3, args: [-1, 2] },
  LogNormal: { x: 0.7, args: [0.2, 0.8] },
  Gamma: { x: 0.7, args: [2.5, 1.5] },
  Flat: { x: 0.7, args: [] },
  BernoulliLogit: { x: 1, args: [0.4], fixedX: true },
  BinomialLogit: { x: 7, args: [10, 0.4], fixedX: true, fixedArgs: [0] },
  PoissonLog: { x: 3, args: [0.4], fixedX: true },
  Bernoulli: { x: 0, args: [0.35], fixedX: true },
  Binomial: { x: 7, args: [10, 0.45], fixedX: true, fixedArgs: [0] },
  Poisson: { x: 3, args: [1.7], fixedX: true },
};

describe('distributions: analytic gradients against finite differences', () => {
  it('covers every family', () => {
    expect(Object.keys(points).sort()).toEqual([...families.keys()].sort());
  });

  for (const [name, point] of Object.entries(points)) {
    it(`${name}: ∂/∂x and ∂/∂args, scalar and broadcast over 3 elements`, () => {
      const family = familyByName(name)!;
      // Vector case: x of length 3, first argument of length 3, the rest broadcast.
      const n = 3;
      const xs = f64(point.x, point.x * 0.9, point.x * 1.1);
      if (family.discrete) xs.set([point.x, point.x, point.x]);
      const args = point.args.map((a, k) => (k === 0 && !point.fixedArgs?.includes(0) ? f64(a, a * 0.95, a * 1.05) : f64(a)));
      const layout = [xs, ...args];
      const flat = Float64Array.from(layout.flatMap((v) => Array.from(v)));
      const unpack = (theta: Float64Array): Float64Array[] => {
        let k = 0;
        return layout.map((v) => {
          const out = theta.slice(k, k + v.length);
          k += v.length;
          return out;
        });
      };
      const value = (theta: Float64Array): number => {
        const [x, ...a] = unpack(theta);
        return family.logDensity(densityCall(n, x!, a));
      };
      const [x, ...a] = unpack(flat);
      const call = densityCall(n, x!, a);
      call.gx = new Float64Array(x!.length);
      call.ga = a.map((v) => new Float64Array(v.length));
      const lp = family.logDensity(call);
      expect(lp).toBeCloseTo(value(flat), 12);
      const analytic = Float64Array.from([...call.gx, ...call.ga.flatMap((g) => Array.from(g!))]);
      const numeric = finiteDifference(value, flat);
      // Entries that are not differentiable (discrete values, trials) are skipped.
      const skip = new Set<number>();
      let k = 0;
      layout.forEach((v, pos) => {
        const fixed = pos === 0 ? point.fixedX === true : point.fixedArgs?.includes(pos - 1) === true;
        for (let i = 0; i < v.length; i++, k++) if (fixed) skip.add(k);
      });
      const keep = (arr: Float64Array) => Array.from(arr).filter((_, i) => !skip.has(i));
      expect(maxRelativeError(keep(analytic), keep(numeric))).toBeLessThan(1e-6);
    });
  }
});

describe('distributions: draws agree with the stated mean', () => {
  const cases: Array<[string, number[], number]> = [
    ['Normal', [1.1, 2.0], 2.0],
    ['HalfNormal', [1.5], 1.5 * Math.sqrt(1 - 2 / Math.PI)],
    ['Exponential', [2.5], 0.4],
    ['StudentT', [4.5, -0.2, 1.3], 1.3 * Math.sqrt(4.5 / 2.5)],
    ['Beta', [2.5, 1.5], Math.sqrt((2.5 * 1.5) / (16 * 5))],
    ['Uniform', [-1, 2], 3 / Math.sqrt(12)],
    ['LogNormal', [0.2, 0.8], Math.sqrt((Math.exp(0.64) - 1) * Math.exp(0.4 + 0.64))],
    ['Gamma', [2.5, 1.5], Math.sqrt(2.5) / 1.5],
    ['BernoulliLogit', [0.4], 0.49],
    ['BinomialLogit', [10, 0.4], Math.sqrt(10 * 0.5987 * 0.4013)],
    ['BinomialLogit', [200, 1.2], Math.sqrt(200 * 0.7685 * 0.2315)],
    ['PoissonLog', [0.4], Math.sqrt(Math.exp(0.4))],
    ['PoissonLog', [3.5], Math.sqrt(Math.exp(3.5))],
    ['Bernoulli', [0.35], Math.sqrt(0.35 * 0.65)],
    ['Binomial', [10, 0.8], Math.sqrt(10 * 0.8 * 0.2)],
    ['Poisson', [40], Math.sqrt(40)],
  ];
  it.each(cases)('%s(%j): sample mean within 5 standard errors of mean()', (name, args, sd) => {
    const family = familyByName(name)!;
    const n = 20000;
    const out = new Float64Array(n);
    const call = densityCall(n, out, args.map((a) => f64(a)));
    family.sample(new Random(11), call, out);
    const expected = new Float64Array(1);
    family.mean(densityCall(1, expected, args.map((a) => f64(a))), expected);
    let s = 0;
    for (const v of out) s += v;
    expect(Math.abs(s / n - expected[0]!)).toBeLessThan((5 * sd) / Math.sqrt(n));
  });
});
