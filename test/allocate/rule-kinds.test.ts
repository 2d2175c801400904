/**
 * The rule registry's contract (src/allocate/rules/kind.ts), checked over every
 * registered kind, so a new kind is held to it by being listed: fields owned
 * by one kind each, nothing asked of a problem without the rule, a name for
 * solver refusals where the knapsack methods cannot take it, flags and
 * scenario fields that exist and do not clash.
 */
import { describe, expect, it } from 'vitest';
import { RULE_KINDS } from '../../src/allocate/rules/registry.js';
import type { RowContext } from '../../src/allocate/rules/kind.js';
import type { AllocationProblem } from '../../src/allocate/problem.js';
import { constraintsSchema } from '../../src/scenario/spec.js';
import { prepareProblem } from '../../src/allocate/prepare.js';
import { ruleRows } from '../../src/allocate/rule-rows.js';
import { solveAllocation } from '../../src/allocate/solve.js';

const bare: AllocationProblem = { units: 3, arms: 3, values: Float64Array.of(0, 1, 2, 0, 2, 1, 0, 0.5, 0.5), costs: Float64Array.of(0, 1, 1, 0, 1, 1, 0, 1, 1) };
const rowContext: RowContext = { problem: bare, budget: Infinity, cap: Infinity, treated: Uint8Array.of(0, 1, 1), armMask: (arms) => Uint8Array.from([0, 1, 2], (k) => (arms.includes(k) ? 1 : 0)) };

describe.each(RULE_KINDS.map((kind) => [kind.name, kind] as const))('rule kind %s', (_name, kind) => {
  it('asks nothing of a problem without it: not present, valid, no rows, no mask, every plan keeps it', () => {
    expect(kind.present(bare)).toBe(false);
    expect(() => kind.validate?.(bare)).not.toThrow();
    expect(kind.rows?.(rowContext) ?? []).toEqual([]);
    const mask = new Uint8Array(9).fill(1);
    kind.restrict?.(bare, mask);
    expect([...mask]).toEqual(new Array(9).fill(1));
    for (const choice of [Int32Array.of(0, 0, 0), Int32Array.of(1, 2, 1), Int32Array.of(2, 2, 2)]) {
      const context = { problem: bare, choice, spend: 0, extraSpend: [], recipients: 0, armCounts: [0, 0, 0], within: () => true };
      expect(kind.check(context)).toBeUndefined();
    }
  });

  it('says what it asks of the methods: side rules have a name for solver refusals, per-unit rules a mask and no rows', () => {
    if (kind.shape === 'side' || kind.shape === 'cap') expect(kind.describe).toMatch(/^[a-z]/);
    if (kind.shape === 'per-unit') {
      expect(kind.restrict).toBeTypeOf('function');
      expect(kind.rows).toBeUndefined();
    } else expect(kind.rows).toBeTypeOf('function');
  });

  it('reads only scenario fields the constraints schema has', () => {
    const shape = constraintsSchema.shape as Record<string, unknown>;
    for (const name of Object.values(kind.syntax?.scenarioPaths ?? {})) expect(Object.keys(shape)).toContain(name);
    if (kind.syntax?.scenarioPaths !== undefined) expect(kind.syntax.fromScenario).toBeTypeOf('function');
  });
});

describe('the registry', () => {
  it('gives each problem field, flag and scenario field to one kind', () => {
    const fields = RULE_KINDS.flatMap((kind) => kind.fields);
    expect(new Set(fields).size).toBe(fields.length);
    const flags = RULE_KINDS.flatMap((kind) => (kind.syntax?.flags ?? []).map((flag) => flag.key));
    expect(new Set(flags).size).toBe(flags.length);
    const paths = RULE_KINDS.flatMap((kind) => Object.values(kind.syntax?.scenarioPaths ?? {}));
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('writes the rows of a problem with every kind in registry order, and the knapsack methods refuse the side rules by name', async () => {
    const codes = Int32Array.of(0, 1, 0);
    const full: AllocationProblem = {
      ...bare,
      budget: 3,
      extraBudgets: [{ name: 'calls', limit: 2, arms: [2] }],
      maxRecipients: 2,
      minRecipients: 1,
      armLimits: [{ arm: 1, max: 2 }],
      segmentRules: [{ column: 'g', codes, levels: ['x', 'y'], minShare: 0.5 }],
      eligible: Uint8Array.of(1, 1, 1, 1, 1, 0, 1, 1, 1),
      onlyWhereValueExceedsCost: true,
    };
    expect(RULE_KINDS.filter((kind) => kind.present(full)).map((kind) => kind.name)).toEqual(RULE_KINDS.map((kind) => kind.name));
    expect(ruleRows(prepareProblem(full)).texts).toEqual([
      'the budget (total cost ≤ 3)',
      "budget 'calls' (≤ 2)",
      'the recipient cap (at most 2 units treated)',
      'the recipient minimum (at least 1 unit treated)',
      "the maximum for arm '1' (at most 2 units)",
      "the minimum share treated in g = 'x' (0.5, i.e. at least 1 unit)",
      "the minimum share treated in g = 'y' (0.5, i.e. at least 1 unit)",
    ]);
    await expect(solveAllocation(full, { solver: 'lagrangian' })).rejects.toThrow(
      'it handles one budget and a recipient cap; this problem has a recipient cap, more budgets, a recipient minimum, arm limits, segment rules',
    );
  });
});
