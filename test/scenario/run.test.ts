import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenarioSpec, parseScenario, readTable } from '../../src/index.js';
import { cli, tempDir, listDir } from '../helpers/cli.js';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { writeTable } from '../../src/index.js';

/** A small scenario folder: campaign.csv (2 arms) and a scenario object. */
async function smallScenario(): Promise<{ dir: string; spec: Record<string, unknown> }> {
  const dir = tempDir();
  await writeTable(join(dir, 'campaign.csv'), simulateCampaign({ n: 3000, seed: 5, arms: ['email', 'coupon'] }).table);
  const spec = {
    name: 'small',
    data: { file: 'campaign.csv', id: 'id', treatment: 'treatment', outcome: 'visit', features: ['recency', 'history', 'womens', 'newbie'], holdout: 0.3 },
    model: { kind: 'uplift', method: 'two-model', learner: 'logistic' },
    arms: [
      { name: 'email', cost: 0.25 },
      { name: 'coupon', cost: 0.6 },
    ],
    valuePerOutcome: 10,
    constraints: { budget: 100 },
    reportSegment: 'newbie',
    variations: [
      { name: 'base' },
      { name: 'less', constraints: { budget: 80 } },
      { name: 'cap', constraints: { maxRecipients: '10%' } },
      { name: 'sweep', budgetGrid: { from: 0, to: 200, steps: 11 } },
      { name: 'pricier coupon', costMultiplier: { coupon: 2 } },
    ],
  };
  return { dir, spec };
}

describe('runScenario', () => {
  it('solves every variation within its rules and shares one fitted model', async () => {
    const { dir, spec } = await smallScenario();
    const result = await runScenarioSpec(spec, dir);
    expect(result.data).toMatchObject({ rows: 3000, trainRows: 2100, planRows: 900 });
    expect(result.variations.map((v) => v.name)).toEqual(['base', 'less', 'cap', 'sweep', 'pricier coupon']);
    const [base, less, cap, sweep, pricier] = result.variations;
    for (const v of result.variations) {
      expect(v.plan.spend).toBeLessThanOrEqual((v.budget ?? Infinity) + 1e-9);
      expect(v.plan.gap).toBeGreaterThanOrEqual(-1e-9);
      // The expected incremental outcome is the plan's value over the value per outcome.
      expect(v.expectedIncremental).toBeCloseTo(v.plan.value / 10, 9);
    }
    expect(cap!.plan.recipients).toBeLessThanOrEqual(90);
    // Less money or a tighter rule can never do better than the base plan's bound.
    expect(less!.plan.objective).toBeLessThanOrEqual(base!.plan.bound + 1e-9);
    expect(cap!.plan.objective).toBeLessThanOrEqual(base!.plan.bound + 1e-9);
    // The sweep's frontier is non-decreasing in the budget and ends at its plan.
    expect(sweep!.frontier).toHaveLength(11);
    for (let j = 1; j < sweep!.frontier.length; j++) {
      expect(sweep!.frontier[j]!.incremental).toBeGreaterThanOrEqual(sweep!.frontier[j - 1]!.incremental - 1e-9);
    }
    expect(sweep!.budget).toBe(200);
    // A pricier coupon is chosen no more often.
    expect(pricier!.plan.armCounts[2]!).toBeLessThanOrEqual(base!.plan.armCounts[2]!);
    expect(result.qini.map((q) => q.arm)).toEqual(['email', 'coupon']);
  });

  it('gives the same plans for the same seed', async () => {
    const { dir, spec } = await smallScenario();
    const a = await runScenarioSpec(spec, dir);
    const b = await runScenarioSpec(spec, dir);
    expect(Array.from(a.variations[0]!.plan.choice)).toEqual(Array.from(b.variations[0]!.plan.choice));
  });
});

