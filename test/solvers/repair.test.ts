import { describe, expect, it } from 'vitest';
import { RowSet } from '../../solvers/core/coupling-rows.js';
import { repairPlan } from '../../solvers/core/repair.js';
import { Random } from '../../src/util/random.js';

/**
 * Four units, one treated arm costing 1, worth 5, 4, 3 and 1; a budget of 2 and
 * "at least one of units 2 and 3 treated". Reduced values are the values (no prices).
 */
const values = Float64Array.of(0, 5, 0, 4, 0, 3, 0, 1);
const costs = Float64Array.of(0, 1, 0, 1, 0, 1, 0, 1);
const set = new RowSet({
  n: 4,
  arms: 2,
  values,
  costs,
  rows: [
    { lower: -Infinity, upper: 2, costs },
    { lower: 1, upper: Infinity, arms: Uint8Array.of(0, 1), codes: Int32Array.of(0, 0, 1, 1), code: 1 },
  ],
});

describe('repairPlan', () => {
  it('leaves a plan that keeps every row as it is', () => {
    expect([...repairPlan(set, Int32Array.of(1, 0, 1, 0), values)!]).toEqual([1, 0, 1, 0]);
  });

  it('mends a broken minimum by a swap: the best unit of the segment in, the least valuable other unit out', () => {
    // Units 0 and 1 fill the budget and the segment has nobody: unit 2 (worth 3, the most in the segment) comes in,
    // which breaks the budget, and unit 1 (worth 4, less than unit 0) goes out. Best plan: 5 + 3 = 8.
    const plan = repairPlan(set, Int32Array.of(1, 1, 0, 0), values)!;
    expect([...plan]).toEqual([1, 0, 1, 0]);
    expect(set.keeps(set.activities(plan))).toBe(true);
  });

  it('mends an overspent budget by dropping the units that lose the least', () => {
    const plan = repairPlan(set, Int32Array.of(1, 1, 1, 1), values)!;
    // Dropping unit 3 (worth 1) then unit 2 would break the segment rule, so unit 1 (worth 4) goes second.
    expect([...plan]).toEqual([1, 0, 1, 0]);
  });

  it('returns a plan that keeps the rows, or none, on random problems', () => {
    const rng = new Random(3);
    let mended = 0;
    for (let t = 0; t < 200; t++) {
      const n = 30;
      const v = Float64Array.from({ length: n * 3 }, (_, j) => (j % 3 === 0 ? 0 : rng.uniform() * (j % 3)));
      const c = Float64Array.from({ length: n * 3 }, (_, j) => (j % 3 === 0 ? 0 : 0.5 + rng.uniform() * (j % 3)));
      const codes = Int32Array.from({ length: n }, () => rng.int(3));
      const s = new RowSet({
        n, arms: 3, values: v, costs: c,
        rows: [
          { lower: -Infinity, upper: 8, costs: c },
          { lower: 3, upper: Infinity, arms: Uint8Array.of(0, 1, 1), codes, code: 0 },
          { lower: -Infinity, upper: 4, arms: Uint8Array.of(0, 0, 1) },
        ],
      });
      const start = Int32Array.from({ length: n }, () => rng.int(3));
      const plan = repairPlan(s, start, v);
      if (plan === undefined) continue;
      expect(s.keeps(s.activities(plan))).toBe(true);
      mended++;
    }
    // Random starts overspend the budget about threefold; almost all are mended.
    expect(mended).toBeGreaterThan(180);
  });
});
