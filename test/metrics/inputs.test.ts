/** Bad inputs get clear errors with stable codes; options behave as documented; the fast sort is exact. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  perfectQiniCurve,
  qiniAucScore,
  qiniCurve,
  upliftAtK,
  upliftAucScore,
  weightedAverageUplift,
} from '../../src/metrics/index.js';
import { skliftOrder, stableAscendingOrder, stableAscendingSort } from '../../src/metrics/ranking.js';
import { Random } from '../../src/util/random.js';

function codeOf(run: () => unknown): { code: string; message: string; exitCode: number } {
  try {
    run();
  } catch (e) {
    if (e instanceof InputError) return { code: e.code, message: e.message, exitCode: e.exitCode };
    throw e;
  }
  throw new Error('expected an InputError');
}

const y = [1, 0, 1, 0, 0, 1];
const u = [0.9, 0.8, 0.7, 0.6, 0.2, 0.1];
const t = [1, 0, 1, 0, 1, 0];

describe('metric input errors', () => {
  it('names the input and row at fault', () => {
    expect(codeOf(() => qiniCurve([1, 0], [0.1], [1, 0]))).toMatchObject({
      code: 'E_METRIC_LENGTH',
      message: "field uplift: 'uplift' has 1 values but 'y' has 2; all inputs need one value per row",
      exitCode: 2,
    });
    expect(codeOf(() => qiniCurve([1, 0], [0.1, 0.2], [1, 0, 1])).code).toBe('E_METRIC_LENGTH');
    expect(codeOf(() => qiniCurve([1, 2], [0.1, 0.2], [1, 0]))).toMatchObject({
      code: 'E_METRIC_NOT_BINARY',
      message: "field y[1]: value 2 in 'y' is not 0 or 1",
    });
    expect(codeOf(() => qiniCurve([1, 0], [0.1, 0.2], [1, NaN])).message).toBe(
      "field treatment[1]: value NaN in 'treatment' is not 0 or 1",
    );
    expect(codeOf(() => qiniCurve([1, 0], [0.1, NaN], [1, 0])).message).toMatch(/^field uplift\[1\]: score NaN is not a finite/);
    expect(codeOf(() => qiniCurve([], [], [])).code).toBe('E_METRIC_EMPTY');
  });

  it('scores refuse a single treatment group; curves accept it', () => {
    expect(codeOf(() => qiniAucScore([1, 0], [0.2, 0.1], [1, 1])).message).toMatch(/no control rows/);
    expect(codeOf(() => upliftAucScore([1, 0], [0.2, 0.1], [0, 0])).message).toMatch(/no treated rows/);
    // sklift: with no control row the Qini value is Y_t (ratio 0).
    expect(Array.from(qiniCurve([1, 0, 1], [0.3, 0.2, 0.1], [1, 1, 1]).y)).toEqual([0, 1, 1, 2]);
  });

  it('checks k, bins and strategy', () => {
    expect(codeOf(() => upliftAtK(y, u, t, { strategy: 'overall', k: 0 })).code).toBe('E_METRIC_K');
    expect(codeOf(() => upliftAtK(y, u, t, { strategy: 'overall', k: 1.5 })).code).toBe('E_METRIC_K');
    expect(codeOf(() => upliftAtK(y, u, t, { strategy: 'overall', k: 6 })).message).toBe(
      'field k: k = 6 is neither a fraction in (0, 1) nor a whole number of rows in [1, 5]',
    );
    expect(codeOf(() => upliftAtK(y, u, t, { strategy: 'byGroup', k: 4 })).code).toBe('E_METRIC_K');
    expect(codeOf(() => upliftAtK(y, u, t, { strategy: 'top' as 'overall' })).code).toBe('E_METRIC_STRATEGY');
    expect(codeOf(() => weightedAverageUplift(y, u, t, { bins: 6 })).code).toBe('E_METRIC_BINS');
    expect(codeOf(() => weightedAverageUplift(y, u, t, { bins: 2.5 })).code).toBe('E_METRIC_BINS');
  });
});

describe('metric options (hand-derived values)', () => {
  it('upliftAtK takes k as a count or a fraction, overall or per group', () => {
    // Ranking is the input order. Top 4: treated y = 1, 1; control y = 0, 0.
    expect(upliftAtK(y, u, t, { strategy: 'overall', k: 4 })).toBe(1);
    // Top 5: treated 1, 1, 0 → 2/3; control 0, 0 → 0.
    expect(upliftAtK(y, u, t, { strategy: 'overall', k: 5 })).toBeCloseTo(2 / 3, 15);
    // k = 0.9 → floor(6·0.9) = 5 rows overall; floor(3·0.9) = 2 per group.
    expect(upliftAtK(y, u, t, { strategy: 'overall', k: 0.9 })).toBeCloseTo(2 / 3, 15);
    expect(upliftAtK(y, u, t, { strategy: 'byGroup', k: 0.9 })).toBe(1);
    // Top 3 per group: treated 1, 1, 0; control 0, 0, 1.
    expect(upliftAtK(y, u, t, { strategy: 'byGroup', k: 3 })).toBeCloseTo(2 / 3 - 1 / 3, 15);
    // A top slice with no control row is NaN, as in sklift.
    expect(upliftAtK(y, u, t, { strategy: 'overall', k: 1 })).toBeNaN();
  });

  it("weightedAverageUplift 'byGroup' bins each group on its own", () => {
    // Treated in rank order y = 1, 1, 0; control y = 0, 0, 1; 2 bins → sizes 2 and 1 per group.
    // Bin 1: 1 − 0 with 2 treated; bin 2: 0 − 1 with 1 treated → (2·1 + 1·(−1)) / 3.
    expect(weightedAverageUplift(y, u, t, { bins: 2, strategy: 'byGroup' })).toBeCloseTo(1 / 3, 15);
    // 'overall', 2 bins of 3 rows: (2·(1 − 0) + 1·(0 − 0.5)) / 3.
    expect(weightedAverageUplift(y, u, t, { bins: 2 })).toBeCloseTo(0.5, 15);
  });

  it('perfectQiniCurve without negative effects is the three-point curve', () => {
    // R = ΣY_t − N_t·ΣY_c/N_c = 2 − 3·1/3 = 1.
    const c = perfectQiniCurve(y, t, { negativeEffect: false });
    expect(Array.from(c.x)).toEqual([0, 1, 6]);
    expect(Array.from(c.y)).toEqual([1, 1, 1].map((v, i) => (i === 0 ? 0 : v)));
  });
});

describe('ranking', () => {
  it('ties: the later input row ranks first (numpy mergesort reversed)', () => {
    expect(Array.from(skliftOrder(Float64Array.of(0.5, 0.9, 0.5, 0.9, 0.1)))).toEqual([3, 1, 2, 0, 4]);
  });

  it('-0 and 0 are one score (one curve point), as in numpy', () => {
    expect(Array.from(qiniCurve([1, 0, 1], [-0, 0, 1], [1, 0, 1]).x)).toEqual([0, 1, 3]);
  });

  it('the radix path equals a stable comparator sort on 20,000 rows with ties, negatives, ±0 and extremes', () => {
    const rng = new Random(7);
    const n = 20000;
    const special = [0, 1e-300, -1e-300, 1e300, -1e300, 5e-324, -5e-324, 0.1, -0.1];
    const score = Float64Array.from({ length: n }, (_, i) =>
      i % 7 === 0 ? special[rng.int(special.length)]! : Math.round(rng.normal() * 50) / 8 + 0, // + 0 turns -0 into 0, as validation does
    );
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]! || a - b);
    expect(Array.from(stableAscendingOrder(score))).toEqual(expected);
    const { sorted } = stableAscendingSort(score);
    expect(sorted).toEqual(Float64Array.from(expected, (i) => score[i]!));
  });
});
