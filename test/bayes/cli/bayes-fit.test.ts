/** liftwise bayes fit, run as a user would (the built CLI). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listDir, cli, tempDir } from '../../helpers/cli.js';
import { describeWithShared, repoPath, sharedPath } from '../../helpers/shared.js';
import { paintLineData } from '../../../src/bayes/model/examples.js';
import { readTable } from '../../../src/data/read.js';

const SUMMARY_HEADER = 'parameter,mean,sd,hdi_3,hdi_97,mcse_mean,ess_bulk,ess_tail,r_hat';
const REEDFROGS = 'data/rethinking/reedfrogs.csv';

function csv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

describeWithShared('liftwise bayes fit: m13.2 model file', [REEDFROGS], () => {
  it('writes summary.csv and draws.csv; the same seed gives the same files', async () => {
    const dir = tempDir();
    const args = (out: string) => [
      'bayes', 'fit', '--model', 'scenarios/bayes/m13_2.model.json', '--data', sharedPath(REEDFROGS),
      '--chains', '2', '--warmup', '500', '--draws', '400', '--seed', '5', '--out', join(dir, out), '--quiet',
    ];
    const first = await cli(args('a'));
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    expect(listDir(dir)).toEqual(['a']);
    expect(listDir(join(dir, 'a'))).toEqual(['.liftwise-output.json', 'draws.csv', 'summary.csv']);
    const summary = csv(join(dir, 'a', 'summary.csv'));
    expect(summary.header.join(',')).toBe(SUMMARY_HEADER);
    expect(summary.rows.map((r) => r[0])).toEqual(['abar', 'sigma', ...Array.from({ length: 48 }, (_, i) => `a[${i + 1}]`)]);
    const abar = summary.rows[0]!.map(Number);
    // Within 4 MCSE (ours and rstan's) of rstan's 1.347.
    expect(Math.abs(abar[1]! - 1.347) / Math.hypot(abar[5]!, 0.258 / Math.sqrt(3342))).toBeLessThan(4);
    const draws = csv(join(dir, 'a', 'draws.csv'));
    expect(draws.header.slice(0, 4)).toEqual(['chain', 'draw', 'abar', 'sigma']);
    expect(draws.header).toContain('divergent__');
    expect(draws.rows.length).toBe(2 * 400);

    expect((await cli(args('b'))).code).toBe(0);
    expect(readFileSync(join(dir, 'b', 'draws.csv'), 'utf8')).toBe(readFileSync(join(dir, 'a', 'draws.csv'), 'utf8'));
  });

  it('--json prints the summary rows and warnings', async () => {
    const dir = tempDir();
    const r = await cli([
      'bayes', 'fit', '--model', 'scenarios/bayes/m13_2.model.json', '--data', sharedPath(REEDFROGS),
      '--chains', '1', '--warmup', '100', '--draws', '50', '--out', join(dir, 'fit'), '--json', '--quiet',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { summary: Array<{ parameter: string }>; warnings: Array<{ code: string }>; chains: number };
    expect(out.chains).toBe(1);
    expect(out.summary[1]!.parameter).toBe('sigma');
    // 50 draws cannot reach an ESS of 400: the warning says so.
    expect(out.warnings.map((w) => w.code)).toContain('W_ESS_BULK');
  });
});

describe('liftwise bayes fit: paint-line model file', () => {
  it('the shipped CSV is the seeded simulation, and the fit covers the true effect −0.421', async () => {
    const shipped = await readTable(repoPath('scenarios/bayes/paint_line.csv'));
    const simulated = paintLineData(1000, 2026);
    for (const name of ['humid', 'dilution', 'coating']) {
      const a = shipped.columns.get(name)!;
      const b = simulated.columns.get(name)!;
      expect(a.kind === 'numeric' && b.kind === 'numeric' && Array.from(a.values)).toEqual(b.kind === 'numeric' && Array.from(b.values));
    }
    const dir = tempDir();
    const r = await cli([
      'bayes', 'fit', '--model', 'scenarios/bayes/paint.model.json', '--data', 'scenarios/bayes/paint_line.csv',
      '--chains', '2', '--warmup', '500', '--draws', '500', '--seed', '3', '--out', join(dir, 'fit'), '--quiet',
    ]);
    expect(r.code).toBe(0);
    const row = csv(join(dir, 'fit', 'summary.csv')).rows.find((x) => x[0] === 'b_dc')!.map(Number);
    expect(row[3]).toBeLessThan(-0.421);
    expect(row[4]).toBeGreaterThan(-0.421);
  });
});

describe('liftwise bayes fit: bad input exits 2, names the place, writes nothing', () => {
  const write = (dir: string, name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const fitWith = async (dir: string, model: string, data = 'scenarios/bayes/paint_line.csv') =>
    cli(['bayes', 'fit', '--model', model, '--data', data, '--chains', '1', '--warmup', '20', '--draws', '20', '--out', join(dir, 'out'), '--quiet']);
  const good = JSON.parse(readFileSync(repoPath('scenarios/bayes/paint.model.json'), 'utf8')) as { nodes: Array<Record<string, unknown>> };
  const variant = (edit: (m: typeof good) => void): string => {
    const copy = structuredClone(good);
    edit(copy);
    return JSON.stringify(copy, null, 2);
  };

  const cases: Array<[string, (dir: string) => string, RegExp, string]> = [
    ['malformed JSON', (d) => write(d, 'm.json', '{\n  "format": "liftwise-bayes-model",\n  "version": 1,\n  "nodes": [ }\n'), /m\.json:4: .*not valid JSON/, 'E_MODELFILE_JSON'],
    ['an unknown key', (d) => write(d, 'm.json', variant((m) => (m.nodes[3]!['colum'] = 'dilution'))), /field nodes\[3\]: .*Unrecognized key: "colum"/, 'E_MODELFILE_INVALID'],
    ['a wrong kind', (d) => write(d, 'm.json', variant((m) => (m.nodes[1]!['kind'] = 'parameter'))), /field nodes\[1\]\.kind: .*kind must be one of/, 'E_MODELFILE_INVALID'],
    ['a newer version', (d) => write(d, 'm.json', variant((m) => ((m as Record<string, unknown>)['version'] = 2))), /, field version: this liftwise reads model files of version 1$/m, 'E_MODELFILE_INVALID'],
    ['a column that does not exist', (d) => write(d, 'm.json', variant((m) => (m.nodes[8]!['column'] = 'coatng'))), /field nodes\[8\]\.column: column 'coatng' does not exist in 'scenarios\/bayes\/paint_line\.csv'; the columns are 'humid', 'dilution', 'coating'/, 'E_MODELFILE_COLUMN'],
    ['an expression syntax error', (d) => write(d, 'm.json', variant((m) => (m.nodes[3]!['dist'] = 'BernoulliLogit(a_d + * humid)'))), /field nodes\[3\]\.dist: expected a number, a name or '\(' but found '\*' at character 22/, 'E_MODEL_SYNTAX'],
    ['an unknown name', (d) => write(d, 'm.json', variant((m) => (m.nodes[8]!['dist'] = 'Normal(a_c + b_dc * dilution, sigmaa)'))), /field nodes\[8\]\.dist: unknown name 'sigmaa'/, 'E_MODEL_UNKNOWN_NAME'],
    ['a value outside the support', (d) => write(d, 'm.json', variant((m) => (m.nodes[3]!['column'] = 'coating'))), /nodes\[3\]\.values: node 'dilution' element 1 is 0\.3268; it must be 0 or 1/, 'E_MODEL_VALUE'],
  ];

  it.each(cases)('%s', async (_name, makeModel, message, code) => {
    const dir = tempDir();
    const model = makeModel(dir);
    const r = await fitWith(dir, model);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error ${code}`);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(listDir(dir)).toEqual(['m.json']);
  });

  it('a non-empty output directory is refused before any work', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'keep.txt'), 'mine');
    const r = await fitWith(dir, 'scenarios/bayes/paint.model.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_OUTPUT_EXISTS');
    expect(listDir(join(dir, 'out'))).toEqual(['keep.txt']);
  });

  it('a model file that reads columns needs --data', async () => {
    const dir = tempDir();
    const r = await cli(['bayes', 'fit', '--model', 'scenarios/bayes/paint.model.json', '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--data/);
  });
});
