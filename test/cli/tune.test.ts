/** liftwise tune / fit --method auto / evaluate's signal check, through the built CLI. */
import { describe, expect, it } from 'vitest';
import { readModelFileJson } from '../../src/uplift/model-file.js';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers/cli.js';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { writeTable, createTable, numericColumn } from '../../src/index.js';

const roles = (data: string) => ['--data', data, '--treatment', 'treatment', '--outcome', 'visit', '--exclude', 'id'];

describe('liftwise tune', () => {
  it('prints the leaderboard, saves the chosen model with it, and the model scores', async () => {
    const dir = tempDir();
    const data = join(dir, 'campaign.csv');
    await writeTable(data, simulateCampaign({ n: 3000, seed: 12, shape: 'step' }).table);
    const model = join(dir, 'model.json');
    const tune = await cli(['tune', ...roles(data), '--out', model, '--quiet', '--time-budget', '600'], { timeoutMs: 600_000 });
    expect(tune.code, tune.stderr).toBe(0);
    expect(tune.stdout).toMatch(/^design: randomised \(detected/);
    expect(tune.stdout).toContain('criterion: Qini AUC of out-of-fold uplift, 3 folds, seed 0');
    expect(tune.stdout).toMatch(/\n1\t-?\d\.\d{4}\t/);
    const saved = (await readModelFileJson(model, JSON.parse)) as { selection: { leaderboard: { label: string; status: string }[]; chosen: string } };
    expect(saved.selection.leaderboard.length).toBe(10);
    expect(saved.selection.leaderboard.every((e) => e.status === 'ok')).toBe(true);
    expect(tune.stdout).toContain(`chosen: ${saved.selection.chosen};`);
    const scores = join(dir, 'scores.csv');
    const score = await cli(['score', '--model', model, '--data', data, '--out', scores]);
    expect(score.code, score.stderr).toBe(0);
  });

  it('refuses a learner with --method auto (exit 2)', async () => {
    const dir = tempDir();
    const data = join(dir, 'campaign.csv');
    await writeTable(data, simulateCampaign({ n: 500, seed: 12 }).table);
    const r = await cli(['fit', ...roles(data), '--method', 'auto', '--learner', 'forest', '--out', join(dir, 'm.json'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--method auto chooses the learner');
  });
});

describe('liftwise evaluate signal check', () => {
  it('warns when the Qini AUC interval reaches 0, and not when the scores are the truth', async () => {
    const dir = tempDir();
    const c = simulateCampaign({ n: 6000, seed: 13, shape: 'step' });
    const data = join(dir, 'campaign.csv');
    await writeTable(data, c.table);
    const noise = Float64Array.from({ length: c.table.nRows }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453));
    const noiseFile = join(dir, 'noise.csv');
    await writeTable(noiseFile, createTable([numericColumn('uplift_email', noise)]));
    const truthFile = join(dir, 'truth.csv');
    await writeTable(truthFile, createTable([numericColumn('uplift_email', c.trueUplift)]));
    const args = ['evaluate', '--data', data, '--treatment', 'treatment', '--outcome', 'visit', '--json'];
    const bad = await cli([...args, '--scores', noiseFile]);
    expect(bad.code, bad.stderr).toBe(0);
    expect(bad.stderr).toContain('is not distinguishable from 0');
    const badJson = JSON.parse(bad.stdout) as { arms: { signal: boolean; qiniAucInterval: { lower: number; upper: number } }[] };
    expect(badJson.arms[0]!.signal).toBe(false);
    expect(badJson.arms[0]!.qiniAucInterval.lower).toBeLessThan(0);
    const good = await cli([...args, '--scores', truthFile]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stderr).not.toContain('not distinguishable');
    const goodJson = JSON.parse(good.stdout) as { arms: { signal: boolean; qiniAuc: number; qiniAucInterval: { lower: number; upper: number } }[] };
    expect(goodJson.arms[0]!.signal).toBe(true);
    expect(goodJson.arms[0]!.qiniAucInterval.lower).toBeLessThan(goodJson.arms[0]!.qiniAuc);
    expect(goodJson.arms[0]!.qiniAucInterval.upper).toBeGreaterThan(goodJson.arms[0]!.qiniAuc);
  });
});
