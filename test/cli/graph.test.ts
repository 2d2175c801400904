import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDir, cli, tempDir } from '../helpers/cli.js';
import { simulate, type ScmVariable } from '../../src/causal/idgen/simulate.js';
import { writeTable } from '../../src/data/write.js';
import { readDrawsFile } from '../../src/effects/drawsFile.js';

const bern = (p: number, r: { uniform(): number }): number => (r.uniform() < p ? 1 : 0);

/** Front-door data with an observed region; true coupon effect 0.28 (north) and 0.385 (south). */
const model: ScmVariable[] = [
  { name: 'u', latent: true, f: (_, r) => bern(0.5, r) },
  { name: 'region', levels: ['north', 'south'], f: (_, r) => bern(0.5, r) },
  { name: 'x', f: (v, r) => bern(0.15 + 0.6 * v.u! + 0.1 * v.region!, r) },
  { name: 'm', f: (v, r) => bern(0.1 + 0.7 * v.x!, r) },
  { name: 'y', f: (v, r) => bern(0.05 + (0.4 + 0.15 * v.region!) * v.m! + 0.35 * v.u!, r) },
  { name: 'id', f: (_, r) => Math.floor(r.uniform() * 1e9) },
];

async function files(rows = 2000): Promise<{ dir: string; graph: string; data: string }> {
  const dir = tempDir();
  const graph = join(dir, 'g.txt');
  writeFileSync(graph, '# front-door with a region\nx -> m -> y\nx <-> y\nregion -> x; region -> y\n');
  const data = join(dir, 'd.csv');
  await writeTable(data, simulate(model, rows, 4));
  return { dir, graph, data };
}

