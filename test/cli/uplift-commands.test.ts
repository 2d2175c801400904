import { describe, expect, it } from 'vitest';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, listDir } from '../helpers/cli.js';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { writeTable } from '../../src/index.js';

/** A directory holding a small campaign CSV (treatment 'control'/'email', outcome visit). */
async function campaignDir(n = 2000): Promise<{ dir: string; data: string }> {
  const dir = tempDir();
  const data = join(dir, 'campaign.csv');
  await writeTable(data, simulateCampaign({ n, seed: 11 }).table);
  return { dir, data };
}

const fitArgs = (data: string, out: string) => ['fit', '--data', data, '--treatment', 'treatment', '--outcome', 'visit', '--exclude', 'id', '--out', out, '--quiet'];

describe('liftwise fit / score / evaluate', () => {
  it('runs end to end and the metrics match the library', async () => {
    const { dir, data } = await campaignDir(4000);
    const model = join(dir, 'model.json');
    const fit = await cli([...fitArgs(data, model), '--json']);
    expect(fit.code, fit.stderr).toBe(0);
    const summary = JSON.parse(fit.stdout) as { rowsPerArm: number[]; treated: string[] };
    expect(summary.treated).toEqual(['email']);
    expect(summary.rowsPerArm.reduce((a, b) => a + b, 0)).toBe(4000);
    const scores = join(dir, 'scores.csv');
    const score = await cli(['score', '--model', model, '--data', data, '--out', scores, '--id', 'id']);
    expect(score.code, score.stderr).toBe(0);
    expect(readFileSync(scores, 'utf8').split('\n')[0]).toBe('id,uplift_email');
    const evaluation = await cli(['evaluate', '--data', data, '--scores', scores, '--treatment', 'treatment', '--outcome', 'visit', '--json']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const metrics = JSON.parse(evaluation.stdout) as { arms: Array<{ arm: string; rows: number; qiniAuc: number }> };
    expect(metrics.arms[0]!.arm).toBe('email');
    expect(metrics.arms[0]!.rows).toBe(4000);
    // In-sample on a strong simulated effect the ranking must beat random clearly.
    expect(metrics.arms[0]!.qiniAuc).toBeGreaterThan(0.1);
  });

  it('--help works on every command', async () => {
    for (const command of ['fit', 'score', 'evaluate', 'split']) {
      const r = await cli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: liftwise ${command}`);
    }
  });
});

describe('bad input: clear message, exit code 2, no output left behind', () => {
  const cases: Array<{ name: string; csv: string; args?: string[]; code: string; where: RegExp }> = [
    { name: 'a missing file', csv: '', args: ['--data', 'nope.csv'], code: 'E_FILE_NOT_FOUND', where: /nope\.csv/ },
    { name: 'an empty file', csv: '', code: 'E_EMPTY_FILE', where: /data\.csv:1/ },
    { name: 'a duplicate header', csv: 'x,t,y,x\n1,0,1,2\n', code: 'E_DUPLICATE_HEADER', where: /data\.csv:1, field 4/ },
    { name: 'a missing header name', csv: 'x,,y\n1,0,1\n', code: 'E_MISSING_HEADER', where: /data\.csv:1, field 2/ },
    { name: 'a row with too many fields', csv: 'x,t,y\n1,0,1\n2,1,0,9\n', code: 'E_TOO_MANY_FIELDS', where: /data\.csv:3/ },
    { name: 'a row with too few fields', csv: 'x,t,y\n1,0,1\n2,1\n', code: 'E_TOO_FEW_FIELDS', where: /data\.csv:3/ },
    {
      name: 'a non-binary outcome',
      csv: 'x,t,y\n1,0,1\n2,1,0\n3,0,1\n4,1,7\n',
      args: ['--method', 'class-transformation'],
      code: 'E_NOT_BINARY',
      where: /data\.csv:5, column 'y'/,
    },
    { name: 'a non-binary treatment', csv: 'x,t,y\n1,0,1\n2,1,0\n3,2,1\n', args: ['--treated', '1,3'], code: 'E_UNKNOWN_ARM', where: /column 't'/ },
    { name: 'a missing treatment cell', csv: 'x,t,y\n1,0,1\n2,,0\n3,1,1\n', code: 'E_MISSING_VALUE', where: /data\.csv:3, column 't'/ },
    { name: 'an unknown feature column', csv: 'x,t,y\n1,0,1\n2,1,0\n', args: ['--features', 'x,age'], code: 'E_UNKNOWN_COLUMN', where: /column 'age'/ },
    { name: 'an unknown outcome column', csv: 'x,t,y\n1,0,1\n2,1,0\n', args: ['--outcome', 'visits'], code: 'E_UNKNOWN_COLUMN', where: /column 'visits'/ },
    { name: 'an arm whose outcome never varies', csv: 'x,t,y\n1,0,1\n2,1,0\n3,0,1\n4,1,1\n', code: 'E_SINGLE_CLASS', where: /always 1/, args: ['--method', 'two-model', '--learner', 'logistic'] },
  ];
  for (const c of cases) {
    it(`fit reports ${c.name}`, async () => {
      const dir = tempDir();
      const data = join(dir, 'data.csv');
      writeFileSync(data, c.csv);
      const out = join(dir, 'model.json');
      const args = ['fit', '--data', data, '--treatment', 't', '--outcome', 'y', '--out', out, '--quiet'];
      // Later flags override earlier ones in commander, so a case can replace --data or --outcome.
      const r = await cli([...args, ...(c.args ?? []).map((a) => (a === 'nope.csv' ? join(dir, a) : a))]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`error ${c.code}`);
      expect(r.stderr).toMatch(c.where);
      expect(existsSync(out)).toBe(false);
      expect(listDir(dir).filter((f) => f !== 'data.csv')).toEqual([]);
    });
  }

  it('a text cell in a mostly numeric feature at fit time is an error naming its line (issue 10: was a warning after the fit)', async () => {
    const { dir, data } = await campaignDir();
    const lines = readFileSync(data, 'utf8').split('\n');
    lines[3] = lines[3]!.replace(/^(\d+),(\d+)/, '$1,soon');
    writeFileSync(data, lines.join('\n'));
    const r = await cli(fitArgs(data, join(dir, 'model.json')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/campaign\.csv:4, column 'recency': value 'soon' is not a number/);
    expect(existsSync(join(dir, 'model.json'))).toBe(false);
  });

  it('a text cell in a numeric feature at scoring time names its line', async () => {
    const { dir, data } = await campaignDir();
    const model = join(dir, 'model.json');
    expect((await cli(fitArgs(data, model))).code).toBe(0);
    const bad = join(dir, 'bad.csv');
    const lines = readFileSync(data, 'utf8').split('\n');
    lines[3] = lines[3]!.replace(/^(\d+),(\d+)/, '$1,soon');
    writeFileSync(bad, lines.join('\n'));
    const out = join(dir, 'scores.csv');
    const r = await cli(['score', '--model', model, '--data', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv:4, column 'recency': value 'soon' is not a number/);
    expect(existsSync(out)).toBe(false);
  });

  it('a damaged or foreign model file is exit 2', async () => {
    const { dir, data } = await campaignDir();
    const model = join(dir, 'model.json');
    writeFileSync(model, '{"format": "liftwise-uplift-model", "version": 99}');
    const r = await cli(['score', '--model', model, '--data', data, '--out', join(dir, 's.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_MODEL_VERSION.*version 99 is not supported/);
    writeFileSync(model, '{"format": "liftwise-uplift-model", "vers');
    const r2 = await cli(['score', '--model', model, '--data', data, '--out', join(dir, 's.csv')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/E_MODEL_NOT_JSON/);
    expect(listDir(dir)).toEqual(['campaign.csv', 'model.json']);
  });

  it('usage errors (unknown option, missing option, bad number) exit 2', async () => {
    expect((await cli(['fit', '--data', 'x.csv'])).code).toBe(2);
    expect((await cli(['split', '--data', 'x', '--train', 'a', '--test', 'b', '--test-fraction', 'abc'])).code).toBe(2);
    expect((await cli(['nonsense'])).code).toBe(2);
  });

  it('evaluate refuses scores of another file', async () => {
    const { dir, data } = await campaignDir();
    const scores = join(dir, 'scores.csv');
    writeFileSync(scores, 'uplift_email\n0.1\n0.2\n');
    const r = await cli(['evaluate', '--data', data, '--scores', scores, '--treatment', 'treatment', '--outcome', 'visit']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_ROW_COUNT_MISMATCH.*2 rows but the data file/);
  });
});
