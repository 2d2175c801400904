/**
 * Adversarial cases about text that passes through liftwise: ids and codes
 * keep their exact spelling through split (everything it writes), score --id,
 * allocate --id and scenario plan files; type inference never turns codes
 * (leading zeros, integers beyond 2^53) into floats.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTable } from '../../src/data/read.js';
import { writeTable } from '../../src/data/write.js';
import { categoricalColumn, cellText, createTable, takeRows, withColumns } from '../../src/data/table.js';
import { splitCsvFile } from '../../src/cli/split.js';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { UpliftModel } from '../../src/uplift/model.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';
import { writeScenarioOutputs } from '../../src/scenario/output.js';
import { cli, tempDir } from '../helpers/cli.js';

const ids = ['00000001', '9007199254740993', '9007199254740992', 'NA', '42'];

function texts(table: Awaited<ReturnType<typeof readTable>>, name: string): string[] {
  const c = table.columns.get(name)!;
  return Array.from({ length: table.nRows }, (_, i) => cellText(c, i));
}

async function fileWith(content: string | Buffer, name = 'd.csv'): Promise<string> {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

describe('type inference keeps codes as text', () => {
  it('an id with leading zeros stays text (00000001, not 1)', async () => {
    const t = await readTable(await fileWith('id,x\n00000001,1\n00000002,2\n'));
    expect(t.columns.get('id')!.kind).toBe('categorical');
    expect(texts(t, 'id')).toEqual(['00000001', '00000002']);
  });

  it('a zip code keeps its leading zero whichever row it is on (02134)', async () => {
    const t = await readTable(await fileWith('zip\n10001\n94105\n02134\n'));
    expect(texts(t, 'zip')).toEqual(['10001', '94105', '02134']);
  });

  it('19-digit ids beyond 2^53 stay distinct (…993 is not …992)', async () => {
    const t = await readTable(await fileWith('id\n1\n9007199254740993\n9007199254740992\n'));
    expect(texts(t, 'id')).toEqual(['1', '9007199254740993', '9007199254740992']);
  });

  it('codes after more distinct numbers than are tracked are still exact (re-read as text)', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => String(i + 1));
    rows.push('12345678901234567890');
    const t = await readTable(await fileWith(`id\n${rows.join('\n')}\n`));
    expect(t.columns.get('id')!.kind).toBe('categorical');
    expect(texts(t, 'id').at(-1)).toBe('12345678901234567890');
    expect(texts(t, 'id')[0]).toBe('1');
  });

  it('codes are found at every chunk size and with fast-csv alike', async () => {
    const file = await fileWith('a,b\n7,1.5\n007,2\n');
    for (const chunkBytes of [1, 2, 3, 5, 8]) expect(texts(await readTable(file, { chunkBytes }), 'a')).toEqual(['7', '007']);
    expect(texts(await readTable(file, { parser: 'fast-csv' }), 'a')).toEqual(['7', '007']);
  });

  it('plain numbers stay numbers: 0, 0.5, -0.25, 1e3, 2^53 − 1', async () => {
    const t = await readTable(await fileWith('x\n0\n0.5\n-0.25\n1e3\n9007199254740991\n'));
    expect(t.columns.get('x')!.kind).toBe('numeric');
  });

  it('a column declared numeric is parsed as numbers (the user said so)', async () => {
    const t = await readTable(await fileWith('x\n007\n1\n'), { schema: { x: 'numeric' } });
    expect(Array.from((t.columns.get('x') as { values: Float64Array }).values)).toEqual([7, 1]);
  });

  it('codes do not raise the "mostly numeric" typo warning', async () => {
    const t = await readTable(await fileWith(`zip\n${Array.from({ length: 30 }, (_, i) => String(10000 + i)).join('\n')}\n02134\n`));
    expect(t.mostlyNumeric).toBeUndefined();
  });

  it("exactText keeps 'NA', spaces and number spellings of an id exactly; only an empty cell is missing", async () => {
    const t = await readTable(await fileWith('id,x\nNA,1\n 1.50 ,2\n,3\n1e3,4\n'), { exactText: ['id'] });
    expect(texts(t, 'id')).toEqual(['NA', ' 1.50 ', '', '1e3']);
    expect((t.columns.get('id') as { codes: Int32Array }).codes[2]).toBe(-1);
  });
});

describe('split writes every record exactly as it is in the input', () => {
  const input =
    'id,zip,amount,name,flag\n00000001,02134,1.50,"Smith, J",NA\n9007199254740993,10001,1e3,"say ""hi""",\n' +
    '9007199254740992,00501,-0,  spaced  ,null\n4,1,2,x,1\n5,1,2,y,0\n6,1,2,z,0\n';

  it('train and test together hold each input record byte for byte, header in both', async () => {
    const file = await fileWith(input);
    const dir = tempDir();
    const r = await splitCsvFile(file, join(dir, 'train.csv'), join(dir, 'test.csv'), { testFraction: 0.5, seed: 3 });
    expect(r.train + r.test).toBe(6);
    const train = readFileSync(join(dir, 'train.csv'), 'utf8').split('\n');
    const test = readFileSync(join(dir, 'test.csv'), 'utf8').split('\n');
    expect(train[0]).toBe('id,zip,amount,name,flag');
    expect(test[0]).toBe('id,zip,amount,name,flag');
    const records = input.split('\n').slice(1, -1);
    expect([...train.slice(1, -1), ...test.slice(1, -1)].sort()).toEqual([...records].sort());
  });

  it('a quoted field with a line break is copied whole; CRLF ends become LF; the BOM is kept', async () => {
    const file = await fileWith(Buffer.from('\ufeffid,note\r\n01,"two\r\nlines"\r\n02,b\r\n', 'utf8'));
    const dir = tempDir();
    await splitCsvFile(file, join(dir, 'a.csv'), join(dir, 'b.csv'), { testFraction: 0.5, seed: 0, systematic: true });
    const all = readFileSync(join(dir, 'a.csv'), 'utf8') + readFileSync(join(dir, 'b.csv'), 'utf8');
    expect(all).toContain('01,"two\r\nlines"\n');
    expect(all).toContain('02,b\n');
    expect(readFileSync(join(dir, 'a.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('a row with the wrong number of fields is reported with its line and nothing is written', async () => {
    const file = await fileWith('a,b\n1,2\n3\n');
    const dir = tempDir();
    await expect(splitCsvFile(file, join(dir, 'a.csv'), join(dir, 'b.csv'), { testFraction: 0.5, seed: 0 })).rejects.toMatchObject({
      code: 'E_TOO_FEW_FIELDS',
      where: { line: 3 },
    });
    expect(readFileSync(file, 'utf8')).toBe('a,b\n1,2\n3\n');
  });
});

describe('ids pass through score, allocate and scenario plans exactly', () => {
  it('score --id and allocate --id keep 00000001, NA and 19-digit ids', async () => {
    const dir = tempDir();
    const campaign = simulateCampaign({ n: 400, seed: 2, arms: ['email'] }).table;
    const model = UpliftModel.fit(campaign, { treatment: 'treatment', outcome: 'visit', features: ['recency', 'history'], learner: 'logistic' });
    await model.save(join(dir, 'model.json'));
    const rows = takeRows(campaign, Int32Array.from(ids, (_, i) => i));
    await writeTable(join(dir, 'new.csv'), withColumns(rows, [categoricalColumn('customer', ids)]));
    // The file as a CRM export writes it (text ids, unquoted).
    expect(readFileSync(join(dir, 'new.csv'), 'utf8')).toContain('00000001');
    const s = await cli(['score', '--model', 'model.json', '--data', 'new.csv', '--id', 'customer', '--out', 'scores.csv'], { cwd: dir });
    expect(s.code, s.stderr).toBe(0);
    const scored = readFileSync(join(dir, 'scores.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(scored).toEqual(ids);
    const a = await cli(['allocate', '--scores', 'scores.csv', '--budget', '2', '--cost', '1', '--id', 'customer', '--out', 'plan.csv', '--quiet'], { cwd: dir });
    expect(a.code, a.stderr).toBe(0);
    const planned = readFileSync(join(dir, 'plan.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(planned).toEqual(ids);
  });

  it('scenario plan files keep the data file ids exactly', async () => {
    const dir = tempDir();
    const campaign = simulateCampaign({ n: 300, seed: 4, arms: ['email'] }).table;
    const customer = Array.from({ length: 300 }, (_, i) => (i === 299 ? '9007199254740993' : i === 298 ? '9007199254740992' : String(i + 1).padStart(8, '0')));
    await writeTable(join(dir, 'data.csv'), createTable([categoricalColumn('customer', customer), ...campaign.names.filter((n) => n !== 'id').map((n) => campaign.columns.get(n)!)]));
    writeFileSync(
      join(dir, 's.json'),
      JSON.stringify({
        name: 'ids',
        data: { file: 'data.csv', id: 'customer', treatment: 'treatment', outcome: 'visit', features: ['recency', 'history'], holdout: 0.3 },
        model: { kind: 'uplift', learner: 'logistic' },
        arms: [{ name: 'email', cost: 1 }],
        constraints: { budget: 10 },
      }),
    );
    const result = await runScenario(await loadScenario(join(dir, 's.json')));
    await writeScenarioOutputs(result, join(dir, 'out'));
    const plan = await readTable(join(dir, 'out', 'plan-base.csv'), { exactText: ['customer'] });
    const got = texts(plan, 'customer');
    expect(got).toContain('00000008');
    expect(got).toContain('9007199254740993');
    expect(got).toContain('9007199254740992');
    expect(new Set(got).size).toBe(got.length);
  });
});
