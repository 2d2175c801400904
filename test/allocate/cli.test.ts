import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDir, cli, tempDir } from '../helpers/cli.js';
import { bruteForce } from './brute.js';

/** Eight customers, two e-mail arms, per-arm cost columns; line 1 is the header. */
const SCORES = [
  'customer,uplift_Womens E-Mail,uplift_Mens E-Mail,cost_w,cost_m',
  'a,0.10,0.02,1,1.5',
  'b,0.30,0.35,1,1.5',
  'c,-0.05,0.01,1,1.5',
  'd,0.22,0.05,1,1.5',
  'e,0.08,0.40,1,1.5',
  'f,0.15,0.12,1,1.5',
  'g,0.01,0.02,1,1.5',
  'h,0.27,0.30,1,1.5',
].join('\n');

function setUp(content = SCORES): { dir: string; scores: string; plan: string } {
  const dir = tempDir('liftwise-allocate-');
  const scores = join(dir, 'scores.csv');
  writeFileSync(scores, `${content}\n`);
  return { dir, scores, plan: join(dir, 'plan.csv') };
}

/** The same problem for the brute-force reference: value = uplift × 10. */
function referenceOptimum(budget: number, cap?: number): number {
  const rows = SCORES.split('\n').slice(1).map((line) => line.split(','));
  const values = new Float64Array(rows.length * 3);
  const costs = new Float64Array(rows.length * 3);
  rows.forEach((r, i) => {
    values[i * 3 + 1] = Number(r[1]) * 10;
    values[i * 3 + 2] = Number(r[2]) * 10;
    costs[i * 3 + 1] = Number(r[3]);
    costs[i * 3 + 2] = Number(r[4]);
  });
  return bruteForce({ units: rows.length, arms: 3, values, costs, budget, ...(cap === undefined ? {} : { maxRecipients: cap }) })!.objective;
}

