import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runScenarioSpec, writeTable } from '../../src/index.js';
import { tempDir } from '../helpers/cli.js';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { reportData } from '../../src/scenario/output.js';
import { renderReport } from '../../src/scenario/report/renderReport.js';
import { explainUplift, meanAbsoluteShap } from '../../src/explain/uplift-shap.js';
import { UpliftModel } from '../../src/uplift/model.js';
import { takeRows } from '../../src/data/table.js';

describe('the scenario report lists each model’s top features', () => {
  it('per model and arm, mean |SHAP| over the planned units (exact for a forest two-model), shown in the HTML', async () => {
    const dir = tempDir();
    await writeTable(join(dir, 'campaign.csv'), simulateCampaign({ n: 1200, seed: 5 }).table);
    const spec = {
      name: 'features',
      data: { file: 'campaign.csv', id: 'id', treatment: 'treatment', outcome: 'visit', features: ['recency', 'history', 'womens', 'newbie'], holdout: 0.25 },
      model: { kind: 'uplift', method: 'two-model', learner: 'forest', options: { nEstimators: 10, minSamplesLeaf: 20, threads: 1 } },
      arms: [{ name: 'email', cost: 0.25 }],
      valuePerOutcome: 10,
      constraints: { budget: 30 },
      seed: 2,
      variations: [{ name: 'base' }, { name: 'logistic', model: { learner: 'logistic', options: {} } }],
    };
    const result = await runScenarioSpec(spec, dir);
    const byModel = result.topFeaturesByModel!;
    expect(byModel.map((m) => m.variations)).toEqual([['base'], ['logistic']]);
    const forest = byModel[0]!.top;
    expect(forest.method).toBe('tree');
    expect(forest.units).toBe(300);
    expect(byModel[1]!.top.method).toBe('sampling');
    // The same numbers as explaining every planned unit directly with the same model.
    const data = result.dataset;
    const model = UpliftModel.fit(takeRows(data.table, data.trainRows), {
      treatment: 'treatment', outcome: 'visit', features: ['recency', 'history', 'womens', 'newbie'], exclude: ['id'],
      method: 'two-model', learner: 'forest', learnerOptions: { nEstimators: 10, minSamplesLeaf: 20, threads: 1 }, seed: 2,
    });
    const direct = meanAbsoluteShap(explainUplift(model, takeRows(data.planTable, data.planRows)));
    expect(forest.arms[0]!.features.map((f) => f.feature)).toEqual(direct.slice(0, 4).map((d) => d.feature));
    forest.arms[0]!.features.forEach((f, j) => expect(f.meanAbsShap).toBeCloseTo(direct[j]!.meanAbs, 12));
    const html = await renderReport(reportData(result, '2026-12-02'));
    expect(html).toContain('What the model leans on: top features');
    expect(html).toContain(`<th scope="row">${forest.arms[0]!.features[0]!.feature}</th>`);
    expect(html).toMatch(/two-model forest \(base\), arm &#39;email&#39;|two-model forest \(base\), arm 'email'/);
  });
});