describe('liftwise graph', () => {
  it('check lists districts; identify prints the estimand, the hedge, or JSON', async () => {
    const { graph, dir } = await files();
    const check = await cli(['graph', 'check', graph]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('districts (c-components): {region} {x, y} {m}');
    const id = await cli(['graph', 'identify', graph, '--treatment', 'x', '--outcome', 'y', '--json']);
    expect(id.code, id.stderr).toBe(0);
    const json = JSON.parse(id.stdout) as { identifiable: boolean; estimand: { text: string; tree: { type: string } }; adjustment: { frontdoor: { sets: string[][] } } };
    expect(json.identifiable).toBe(true);
    expect(json.estimand.text).toBe("Σ_{region, m} P(region) · P(m | x) · Σ_{x'} P(x' | region) · P(y | region, x', m)");
    expect(json.estimand.tree.type).toBe('sum');
    expect(json.adjustment.frontdoor.sets).toEqual([['m']]);
    const bow = join(dir, 'bow.txt');
    writeFileSync(bow, 'dag { x -> y ; x <-> y }');
    const refused = await cli(['graph', 'identify', bow, '--treatment', 'x', '--outcome', 'y']);
    expect(refused.code).toBe(0);
    expect(refused.stdout).toContain('NOT identifiable');
    expect(refused.stdout).toContain("F' = {y}");
  });

  it('refuses bad graphs and queries with exit 2, naming the line or the variable', async () => {
    const { dir, graph, data } = await files();
    const cyclic = join(dir, 'cycle.txt');
    writeFileSync(cyclic, 'a -> b\n# comment\nb -> c; c -> a\n');
    const cycle = await cli(['graph', 'check', cyclic]);
    expect(cycle.code).toBe(2);
    expect(cycle.stderr).toContain('cycle.txt:3');
    expect(cycle.stderr).toContain('c -> a -> b -> c');
    const loop = join(dir, 'loop.txt');
    writeFileSync(loop, 'a -> b\nb -> b\n');
    expect((await cli(['graph', 'check', loop])).stderr).toContain('loop.txt:2');
    const unknown = await cli(['graph', 'identify', graph, '--treatment', 'q', '--outcome', 'y']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("treatment 'q' is not a variable of the graph");
    const level = await cli(['graph', 'sample', graph, '--data', data, '--do', 'x=7', '--outcome', 'y', '--n', '100', '--bootstrap', '0']);
    expect(level.code).toBe(2);
    expect(level.stderr).toContain("'x' never takes the value '7'");
    // A non-identifiable effect is refused with the hedge, never answered with a number.
    const bow = join(dir, 'bow.txt');
    writeFileSync(bow, 'x -> m -> y\nx <-> y\nx <-> m\n');
    const out = join(dir, 'never.csv');
    const refused = await cli(['graph', 'sample', bow, '--data', data, '--do', 'x=1', '--outcome', 'y', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('E_GRAPH_NOT_IDENTIFIABLE');
    expect(refused.stderr).toContain('hedge');
    expect(refused.stdout).toBe('');
    expect(listDir(dir)).not.toContain('never.csv');
  });

  it('sample writes draws; effect reports naive and interventional side by side and writes an effects file allocate reads', async () => {
    const { dir, graph, data } = await files(10_000);
    const samples = join(dir, 'samples.csv');
    const s = await cli(['graph', 'sample', graph, '--data', data, '--do', 'x=1', '--outcome', 'y', '--n', '5000', '--seed', '3', '--bootstrap', '10', '--out', samples, '--json', '--quiet']);
    expect(s.code, s.stderr).toBe(0);
    const summary = JSON.parse(s.stdout) as { mean: number; interval: [number, number] };
    const lines = readFileSync(samples, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('y');
    expect(lines).toHaveLength(5001);
    const drawn = lines.slice(1).reduce((a, l) => a + Number(l), 0) / 5000;
    expect(drawn).toBeCloseTo(summary.mean, 10);
    // Truth: E[y | do(x=1)] = 0.05 + (0.4 + 0.075) · 0.8 + 0.175 = 0.605.
    expect(Math.abs(summary.mean - 0.605)).toBeLessThan(0.03);

    const effects = join(dir, 'effects.csv');
    const drawsFile = join(dir, 'effects.draws');
    const e = await cli([
      'graph', 'effect', graph, '--data', data, '--do', 'x=1', '--versus', 'x=0', '--outcome', 'y',
      '--by', 'region', '--out', effects, '--draws-out', drawsFile, '--id', 'id', '--arm', 'coupon', '--n', '20000', '--bootstrap', '20', '--quiet',
    ]);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/naive E\[y \| x\]\s+interventional E\[y \| do\(x\)\]/);
    expect(e.stdout).toContain('x=1 vs x=0');
    const rows = readFileSync(effects, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('id,region,uplift_coupon');
    expect(rows).toHaveLength(10_001);
    const byRegion = new Map(rows.slice(1).map((r) => r.split(',')).map(([, region, u]) => [region!, Number(u)]));
    expect(Math.abs(byRegion.get('north')! - 0.28)).toBeLessThan(0.04);
    expect(Math.abs(byRegion.get('south')! - 0.385)).toBeLessThan(0.04);
    // The bootstrap refits travel as draws of every unit's effect, in the shared draws-file format.
    const read = await readDrawsFile(drawsFile);
    expect(read.effects.units).toBe(10_000);
    expect(read.effects.draws!.count).toBe(20);
    expect(read.effects.mean[1]).toBeCloseTo(Number(rows[1]!.split(',')[2]), 10);
    expect(read.ids![0]).toBe(rows[1]!.split(',')[0]);
    const plan = join(dir, 'plan.csv');
    const allocate = await cli(['allocate', '--scores', effects, '--id', 'id', '--budget', '1000', '--cost', '1', '--out', plan, '--json']);
    expect(allocate.code, allocate.stderr).toBe(0);
    // With equal costs the budget goes to the south, whose identified effect is larger.
    const regionOf = new Map(rows.slice(1).map((r) => r.split(',')).map(([id, region]) => [id!, region!]));
    const planned = readFileSync(plan, 'utf8').trim().split('\n');
    const header = planned[0]!.split(',');
    const treated = planned
      .slice(1)
      .map((r) => r.split(','))
      .filter((r) => r[header.indexOf('arm')] === 'coupon')
      .map((r) => regionOf.get(r[header.indexOf('id')]!));
    expect(treated).toHaveLength(1000);
    expect(treated.every((r) => r === 'south')).toBe(true);
  });
});
