/**
 * Panels to and from the columnar Table (so a panel can come from a CSV and a
 * simulated one can be written to one). Long format: one row per unit and
 * period, with a 0/1 treatment column that turns on at a unit's start and stays on.
 */
import { cellText, createTable, lineOfRow, numericColumn, type Column, type Table } from '../data/table.js';
import { requireColumn } from '../data/roles.js';
import { dataErrors } from '../data/messages.js';
import { parseNumber } from '../data/read.js';
import { panelErrors } from './messages.js';
import { treatedNow, type Panel } from './panel.js';

export interface PanelFromTableOptions {
  /** Column identifying units (any kind). */
  readonly unit: string;
  /** Numeric column of periods; sorted distinct values become period 0, 1, … */
  readonly period: string;
  /** Numeric outcome column. */
  readonly outcome: string;
  /** 0/1 column: 1 when the unit is treated in that period (absorbing). */
  readonly treatment: string;
  /** Numeric time-varying covariates. */
  readonly covariates?: readonly string[];
}

/**
 * @example
 * const table = panelToTable(simulatePanel({ individuals: 4, periods: 3, treatmentStart: 1, seed: 1 }));
 * const panel = panelFromTable(table, { unit: 'unit', period: 'period', outcome: 'y', treatment: 'treatment', covariates: ['x'] });
 * [panel.nUnits, panel.nPeriods]; // [4, 3]
 */
export function panelFromTable(table: Table, options: PanelFromTableOptions): Panel {
  const n = table.nRows;
  // Name every missing column before reading any value.
  for (const [name, role] of [
    [options.period, 'period'],
    [options.outcome, 'outcome'],
    [options.treatment, 'treatment'],
    ...(options.covariates ?? []).map((c) => [c, 'covariate'] as const),
  ] as const) {
    requireColumn(table, name, role);
  }
  const unitColumn = requireColumn(table, options.unit, 'unit');
  const y = numeric(table, options.outcome, 'outcome');
  const periodValues = numeric(table, options.period, 'period');
  const d = numeric(table, options.treatment, 'treatment');
  const covariates = (options.covariates ?? []).map((name) => ({ name, values: numeric(table, name, 'covariate') }));

  // Units: codes in order of first appearance.
  const unitIndex = new Map<string, number>();
  const unitLabels: string[] = [];
  const unit = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const label = cellText(unitColumn, r);
    if (label === '') throw dataErrors.missingValue(table.source, lineOfRow(table, r), options.unit, 'unit');
    let code = unitIndex.get(label);
    if (code === undefined) {
      code = unitLabels.length;
      unitLabels.push(label);
      unitIndex.set(label, code);
    }
    unit[r] = code;
  }
  // Periods: sorted distinct values.
  const periodLabels = Array.from(new Set(periodValues)).sort((a, b) => a - b);
  const periodIndex = new Map(periodLabels.map((v, k) => [v, k]));
  const period = Int32Array.from(periodValues, (v) => periodIndex.get(v)!);
  const nUnits = unitLabels.length;
  const nPeriods = periodLabels.length;

  for (let r = 0; r < n; r++) {
    const v = d[r]!;
    if (v !== 0 && v !== 1) {
      throw dataErrors.notBinary(table.source, lineOfRow(table, r), options.treatment, 'treatment', String(v), 'it must be 0 or 1');
    }
  }
  // One row per (unit, period).
  const seen = new Set<number>();
  for (let r = 0; r < n; r++) {
    const key = unit[r]! * nPeriods + period[r]!;
    if (seen.has(key)) throw panelErrors.duplicateCell(table.source, lineOfRow(table, r), unitLabels[unit[r]!]!, periodLabels[period[r]!]!);
    seen.add(key);
  }
  // Start = first treated period; treatment must stay on after it.
  const treatmentStart = new Float64Array(nUnits).fill(NaN);
  for (let r = 0; r < n; r++) {
    if (d[r] !== 1) continue;
    const i = unit[r]!;
    if (!(treatmentStart[i]! <= period[r]!)) treatmentStart[i] = period[r]!;
  }
  for (let r = 0; r < n; r++) {
    if (d[r] === 0 && treatmentStart[unit[r]!]! < period[r]!) {
      throw panelErrors.notAbsorbing(table.source, lineOfRow(table, r), options.treatment, unitLabels[unit[r]!]!, periodLabels[period[r]!]!);
    }
  }
  return { nUnits, nPeriods, unit, period, y, covariates, treatmentStart, unitLabels, periodLabels };
}

/**
 * Long-format table of a panel: unit, period, y, the covariates, treated
 * (unit ever treated) and treatment (treated in that period).
 */
export function panelToTable(panel: Panel): Table {
  const n = panel.y.length;
  const columns: Column[] = [];
  const numericUnits = panel.unitLabels === undefined;
  columns.push(
    numericUnits
      ? numericColumn('unit', panel.unit)
      : { kind: 'categorical', name: 'unit', codes: Int32Array.from(panel.unit), levels: [...panel.unitLabels!] },
  );
  columns.push(numericColumn('period', Float64Array.from(panel.period, (p) => panel.periodLabels?.[p] ?? p)));
  columns.push(numericColumn('y', panel.y));
  for (const c of panel.covariates) columns.push(numericColumn(c.name, c.values));
  columns.push(numericColumn('treated', Float64Array.from(panel.unit, (i) => (Number.isNaN(panel.treatmentStart[i]!) ? 0 : 1))));
  const d = new Float64Array(n);
  for (let r = 0; r < n; r++) d[r] = treatedNow(panel, r);
  columns.push(numericColumn('treatment', d));
  return createTable(columns);
}

function numeric(table: Table, name: string, role: string): Float64Array {
  const column = requireColumn(table, name, role);
  const n = table.nRows;
  if (column.kind !== 'numeric') {
    // The reader made it categorical because some cell is not a number: name the first such cell.
    for (let r = 0; r < n; r++) {
      const text = cellText(column, r);
      if (text !== '' && parseNumber(text) === undefined) throw dataErrors.notNumeric(table.source, lineOfRow(table, r), name, text);
    }
    throw dataErrors.notNumeric(table.source, lineOfRow(table, 0), name, cellText(column, 0));
  }
  for (let r = 0; r < n; r++) {
    if (Number.isNaN(column.values[r]!)) throw dataErrors.missingValue(table.source, lineOfRow(table, r), name, role);
  }
  return column.values;
}
