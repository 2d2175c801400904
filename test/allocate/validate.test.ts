import { describe, expect, it } from 'vitest';
import { solveAllocation } from '../../src/allocate/solve.js';
import { budgetFrontier } from '../../src/allocate/frontier.js';
import { doseLevels, doseProblem } from '../../src/allocate/dose.js';
import type { AllocationProblem } from '../../src/allocate/problem.js';
import { fourUnits, regions } from './fixtures.js';
import { LiftwiseError } from '../../src/errors.js';

const base: AllocationProblem = { ...fourUnits, budget: 3 };

async function rejection(problem: AllocationProblem): Promise<LiftwiseError> {
  const error = await solveAllocation(problem).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LiftwiseError);
  return error as LiftwiseError;
}

/** [what, problem, code, field path, message]. */
const invalid: Array<[string, AllocationProblem, string, string, RegExp]> = [
  ['a negative budget', { ...base, budget: -1 }, 'E_NEGATIVE_BUDGET', 'budget', /the budget must be a finite number ≥ 0, got -1/],
  ['an infinite budget', { ...base, budget: Infinity }, 'E_NEGATIVE_BUDGET', 'budget', /got Infinity/],
  ['a negative cost', { ...base, costs: Float64Array.of(0, 1, 2, 0, -1, 2, 0, 1, 2, 0, 1, 2) }, 'E_NEGATIVE_COST', 'costs[1]',
    /costs for unit 1, arm 'a' is -1; costs must be 0 or more/],
  ['a missing cost', { ...base, costs: Float64Array.of(0, 1, 2, 0, 1, 2, 0, 1, NaN, 0, 1, 2) }, 'E_NOT_FINITE', 'costs[2]',
    /costs for unit 2, arm 'b' is NaN/],
  ['a missing value', { ...base, values: Float64Array.of(0, 1, 2, 0, 2, 1, 0, 3, 3, 0, NaN, 1) }, 'E_NOT_FINITE', 'values[3]', /values for unit 3, arm 'a' is NaN/],
  ['costs of the wrong length', { ...base, costs: new Float64Array(11) }, 'E_PROBLEM_SHAPE', 'costs', /costs has 11 entries; expected 12/],
  ['a cap above n', { ...base, maxRecipients: 5 }, 'E_CAP_ABOVE_N', 'maxRecipients', /maxRecipients is 5 but there are only 4 units/],
  ['a fractional cap', { ...base, maxRecipients: 1.5 }, 'E_BAD_CAP', 'maxRecipients', /whole number ≥ 0, got 1.5/],
  ['an arm minimum above its maximum', { ...base, armLimits: [{ arm: 1, min: 3, max: 2 }] }, 'E_CONTRADICTORY_RULES', 'armLimits[0].min',
    /the limits for arm 'a': the minimum \(3\) is above the maximum \(2\)/],
  ['arm minimums above the cap', { ...base, maxRecipients: 2, armLimits: [{ arm: 1, min: 2 }, { arm: 2, min: 1 }] }, 'E_CONTRADICTORY_RULES',
    'armLimits', /the arm minimums need at least 3 recipients together, but maxRecipients allows only 2/],
  ['arm minimums above n', { ...base, armLimits: [{ arm: 0, min: 3 }, { arm: 2, min: 2 }] }, 'E_CONTRADICTORY_RULES', 'armLimits',
    /the arm minimums add up to 5 units, but there are only 4/],
  ['an unknown arm', { ...base, armLimits: [{ arm: 3, max: 1 }] }, 'E_UNKNOWN_ARM_INDEX', 'armLimits[0].arm', /arm 3 does not exist; arms are 0 … 2/],
  ['a segment minimum share above the maximum', { ...base, segmentRules: [{ ...regions, minShare: 0.8, maxShare: 0.5 }] },
    'E_CONTRADICTORY_RULES', 'segmentRules[0].minShare', /share rule on column 'region': the minimum \(0.8\) is above the maximum \(0.5\)/],
  ['segment minimums above the cap', { ...base, maxRecipients: 1, segmentRules: [{ ...regions, minShare: 0.5 }] }, 'E_CONTRADICTORY_RULES',
    'segmentRules[0].minShare', /segment minimums on column 'region' need at least 2 recipients together, but maxRecipients allows only 1/],
  ['a share above 1', { ...base, segmentRules: [{ ...regions, maxShare: 1.5 }] }, 'E_BAD_SHARE', 'segmentRules[0].maxShare',
    /a share must be a number from 0 to 1, got 1.5/],
  ['an unknown segment', { ...base, segmentRules: [{ ...regions, level: 'east', minShare: 0.5 }] }, 'E_UNKNOWN_SEGMENT', 'segmentRules[0].level',
    /segment 'east' does not occur in column 'region'; its values are 'north', 'south'/],
  ['a negative channel budget', { ...base, extraBudgets: [{ name: 'calls', limit: -2, arms: [2] }] }, 'E_NEGATIVE_BUDGET',
    'extraBudgets[0].limit', /got -2/],
];