describe('liftwise allocate', () => {
  it('writes the optimal plan with ids, arm labels and the summary', async () => {
    const { scores, plan } = setUp();
    const r = await cli(['allocate', '--scores', scores, '--budget', '4', '--cost-col', 'cost_w,cost_m', '--value-per-outcome', '10',
      '--id', 'customer', '--mip-gap', '0', '--out', plan, '--json', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.objective).toBeCloseTo(referenceOptimum(4), 9);
    expect(summary.status).toBe('optimal');
    expect(summary.spend).toBeLessThanOrEqual(4);
    const lines = readFileSync(plan, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('customer,arm,arm_index,cost,expected_incremental,value');
    expect(lines).toHaveLength(9);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((x) => x[0])).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    // Every row names its arm consistently, and the plan's values add up to the objective.
    let value = 0;
    for (const [, arm, index, c, , v] of rows) {
      expect(arm).toBe(['none', 'Womens E-Mail', 'Mens E-Mail'][Number(index)]);
      if (arm === 'none') expect([v, c]).toEqual(['0', '0']);
      value += Number(v);
    }
    expect(value).toBeCloseTo(summary.objective, 9);
  });

  it('takes one cost for every arm or one per arm, and a recipient cap', async () => {
    const { scores, plan } = setUp();
    const r = await cli(['allocate', '--scores', scores, '--budget', '4', '--cost', '1,1.5', '--max-recipients', '2',
      '--value-per-outcome', '10', '--mip-gap', '0', '--out', plan, '--json', '--quiet']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.solver).toBe('lagrangian');
    expect(summary.recipients).toBeLessThanOrEqual(2);
    expect(summary.objective).toBeCloseTo(referenceOptimum(4, 2), 9);
    const text = await cli(['allocate', '--scores', scores, '--budget', '2', '--cost', '1', '--out', plan, '--quiet']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^plan written to .*\nstatus +\w+/);
    expect(text.stdout).toMatch(/spend +2 of 2/);
  });

  it('keeps segment shares and arm limits given as flags, as enumeration does', async () => {
    const content = SCORES.split('\n').map((line, j) => `${line},${j === 0 ? 'region' : j <= 4 ? 'north' : 'south'}`).join('\n');
    const { scores, plan } = setUp(content);
    const r = await cli(['allocate', '--scores', scores, '--budget', '4', '--cost', '1,1.5', '--value-per-outcome', '10',
      '--min-share', 'region=north:0.75', '--max-share', 'region=south:0.5', '--arm-max', 'Mens E-Mail:1', '--mip-gap', '0',
      '--out', plan, '--json', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    const rows = SCORES.split('\n').slice(1).map((line) => line.split(','));
    const values = Float64Array.from(rows.flatMap((x) => [0, Number(x[1]) * 10, Number(x[2]) * 10]));
    const costs = Float64Array.from(rows.flatMap(() => [0, 1, 1.5]));
    const codes = Int32Array.from(rows.map((_, i) => (i < 4 ? 0 : 1)));
    const region = { column: 'region', codes, levels: ['north', 'south'] };
    const best = bruteForce({
      units: 8, arms: 3, values, costs, budget: 4,
      segmentRules: [{ ...region, level: 'north', minShare: 0.75 }, { ...region, level: 'south', maxShare: 0.5 }],
      armLimits: [{ arm: 2, max: 1 }],
    })!;
    expect(summary.status).toBe('optimal');
    expect(summary.solver).toBe('core');
    expect(summary.objective).toBeCloseTo(best.objective, 9);
    // Plan layout: row, arm, arm_index, cost, expected_incremental, value.
    const arms = readFileSync(plan, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[2]));
    expect(arms.slice(0, 4).filter((k) => k > 0).length).toBeGreaterThanOrEqual(3);
    expect(arms.slice(4).filter((k) => k > 0).length).toBeLessThanOrEqual(2);
    expect(arms.filter((k) => k === 2).length).toBeLessThanOrEqual(1);
  });

  it('keeps a budget of its own for some arms, as enumeration does', async () => {
    const { scores, plan } = setUp();
    const r = await cli(['allocate', '--scores', scores, '--budget', '5', '--cost-col', 'cost_w,cost_m', '--value-per-outcome', '10',
      '--arm-budget', 'Mens E-Mail:1.5', '--mip-gap', '0', '--out', plan, '--json', '--quiet']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    const rows = SCORES.split('\n').slice(1).map((line) => line.split(','));
    const values = Float64Array.from(rows.flatMap((x) => [0, Number(x[1]) * 10, Number(x[2]) * 10]));
    const costs = Float64Array.from(rows.flatMap((x) => [0, Number(x[3]), Number(x[4])]));
    const best = bruteForce({ units: 8, arms: 3, values, costs, budget: 5, extraBudgets: [{ name: 'm', limit: 1.5, arms: [2] }] })!;
    expect(summary.objective).toBeCloseTo(best.objective, 9);
    // Without its own budget the men's e-mail would go to two customers (b and e or h); with it, to one.
    expect(summary.arms['Mens E-Mail']).toBe(1);
    const free = bruteForce({ units: 8, arms: 3, values, costs, budget: 5 })!;
    expect([...free.choice].filter((k) => k === 2).length).toBeGreaterThan(1);
  });

  const withRegion = SCORES.split('\n').map((line, j) => `${line},${j === 0 ? 'region' : j <= 4 ? 'north' : 'south'}`).join('\n');
  const bad: Array<[string, string | undefined, string[], RegExp]> = [
    ['a share that is not a number from 0 to 1', withRegion, ['--budget', '4', '--cost', '1', '--min-share', 'region:1.5'],
      /E_BAD_OPTION: field min-share: --min-share needs COLUMN:SHARE or COLUMN=SEGMENT:SHARE with a share from 0 to 1, got 'region:1.5'/],
    ['a segment that does not occur', withRegion, ['--budget', '4', '--cost', '1', '--max-share', 'region=east:0.5'],
      /E_UNKNOWN_SEGMENT: field max-share: segment 'east' does not occur in column 'region'; its values are 'north', 'south'/],
    ['an unknown segment column', withRegion, ['--budget', '4', '--cost', '1', '--min-share', 'zone:0.5'],
      /E_UNKNOWN_COLUMN: .*the segment column 'zone' does not exist/],
    ['an unknown arm in a limit', withRegion, ['--budget', '4', '--cost', '1', '--arm-min', 'SMS:1'],
      /E_UNKNOWN_ARM: field arm-min: --arm-min names arm 'SMS', but the scores have the arms 'Womens E-Mail', 'Mens E-Mail'/],
    ['an arm minimum above its maximum', withRegion, ['--budget', '4', '--cost', '1', '--arm-min', 'Mens E-Mail:3', '--arm-max', 'Mens E-Mail:2'],
      /E_CONTRADICTORY_RULES: field arm-min: .*the minimum \(3\) is above the maximum \(2\)/],
    ['an arm budget without a limit', withRegion, ['--budget', '4', '--cost', '1', '--arm-budget', 'Mens E-Mail'],
      /E_BAD_OPTION: field arm-budget: --arm-budget needs ARM:LIMIT or ARM\+ARM…:LIMIT with a limit ≥ 0, got 'Mens E-Mail'/],
    ['an arm budget for an unknown arm', withRegion, ['--budget', '4', '--cost', '1', '--arm-budget', 'Mens E-Mail+SMS:2'],
      /E_UNKNOWN_ARM: field arm-budget: --arm-budget names arm 'SMS'/],
    ['segment minimums the budget cannot pay for', withRegion, ['--budget', '2', '--cost', '1', '--min-share', 'region:0.5', '--mip-gap', '0'],
      /E_INFEASIBLE: .*together the minimum share treated in region = 'north' .*; the minimum share treated in region = 'south' .* need at least 4 to pay for, more than the budget \(total cost ≤ 2\) allows/],
    ['a negative budget', undefined, ['--budget', '-5', '--cost', '1'], /E_NEGATIVE_BUDGET: field budget: the budget must be a finite number ≥ 0, got -5/],
    ['a missing cost cell', SCORES.replace('e,0.08,0.40,1,1.5', 'e,0.08,0.40,,1.5'), ['--budget', '4', '--cost-col', 'cost_w,cost_m'],
      /E_BAD_CELL: .*scores\.csv:6, column 'cost_w': value '' in column 'cost_w' is missing; costs must be numbers ≥ 0/],
    ['a negative cost cell', SCORES.replace('d,0.22,0.05,1,1.5', 'd,0.22,0.05,1,-1.5'), ['--budget', '4', '--cost-col', 'cost_w,cost_m'],
      /E_BAD_CELL: .*scores\.csv:5, column 'cost_m': value '-1.5' in column 'cost_m' is negative/],
    ['a text cost cell', SCORES.replace('b,0.30,0.35,1,1.5', 'b,0.30,0.35,one,1.5'), ['--budget', '4', '--cost-col', 'cost_w,cost_m'],
      /E_BAD_CELL: .*scores\.csv:3, column 'cost_w': value 'one' in column 'cost_w' is not a number/],
    ['a cap above n', undefined, ['--budget', '4', '--cost', '1', '--max-recipients', '9'],
      /E_CAP_ABOVE_N: field maxRecipients: maxRecipients is 9 but there are only 8 units/],
    ['an unknown cost column', undefined, ['--budget', '4', '--cost-col', 'price'], /E_UNKNOWN_COLUMN: .*the cost column 'price' does not exist/],
    ['an unknown id column', undefined, ['--budget', '4', '--cost', '1', '--id', 'who'], /E_UNKNOWN_COLUMN: .*the id column 'who' does not exist/],
    ['no uplift columns', 'customer,score\na,1\n', ['--budget', '4', '--cost', '1'], /E_NO_UPLIFT_COLUMNS: .*no uplift_<arm> columns found/],
    ['costs for the wrong number of arms', undefined, ['--budget', '4', '--cost', '1,2,3'],
      /E_COST_COUNT: .*--cost gives 3 entries but the scores have 2 treated arms/],
    ['a negative --cost', undefined, ['--budget', '4', '--cost', '-1'], /E_BAD_COST: .*--cost needs numbers ≥ 0/],
    ['both --cost and --cost-col', undefined, ['--budget', '4', '--cost', '1', '--cost-col', 'cost_w'], /E_COST_OPTIONS/],
    ['a missing uplift cell', SCORES.replace('g,0.01,0.02', 'g,,0.02'), ['--budget', '4', '--cost', '1'],
      /E_BAD_CELL: .*scores\.csv:8, column 'uplift_Womens E-Mail': value '' .* is missing; uplift scores must be numbers/],
    ['jslp on a problem too large for it', `uplift_a,uplift_b\n${'0.1,0.2\n'.repeat(150)}`, ['--budget', '4', '--cost', '1', '--solver', 'jslp'],
      /E_SOLVER_TOO_LARGE: field solver: javascript-lp-solver .* at most 200 variables; this problem has 300 variables/],
  ];

  it.each(bad)('rejects %s with exit code 2, a message and no output file', async (_name, content, args, message) => {
    const { dir, scores, plan } = setUp(content);
    const r = await cli(['allocate', '--scores', scores, '--out', plan, '--quiet', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(listDir(dir)).toEqual(['scores.csv']);
  });

  it('shows help', async () => {
    const r = await cli(['allocate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--max-recipients <n>/);
  });
});
