import { describe, expect, it } from 'vitest';
import { DualAveraging, MetricWindows, WelfordVariance } from '../../../src/bayes/sampler/adaptation.js';

function windowEnds(warmup: number, init = 75, term = 50, base = 25): { ends: number[]; collected: number[] } {
  const w = new MetricWindows(warmup, init, term, base);
  const ends: number[] = [];
  const collected: number[] = [];
  let count = 0;
  for (let i = 0; i < warmup; i++) {
    const step = w.step();
    if (step.collect) count++;
    if (step.windowEnded) {
      ends.push(i);
      collected.push(count);
      count = 0;
    }
  }
  return { ends, collected };
}

describe("Stan's windowed metric schedule", () => {
  it('uses windows of 25, 50, 100, 200 and 500 draws for 1000 warmup iterations', () => {
    const { ends, collected } = windowEnds(1000);
    expect(ends).toEqual([99, 149, 249, 449, 949]);
    expect(collected).toEqual([25, 50, 100, 200, 500]);
  });

  it('stretches the last window to the final buffer for other lengths (2000 warmup)', () => {
    // 75 + 25 + 50 + 100 + 200 + 400 ends at 849; the window after the next (800, then 1600) would
    // overrun 1950, so the 800 window stretches to 1100 draws.
    const { ends, collected } = windowEnds(2000);
    expect(ends).toEqual([99, 149, 249, 449, 849, 1949]);
    expect(collected).toEqual([25, 50, 100, 200, 400, 1100]);
  });

  it('keeps the configured stages when they just fit (150 = 75 + 25 + 50)', () => {
    expect(windowEnds(150)).toEqual({ ends: [99], collected: [25] });
  });

  it('falls back to 15 % / 75 % / 10 % when the stages do not fit (149 and 101 warmup)', () => {
    const w = new MetricWindows(149, 75, 50, 25);
    expect([w.initBuffer, w.baseWindow, w.termBuffer]).toEqual([22, 113, 14]);
    expect(windowEnds(149)).toEqual({ ends: [134], collected: [113] });
    // ⌊15.15⌋ = 15, ⌊10.1⌋ = 10, 101 − 25 = 76.
    expect(windowEnds(101)).toEqual({ ends: [90], collected: [76] });
  });

  it('adapts no metric below 20 warmup iterations', () => {
    expect(windowEnds(19).ends).toEqual([]);
    expect(new MetricWindows(19, 75, 50, 25).enabled).toBe(false);
  });
});

describe('dual averaging', () => {
  it('finds the step size where a monotone acceptance curve crosses δ', () => {
    // Acceptance a(ε) = exp(−ε): the fixed point of δ = 0.8 is ε* = −ln 0.8.
    const da = new DualAveraging({ delta: 0.8, gamma: 0.05, kappa: 0.75, t0: 10 }, Math.log(10));
    let eps = 1;
    for (let t = 0; t < 3000; t++) eps = da.learn(Math.exp(-eps));
    expect(da.final()).toBeCloseTo(-Math.log(0.8), 2);
  });

  it('follows the update formulas of the reference on the first iteration', () => {
    // t = 1: η = 1/11, s̄ = (δ − a)/11, x = μ − s̄·1/γ, x̄ = x.
    const da = new DualAveraging({ delta: 0.8, gamma: 0.05, kappa: 0.75, t0: 10 }, Math.log(10));
    const sBar = (0.8 - 0.5) / 11;
    const x = Math.log(10) - sBar / 0.05;
    expect(da.learn(0.5)).toBeCloseTo(Math.exp(x), 14);
    expect(da.final()).toBeCloseTo(Math.exp(x), 14);
    // Acceptance statistics above 1 are clipped to 1.
    const clipped = new DualAveraging({ delta: 0.8, gamma: 0.05, kappa: 0.75, t0: 10 }, 0);
    expect(clipped.learn(3)).toBeCloseTo(Math.exp(-(0.8 - 1) / 11 / 0.05), 14);
  });
});

describe('Welford variance with regularisation', () => {
  it("gives Stan's n/(n+5)·var + 1e-3·5/(n+5)", () => {
    const w = new WelfordVariance(2);
    const xs = [[1, 10], [2, 10], [4, 13]];
    for (const x of xs) w.add(new Float64Array(x));
    const out = new Float64Array(2);
    w.regularizedVariance(out);
    expect(out[0]).toBeCloseTo((3 / 8) * (7 / 3) + 1e-3 * (5 / 8), 14);
    expect(out[1]).toBeCloseTo((3 / 8) * 3 + 1e-3 * (5 / 8), 14);
  });
});
