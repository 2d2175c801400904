import { describe, expect, it } from 'vitest';
import { numericOutcomeMetrics, metricMeanings } from '../../src/metrics/numericOutcome.js';
import { qiniAucScore, upliftAtK, weightedAverageUplift } from '../../src/metrics/index.js';
import { Random } from '../../src/util/random.js';

describe('ranking metrics for a numeric outcome', () => {
  it('Qini AUC, uplift@k and weighted average uplift equal the sklift-parity 0/1 metrics on 0/1 outcomes (ties included)', () => {
    const rng = new Random(3);
    for (let rep = 0; rep < 5; rep++) {
      const n = 500;
      const y = new Float64Array(n);
      const t = new Float64Array(n);
      const u = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        t[i] = rng.uniform() < 0.5 ? 1 : 0;
        u[i] = Math.round(rng.normal() * 4) / 4; // many ties
        y[i] = rng.uniform() < 0.3 + 0.1 * t[i]! * (u[i]! > 0 ? 1 : 0) ? 1 : 0;
      }
      const m = numericOutcomeMetrics(y, u, t, { k: 0.3 });
      expect(m.qiniAuc).toBeCloseTo(qiniAucScore(y, u, t), 12);
      // (The uplift AUC's perfect ranking is ours — treated by outcome, control reversed — not sklift's 0/1-only construct.)
      expect(m.upliftAtK).toBeCloseTo(upliftAtK(y, u, t, { strategy: 'overall', k: 0.3 }), 12);
      expect(m.weightedAverageUplift).toBeCloseTo(weightedAverageUplift(y, u, t), 12);
    }
  });

  it('closed forms on a numeric outcome: the perfect ranking scores 1, uplift@k and incremental@k by hand', () => {
    // Treated rows 0–3, control rows 4–7; spend in dollars.
    const y = [40, 10, 1, 5, 0, 2, 8, 30];
    const t = [1, 1, 1, 1, 0, 0, 0, 0];
    // Perfect: treated by descending spend, control by ascending spend.
    const perfect = [8, 7, 5, 6, 4, 3, 2, 1];
    const best = numericOutcomeMetrics(y, perfect, t, { k: 0.5, bins: 2 });
    expect(best.qiniAuc).toBeCloseTo(1, 12);
    expect(best.upliftAuc).toBeCloseTo(1, 12);
    const u = [0.9, 0.8, 0.1, 0.2, 0.7, 0.6, 0.3, 0.05];
    const m = numericOutcomeMetrics(y, u, t, { k: 0.5, bins: 2 });
    // Top half by score: rows 0 (T, 40), 1 (T, 10), 4 (C, 0), 5 (C, 2).
    expect(m.upliftAtK).toBeCloseTo(25 - 1, 12);
    expect(m.incrementalAtK).toBeCloseTo(50 - 2 * (2 / 2), 12);
    // Bottom half: rows 6 (C, 8), 3 (T, 5), 2 (T, 1), 7 (C, 30): uplift 3 − 19; weights 2 and 2.
    expect(m.weightedAverageUplift).toBeCloseTo((2 * 24 + 2 * (3 - 19)) / 4, 12);
    expect(m.qiniAuc).toBeLessThan(1);
    expect(metricMeanings('continuous', 'spend', 0.5).upliftAtK).toMatch(/'spend' units per unit/);
  });
});
