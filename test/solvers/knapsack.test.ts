import { describe, expect, it } from 'vitest';
import { buildHulls } from '../../solvers/knapsack/hulls.js';
import { GreedyFrontier } from '../../solvers/knapsack/greedy.js';
import { solveBudgetAndCap } from '../../solvers/knapsack/lagrangian.js';
import { glpkBackend } from '../../solvers/backends/glpk.js';
import { highsBackend } from '../../solvers/backends/highs.js';
import { knapsackModel, randomInstance, totals } from './instances.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('buildHulls', () => {
  it('keeps the upper concave hull: drops dominated and below-chord arms, keeps collinear ones', () => {
    // Arms (cost, value): 0 (0,0), 1 (1,2), 2 (2,2.5) below the chord 1→4, 3 (3,1) dominated, 4 (4,5), 5 (5,5.5) collinear with 4→6, 6 (6,6).
    const hulls = buildHulls({
      n: 1,
      arms: 7,
      values: Float64Array.of(0, 2, 2.5, 1, 5, 5.5, 6),
      costs: Float64Array.of(0, 1, 2, 3, 4, 5, 6),
    });
    expect(Array.from(hulls.stepArm)).toEqual([1, 4, 5, 6]);
    expect(Array.from(hulls.stepRatio)).toEqual([2, 1, 0.5, 0.5]);
  });

  it('starts each unit at its cheapest allowed arm', () => {
    const hulls = buildHulls({
      n: 2,
      arms: 3,
      values: Float64Array.of(1, 3, 4, 1, 3, 4),
      costs: Float64Array.of(2, 1, 3, 2, 1, 3),
      allowed: Uint8Array.of(1, 1, 1, 1, 0, 1),
    });
    expect(Array.from(hulls.startArm)).toEqual([1, 0]);
    expect(hulls.baseCost).toBe(3);
    expect(hulls.baseValue).toBe(4);
  });
});

describe('greedy multiple-choice knapsack', () => {
  it.each([1, 2, 3, 4])('LP value equals glpk.js and highs LP optima to 1e-9, and the plan keeps the budget (seed %i)', async (seed) => {
    const input = randomInstance(300, 4, seed, { negative: seed % 2 === 0 });
    const frontier = GreedyFrontier.build(input);
    for (const budget of [5, 60, 150]) {
      const plan = frontier.solve(budget)!;
      const model = knapsackModel(input, budget);
      const glpk = await glpkBackend.solve(model, { integer: false });
      const highs = await highsBackend.solve(model, { integer: false });
      expect(glpk.status).toBe('optimal');
      expect(rel(plan.bound, glpk.objective)).toBeLessThan(1e-9);
      expect(rel(plan.bound, highs.objective)).toBeLessThan(1e-9);
      const t = totals(input, plan.choice);
      expect(t.cost).toBeLessThanOrEqual(budget + 1e-9);
      expect(plan.value).toBeCloseTo(t.value, 9);
      expect(plan.value).toBeLessThanOrEqual(plan.bound + 1e-9);
      expect(plan.fractionalUnits).toBeLessThanOrEqual(1);
    }
  });

  it('the integer plan is within the LP gap of the MIP optimum from highs', async () => {
    const input = randomInstance(100, 4, 11);
    const plan = GreedyFrontier.build(input).solve(20)!;
    const mip = await highsBackend.solve(knapsackModel(input, 20), { integer: true, mipGap: 0 });
    expect(mip.status).toBe('optimal');
    expect(plan.value).toBeLessThanOrEqual(mip.objective + 1e-9);
    expect(mip.objective).toBeLessThanOrEqual(plan.bound + 1e-9);
    // One fractional unit dropped, the rest refilled: within 1 % here.
    expect(mip.objective - plan.value).toBeLessThan(0.01 * mip.objective);
  });

  it('respects allowed arms and reports no plan below the least budget', () => {
    const input = { ...randomInstance(50, 3, 5), allowed: new Uint8Array(150).fill(1) };
    for (let i = 0; i < 50; i += 2) input.allowed[i * 3 + 2] = 0;
    const plan = GreedyFrontier.build(input).solve(20)!;
    for (let i = 0; i < 50; i += 2) expect(plan.choice[i]).not.toBe(2);
    const paid = { n: 1, arms: 2, values: Float64Array.of(0, 1), costs: Float64Array.of(3, 4) };
    expect(GreedyFrontier.build(paid).solve(2)).toBeUndefined();
    expect(GreedyFrontier.build(paid).solve(3)!.choice[0]).toBe(0);
  });

  it('the sweep gives the LP optimum at every budget from one sort', async () => {
    const input = randomInstance(200, 4, 21);
    const frontier = GreedyFrontier.build(input);
    const budgets = [0, 10, 25, 50, 100, 1000];
    const points = frontier.sweep(budgets);
    for (const [j, budget] of budgets.entries()) {
      const lp = await highsBackend.solve(knapsackModel(input, budget), { integer: false });
      expect(rel(points[j]!.bound, lp.objective)).toBeLessThan(1e-9);
      expect(points[j]!.cost).toBeLessThanOrEqual(budget + 1e-9);
      expect(points[j]!.value).toBeLessThanOrEqual(points[j]!.bound + 1e-9);
    }
    // The prefix plan at a budget is the same plan `solve` builds before its fill.
    const prefix = frontier.solve(50, { fill: false })!;
    expect(points[3]!.value).toBeCloseTo(prefix.value, 9);
    expect(points[3]!.recipients).toBe(prefix.recipients);
    // Past saturation every step is bought.
    expect(points[5]!.bound).toBeCloseTo(frontier.lpValue(frontier.saturationBudget), 9);
  });
});

describe('Lagrangian for a budget and a recipient cap', () => {
  it.each([1, 2, 3, 4, 5])('LP bound equals the highs LP optimum to 1e-9 with at most two fractional units (seed %i)', async (seed) => {
    const input = randomInstance(300, 4, 100 + seed, { negative: seed % 2 === 1 });
    for (const [budget, cap] of [
      [60, 40],
      [200, 30],
      [20, 150],
      [1e9, 25],
    ] as const) {
      const plan = solveBudgetAndCap(input, budget, cap)!;
      const lp = await highsBackend.solve(knapsackModel(input, budget, cap), { integer: false });
      expect(lp.status).toBe('optimal');
      expect(rel(plan.bound, lp.objective)).toBeLessThan(1e-9);
      expect(plan.fractionalUnits).toBeLessThanOrEqual(2);
      const t = totals(input, plan.choice);
      expect(t.cost).toBeLessThanOrEqual(budget + 1e-9);
      expect(t.recipients).toBeLessThanOrEqual(cap);
      expect(plan.value).toBeLessThanOrEqual(plan.bound + 1e-9);
    }
  });

  it('picks the cap-limited best units in a case solvable by hand', () => {
    // Unit values 5, 4, 3 (cost 1 each), budget 3, cap 2 → units 0 and 1, value 9; the LP can do no better.
    const input = { n: 3, arms: 2, values: Float64Array.of(0, 5, 0, 4, 0, 3), costs: Float64Array.of(0, 1, 0, 1, 0, 1) };
    const plan = solveBudgetAndCap(input, 3, 2)!;
    expect(Array.from(plan.choice)).toEqual([1, 1, 0]);
    expect(plan.value).toBe(9);
    expect(plan.bound).toBeCloseTo(9, 12);
    // The recipient price sits between the third unit's value and the second's.
    expect(plan.recipientPrice).toBeGreaterThanOrEqual(3 - 1e-9);
    expect(plan.recipientPrice).toBeLessThanOrEqual(4 + 1e-9);
  });
});
