/** Small inputs the adversarial tests share: a scenario folder with its data, written fresh per test. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { writeTable } from '../../src/data/write.js';
import { tempDir } from '../helpers/cli.js';

/** A scenario folder: campaign.csv (600 rows, 2 arms), scenario.json, and an unrelated file of the user's. */
export async function scenarioFolder(variations: ReadonlyArray<Record<string, unknown>> = []): Promise<{ dir: string; file: string; spec: Record<string, unknown> }> {
  const dir = tempDir('liftwise-adv-');
  await writeTable(join(dir, 'campaign.csv'), simulateCampaign({ n: 600, seed: 5, arms: ['email', 'coupon'] }).table);
  const spec = {
    name: 'adversarial',
    data: { file: 'campaign.csv', id: 'id', treatment: 'treatment', outcome: 'visit', features: ['recency', 'history', 'womens', 'newbie'], holdout: 0.3 },
    model: { kind: 'uplift', method: 'two-model', learner: 'logistic' },
    arms: [
      { name: 'email', cost: 0.25 },
      { name: 'coupon', cost: 0.6 },
    ],
    valuePerOutcome: 10,
    constraints: { budget: 20 },
    variations,
  };
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(spec));
  writeFileSync(join(dir, 'notes.txt'), 'my notes\n');
  return { dir, file, spec };
}
