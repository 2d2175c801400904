import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/index.js';
import { listDir, cli, tempDir, type CliResult } from '../helpers/cli.js';

/**
 * 600 customers; 'promo' was given mostly to young customers (confounded); it raises spend by 10 for
 * customers under 40 on the Web channel and lowers it by 2 for everyone else.
 */
function campaign(dir: string): string {
  const rng = new Random(17);
  const lines = ['id,age,channel,income,offer,spend'];
  for (let i = 0; i < 600; i++) {
    const age = 20 + rng.int(50);
    const channel = rng.uniform() < 0.5 ? 'Web' : 'Phone';
    const income = Math.round(20 + 60 * rng.uniform());
    const treated = rng.uniform() < (age < 40 ? 0.7 : 0.3);
    const effect = age < 40 && channel === 'Web' ? 10 : -2;
    const spend = 20 + 0.3 * income + (treated ? effect : 0) + 2 * rng.normal();
    lines.push(`${i + 1},${age},${channel},${income},${treated ? 'promo' : 'none'},${spend.toFixed(2)}`);
  }
  const file = join(dir, 'campaign.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('liftwise policy fit / show / apply', () => {
  const dir = tempDir();
  const data = campaign(dir);
  const policy = join(dir, 'policy.json');
  let fit: CliResult;
  beforeAll(async () => {
    fit = await cli(['policy', 'fit', '--data', data, '--treatment', 'offer', '--control', 'none', '--outcome', 'spend', '--exclude', 'id', '--depth', '2', '--out', policy, '--json', '--quiet']);
  });

  it('finds the planted rule: promo exactly for Web customers under 40', async () => {
    expect(fit.code, fit.stderr).toBe(0);
    const p = JSON.parse(fit.stdout);
    const leaves: Array<{ action: string; rows: number; gain: number }> = [];
    const walk = (n: { action?: string; rows: number; gain: number; left?: unknown; right?: unknown }) => {
      if (n.action !== undefined) leaves.push({ action: n.action, rows: n.rows, gain: n.gain });
      else {
        walk(n.left as never);
        walk(n.right as never);
      }
    };
    walk(p.tree);
    const splits = JSON.stringify(p.tree);
    expect(splits).toContain('"column":"age"');
    expect(splits).toMatch(/"level":"(Web|Phone)"/);
    expect(p.outcome.kind).toBe('continuous');
    // Truth: about a quarter of the rows (under 40 and Web) should get promo.
    expect(p.estimates.rowsPerArm.promo).toBeGreaterThan(120);
    expect(p.estimates.rowsPerArm.promo).toBeLessThan(180);
    // The main promo leaf's estimated gain per row is near the true +10.
    const main = leaves.filter((l) => l.action === 'promo').sort((a, b) => b.rows - a.rows)[0]!;
    expect(main.rows).toBeGreaterThan(110);
    expect(main.gain).toBeGreaterThan(7);
    expect(main.gain).toBeLessThan(13);
  });

  it('shows the rule as text and SQL, and applies it to rows by column name', async () => {
    const show = await cli(['policy', 'show', policy]);
    expect(show.code, show.stderr).toBe(0);
    // The true threshold is age < 40; the doubly robust scores are noisy, so allow a few years.
    const threshold = Number(/age <= (\d+)/.exec(show.stdout)?.[1]);
    expect(threshold).toBeGreaterThanOrEqual(36);
    expect(threshold).toBeLessThanOrEqual(46);
    expect(show.stdout).toMatch(/channel (=|<>) '(Web|Phone)'/);
    expect(show.stdout).toContain('END AS offer');
    const out = join(dir, 'plan.csv');
    const apply = await cli(['policy', 'apply', '--policy', policy, '--data', data, '--id', 'id', '--out', out]);
    expect(apply.code, apply.stderr).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('id,action,leaf');
    const src = readFileSync(data, 'utf8').trim().split('\n').slice(1);
    let agree = 0;
    src.forEach((line, i) => {
      const [, age, channel] = line.split(',');
      const truth = Number(age) < 40 && channel === 'Web' ? 'promo' : 'none';
      if (rows[i + 1]!.split(',')[1] === truth) agree++;
    });
    expect(agree / src.length).toBeGreaterThan(0.9);
  });

  it('keeps a budget, reports the bound and the share of the unit-by-unit plan', async () => {
    const out = join(dir, 'budget.json');
    const r = await cli(['policy', 'fit', '--data', data, '--treatment', 'offer', '--control', 'none', '--outcome', 'spend', '--exclude', 'id', '--depth', '2', '--cost', '1', '--budget', '60', '--out', out, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.limits.spend).toBeLessThanOrEqual(60);
    // One treated arm at a cost per row: the budget is searched exactly, so the bound is the value.
    expect(p.limits.gap).toBe(0);
    expect(p.limits.bound).toBeCloseTo(p.estimates.meanOutcome * p.estimates.rows, 6);
    // 60 promo rows, all among young Web customers: gain near 60 × 10.
    expect(p.limits.recipients).toBeGreaterThan(40);
    expect(p.estimates.totalGain).toBeGreaterThan(400);
    expect(p.comparison.share).toBeGreaterThan(0.6);
    expect(p.comparison.unitPlanStatus).toBe('optimal');
  });

  it('bad input: missing feature cell names file and line; a damaged policy file exits 2 and writes nothing', async () => {
    const bad = join(dir, 'bad.csv');
    const lines = readFileSync(data, 'utf8').split('\n');
    lines[5] = lines[5]!.replace(/^(\d+),(\d+),/, '$1,,');
    writeFileSync(bad, lines.join('\n'));
    const r = await cli(['policy', 'apply', '--policy', policy, '--data', bad, '--out', join(dir, 'never.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.csv');
    expect(r.stderr).toContain('6');
    expect(r.stderr).toContain("'age'");
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, readFileSync(policy, 'utf8').slice(0, 200));
    const d = await cli(['policy', 'show', damaged]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('damaged.json');
    const budgetless = await cli(['policy', 'fit', '--data', data, '--treatment', 'offer', '--control', 'none', '--outcome', 'spend', '--budget', '5', '--out', join(dir, 'x.json')]);
    expect(budgetless.code).toBe(2);
    expect(budgetless.stderr).toContain('--cost');
    expect(listDir(dir).filter((f) => f.includes('never') || f.startsWith('x.json'))).toEqual([]);
  });

  it('evaluate --overlap reports propensities by arm for confounded data (promo went mostly to the young)', async () => {
    const scores = join(dir, 'scores.csv');
    const lines = ['uplift_promo', ...Array.from({ length: 600 }, (_, i) => String((i % 7) / 7))];
    writeFileSync(scores, `${lines.join('\n')}\n`);
    const binary = join(dir, 'binary.csv');
    const rows = readFileSync(data, 'utf8').trim().split('\n');
    writeFileSync(binary, `${[rows[0], ...rows.slice(1).map((l) => l.replace(/,([\d.]+)$/, (_, v) => `,${Number(v) > 40 ? 1 : 0}`))].join('\n')}\n`);
    const r = await cli(['evaluate', '--data', binary, '--scores', scores, '--treatment', 'offer', '--control', 'none', '--outcome', 'spend', '--overlap', '--exclude', 'id', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout).overlap;
    expect(o.arms.map((a: { arm: string }) => a.arm)).toEqual(['none', 'promo']);
    // P(promo | age) is 0.7 under 40 and 0.3 above: treated rows have the higher propensity.
    expect(o.arms[1].inArm.median).toBeGreaterThan(o.arms[1].otherArms.median + 0.1);
    expect(o.arms[1].effectiveShare).toBeGreaterThan(0.5);
    expect(o.arms[1].effectiveShare).toBeLessThan(1);
  });
});
