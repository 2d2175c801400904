/**
 * Adversarial inputs, kind "validation": inputs that used to give a silently
 * wrong answer now give an error (exit 2) or a warning that names the place,
 * also in --json output; and the commands agree with each other (one plan
 * layout, the same forms of a cap, score output that allocate can read).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenarioSpec } from '../../src/scenario/run.js';
import { writeScenarioOutputs } from '../../src/scenario/output.js';
import { type Fixture, jsonError, makeFixture, runEach } from './messages-fixtures.js';

let fx: Fixture;
let rows: string[];
beforeAll(async () => {
  fx = await makeFixture();
  rows = readFileSync(fx.data, 'utf8').trim().split('\n');
});

/** campaign.csv with some cells changed: row r (1-based data row) gets column `column` set to `value`. */
function edited(name: string, column: string, changes: ReadonlyArray<[number, string]>): string {
  const header = rows[0]!.split(',');
  const j = header.indexOf(column);
  const out = rows.map((l) => l.split(','));
  for (const [r, v] of changes) out[r]![j] = v;
  return fx.file(name, `${out.map((c) => c.join(',')).join('\n')}\n`);
}

const header = (file: string) => readFileSync(file, 'utf8').split('\n')[0];

describe('silent wrong answers become errors or named warnings', () => {
  it('unseen categories at scoring time: a warning naming the feature and the count, in --json too', async () => {
    const data = edited('unseen.csv', 'channel', [[3, 'Fax'], [10, 'Fax'], [11, 'Telex']]);
    const [text, json] = await runEach([
      ['score', '--model', fx.model, '--data', data, '--out', join(fx.dir, 'unseen-scores.csv')],
      ['score', '--model', fx.model, '--data', data, '--out', join(fx.dir, 'unseen-scores2.csv'), '--json'],
    ]);
    expect(text!.code, text!.stderr).toBe(0);
    expect(text!.stderr).toContain(`warning: unseen categories: feature 'channel' has 3 of 600 cells with a value the model never saw in training (first: 'Fax' at ${data}:4)`);
    expect(JSON.parse(json!.stdout).warnings).toEqual([expect.stringContaining("feature 'channel' has 3 of 600 cells")]);
  });

  it('an outcome 0/1 but for a few 3s: a named warning, and --learner logistic refuses it instead of fitting ridge', async () => {
    const data = edited('visit3.csv', 'visit', [[7, '3'], [20, '3']]);
    const fitArgs = (extra: string[]) => ['fit', '--data', data, '--treatment', 'treatment', '--outcome', 'visit', '--features', 'recency,history', '--quiet', ...extra];
    const [plain, logistic] = await runEach([fitArgs(['--out', join(fx.dir, 'm3.json'), '--json']), fitArgs(['--out', join(fx.dir, 'm4.json'), '--learner', 'logistic'])]);
    expect(plain!.code, plain!.stderr).toBe(0);
    const summary = JSON.parse(plain!.stdout);
    expect(summary.learner).toBe('boosting');
    expect(summary.warnings[0]).toBe(
      `outcome 'visit' is 0/1 except for 2 cells (first: '3' at ${data}:8), so it was modelled as a number with learner 'boosting' (regression); if it is a yes/no outcome, fix those cells`,
    );
    expect(logistic!.code).toBe(2);
    expect(logistic!.stderr).toContain(`E_LOGISTIC_NEEDS_BINARY: ${data}:8, column 'visit': learner 'logistic' is a classifier and needs a 0/1 outcome, but outcome 'visit' has the value '3'`);
  });

  it('duplicate or empty ids in a scores file are refused with both lines', async () => {
    const lines = readFileSync(fx.scores, 'utf8').trim().split('\n');
    lines[5] = lines[5]!.replace(/^\d+/, '2');
    const dup = fx.file('dup-scores.csv', `${lines.join('\n')}\n`);
    lines[5] = lines[5]!.replace(/^\d+/, '');
    const empty = fx.file('empty-id-scores.csv', `${lines.join('\n')}\n`);
    const args = (scores: string) => ['allocate', '--scores', scores, '--budget', '10', '--cost', '0.25,0.6', '--id', 'id', '--out', join(fx.dir, 'dup-plan.csv'), '--quiet', '--json'];
    const [d, e] = await runEach([args(dup), args(empty)]);
    expect(d!.code).toBe(2);
    expect(jsonError(d!.stderr)).toMatchObject({ code: 'E_DUPLICATE_ID', line: 6, column: 'id' });
    expect(jsonError(d!.stderr).message).toContain("id '2' appears twice (lines 3 and 6)");
    expect(e!.code).toBe(2);
    expect(jsonError(e!.stderr)).toMatchObject({ code: 'E_MISSING_ID', line: 6 });
  });

  it('a negative --value-per-outcome is said, in text and in --json', async () => {
    const args = ['allocate', '--scores', fx.scores, '--budget', '10', '--cost', '0.25,0.6', '--value-per-outcome=-5', '--quiet'];
    const [text, json] = await runEach([
      [...args, '--out', join(fx.dir, 'neg1.csv')],
      [...args, '--out', join(fx.dir, 'neg2.csv'), '--json'],
    ]);
    expect(text!.code).toBe(0);
    expect(text!.stderr).toContain('warning: negative value per outcome: --value-per-outcome is -5, so a lower outcome counts as better');
    expect(JSON.parse(json!.stdout).warnings).toEqual([expect.stringContaining('negative value per outcome')]);
  });

  it('scenario: a negative valuePerOutcome is a warning; unseen categories in the units file are warned about', async () => {
    const units = edited('units.csv', 'channel', [[1, 'Fax']]);
    const result = await runScenarioSpec(
      {
        name: 'w',
        data: { file: 'campaign.csv', treatment: 'treatment', control: 'control', outcome: 'visit', features: ['recency', 'channel'] },
        units: { file: units.split('/').pop() },
        model: { kind: 'uplift', learner: 'logistic' },
        arms: [{ name: 'email', cost: 0.25 }],
        valuePerOutcome: -1,
        constraints: { budget: 5 },
      },
      fx.dir,
    );
    expect(result.warnings).toEqual([
      expect.stringContaining('negative value per outcome: valuePerOutcome is -1'),
      expect.stringContaining("unseen categories: feature 'channel' has 1 of 600 cells"),
    ]);
  });
});

