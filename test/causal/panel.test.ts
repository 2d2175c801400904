/** Panels from CSV tables (with errors naming file and line), the simulator, and the within transformation. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/data/index.js';
import { LiftwiseError } from '../../src/errors.js';
import {
  demeanTwoWay,
  didEventStudy,
  didPooledOls,
  didTwoWayFixedEffects,
  panelFromTable,
  panelToTable,
  simulatePanel,
} from '../../src/causal/index.js';
import { tempDir } from '../helpers/cli.js';

const columns = { unit: 'unit', period: 'period', outcome: 'y', treatment: 'treatment', covariates: ['x'] } as const;

function errorOf(run: () => unknown): LiftwiseError {
  try {
    run();
  } catch (e) {
    if (e instanceof LiftwiseError) return e;
    throw e;
  }
  throw new Error('expected a LiftwiseError');
}

async function tableFrom(csv: string): Promise<{ file: string; table: Awaited<ReturnType<typeof readTable>> }> {
  const file = join(tempDir(), 'panel.csv');
  writeFileSync(file, csv);
  return { file, table: await readTable(file) };
}

describe('simulatePanel', () => {
  it('is seeded, balanced, treats half the individuals from the start period, and follows its formula', () => {
    const a = simulatePanel({ individuals: 6, periods: 5, treatmentStart: 3, trend: 0.2, seed: 4 });
    const b = simulatePanel({ individuals: 6, periods: 5, treatmentStart: 3, trend: 0.2, seed: 4 });
    expect(a.y).toEqual(b.y);
    expect(a.truth.treated.reduce((s, v) => s + v, 0)).toBe(3);
    const x = a.covariates[0]!.values;
    for (let r = 0; r < a.y.length; r++) {
      const i = a.unit[r]!;
      const t = a.period[r]!;
      const d = a.truth.treated[i] === 1 && t >= 3 ? 1 : 0;
      expect(a.y[r]).toBeCloseTo(a.truth.unitEffect[i]! + 0.2 * t + 1.1 * x[r]! + 0.5 * d, 14);
    }
    expect(simulatePanel({ seed: 5 }).y).not.toEqual(simulatePanel({ seed: 6 }).y);
  });

  it('rejects impossible options with the field named', () => {
    expect(errorOf(() => simulatePanel({ periods: 10, treatmentStart: 10 })).message).toBe(
      'field treatmentStart: treatmentStart = 10 is not valid: a whole period index from 1 to 9',
    );
    expect(errorOf(() => simulatePanel({ noiseSd: -1 })).code).toBe('E_PANEL_OPTION');
  });
});

describe('panelFromTable / panelToTable', () => {
  it('round-trips a simulated panel through a CSV-shaped table and gives the same estimates', () => {
    const panel = simulatePanel({ individuals: 20, periods: 8, treatmentStart: 4, noiseSd: 1, seed: 2 });
    const back = panelFromTable(panelToTable(panel), columns);
    expect(back.nUnits).toBe(20);
    expect(back.nPeriods).toBe(8);
    expect(Array.from(back.treatmentStart)).toEqual(Array.from(panel.treatmentStart));
    const a = didTwoWayFixedEffects(panel).terms;
    const b = didTwoWayFixedEffects(back).terms;
    expect(b.map((t) => t.estimate)).toEqual(a.map((t) => t.estimate));
  });

  it('reads unit labels and sorts period values (rows in any order)', async () => {
    const { table } = await tableFrom(
      'unit,period,y,treatment,x\nb,2021,5,1,0\na,2019,1,0,1\nb,2019,2,0,0\na,2021,2,0,1\nb,2020,3,0,2\na,2020,1.5,0,3\n',
    );
    const panel = panelFromTable(table, columns);
    expect(panel.unitLabels).toEqual(['b', 'a']);
    expect(panel.periodLabels).toEqual([2019, 2020, 2021]);
    expect(Array.from(panel.treatmentStart)).toEqual([2, NaN]);
  });

  it('names the file and line of a duplicate row, a treatment that switches off, a non-binary treatment', async () => {
    const dup = await tableFrom('unit,period,y,treatment,x\na,1,1,0,0\na,2,1,0,0\na,2,1,0,0\n');
    expect(errorOf(() => panelFromTable(dup.table, columns)).message).toBe(
      `${dup.file}:4: unit 'a' has two rows for period 2; a panel has one row per unit and period`,
    );
    const off = await tableFrom('unit,period,y,treatment,x\na,1,1,0,0\na,2,1,1,0\na,3,1,0,0\nb,1,1,0,0\n');
    const e = errorOf(() => panelFromTable(off.table, columns));
    expect(e.code).toBe('E_PANEL_NOT_ABSORBING');
    expect(e.message).toMatch(new RegExp(`^${off.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4, column 'treatment': unit 'a' is untreated in period 3`));
    const two = await tableFrom('unit,period,y,treatment,x\na,1,1,0,0\na,2,1,2,0\n');
    expect(errorOf(() => panelFromTable(two.table, columns)).message).toBe(
      `${two.file}:3, column 'treatment': treatment column 'treatment' has value '2'; it must be 0 or 1`,
    );
    const text = await tableFrom('unit,period,y,treatment,x\na,1,1,0,0\na,2,1,0,0\na,3,1,0,zero\n');
    expect(errorOf(() => panelFromTable(text.table, columns)).message).toBe(
      `${text.file}:4, column 'x': value 'zero' is not a number, but column 'x' must be numeric`,
    );
    const missing = await tableFrom('unit,period,y,treatment,x\na,1,,0,0\n');
    expect(errorOf(() => panelFromTable(missing.table, columns)).code).toBe('E_MISSING_VALUE');
    expect(errorOf(() => panelFromTable(missing.table, { ...columns, covariates: ['z'] })).code).toBe('E_UNKNOWN_COLUMN');
    expect(errorOf(() => panelFromTable(missing.table, columns)).exitCode).toBe(2);
  });
});

describe('estimator preconditions', () => {
  const base = simulatePanel({ individuals: 10, periods: 6, treatmentStart: 3, noiseSd: 1, seed: 8 });

  it('pooled OLS refuses staggered starts and a panel without untreated units', () => {
    const s0 = base.treatmentStart.findIndex((s) => !Number.isNaN(s));
    const moved = Float64Array.from(base.treatmentStart);
    moved[s0] = 4;
    expect(errorOf(() => didPooledOls({ ...base, treatmentStart: moved })).code).toBe('E_PANEL_STAGGERED');
    expect(errorOf(() => didPooledOls({ ...base, treatmentStart: new Float64Array(10).fill(3) })).code).toBe('E_PANEL_NO_GROUP');
  });

  it('TWFE says the regressors are collinear when every unit starts at once (no comparison group)', () => {
    const all = { ...base, treatmentStart: new Float64Array(10).fill(3) };
    expect(errorOf(() => didTwoWayFixedEffects(all)).code).toBe('E_PANEL_COLLINEAR');
    expect(errorOf(() => didEventStudy(base, { window: [0, 3] })).code).toBe('E_PANEL_OPTION');
  });

  it('checks shapes and indices', () => {
    expect(errorOf(() => didTwoWayFixedEffects({ ...base, y: base.y.slice(1) })).code).toBe('E_PANEL_LENGTH');
    const period = Int32Array.from(base.period);
    period[7] = 6;
    expect(errorOf(() => didTwoWayFixedEffects({ ...base, period })).message).toBe(
      'field period[7]: period index 6 in row 7 is not a whole number in [0, 5]',
    );
  });
});

describe('demeanTwoWay', () => {
  it('leaves zero unit and period means on an unbalanced panel', () => {
    const panel = simulatePanel({ individuals: 30, periods: 12, treatmentStart: 6, noiseSd: 1, seed: 9 });
    // Drop every 7th row: unbalanced.
    const keep = Array.from({ length: panel.y.length }, (_, r) => r).filter((r) => r % 7 !== 3);
    const index = {
      unit: Int32Array.from(keep, (r) => panel.unit[r]!),
      period: Int32Array.from(keep, (r) => panel.period[r]!),
      nUnits: 30,
      nPeriods: 12,
    };
    const result = demeanTwoWay(Float64Array.from(keep, (r) => panel.y[r]!), index);
    expect(result.converged).toBe(true);
    expect(result.sweeps).toBeGreaterThan(1);
    for (const [codes, size] of [[index.unit, 30], [index.period, 12]] as const) {
      const sums = new Float64Array(size);
      codes.forEach((c, r) => (sums[c] = sums[c]! + result.values[r]!));
      expect(Math.max(...Array.from(sums, Math.abs))).toBeLessThan(1e-9);
    }
  });
});
