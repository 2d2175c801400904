import { describe, expect, it } from 'vitest';
import { validationSplit } from '../../../src/learners/trees/holdout.js';

// References: the rows scikit-learn 1.2.1's HistGradientBoosting holds out for random_state = seed, i.e.
// train_test_split(arange(n), test_size, stratify, random_state=RandomState(seed).randint(2**32 - 1, dtype='u8')).
const y40 = Float64Array.from({ length: 40 }, (_, i) => ((i * 7) % 10 < 3 ? 1 : 0));

describe('validationSplit (early-stopping hold-out)', () => {
  it("holds out the rows scikit-learn's stratified split holds out for the same seed", () => {
    expect(Array.from(validationSplit(y40, 0.1, true, 0).valid)).toEqual([8, 31, 35, 36]);
    expect(Array.from(validationSplit(y40, 0.25, true, 123456789).valid)).toEqual([0, 3, 5, 9, 14, 21, 29, 32, 33, 39]);
  });

  it('breaks a tie between equal classes with the generator, as scikit-learn does', () => {
    // 15 + 15 rows, 27 training rows: 13.5 per class, so one class gets the extra row by a draw.
    const y30 = Float64Array.from({ length: 30 }, (_, i) => i % 2);
    expect(Array.from(validationSplit(y30, 0.1, true, 2).valid)).toEqual([1, 6, 13]);
  });

  it('draws a plain shuffle split for regression', () => {
    const { train, valid } = validationSplit(new Float64Array(25), 0.2, false, 5);
    expect(Array.from(valid)).toEqual([0, 4, 8, 15, 22]);
    expect(train.length).toBe(20);
  });
});
