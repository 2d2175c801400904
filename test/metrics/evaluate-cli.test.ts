import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heldOutPlanValue } from '../../src/allocate/heldOut.js';
import { upliftMetricIntervals } from '../../src/metrics/index.js';
import { Random } from '../../src/util/random.js';
import { cli, tempDir } from '../helpers/cli.js';

/** A randomised two-arm campaign (control / email) with scores and a plan treating the top 30 % by score. */
function files() {
  const dir = tempDir();
  const rng = new Random(8);
  const n = 1500;
  const rows = ['id,treatment,visit'];
  const scores = ['id,uplift_email'];
  const plan = ['id,arm,arm_index,cost,expected_incremental,value'];
  const y: number[] = [];
  const t: number[] = [];
  const u: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.uniform();
    const ti = rng.uniform() < 0.5 ? 1 : 0;
    const yi = rng.uniform() < 0.2 + 0.15 * x * ti ? 1 : 0;
    const ui = Math.round((0.15 * x + 0.05 * rng.normal()) * 1e6) / 1e6;
    rows.push(`c${i},${ti === 1 ? 'email' : 'control'},${yi}`);
    scores.push(`c${i},${ui}`);
    y.push(yi);
    t.push(ti);
    u.push(ui);
  }
  const top = new Set([...u.keys()].sort((a, b) => u[b]! - u[a]!).slice(0, 450));
  for (let i = 0; i < n; i++) plan.push(`c${i},${top.has(i) ? 'email,1,0.25' : 'none,0,0'},${top.has(i) ? u[i] : 0},0`);
  writeFileSync(join(dir, 'data.csv'), `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'scores.csv'), `${scores.join('\n')}\n`);
  writeFileSync(join(dir, 'plan.csv'), `${plan.join('\n')}\n`);
  const choice = Int32Array.from({ length: n }, (_, i) => (top.has(i) ? 1 : 0));
  const promised = [...top].reduce((s, i) => s + u[i]!, 0);
  return { dir, y, t, u, choice, promised };
}

describe('liftwise evaluate intervals and --plan', () => {
  it('reports the library’s bootstrap intervals for Qini AUC, uplift AUC and uplift@k, and a plan’s held-out value', async () => {
    const f = files();
    const base = ['evaluate', '--data', join(f.dir, 'data.csv'), '--treatment', 'treatment', '--outcome', 'visit', '--seed', '3'];
    const r = await cli([...base, '--scores', join(f.dir, 'scores.csv'), '--plan', join(f.dir, 'plan.csv'), '--level', '0.9', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // Seed per arm = --seed + arm index (1), as before.
    const lib = upliftMetricIntervals(f.y, f.u, f.t, { k: 0.3, level: 0.9, seed: 4 });
    const arm = out.arms[0];
    expect(arm.qiniAuc).toBeCloseTo(lib.qiniAuc.estimate, 12);
    expect(arm.qiniAucInterval).toMatchObject({ lower: lib.qiniAuc.lower, upper: lib.qiniAuc.upper, level: 0.9, kind: 'bootstrap', replicates: 200 });
    expect(arm.upliftAucInterval).toMatchObject({ lower: lib.upliftAuc.lower, upper: lib.upliftAuc.upper });
    expect(arm.upliftAtKInterval).toMatchObject({ lower: lib.upliftAtK.lower, upper: lib.upliftAtK.upper });
    expect(arm.upliftAtKInterval.lower).toBeLessThan(arm.upliftAtK);
    expect(arm.upliftAtKInterval.upper).toBeGreaterThan(arm.upliftAtK);
    const held = heldOutPlanValue(f.choice, Int32Array.from(f.t), Float64Array.from(f.y), { level: 0.9, replicates: 200, seed: 3 });
    expect(out.plan.heldOut.estimate).toBeCloseTo(held.estimate, 9);
    expect(out.plan.heldOut.lower).toBeCloseTo(held.lower, 9);
    expect(out.plan.heldOut.kind).toBe('held-out');
    expect(out.plan.promised).toBeCloseTo(f.promised, 6);
    expect(out.plan.treatedUnits).toBe(450);

    const text = await cli([...base, '--scores', join(f.dir, 'scores.csv')]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe('arm\trows\tqini_auc\tqini_auc_95%\tuplift_auc\tuplift_auc_95%\tuplift@0.3\tuplift@0.3_95%\tweighted_avg_uplift');
    expect(text.stdout).toContain('percentile intervals of a Poisson bootstrap over rows (200 replicates, seed 3)');
  }, 60_000);

  it('names bad input: no --scores or --plan, a plan id not in the data, too few replicates', async () => {
    const f = files();
    const base = ['evaluate', '--data', join(f.dir, 'data.csv'), '--treatment', 'treatment', '--outcome', 'visit'];
    const none = await cli(base);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('E_EVALUATE_NOTHING');
    writeFileSync(join(f.dir, 'bad-plan.csv'), 'id,arm\nc1,email\nzz,email\n');
    const bad = await cli([...base, '--plan', join(f.dir, 'bad-plan.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(f.dir, 'bad-plan.csv')}:3`);
    expect(bad.stderr).toContain("id 'zz' of the plan is not in");
    const few = await cli([...base, '--plan', join(f.dir, 'plan.csv'), '--replicates', '5']);
    expect(few.code).toBe(2);
    expect(few.stderr).toContain('E_EVALUATE_REPLICATES');
  }, 60_000);
});
