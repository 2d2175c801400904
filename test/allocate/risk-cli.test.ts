import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDir, cli, tempDir } from '../helpers/cli.js';
import { effectsFromDraws } from '../../src/effects/effects.js';
import { writeDrawsFile } from '../../src/effects/drawsFile.js';
import { Random } from '../../src/util/random.js';

/**
 * Six customers, one e-mail arm, 40 draws: a, b are sure small effects; c is
 * the largest mean but wide (negative in a quarter of the draws); d … f are
 * near zero. Ids in the draws file are in a different order than the scores.
 */
async function setUp(): Promise<{ dir: string; scores: string; draws: string; plan: string; drawsValues: Float64Array; ids: string[] }> {
  const dir = tempDir('liftwise-risk-cli-');
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  const means = [0.2, 0.18, 0.35, 0.02, 0.01, 0.03];
  const sds = [0.01, 0.01, 0.5, 0.01, 0.01, 0.01];
  const S = 40;
  const n = ids.length;
  const rng = new Random(5);
  const values = new Float64Array(S * n * 2);
  for (let s = 0; s < S; s++) for (let i = 0; i < n; i++) values[(s * n + i) * 2 + 1] = means[i]! + sds[i]! * rng.normal();
  // Draws file units in reverse order of the scores rows.
  const reversed = new Float64Array(values.length);
  for (let s = 0; s < S; s++) for (let i = 0; i < n; i++) reversed[(s * n + (n - 1 - i)) * 2 + 1] = values[(s * n + i) * 2 + 1]!;
  const draws = join(dir, 'scores.draws');
  await writeDrawsFile(draws, effectsFromDraws(['none', 'email'], S, reversed, 'posterior'), { ids: [...ids].reverse(), idColumn: 'customer' });
  const scores = join(dir, 'scores.csv');
  writeFileSync(scores, ['customer,uplift_email,cost', ...ids.map((id, i) => `${id},${means[i]},1`)].join('\n') + '\n');
  return { dir, scores, draws, plan: join(dir, 'plan.csv'), drawsValues: values, ids };
}

function planArms(file: string): Map<string, string> {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return new Map(lines.map((l) => [l.split(',')[0]!, l.split(',')[1]!]));
}

