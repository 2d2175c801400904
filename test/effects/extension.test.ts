/**
 * The effects seam: a new effects source is one module producing `Effects`
 * (test/effects/sources/effects-csv.ts) and is planned for with no other
 * change — problemFromEffects → solveAllocation → planTable. The plans are
 * checked against a brute-force optimum, a closed form, and the plan file
 * `liftwise allocate` writes from the same numbers as uplift columns.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemFromEffects } from '../../src/allocate/from-effects.js';
import { planTable } from '../../src/allocate/plan-file.js';
import { solveAllocation } from '../../src/allocate/solve.js';
import { writeTable } from '../../src/data/write.js';
import { Random } from '../../src/util/random.js';
import { cli, tempDir } from '../helpers/cli.js';
import { constantEffects, effectsFromCsv } from './sources/effects-csv.js';

const COSTS = [0.25, 0.6];
const VALUE = 10;
const BUDGET = 1.5;

/** Eight customers with seeded effects for an e-mail and a coupon, as the new source's CSV. */
function writeEffectsCsv(dir: string, prefix: string): string {
  const rng = new Random(11);
  const lines = [`id,${prefix}email,${prefix}coupon`];
  for (let i = 0; i < 8; i++) lines.push(`c${i},${(rng.uniform() * 0.04).toFixed(4)},${(rng.uniform() * 0.1 - 0.01).toFixed(4)}`);
  const file = join(dir, `${prefix}effects.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The best Σ value over every assignment of 3 arms to 8 units within the budget. */
function bruteForceBest(values: Float64Array, costs: Float64Array, n: number, K: number, budget: number): number {
  let best = 0;
  for (let code = 0; code < K ** n; code++) {
    let c = code;
    let value = 0;
    let spend = 0;
    for (let i = 0; i < n; i++) {
      const k = c % K;
      c = Math.floor(c / K);
      value += values[i * K + k]!;
      spend += costs[i * K + k]!;
    }
    if (spend <= budget + 1e-9 && value > best) best = value;
  }
  return best;
}

describe('a new effects source', () => {
  it('goes from a CSV of effects to an optimal plan file with no other change', async () => {
    const dir = tempDir('liftwise-extension-');
    const { effects, table } = await effectsFromCsv(writeEffectsCsv(dir, 'effect_'), { id: 'id' });
    expect(effects.arms).toEqual(['none', 'email', 'coupon']);

    const problem = problemFromEffects(effects, { valuePerOutcome: VALUE, costs: COSTS, rules: { budget: BUDGET } });
    const plan = await solveAllocation(problem, { solver: 'highs' });
    expect(plan.status).toBe('optimal');
    expect(plan.value).toBeCloseTo(bruteForceBest(problem.values, problem.costs, 8, 3, BUDGET), 12);
    expect(plan.spend).toBeLessThanOrEqual(BUDGET + 1e-9);

    const out = planTable(problem, plan, { id: table.columns.get('id')! });
    expect(out.names).toEqual(['id', 'arm', 'arm_index', 'cost', 'expected_incremental', 'value']);
    const expected = out.columns.get('expected_incremental')!;
    const value = out.columns.get('value')!;
    for (let i = 0; i < 8; i++) {
      const k = plan.choice[i]!;
      if (expected.kind !== 'numeric' || value.kind !== 'numeric') throw new Error('numeric columns expected');
      expect(expected.values[i]).toBe(effects.mean[i * 3 + k]);
      expect(value.values[i]).toBe(k === 0 ? 0 : effects.mean[i * 3 + k]! * VALUE);
    }

    // The same numbers as a scores file: `liftwise allocate` writes the same plan, byte for byte.
    const planFile = join(dir, 'plan.csv');
    await writeTable(planFile, out);
    const cliPlan = join(dir, 'cli-plan.csv');
    const r = await cli(['allocate', '--scores', writeEffectsCsv(dir, 'uplift_'), '--id', 'id', '--cost', COSTS.join(','), '--value-per-outcome', String(VALUE),
      '--budget', String(BUDGET), '--solver', 'highs', '--out', cliPlan, '--quiet']);
    expect(r.code).toBe(0);
    expect(readFileSync(planFile, 'utf8')).toBe(readFileSync(cliPlan, 'utf8'));
  });

  it('plans a constant effect as the closed form says', async () => {
    // 100 units, e-mail worth 0.02 visits (×10) for 0.25: a budget of 5 treats floor(5 / 0.25) = 20, value 20 × 0.2 = 4.
    const problem = problemFromEffects(constantEffects(100, { email: 0.02 }), { valuePerOutcome: 10, costs: [0.25], rules: { budget: 5 } });
    const plan = await solveAllocation(problem);
    expect(plan.recipients).toBe(20);
    expect(plan.value).toBeCloseTo(4, 12);
    const table = planTable(problem, plan);
    const arm = table.columns.get('arm')!;
    expect(arm.kind === 'categorical' ? arm.levels.slice().sort() : []).toEqual(['email', 'none']);
  });

  it('refuses costs that do not fit the effects, naming the field', () => {
    const effects = constantEffects(3, { email: 0.1, coupon: 0.2 });
    expect(() => problemFromEffects(effects, { costs: [1] })).toThrow(expect.objectContaining({ code: 'E_PROBLEM_SHAPE', where: { path: ['costs'] } }));
    expect(() => problemFromEffects(effects, { costs: [1, Float64Array.of(1, 2)] })).toThrow(expect.objectContaining({ code: 'E_PROBLEM_SHAPE', where: { path: ['costs', 1] } }));
    expect(() => problemFromEffects(effects, { costs: new Float64Array(6) })).toThrow(expect.objectContaining({ code: 'E_PROBLEM_SHAPE' }));
  });
});
