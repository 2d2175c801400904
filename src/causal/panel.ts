/**
 * A panel: one row per unit and period, in any row order, possibly unbalanced.
 * Units and periods are 0-based indices; period indices are in time order.
 * Treatment is absorbing: unit i is treated from period `treatmentStart[i]`
 * on (NaN = never treated).
 */
import { panelErrors } from './messages.js';

export interface PanelCovariate {
  readonly name: string;
  readonly values: Float64Array;
}

export interface Panel {
  readonly nUnits: number;
  readonly nPeriods: number;
  /** Unit index of each row. */
  readonly unit: Int32Array;
  /** Period index of each row (0 = first period). */
  readonly period: Int32Array;
  /** Outcome of each row. */
  readonly y: Float64Array;
  /** Time-varying regressors, one value per row. */
  readonly covariates: readonly PanelCovariate[];
  /** Per unit: first treated period index, or NaN when never treated. */
  readonly treatmentStart: Float64Array;
  /** Optional labels for messages and output (unit ids, period values). */
  readonly unitLabels?: readonly string[];
  readonly periodLabels?: readonly number[];
}

/** 1 when row r is treated (its unit's start has come), else 0. */
export function treatedNow(panel: Panel, r: number): number {
  const start = panel.treatmentStart[panel.unit[r]!]!;
  return start <= panel.period[r]! ? 1 : 0; // NaN compares false
}

/** Checks shapes and indices once, so the estimators can loop without checks. */
export function checkPanel(panel: Panel): void {
  const n = panel.y.length;
  if (panel.unit.length !== n) throw panelErrors.lengthMismatch('unit', panel.unit.length, n);
  if (panel.period.length !== n) throw panelErrors.lengthMismatch('period', panel.period.length, n);
  if (panel.treatmentStart.length !== panel.nUnits) {
    throw panelErrors.lengthMismatch('treatmentStart', panel.treatmentStart.length, panel.nUnits);
  }
  for (let r = 0; r < n; r++) {
    const u = panel.unit[r]!;
    const p = panel.period[r]!;
    if (u < 0 || u >= panel.nUnits) throw panelErrors.badIndex('unit', r, u, panel.nUnits);
    if (p < 0 || p >= panel.nPeriods) throw panelErrors.badIndex('period', r, p, panel.nPeriods);
    if (!Number.isFinite(panel.y[r]!)) throw panelErrors.notFinite('y', r);
  }
  for (const c of panel.covariates) {
    if (c.values.length !== n) throw panelErrors.lengthMismatch(c.name, c.values.length, n);
    for (let r = 0; r < n; r++) if (!Number.isFinite(c.values[r]!)) throw panelErrors.notFinite(c.name, r);
  }
  let treated = 0;
  for (let i = 0; i < panel.nUnits; i++) if (!Number.isNaN(panel.treatmentStart[i]!)) treated++;
  if (treated === 0) throw panelErrors.noGroup('treated');
}
