import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, listDir, tempDir } from '../helpers/cli.js';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { UpliftModel, writeTable } from '../../src/index.js';

function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** base_value + Σ shap_* − uplift, largest over the file's rows. */
function gap(file: string): number {
  const { header, rows } = readCsv(file);
  const u = header.indexOf('uplift');
  const b = header.indexOf('base_value');
  const shap = header.map((h, k) => (h.startsWith('shap_') ? k : -1)).filter((k) => k >= 0);
  let worst = 0;
  for (const r of rows) worst = Math.max(worst, Math.abs(Number(r[b]) + shap.reduce((s, k) => s + Number(r[k]), 0) - Number(r[u])));
  return worst;
}

describe('liftwise explain', async () => {
  const dir = tempDir();
  const data = join(dir, 'campaign.csv');
  const c = simulateCampaign({ n: 1500, seed: 5, arms: ['email', 'sms'] });
  await writeTable(data, c.table);
  const options = join(dir, 'forest.json');
  writeFileSync(options, JSON.stringify({ nEstimators: 10, minSamplesLeaf: 20 }));
  const fitModel = (out: string, ...extra: string[]) =>
    cli(['fit', '--data', data, '--treatment', 'treatment', '--outcome', 'visit', '--exclude', 'id', '--out', out, '--quiet', ...extra]);
  const forestModel = join(dir, 'two-model.model');
  expect((await fitModel(forestModel, '--method', 'two-model', '--learner', 'forest', '--options', options)).code).toBe(0);

  it('two-model forest: exact values per unit and arm, additive, uplift equal to score', async () => {
    const out = join(dir, 'explain.csv');
    const r = await cli(['explain', '--model', forestModel, '--data', data, '--id', 'id', '--rows', '7,3,1200', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { method: string; units: number; arms: string[]; additivityGap: number; top: { arm: string; features: { feature: string }[] }[] };
    expect(summary.method).toBe('tree');
    expect(summary.units).toBe(3);
    expect(summary.arms).toEqual(['email', 'sms']);
    expect(summary.additivityGap).toBeLessThan(1e-9);
    expect(summary.top[0]!.features).toHaveLength(5);
    const { header, rows } = readCsv(out);
    expect(header).toEqual(['id', 'arm', 'uplift', 'base_value', ...['recency', 'history', 'mens', 'womens', 'zip_code', 'newbie', 'channel'].map((f) => `shap_${f}`)]);
    expect(rows.map((row) => `${row[0]}:${row[1]}`)).toEqual(['7:email', '7:sms', '3:email', '3:sms', '1200:email', '1200:sms']);
    expect(gap(out)).toBeLessThan(1e-9);
    // The uplift column is the model's score for that unit.
    const scores = join(dir, 'scores.csv');
    expect((await cli(['score', '--model', forestModel, '--data', data, '--id', 'id', '--out', scores])).code).toBe(0);
    const s = readCsv(scores);
    const row7 = s.rows.find((x) => x[0] === '7')!;
    expect(Number(rows[0]![2])).toBeCloseTo(Number(row7[1]), 12);
    expect(Number(rows[1]![2])).toBeCloseTo(Number(row7[2]), 12);
  });

  it('the default model (S-learner, boosting classifier) is sampled: se_ columns, seeded, additive', async () => {
    const model = join(dir, 'default.model');
    expect((await fitModel(model)).code).toBe(0);
    const out = join(dir, 'sampled.csv');
    const args = ['explain', '--model', model, '--data', data, '--rows', '1,2', '--pairs', '8', '--seed', '3', '--out', out];
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/permutation-sampling Shapley estimate/);
    const { header } = readCsv(out);
    expect(header.slice(0, 4)).toEqual(['row', 'arm', 'uplift', 'base_value']);
    expect(header.filter((h) => h.startsWith('se_'))).toHaveLength(7);
    expect(gap(out)).toBeLessThan(1e-9);
    const first = readFileSync(out, 'utf8');
    expect((await cli(args)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(first);
    // Exact TreeSHAP cannot explain a logistic link: exit 2, naming the model file.
    const tree = await cli(['explain', '--model', model, '--data', data, '--method', 'tree', '--out', join(dir, 'no.csv')]);
    expect(tree.code).toBe(2);
    expect(tree.stderr).toContain(model);
    expect(tree.stderr).toMatch(/logistic of its tree sum/);
    expect(existsSync(join(dir, 'no.csv'))).toBe(false);
  });

  it('bad input exits 2 with the file, line or column named, and writes nothing', async () => {
    const before = listDir(dir);
    const out = join(dir, 'bad.csv');
    const unknown = await cli(['explain', '--model', forestModel, '--data', data, '--id', 'id', '--rows', '7,99999', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(data);
    expect(unknown.stderr).toMatch(/column 'id'.*99999/);
    const badNumber = await cli(['explain', '--model', forestModel, '--data', data, '--rows', '0', '--out', out]);
    expect(badNumber.code).toBe(2);
    const broken = join(dir, 'broken.csv');
    const text = readFileSync(data, 'utf8').split('\n');
    text[4] = text[4]!.replace(/^(\d+),(\d+),/, '$1,abc,');
    writeFileSync(broken, text.join('\n'));
    const cell = await cli(['explain', '--model', forestModel, '--data', broken, '--out', out]);
    expect(cell.code).toBe(2);
    expect(cell.stderr).toMatch(/broken\.csv:5.*recency/);
    const method = await cli(['explain', '--model', forestModel, '--data', data, '--method', 'exact', '--out', out]);
    expect(method.code).toBe(2);
    expect(listDir(dir)).toEqual([...before, 'broken.csv'].sort());
  });

  it('a model saved before covers were recorded: tree refuses (refit), auto samples with a warning', async () => {
    const model = await UpliftModel.load(forestModel);
    const json = JSON.parse(JSON.stringify(model.toJSON())) as { model: { state: { models: { state: { trees: { cover?: string } } }[] } } };
    for (const m of json.model.state.models) delete m.state.trees.cover;
    const old = join(dir, 'old-model.json');
    writeFileSync(old, JSON.stringify(json));
    const tree = await cli(['explain', '--model', old, '--data', data, '--rows', '1', '--method', 'tree', '--out', join(dir, 'old.csv')]);
    expect(tree.code).toBe(2);
    expect(tree.stderr).toMatch(/node covers.*refit/);
    const auto = await cli(['explain', '--model', old, '--data', data, '--rows', '1', '--pairs', '4', '--out', join(dir, 'old.csv')]);
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stderr).toMatch(/warning: .*old-model\.json.*sampled instead/);
    expect(gap(join(dir, 'old.csv'))).toBeLessThan(1e-9);
  });
});
