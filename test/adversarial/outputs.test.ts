/**
 * Adversarial cases about where liftwise writes: --replace never removes
 * what liftwise did not write, inputs and the current folder are never
 * output folders, every output path is checked before any work, and several
 * outputs of one command are written together or not at all.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';
import { checkScenarioOutput, writeScenarioOutputs } from '../../src/scenario/output.js';
import { checkDistinctOutputs, checkOutputFile, checkOutputFolder, OUTPUT_MANIFEST } from '../../src/util/outputs.js';
import { writeTogether } from '../../src/util/atomic.js';
import { InputError } from '../../src/errors.js';
import { cli, tempDir, listDir } from '../helpers/cli.js';
import { scenarioFolder } from './fixtures.js';

/** The code of the InputError a promise rejects with. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError) return e.code;
    throw e;
  }
  return 'resolved';
}

const csv = 'id,treatment,visit,x\n1,1,0,0.5\n2,0,1,0.7\n3,1,1,0.1\n4,0,0,0.9\n';

describe('scenario run --replace removes only what liftwise wrote', () => {
  it('refuses --out . --replace in the scenario folder and keeps every file (the reported data loss)', async () => {
    const { dir } = await scenarioFolder();
    const before = listDir(dir);
    const r = await cli(['scenario', 'run', 'scenario.json', '--out', '.', '--replace', '--quiet'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_OUTPUT_UNSAFE/);
    expect(listDir(dir)).toEqual(before);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('my notes\n');
  });

  it('refuses an output folder that holds the data file, even with --replace', async () => {
    const { dir, file } = await scenarioFolder();
    const scenario = await loadScenario(file);
    expect(await codeOf(checkScenarioOutput(scenario, dir, { replace: true }))).toBe('E_OUTPUT_HOLDS_INPUT');
  });

  it('refuses an output folder that is a parent of the inputs', async () => {
    const { dir, file } = await scenarioFolder();
    const sub = join(dir, 'inputs');
    mkdirSync(sub);
    writeFileSync(join(sub, 's.json'), readFileSync(file, 'utf8').replace('"campaign.csv"', '"../campaign.csv"'));
    const scenario = await loadScenario(join(sub, 's.json'));
    expect(await codeOf(checkScenarioOutput(scenario, join(dir, '..'), { replace: true }))).toMatch(/E_OUTPUT_(HOLDS_INPUT|UNSAFE)/);
  });

  it('refuses an output folder reached through a symbolic link to the scenario folder', async () => {
    const { dir, file } = await scenarioFolder();
    const link = join(tempDir(), 'link');
    symlinkSync(dir, link);
    const scenario = await loadScenario(file);
    expect(await codeOf(checkScenarioOutput(scenario, `${link}/`, { replace: true }))).toMatch(/E_OUTPUT_(HOLDS_INPUT|NOT_OURS)/);
  });

  it('refuses to replace a folder without a manifest (not a liftwise output)', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'summary.csv'), 'mine\n');
    expect(await codeOf(checkOutputFolder(out, { replace: true }))).toBe('E_OUTPUT_NOT_OURS');
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toBe('mine\n');
  });

  it('refuses to replace a previous output that now also holds a file of the user', async () => {
    const out = tempDir();
    writeFileSync(join(out, OUTPUT_MANIFEST), JSON.stringify({ tool: 'liftwise', command: 'scenario run', written: '', files: ['summary.csv'] }));
    writeFileSync(join(out, 'summary.csv'), 'x\n');
    writeFileSync(join(out, 'my-analysis.xlsx'), 'precious');
    const error = await checkOutputFolder(out, { replace: true }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('E_OUTPUT_NOT_OURS');
    expect((error as InputError).message).toContain("'my-analysis.xlsx'");
  });

  it('refuses a manifest that lists a path outside the folder', async () => {
    const out = tempDir();
    writeFileSync(join(out, OUTPUT_MANIFEST), JSON.stringify({ tool: 'liftwise', command: 'x', written: '', files: ['../campaign.csv'] }));
    expect(await codeOf(checkOutputFolder(out, { replace: true }))).toBe('E_OUTPUT_NOT_OURS');
  });

  it('replaces its own previous output: the old files go, the new manifest lists exactly the new files', async () => {
    const { dir, file } = await scenarioFolder([{ name: 'base' }, { name: 'less', constraints: { budget: 10 } }]);
    const out = join(dir, 'results');
    const scenario = await loadScenario(file);
    const first = await runScenario(scenario);
    await writeScenarioOutputs(first, out);
    expect(listDir(out)).toContain('plan-less.csv');
    const manifest = JSON.parse(readFileSync(join(out, OUTPUT_MANIFEST), 'utf8'));
    expect([...manifest.files].sort()).toEqual(listDir(out).filter((f) => f !== OUTPUT_MANIFEST));
    // Second run with one variation fewer, replacing the first.
    writeFileSync(file, JSON.stringify({ ...scenario.spec, variations: [{ name: 'base' }] }));
    const second = await runScenario(await loadScenario(file));
    await expect(writeScenarioOutputs(second, out)).rejects.toMatchObject({ code: 'E_OUTPUT_EXISTS' });
    await writeScenarioOutputs(second, out, { replace: true });
    expect(listDir(out)).toEqual([OUTPUT_MANIFEST, 'plan-base.csv', 'report.html', 'summary.csv', 'summary.json']);
    expect(listDir(dir).filter((f) => f.startsWith('.liftwise-tmp'))).toEqual([]);
  });

  it('reports --out naming an existing file as bad input (exit 2, no stack trace)', async () => {
    const { dir } = await scenarioFolder();
    const r = await cli(['scenario', 'run', 'scenario.json', '--out', 'notes.txt', '--quiet'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_OUTPUT_NOT_FOLDER/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('my notes\n');
  });

  it('checks the output folder before fitting anything', async () => {
    const { dir } = await scenarioFolder();
    mkdirSync(join(dir, 'busy'));
    writeFileSync(join(dir, 'busy', 'x'), '1');
    const r = await cli(['scenario', 'run', 'scenario.json', '--out', 'busy'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_OUTPUT_EXISTS/);
    expect(r.stderr).not.toMatch(/fitting|steps\)/);
  });
});

describe('output files are checked before any work', () => {
  it('fit: a missing output folder is named before the fit', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.csv'), csv);
    const r = await cli(['fit', '--data', 'd.csv', '--treatment', 'treatment', '--outcome', 'visit', '--out', 'nowhere/model.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_OUTPUT_FOLDER_MISSING.*nowhere/);
    expect(r.stderr).not.toMatch(/fitted|using every other column/);
  });

  it('fit: --out naming a folder is refused', async () => {
    const dir = tempDir();
    expect(await codeOf(checkOutputFile(dir, []))).toBe('E_OUTPUT_IS_FOLDER');
  });

  it('score: --out that is a symbolic link to the data file is the data file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.csv'), csv);
    symlinkSync(join(dir, 'd.csv'), join(dir, 'scores.csv'));
    expect(await codeOf(checkOutputFile(join(dir, 'scores.csv'), [join(dir, 'd.csv')]))).toBe('E_OUTPUT_IS_INPUT');
  });

  it('allocate: --out spelled differently from --scores is still the input', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.csv'), 'id,uplift_a\n1,0.5\n');
    const r = await cli(['allocate', '--scores', 's.csv', '--budget', '1', '--cost', '1', '--out', `./sub/../s.csv`], { cwd: dir });
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 's.csv'), 'utf8')).toBe('id,uplift_a\n1,0.5\n');
  });

  it('a file below a path that is a file is refused before any work', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), 'x');
    expect(await codeOf(checkOutputFile(join(dir, 'f', 'out.csv')))).toBe('E_OUTPUT_FOLDER_MISSING');
    expect(await codeOf(checkOutputFolder(join(dir, 'f', 'results')))).toBe('E_OUTPUT_FOLDER_MISSING');
  });

  it('bayes fit: an --out that is a file is refused before sampling', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'taken'), 'x');
    writeFileSync(
      join(dir, 'm.json'),
      JSON.stringify({ format: 'liftwise-bayes-model', version: 1, nodes: { mu: { kind: 'param', dist: { Normal: [0, 1] } } } }),
    );
    const r = await cli(['bayes', 'fit', '--model', 'm.json', '--out', 'taken'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_OUTPUT_NOT_FOLDER|E_OUTPUT_EXISTS/);
    expect(readFileSync(join(dir, 'taken'), 'utf8')).toBe('x');
  });

  it('demo: an existing folder with a file named like a demo output is not overwritten', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'campaign.csv'), 'my own campaign\n');
    const r = await cli(['demo', '--n', '2000', '--out', dir, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_OUTPUT_EXISTS/);
    expect(readFileSync(join(dir, 'campaign.csv'), 'utf8')).toBe('my own campaign\n');
  });
});

describe('several outputs of one command: checked first, written together or not at all', () => {
  it('split --train X --test X is refused and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.csv'), csv);
    const r = await cli(['split', '--data', 'd.csv', '--train', 'x.csv', '--test', 'x.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_OUTPUTS_SAME/);
    expect(listDir(dir)).toEqual(['d.csv']);
  });

  it('split with a bad --test folder leaves no train file behind', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.csv'), csv);
    const r = await cli(['split', '--data', 'd.csv', '--train', 'train.csv', '--test', 'missing/test.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(listDir(dir)).toEqual(['d.csv']);
  });

  it('split --test equal to --data is refused', async () => {
    expect(await codeOf(checkDistinctOutputs([['data', 'a.csv'], ['train', 'b.csv'], ['test', './a.csv']]))).toBe('E_OUTPUTS_SAME');
  });

  it('writeTogether: when the second file fails, neither file exists', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    await expect(
      writeTogether([a, b], async ([ta, tb]) => {
        writeFileSync(ta!, 'one');
        writeFileSync(tb!, 'two');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(existsSync(a) || existsSync(b)).toBe(false);
    expect(listDir(dir)).toEqual([]);
  });
});