describe('commands agree with each other', () => {
  it('allocate takes --max-recipients as a count, a share or a percentage, as scenarios do; 120% is refused', async () => {
    const args = (cap: string, out: string) => ['allocate', '--scores', fx.scores, '--budget', '1000', '--cost', '0.25,0.6', '--max-recipients', cap, '--out', join(fx.dir, out), '--quiet', '--json'];
    const [pct, share, count, over] = await runEach([args('20%', 'c1.csv'), args('0.2', 'c2.csv'), args('120', 'c3.csv'), args('120%', 'c4.csv')]);
    for (const r of [pct, share, count]) expect(r!.code, r!.stderr).toBe(0);
    expect(JSON.parse(pct!.stdout)).toMatchObject({ maxRecipients: 120, recipients: 120 });
    expect(JSON.parse(share!.stdout)).toMatchObject({ maxRecipients: 120, recipients: 120 });
    expect(JSON.parse(count!.stdout)).toMatchObject({ maxRecipients: 120 });
    expect(over!.code).toBe(2);
    expect(jsonError(over!.stderr).message).toContain('120% is more than 100 % of the units');
  });

  it('score --keep passes segment columns through, so allocate --min-share works on what score writes', async () => {
    const scores = join(fx.dir, 'kept.csv');
    const plan = join(fx.dir, 'kept-plan.csv');
    const [s, a] = await runEach([
      ['score', '--model', fx.model, '--data', fx.data, '--out', scores, '--id', 'id', '--keep', 'channel,newbie'],
      ['allocate', '--scores', scores, '--budget', '20', '--cost', '0.25,0.6', '--min-share', 'channel:0.1', '--id', 'id', '--out', plan, '--quiet', '--json'],
    ]);
    expect(s!.code, s!.stderr).toBe(0);
    expect(header(scores)).toBe('id,channel,newbie,uplift_email,uplift_coupon');
    expect(a!.code, a!.stderr).toBe(0);
    // Every channel has at least 10 % treated.
    const channel = readFileSync(fx.data, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[7]!);
    const arms = readFileSync(plan, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]!);
    for (const c of new Set(channel)) {
      const inSegment = channel.map((x, i) => (x === c ? i : -1)).filter((i) => i >= 0);
      const treated = inSegment.filter((i) => arms[i] !== 'none').length;
      expect(treated / inSegment.length).toBeGreaterThanOrEqual(0.1 - 1e-9);
    }
  });

  it('a plain uplift column (scikit-uplift) is read as the one treated arm', async () => {
    const lines = readFileSync(fx.scores, 'utf8').trim().split('\n').map((l) => l.split(',').slice(0, 2).join(','));
    lines[0] = 'id,uplift';
    const plain = fx.file('sklift.csv', `${lines.join('\n')}\n`);
    const plan = join(fx.dir, 'sklift-plan.csv');
    const [r] = await runEach([['allocate', '--scores', plain, '--budget', '5', '--cost', '0.25', '--id', 'id', '--out', plan, '--quiet', '--json']]);
    expect(r!.code, r!.stderr).toBe(0);
    expect(JSON.parse(r!.stdout)).toMatchObject({ arms: { none: 580, treated: 20 }, spend: 5 });
  });

  it('sums print without float noise (0.1 + 0.2 is 0.3)', async () => {
    const scores = fx.file('noise.csv', 'id,uplift_a,cost\n1,0.9,0.1\n2,0.8,0.2\n3,0.1,0.4\n');
    const args = ['allocate', '--scores', scores, '--budget', '0.3', '--cost-col', 'cost', '--mip-gap', '0', '--quiet'];
    const [text, json] = await runEach([[...args, '--out', join(fx.dir, 'n1.csv')], [...args, '--out', join(fx.dir, 'n2.csv'), '--json']]);
    expect(text!.stdout).toContain('spend       0.3 of 0.3');
    const summary = JSON.parse(json!.stdout);
    expect(summary.spend).toBe(0.3);
    expect(json!.stdout).not.toMatch(/\d\.\d{12,}/);
  });

  it('allocate and scenarios write one plan layout', async () => {
    const allocated = join(fx.dir, 'layout-allocate.csv');
    const [a] = await runEach([['allocate', '--scores', fx.scores, '--budget', '10', '--cost', '0.25,0.6', '--id', 'id', '--out', allocated, '--quiet']]);
    expect(a!.code, a!.stderr).toBe(0);
    const result = await runScenarioSpec(
      {
        name: 'layout',
        data: { file: 'campaign.csv', id: 'id', treatment: 'treatment', control: 'control', outcome: 'visit', features: ['recency', 'history'] },
        model: { kind: 'uplift', learner: 'logistic' },
        arms: [{ name: 'email', cost: 0.25 }, { name: 'coupon', cost: 0.6 }],
        constraints: { budget: 10 },
      },
      fx.dir,
    );
    await writeScenarioOutputs(result, join(fx.dir, 'layout-out'));
    expect(header(join(fx.dir, 'layout-out', 'plan-base.csv'))).toBe(header(allocated));
    expect(header(allocated)).toBe('id,arm,arm_index,cost,expected_incremental,value');
  });
});
