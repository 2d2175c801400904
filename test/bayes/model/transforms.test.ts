import { describe, expect, it } from 'vitest';
import { transformFor } from '../../../src/bayes/transforms/index.js';
import { finiteDifference, maxRelativeError } from './gradcheck.js';

const cases: Array<[string, number | undefined, number | undefined]> = [
  ['identity', undefined, undefined],
  ['lower', 0, undefined],
  ['lower', -2.5, undefined],
  ['upper', undefined, 3],
  ['interval', 0, 1],
  ['interval', -1.5, 4],
];

describe('transforms to the unconstrained space', () => {
  it.each(cases)('%s(%s, %s): inverse, log-Jacobian and gradient', (name, lower, upper) => {
    const t = transformFor(lower, upper);
    expect(t.name).toBe(name);
    const u = Float64Array.of(-1.3, 0.2, 2.1);
    const n = u.length;
    const x = new Float64Array(n);
    const logJ = t.forward(u, 0, n, x);
    // Inside the support, and the inverse recovers u.
    for (const v of x) {
      expect(v).toBeGreaterThan(lower ?? -Infinity);
      expect(v).toBeLessThan(upper ?? Infinity);
    }
    const back = new Float64Array(n);
    t.inverse(x, n, back, 0);
    expect(maxRelativeError(back, u)).toBeLessThan(1e-12);
    // log-Jacobian = Σ log |dx_i/du_i| by finite differences.
    let numericLogJ = 0;
    for (let i = 0; i < n; i++) {
      const d = finiteDifference((w) => {
        const y = new Float64Array(n);
        t.forward(w, 0, n, y);
        return y[i]!;
      }, u)[i]!;
      numericLogJ += Math.log(Math.abs(d));
    }
    expect(logJ).toBeCloseTo(numericLogJ, 7);
    // Gradient of g(u) = Σ c_i·x_i(u) + logJ(u): backward with adjX = c.
    const c = Float64Array.of(0.7, -1.1, 0.4);
    const g = (w: Float64Array): number => {
      const y = new Float64Array(n);
      const lj = t.forward(w, 0, n, y);
      return y.reduce((s, v, i) => s + c[i]! * v, 0) + lj;
    };
    const grad = new Float64Array(n + 2);
    const shifted = new Float64Array(n + 2);
    shifted.set(u, 2);
    t.forward(shifted, 2, n, x);
    t.backward(shifted, 2, n, c, grad);
    expect(grad[0]).toBe(0);
    expect(maxRelativeError(grad.subarray(2), finiteDifference(g, u))).toBeLessThan(1e-6);
  });
});
