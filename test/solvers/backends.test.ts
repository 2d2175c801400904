import { describe, expect, it } from 'vitest';
import { highsBackend } from '../../solvers/backends/highs.js';
import { glpkBackend } from '../../solvers/backends/glpk.js';
import { jslpBackend, JSLP_MAX_COLUMNS } from '../../solvers/backends/jslp.js';
import { modelFromRows } from '../../solvers/backends/lp-model.js';
import { InputError } from '../../src/errors.js';
import { knapsackModel, randomInstance } from './instances.js';
import { cpuTimer } from '../helpers/cpu.js';

/**
 * max 3a + 2b + 4c + 1 s.t. a + b + c ≤ 2, 2a + b + 3c ≤ 4, 0 ≤ a, b, c ≤ 1.
 * The duals (1, 1) price every column at zero reduced cost, so the LP optimum
 * is 2·1 + 4·1 + 1 = 7; the integer point (0, 1, 1) reaches it, and it is the
 * only 0/1 point that does.
 */
const small = modelFromRows({
  objective: [3, 2, 4],
  objectiveOffset: 1,
  rows: [
    { cols: [0, 1, 2], coefs: [1, 1, 1], upper: 2 },
    { cols: [0, 1, 2], coefs: [2, 1, 3], upper: 4 },
  ],
});

describe.each([
  ['highs', highsBackend],
  ['glpk', glpkBackend],
  ['jslp', jslpBackend],
] as const)('%s backend', (_name, backend) => {
  it('solves the LP and the MIP of a model worked out by hand', async () => {
    const lp = await backend.solve(small, { integer: false });
    expect(lp.status).toBe('optimal');
    expect(lp.objective).toBeCloseTo(7, 6);
    const mip = await backend.solve(small, { integer: true, mipGap: 0 });
    expect(mip.status).toBe('optimal');
    expect(mip.objective).toBeCloseTo(7, 9);
    expect(Array.from(mip.x!, Math.round)).toEqual([0, 1, 1]);
    expect(mip.bound).toBeGreaterThanOrEqual(7 - 1e-9);
  });

  it('reports an infeasible model as infeasible', async () => {
    const infeasible = modelFromRows({
      objective: [1, 1],
      rows: [
        { cols: [0, 1], coefs: [1, 1], lower: 1.5 },
        { cols: [0, 1], coefs: [2, 3], upper: 2 },
      ],
    });
    expect((await backend.solve(infeasible, { integer: false })).status).toBe('infeasible');
    expect((await backend.solve(infeasible, { integer: true })).status).toBe('infeasible');
  });
});

describe('highs specifics', () => {
  it('names the rows of an irreducible infeasible subsystem', async () => {
    // Row 0 is harmless; rows 1 and 2 conflict (x0 + x1 ≥ 1.5 needs cost ≥ 3.5 > 2 with x ≤ 1).
    const model = modelFromRows({
      objective: [1, 1],
      rows: [
        { cols: [0, 1], coefs: [1, 1], upper: 2 },
        { cols: [0, 1], coefs: [2, 3], upper: 2 },
        { cols: [0, 1], coefs: [1, 1], lower: 1.5 },
      ],
    });
    const result = await highsBackend.solve(model, { integer: true, explainInfeasible: true });
    expect(result.status).toBe('infeasible');
    expect(Array.from(result.conflictRows!).sort()).toEqual([1, 2]);
  });

  it('stops at the time limit with the best plan and a bound', async () => {
    const model = knapsackModel(randomInstance(3000, 4, 9, { noise: 0.2 }), 600, 500);
    const result = await highsBackend.solve(model, { integer: true, mipGap: 0, timeLimit: 0.001 });
    expect(result.status).toBe('time-limit');
    if (result.x !== undefined) expect(result.objective).toBeLessThanOrEqual(result.bound + 1e-9);
  });
});

describe('javascript-lp-solver', () => {
  it(`refuses models above ${JSLP_MAX_COLUMNS} columns with a message instead of hanging`, async () => {
    const model = knapsackModel(randomInstance(JSLP_MAX_COLUMNS, 3, 1), 10);
    const elapsed = cpuTimer();
    const error = await jslpBackend.solve(model, { integer: true }).catch((e: unknown) => e);
    expect(elapsed()).toBeLessThan(0.1);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('E_SOLVER_TOO_LARGE');
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).message).toMatch(/at most 200 variables; this problem has 400 variables/);
  });
});
