/**
 * Adversarial cases about input that must never be altered or misread
 * silently: a typo in a numeric column, bytes that are not UTF-8, duplicate
 * keys in JSON files, and data arriving on a pipe.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readTable } from '../../src/data/read.js';
import { writeTable } from '../../src/data/write.js';
import { categoricalColumn, withColumns } from '../../src/data/table.js';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { UpliftModel } from '../../src/uplift/model.js';
import { readModelFile } from '../../src/bayes/modelfile/load.js';
import { findDuplicateKey } from '../../src/util/json-keys.js';
import { splitCsvFile } from '../../src/cli/split.js';
import { runScenarioSpec } from '../../src/scenario/run.js';
import { cli, tempDir, listDir } from '../helpers/cli.js';
import { repoPath } from '../helpers/shared.js';

/** A campaign CSV whose 'history' column has the text `typo` on data row `at` (1-based), plus its path. */
async function campaignWithTypo(n: number, at: number, typo = 'abc'): Promise<{ dir: string; file: string; line: number }> {
  const dir = tempDir();
  const t = simulateCampaign({ n, seed: 7, arms: ['email'] }).table;
  const history = t.columns.get('history') as { values: Float64Array };
  const cells = Array.from(history.values, (v, i) => (i === at - 1 ? typo : String(v)));
  const file = join(dir, 'campaign.csv');
  await writeTable(file, withColumns(t, [categoricalColumn('history', cells)]));
  return { dir, file, line: at + 1 };
}

const spec = { treatment: 'treatment', outcome: 'visit', features: ['recency', 'history'], learner: 'logistic' };

describe('a typo in a numeric column is bad input, not a 1,000-level category', () => {
  it('fit names file:line, the column and the value', async () => {
    const { file, line } = await campaignWithTypo(1000, 412);
    const table = await readTable(file);
    expect(() => UpliftModel.fit(table, spec)).toThrow(expect.objectContaining({ code: 'E_NOT_NUMERIC', where: { file, line, column: 'history' } }));
    expect(() => UpliftModel.fit(table, spec)).toThrow(/value 'abc' is not a number, but 999 of the 1000 cells/);
  });

  it('declaring the column categorical is the way to keep it as categories', async () => {
    const { file } = await campaignWithTypo(300, 5);
    const table = await readTable(file);
    const model = UpliftModel.fit(table, { ...spec, categorical: ['history'] });
    expect(model.encoder.features.find((f) => f.name === 'history')!.kind).toBe('categorical');
    const declared = await readTable(file, { schema: { history: 'categorical' } });
    expect(declared.mostlyNumeric).toBeUndefined();
  });

  it('a typo after more distinct numbers than are tracked is still found (re-read path)', async () => {
    const { file, line } = await campaignWithTypo(6000, 5500, 'n/a?');
    const table = await readTable(file);
    expect(table.mostlyNumeric?.get('history')).toMatchObject({ line, value: 'n/a?' });
  });

  it('a real categorical column with numbers among labels (under 95 %) is left alone', async () => {
    const dir = tempDir();
    const cells = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? 'other' : String(i % 7)));
    writeFileSync(join(dir, 'd.csv'), `c\n${cells.join('\n')}\n`);
    expect((await readTable(join(dir, 'd.csv'))).mostlyNumeric).toBeUndefined();
  });

  it('the CLI exits 2 with file:line and the value (no fit, no model file)', async () => {
    const { dir, line } = await campaignWithTypo(500, 77);
    const r = await cli(['fit', '--data', 'campaign.csv', '--treatment', 'treatment', '--outcome', 'visit', '--features', 'recency,history', '--out', 'm.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`campaign.csv:${line}, column 'history': value 'abc' is not a number`);
    expect(listDir(dir)).toEqual(['campaign.csv']);
  });

  it('inside a scenario too (the plan must not silently change), unless data.categorical says so', async () => {
    const { dir } = await campaignWithTypo(400, 30);
    const scenario = {
      name: 'typo',
      data: { file: 'campaign.csv', treatment: 'treatment', outcome: 'visit', features: ['recency', 'history'], holdout: 0.3 },
      model: { kind: 'uplift', learner: 'logistic' },
      arms: [{ name: 'email', cost: 1 }],
      constraints: { budget: 10 },
    };
    await expect(runScenarioSpec(scenario, dir)).rejects.toMatchObject({ code: 'E_NOT_NUMERIC', where: { line: 31, column: 'history' } });
    const ok = await runScenarioSpec({ ...scenario, data: { ...scenario.data, categorical: ['history'] } }, dir);
    expect(ok.variations).toHaveLength(1);
  });
});

