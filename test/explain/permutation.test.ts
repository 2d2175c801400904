import { describe, expect, it } from 'vitest';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { UpliftModel, permutationImportance, systematicSplit, takeRows } from '../../src/index.js';

describe('permutation importance of the uplift ranking', () => {
  it("ranks 'womens' and 'recency' (the simulated lift is 0.9·womens·[recency ≤ 6] − 0.5·newbie·[recency > 9] + …) first, the zip code not", () => {
    const c = simulateCampaign({ n: 8_000, seed: 4 });
    const { train, test } = systematicSplit(c.table.nRows, 0.3);
    const model = UpliftModel.fit(takeRows(c.table, train), { treatment: 'treatment', outcome: 'visit', exclude: ['id'], method: 'two-model', learner: 'logistic', seed: 1 });
    const imp = permutationImportance(model, takeRows(c.table, test), { seed: 2, bootstrap: 30 });
    const byQini = [...imp].sort((a, b) => b.qiniDrop - a.qiniDrop);
    expect(byQini.slice(0, 2).map((i) => i.feature).sort()).toEqual(['recency', 'womens']);
    expect(byQini[1]!.qiniInterval[0]).toBeGreaterThan(0);
    const zip = imp.find((i) => i.feature === 'zip_code')!;
    expect(zip.qiniInterval[0]).toBeLessThan(0.01);
    expect(Math.abs(zip.qiniDrop)).toBeLessThan(byQini[1]!.qiniDrop / 3);
    // The interval contains the point estimate.
    for (const i of imp) {
      expect(i.qiniInterval[0]).toBeLessThanOrEqual(i.qiniDrop + 1e-9);
      expect(i.qiniInterval[1]).toBeGreaterThanOrEqual(i.qiniDrop - 1e-9);
    }
  });
});