describe('liftwise scenario run', () => {
  it('writes plans, summary.csv, summary.json and report.html, and the summary matches the plans', async () => {
    const { dir, spec } = await smallScenario();
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify(spec));
    const out = join(dir, 'results');
    const r = await cli(['scenario', 'run', file, '--out', out, '--quiet', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(listDir(out)).toEqual(
      ['.liftwise-output.json', 'plan-base.csv', 'plan-cap.csv', 'plan-less.csv', 'plan-pricier-coupon.csv', 'plan-sweep.csv', 'report.html', 'summary.csv', 'summary.json'].sort(),
    );
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { variations: Array<{ variation: string; spend: number; recipients: number }> };
    const plan = await readTable(join(out, 'plan-base.csv'));
    const cost = plan.columns.get('cost')!;
    const arm = plan.columns.get('arm')!;
    let spend = 0;
    let recipients = 0;
    for (let i = 0; i < plan.nRows; i++) {
      spend += cost.kind === 'numeric' ? cost.values[i]! : NaN;
      if (arm.kind === 'categorical' && arm.levels[arm.codes[i]!] !== 'none') recipients++;
    }
    expect(plan.nRows).toBe(900);
    expect(summary.variations[0]!.spend).toBeCloseTo(spend, 9);
    expect(summary.variations[0]!.recipients).toBe(recipients);
    const csv = readFileSync(join(out, 'summary.csv'), 'utf8').split('\n');
    expect(csv[0]).toMatch(/^variation,status,solver,objective,bound,gap,relative_gap,budget,max_recipients,spend,recipients,expected_incremental/);
    expect(csv).toHaveLength(7); // header, 5 variations, final newline
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<svg');
  });

  const bad: Array<{ name: string; edit: (s: Record<string, unknown>) => unknown; text?: string; code: string; where: RegExp }> = [
    { name: 'an unknown field', edit: (s) => ({ ...s, budjet: 100 }), code: 'E_SCENARIO_INVALID', where: /unknown field 'budjet'/ },
    { name: 'a wrong type', edit: (s) => ({ ...s, constraints: { budget: 'lots' } }), code: 'E_SCENARIO_INVALID', where: /field constraints\.budget/ },
    { name: 'a missing CSV', edit: (s) => ({ ...s, data: { ...(s.data as object), file: 'nope.csv' } }), code: 'E_FILE_NOT_FOUND', where: /nope\.csv/ },
    {
      name: 'a column that does not exist',
      edit: (s) => ({ ...s, reportSegment: 'colour' }),
      code: 'E_SCENARIO_COLUMN',
      where: /field reportSegment: column 'colour' does not exist in .*campaign\.csv/,
    },
    {
      name: 'a feature that does not exist',
      edit: (s) => ({ ...s, data: { ...(s.data as object), features: ['recency', 'age'] } }),
      code: 'E_SCENARIO_COLUMN',
      where: /field data\.features\[1\]: column 'age'/,
    },
    { name: 'an arm the data lacks', edit: (s) => ({ ...s, arms: [{ name: 'sms', cost: 1 }] }), code: 'E_', where: /'sms'/ },
    { name: 'a negative budget', edit: (s) => ({ ...s, constraints: { budget: -5 } }), code: 'E_SCENARIO_INVALID', where: /field constraints\.budget/ },
    { name: 'a YAML syntax error', edit: () => undefined, text: 'name: x\ndata: [\n', code: 'E_SCENARIO_SYNTAX', where: /scenario\.yaml:\d/ },
  ];
  for (const c of bad) {
    it(`reports ${c.name} with exit code 2 and leaves no output folder`, async () => {
      const { dir, spec } = await smallScenario();
      const file = join(dir, 'scenario.yaml');
      writeFileSync(file, c.text ?? JSON.stringify(c.edit(spec), null, 2));
      const out = join(dir, 'results');
      const r = await cli(['scenario', 'run', file, '--out', out, '--quiet']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`error ${c.code}`);
      expect(r.stderr).toMatch(c.where);
      expect(existsSync(out)).toBe(false);
      expect(listDir(dir).filter((f) => f.startsWith('.liftwise-tmp'))).toEqual([]);
    });
  }

  it('reports an unknown YAML field with its line', async () => {
    expect(() => parseScenario('name: x\ndata:\n  file: a.csv\n  treatment: t\n  outcome: y\n  colour: red\nmodel: {kind: uplift}\narms: [{name: a, cost: 1}]\n', 's.yaml')).toThrow(
      /s\.yaml:6, field data: unknown field 'colour'/,
    );
  });

  it('refuses to overwrite a non-empty output folder unless --replace', async () => {
    const { dir, spec } = await smallScenario();
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify({ ...spec, variations: [] }));
    const out = join(dir, 'results');
    expect((await cli(['scenario', 'run', file, '--out', out, '--quiet'])).code).toBe(0);
    const again = await cli(['scenario', 'run', file, '--out', out, '--quiet']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/E_OUTPUT_EXISTS/);
    expect((await cli(['scenario', 'run', file, '--out', out, '--quiet', '--replace'])).code).toBe(0);
  });
});