describe('problem validation', () => {
  it.each(invalid)('rejects %s with exit code 2, naming the field', async (_what, problem, code, field, message) => {
    const error = await rejection(problem);
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(new RegExp(`^field ${field.replace(/[[\].]/g, '\\$&')}: `));
    expect(error.message).toMatch(message);
  });

  it('rejects options out of range', async () => {
    await expect(solveAllocation(base, { timeLimit: 0 })).rejects.toMatchObject({ code: 'E_BAD_OPTION', exitCode: 2 });
    await expect(solveAllocation(base, { mipGap: -1 })).rejects.toMatchObject({ code: 'E_BAD_OPTION', exitCode: 2 });
  });

  it('rejects a negative budget in a frontier sweep, naming its position', () => {
    expect(() => budgetFrontier(base, [1, -2])).toThrow(/^field budgets\[1\]: the budget must be a finite number ≥ 0, got -2/);
  });
});

describe('dose levels', () => {
  it('builds the grid and the problem: one arm per level, cost = the level', () => {
    expect(doseLevels(0, 2.5, 0.5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    const problem = doseProblem({ levels: [0, 1, 2], response: Float64Array.of(0.2, 0.5, 0.6, 0.1, 0.1, 0.9), valuePerOutcome: 10 }, { budget: 2 });
    expect(problem.units).toBe(2);
    expect(problem.armLabels).toEqual(['0', '1', '2']);
    expect(Array.from(problem.values)).toEqual([2, 5, 6, 1, 1, 9]);
    expect(Array.from(problem.costs)).toEqual([0, 1, 2, 0, 1, 2]);
    const squared = doseProblem({ levels: [0, 1, 2], response: new Float64Array(3), cost: (level) => level * level });
    expect(Array.from(squared.costs)).toEqual([0, 1, 4]);
  });

  it.each([
    ['an empty grid', { levels: [], response: new Float64Array(0) }, 'E_EMPTY_LEVELS', /the dose level grid is empty/],
    ['a grid with one level', { levels: [0], response: new Float64Array(2) }, 'E_BAD_LEVELS', /untreated level and at least one dose/],
    ['levels out of order', { levels: [0, 2, 1], response: new Float64Array(3) }, 'E_BAD_LEVELS', /strictly increasing/],
    ['a response of the wrong length', { levels: [0, 1], response: new Float64Array(3) }, 'E_PROBLEM_SHAPE', /response has 3 entries/],
  ] as const)('rejects %s with exit code 2', (_what, spec, code, message) => {
    let error: unknown;
    try {
      doseProblem(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code, exitCode: 2 });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/^field (levels|response): /);
  });

  it('an empty range gives an empty grid, which the problem refuses', () => {
    expect(doseLevels(1, 0, 0.5)).toEqual([]);
    expect(() => doseLevels(0, 1, 0)).toThrow(/a step > 0/);
  });
});
