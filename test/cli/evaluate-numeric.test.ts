import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import { cli, tempDir } from '../helpers/cli.js';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { readTable, writeTable } from '../../src/index.js';
import { numericOutcomeMetrics } from '../../src/metrics/numericOutcome.js';

describe('liftwise evaluate on a numeric outcome', async () => {
  it('computes the metrics in outcome units and says what each means (text and --json)', async () => {
    const dir = tempDir();
    const data = join(dir, 'spend.csv');
    const c = simulateCampaign({ n: 3000, seed: 8, outcome: 'numeric' });
    await writeTable(data, c.table);
    // Score with the true uplift: the metrics must show a clear signal.
    const scores = join(dir, 'scores.csv');
    writeFileSync(scores, `uplift_email\n${Array.from(c.trueUplift, (v) => String(v)).join('\n')}\n`);
    const r = await cli(['evaluate', '--data', data, '--scores', scores, '--treatment', 'treatment', '--outcome', 'spend', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { outcomeKind: string; meanings: Record<string, string>; arms: { qiniAuc: number; upliftAtK: number; incrementalAtK: number; qiniAucInterval: { lower: number } }[] };
    expect(out.outcomeKind).toBe('continuous');
    expect(Object.keys(out.meanings).sort()).toEqual(['incrementalAtK', 'qiniAuc', 'upliftAtK', 'upliftAuc', 'weightedAverageUplift']);
    expect(out.meanings.upliftAtK).toMatch(/'spend' units per unit/);
    // The same numbers as the library on the same rows.
    const table = await readTable(data);
    const t = Float64Array.from(c.arm);
    const y = (table.columns.get('spend') as { values: Float64Array }).values;
    const m = numericOutcomeMetrics(y, c.trueUplift, t, { k: 0.3 });
    expect(out.arms[0]!.qiniAuc).toBeCloseTo(m.qiniAuc, 10);
    expect(out.arms[0]!.upliftAtK).toBeCloseTo(m.upliftAtK, 10);
    expect(out.arms[0]!.incrementalAtK).toBeCloseTo(m.incrementalAtK, 8);
    expect(out.arms[0]!.qiniAucInterval.lower).toBeGreaterThan(0);
    const text = await cli(['evaluate', '--data', data, '--scores', scores, '--treatment', 'treatment', '--outcome', 'spend']);
    expect(text.stdout).toMatch(/what the numbers mean \(numeric outcome 'spend'\)/);
    expect(text.stdout).toMatch(/incremental spend from treating the top 0.3/);
    // A 0/1 outcome keeps its own wording.
    const visit = join(dir, 'visit.csv');
    await writeTable(visit, simulateCampaign({ n: 3000, seed: 8 }).table);
    const b = await cli(['evaluate', '--data', visit, '--scores', scores, '--treatment', 'treatment', '--outcome', 'visit', '--json']);
    expect(b.code, b.stderr).toBe(0);
    expect((JSON.parse(b.stdout) as { outcomeKind: string }).outcomeKind).toBe('binary');
    expect(readFileSync(scores, 'utf8').split('\n')[0]).toBe('uplift_email');
  });
});