describe('bytes that are not UTF-8 are an error, never U+FFFD', () => {
  const latin1 = Buffer.concat([Buffer.from('id,city,x\n1,Paris,2\n2,'), Buffer.from('Montr\xe9al', 'latin1'), Buffer.from(',3\n')]);

  it('names file, line and column, and shows the text read as Latin-1', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.csv'), latin1);
    const error = await readTable(join(dir, 'd.csv')).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'E_NOT_UTF8', where: { line: 3, column: 'city' } });
    expect((error as Error).message).toContain("'Montréal'");
  });

  it('the same with fast-csv and with a tiny chunk size', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.csv'), latin1);
    for (const options of [{ parser: 'fast-csv' as const }, { chunkBytes: 2 }]) {
      await expect(readTable(join(dir, 'd.csv'), options)).rejects.toMatchObject({ code: 'E_NOT_UTF8', where: { line: 3 } });
    }
  });

  it('valid multi-byte UTF-8 cut at every chunk boundary reads unchanged', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.csv'), 'name,x\nMontréal,1\n東京 🚀,2\n');
    for (const chunkBytes of [1, 2, 3, 4, 5, 6, 7]) {
      const t = await readTable(join(dir, 'd.csv'), { chunkBytes });
      expect((t.columns.get('name') as { levels: readonly string[] }).levels).toEqual(['Montréal', '東京 🚀']);
    }
  });

  it('split refuses a Latin-1 file and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.csv'), latin1);
    await expect(splitCsvFile(join(dir, 'd.csv'), join(dir, 'a.csv'), join(dir, 'b.csv'), { testFraction: 0.5, seed: 1 })).rejects.toMatchObject({
      code: 'E_NOT_UTF8',
    });
    expect(listDir(dir)).toEqual(['d.csv']);
  });
});

describe('duplicate keys in JSON files are named, not silently dropped', () => {
  it('findDuplicateKey gives the key, its object path and line', async () => {
    expect(findDuplicateKey('{"a": 1,\n "b": {"c": 2,\n "c": 3}}')).toEqual({ key: 'c', path: ['b'], line: 3 });
    expect(findDuplicateKey('{"a": [{"x": 1}, {"x": 2}], "s": "\\"a\\""}')).toBeUndefined();
    expect(findDuplicateKey('{"a": [{"x": 1}, {"y": 1, "y": 2}]}')).toMatchObject({ key: 'y', path: ['a', 1] });
    expect(findDuplicateKey('{"\\u0061": 1, "a": 2}')).toMatchObject({ key: 'a' });
  });

  it('an uplift model file with a duplicate key is refused, naming it', async () => {
    const dir = tempDir();
    const model = UpliftModel.fit(simulateCampaign({ n: 200, seed: 1, arms: ['email'] }).table, spec);
    const text = JSON.stringify(model.toJSON()).replace('"learner":"logistic"', '"learner":"logistic","learner":"forest"');
    writeFileSync(join(dir, 'm.json'), text);
    await expect(UpliftModel.load(join(dir, 'm.json'))).rejects.toMatchObject({ code: 'E_DUPLICATE_KEY', message: expect.stringContaining("key 'learner'") });
  });

  it('a Bayes model file with a duplicate key is refused', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.json'), '{"format": "liftwise-bayes-model", "version": 1,\n "nodes": {"mu": {"kind": "param", "kind": "data"}}}');
    await expect(readModelFile(join(dir, 'b.json'))).rejects.toMatchObject({ code: 'E_DUPLICATE_KEY', where: { line: 2 } });
  });
});

describe('data on a pipe', () => {
  it('fit --data /dev/stdin reads a pipe as a stream (was ESPIPE)', async () => {
    const dir = tempDir();
    await writeTable(join(dir, 'c.csv'), simulateCampaign({ n: 300, seed: 3, arms: ['email'] }).table);
    const r = spawnSync(
      'sh',
      ['-c', `cat c.csv | "${process.execPath}" "${repoPath('dist/src/cli/main.js')}" fit --data /dev/stdin --treatment treatment --outcome visit --exclude id --out m.json --quiet --json`],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rowsPerArm.reduce((a: number, b: number) => a + b, 0)).toBe(300);
  });
});