describe('allocate --draws', () => {
  it('reports the plan outcome with a 94 % interval and P(>0), matched by id, and cvar:0.25 avoids the wide unit', async () => {
    const { scores, draws, plan, drawsValues } = await setUp();
    const mean = await cli(['allocate', '--scores', scores, '--draws', draws, '--id', 'customer', '--cost-col', 'cost', '--budget', '2', '--out', plan, '--json', '--quiet']);
    expect(mean.stderr).toBe('');
    expect(mean.code).toBe(0);
    const m = JSON.parse(mean.stdout);
    // The mean plan takes the two largest means: c and a.
    expect(planArms(plan).get('c')).toBe('email');
    expect(planArms(plan).get('a')).toBe('email');
    expect(m.risk).toBe('mean');
    expect(m.outcome.kind).toBe('posterior');
    expect(m.outcome.draws).toBe(40);
    // Reference: the plan's total (units a and c, rows 0 and 2) per draw, from the draws written.
    const totals = Array.from({ length: 40 }, (_, s) => drawsValues[(s * 6 + 0) * 2 + 1]! + drawsValues[(s * 6 + 2) * 2 + 1]!);
    const avg = totals.reduce((x, y) => x + y, 0) / 40;
    // The file's mean is the draws' average here (effectsFromDraws); float32 draws: six digits.
    expect(m.outcome.mean).toBeCloseTo(avg, 5);
    expect(m.outcome.probabilityPositive).toBe(totals.filter((t) => t > 0).length / 40);
    expect(m.outcome.lower).toBeLessThan(avg);
    expect(m.outcome.upper).toBeGreaterThan(avg);

    const cvar = await cli(['allocate', '--scores', scores, '--draws', draws, '--id', 'customer', '--cost-col', 'cost', '--budget', '2', '--risk', 'cvar:0.25', '--out', plan, '--json', '--quiet']);
    expect(cvar.code).toBe(0);
    const c = JSON.parse(cvar.stdout);
    // The safer plan takes the two sure units and leaves c out.
    expect(planArms(plan).get('c')).toBe('none');
    expect(planArms(plan).get('a')).toBe('email');
    expect(planArms(plan).get('b')).toBe('email');
    expect(c.risk).toBe('cvar:0.25');
    expect(c.status).toBe('optimal');
    expect(c.bound).toBeGreaterThanOrEqual(c.objective - 1e-9);
    expect(c.outcome.lower).toBeGreaterThan(m.outcome.lower);
    expect(c.outcome.mean).toBeLessThan(m.outcome.mean);

    // quantile:0.25: c is negative in about a quarter of the draws, so its 25 % quantile is low: the sure units win.
    const q = await cli(['allocate', '--scores', scores, '--draws', draws, '--id', 'customer', '--cost-col', 'cost', '--budget', '2', '--risk', 'quantile:0.25', '--out', plan, '--json', '--quiet']);
    expect(q.code, q.stderr).toBe(0);
    const qj = JSON.parse(q.stdout);
    expect(qj.risk).toBe('quantile:0.25');
    expect(planArms(plan).get('c')).toBe('none');
    // The reported objective is the 10th smallest of the 40 draws of a + b (rows 0 and 1), and it is proven optimal.
    const ab = Array.from({ length: 40 }, (_, s) => drawsValues[(s * 6 + 0) * 2 + 1]! + drawsValues[(s * 6 + 1) * 2 + 1]!).sort((x, y) => x - y);
    expect(qj.objective).toBeCloseTo(ab[9]!, 5);
    expect(qj.status).toBe('optimal');
  });

  it('--min-probability drops units unlikely to pay for themselves; --risk-frontier trades mean for CVaR', async () => {
    const { scores, draws, plan } = await setUp();
    // value-per-outcome 10, cost 1: a unit pays when its effect is above 0.1; c is above 0.1 in well under 90 % of draws.
    const r = await cli(['allocate', '--scores', scores, '--draws', draws, '--id', 'customer', '--cost-col', 'cost', '--budget', '3', '--value-per-outcome', '10', '--min-probability', '0.9', '--risk-frontier', '--out', plan, '--json', '--quiet']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(planArms(plan).get('c')).toBe('none');
    expect(s.recipients).toBe(2);
    const points = s.frontier.points as { weight: number; mean: number; cvar: number }[];
    expect(points.map((p) => p.weight)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    for (let j = 1; j < points.length; j++) {
      expect(points[j]!.mean).toBeLessThanOrEqual(points[j - 1]!.mean + 1e-9);
      expect(points[j]!.cvar).toBeGreaterThanOrEqual(points[j - 1]!.cvar - 1e-9);
    }
  });

  it('takes the draws file alone with --cost, and names bad input', async () => {
    const { dir, draws, scores, plan } = await setUp();
    const alone = await cli(['allocate', '--draws', draws, '--cost', '1', '--budget', '2', '--out', plan, '--quiet']);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(/outcome {5}0\.52\d+ incremental, 94 % interval -0\.12\d+ … 1\.39\d+, P\(> 0\) 0\.875 \(40 posterior draws\)/);
    // Units in the draws file's order, with its ids.
    expect(readFileSync(plan, 'utf8').split('\n')[0]).toBe('customer,arm,arm_index,cost,expected_incremental,value');

    const noDraws = await cli(['allocate', '--scores', scores, '--cost', '1', '--budget', '2', '--risk', 'cvar:0.1', '--out', join(dir, 'x.csv')]);
    expect(noDraws.code).toBe(2);
    expect(noDraws.stderr).toMatch(/--risk works on the effects' draws/);
    const badRisk = await cli(['allocate', '--draws', draws, '--cost', '1', '--budget', '2', '--risk', 'cvar:2', '--out', join(dir, 'x.csv')]);
    expect(badRisk.code).toBe(2);
    expect(badRisk.stderr).toMatch(/cvar:α or quantile:α with 0 < α ≤ 1/);
    writeFileSync(join(dir, 'other.csv'), 'customer,uplift_email,cost\na,0.1,1\nzz,0.2,1\nb,0.1,1\nc,0.1,1\nd,0.1,1\ne,0.1,1\n');
    const missing = await cli(['allocate', '--scores', join(dir, 'other.csv'), '--draws', draws, '--id', 'customer', '--cost-col', 'cost', '--budget', '2', '--out', join(dir, 'x.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/id 'zz' of the scores file is not in the draws file/);
    expect(missing.stderr).toMatch(/other\.csv:3/);
    writeFileSync(join(dir, 'broken.draws'), readFileSync(draws).subarray(0, 300));
    const truncated = await cli(['allocate', '--draws', join(dir, 'broken.draws'), '--cost', '1', '--budget', '2', '--out', join(dir, 'x.csv')]);
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/truncated/);
    // No plan written on failure.
    expect(listDir(dir)).not.toContain('x.csv');
  });
});
