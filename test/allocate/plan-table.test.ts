/**
 * planTable on a problem that did not come from effects (a dose problem): the
 * value is the problem's own, the expected incremental is the value over arm 0,
 * and columns can be chosen and renamed (as `liftwise scholarship --out` does).
 */
import { describe, expect, it } from 'vitest';
import { doseProblem } from '../../src/allocate/dose.js';
import { planTable } from '../../src/allocate/plan-file.js';
import { solveAllocation } from '../../src/allocate/solve.js';
import { numericColumn } from '../../src/data/table.js';

describe('planTable', () => {
  // Two units at levels 0, 1, 2 (cost = level), budget 2: unit 0 at level 2 gains 0.4, the best of
  // {u0@2: 0.4, u0@1 + u1@1: 0.35, u1@2: 0.3}.
  const problem = doseProblem({ levels: [0, 1, 2], response: Float64Array.of(0.2, 0.5, 0.6, 0.1, 0.15, 0.4) }, { budget: 2 });

  it('writes the one layout from a problem and its plan', async () => {
    const plan = await solveAllocation(problem);
    expect(Array.from(plan.choice)).toEqual([2, 0]);
    const table = planTable(problem, plan, { rows: [4, 9] });
    expect(table.names).toEqual(['row', 'arm', 'arm_index', 'cost', 'expected_incremental', 'value']);
    const col = (name: string) => {
      const c = table.columns.get(name)!;
      return c.kind === 'numeric' ? Array.from(c.values) : c.levels;
    };
    expect(col('row')).toEqual([5, 10]);
    expect(col('arm_index')).toEqual([2, 0]);
    expect(col('cost')).toEqual([2, 0]);
    expect(col('value')).toEqual([0.6, 0.1]);
    expect(col('expected_incremental')[0]).toBeCloseTo(0.4, 15);
    expect(col('expected_incremental')[1]).toBe(0);
  });

  it('takes extra columns and renamed plan columns', async () => {
    const plan = await solveAllocation(problem);
    const table = planTable(problem, plan, {
      id: numericColumn('student_id', [101, 102]),
      extra: [numericColumn('SAT', [1400, 1200])],
      columns: [{ name: 'merit', of: 'level' }, { name: 'p_enroll', of: 'value' }, 'arm'],
    });
    expect(table.names).toEqual(['student_id', 'SAT', 'merit', 'p_enroll', 'arm']);
    const merit = table.columns.get('merit')!;
    expect(merit.kind === 'numeric' ? Array.from(merit.values) : []).toEqual([2, 0]);
  });
});
