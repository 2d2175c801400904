import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers/cli.js';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { writeTable } from '../../src/index.js';
import { readDrawsFile } from '../../src/effects/drawsFile.js';

async function campaign(n: number): Promise<{ dir: string; data: string }> {
  const dir = tempDir();
  const data = join(dir, 'campaign.csv');
  await writeTable(data, simulateCampaign({ n, seed: 5, arms: ['email', 'coupon'] }).table);
  return { dir, data };
}

const fitArgs = (data: string, out: string) => ['fit', '--data', data, '--treatment', 'treatment', '--outcome', 'visit', '--exclude', 'id', '--out', out, '--quiet'];

function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

describe('fit --method bcf / --bootstrap, score --interval / --draws-out', () => {
  it('bcf on three arms: intervals around the mean and a draws file that matches the scores', async () => {
    const { dir, data } = await campaign(300);
    const options = join(dir, 'bcf.json');
    writeFileSync(options, JSON.stringify({ chains: 2, warmup: 40, draws: 40, keep: 50 }));
    const model = join(dir, 'bcf-model.json');
    const fit = await cli([...fitArgs(data, model), '--method', 'bcf', '--method-options', options, '--json']);
    expect(fit.code, fit.stderr).toBe(0);
    const summary = JSON.parse(fit.stdout) as { posterior: { name: string; rhat: number }[] };
    expect(summary.posterior.map((q) => q.name)).toEqual(['ate[email]', 'ate[coupon]']);
    const scores = join(dir, 'scores.csv');
    const drawsFile = join(dir, 'effects.draws');
    const score = await cli(['score', '--model', model, '--data', data, '--out', scores, '--id', 'id', '--interval', '0.9', '--draws', '20', '--draws-out', drawsFile]);
    expect(score.code, score.stderr).toBe(0);
    const csv = readCsv(scores);
    expect(csv.header).toEqual(['id', 'uplift_email', 'uplift_email_lower', 'uplift_email_upper', 'uplift_coupon', 'uplift_coupon_lower', 'uplift_coupon_upper']);
    for (const r of csv.rows) {
      expect(Number(r[2])).toBeLessThan(Number(r[3]));
      expect(Number(r[5])).toBeLessThan(Number(r[6]));
    }
    const read = await readDrawsFile(drawsFile);
    expect(read.effects.draws!.count).toBe(20);
    expect(read.effects.draws!.kind).toBe('posterior');
    expect(read.effects.arms).toEqual(['control', 'email', 'coupon']);
    expect(read.idColumn).toBe('id');
    expect(read.ids).toEqual(csv.rows.map((r) => r[0]));
    // The file's mean is the model's mean, the one in the scores file.
    csv.rows.forEach((r, i) => expect(read.effects.mean[i * 3 + 1]).toBeCloseTo(Number(r[1]), 12));
  }, 120_000);

  it('--bootstrap gives bootstrap draws to a point learner; a plain model has none', async () => {
    const { dir, data } = await campaign(400);
    const model = join(dir, 'boot.json');
    const fit = await cli([...fitArgs(data, model), '--bootstrap', '6']);
    expect(fit.code, fit.stderr).toBe(0);
    const drawsFile = join(dir, 'boot.draws');
    const scores = join(dir, 'scores.csv');
    const score = await cli(['score', '--model', model, '--data', data, '--out', scores, '--draws', '6', '--draws-out', drawsFile]);
    expect(score.code, score.stderr).toBe(0);
    const read = await readDrawsFile(drawsFile);
    expect(read.effects.draws!.kind).toBe('bootstrap');
    // Refits on resamples differ from each other.
    const v = read.effects.draws!.values;
    const block = read.effects.units * 3;
    expect(v[1]).not.toBe(v[block + 1]);

    const plain = join(dir, 'plain.json');
    expect((await cli(fitArgs(data, plain))).code).toBe(0);
    const out = join(dir, 'plain.csv');
    const noDraws = await cli(['score', '--model', plain, '--data', data, '--out', out, '--interval', '0.9']);
    expect(noDraws.code).toBe(2);
    expect(noDraws.stderr).toMatch(/no effect draws.*--bootstrap B/);
    expect(existsSync(out)).toBe(false);
    const tooMany = await cli(['score', '--model', model, '--data', data, '--out', out, '--draws', '7', '--draws-out', drawsFile + '2']);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/7 draws asked for, the model keeps 6/);
    const both = await cli([...fitArgs(data, join(dir, 'x.json')), '--method', 'bcf', '--bootstrap', '3']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/already gives posterior draws/);
  }, 120_000);
});
