/**
 * The data side of a scenario: the table, which rows train the model and
 * which are planned for, and a check that every column the scenario names
 * exists — so a typo fails before anything is fitted, with its field path.
 */
import type { Table } from '../data/table.js';
import { readTable } from '../data/read.js';
import { systematicSplit } from '../data/split.js';
import type { LoadedScenario } from './load.js';
import { scenarioPath } from './load.js';
import { scenarioErrors } from './messages.js';
import type { ScenarioSpec } from './spec.js';

export interface ScenarioData {
  readonly table: Table;
  /** Path of the CSV as resolved (for messages). */
  readonly csv: string;
  /** Rows the model learns from. */
  readonly trainRows: Int32Array;
  /** Rows the plan is made for (the holdout when there is one, else every row). */
  readonly planRows: Int32Array;
  readonly hasHoldout: boolean;
}

export async function loadScenarioData(scenario: LoadedScenario): Promise<ScenarioData> {
  const spec = scenario.spec;
  const csv = scenarioPath(scenario, spec.data.file);
  const table = await readTable(csv);
  checkColumns(scenario, table, csv);
  const all = Int32Array.from({ length: table.nRows }, (_, i) => i);
  if (spec.data.holdout === undefined) return { table, csv, trainRows: all, planRows: all, hasHoldout: false };
  const split = systematicSplit(table.nRows, spec.data.holdout);
  return { table, csv, trainRows: split.train, planRows: split.test, hasHoldout: true };
}

/** Every column the scenario names, with the field path that names it. */
function namedColumns(spec: ScenarioSpec): Array<{ column: string; path: Array<string | number> }> {
  const out: Array<{ column: string; path: Array<string | number> }> = [];
  const d = spec.data;
  if (d.id !== undefined) out.push({ column: d.id, path: ['data', 'id'] });
  if (spec.model.kind === 'uplift' || spec.model.kind === 'saved') {
    out.push({ column: d.treatment, path: ['data', 'treatment'] });
    out.push({ column: d.outcome, path: ['data', 'outcome'] });
  }
  d.features?.forEach((f, i) => out.push({ column: f, path: ['data', 'features', i] }));
  spec.arms?.forEach((arm, i) => {
    if (typeof arm.cost === 'object') out.push({ column: arm.cost.column, path: ['arms', i, 'cost', 'column'] });
    if (arm.eligible !== undefined) out.push({ column: arm.eligible.column, path: ['arms', i, 'eligible', 'column'] });
  });
  const segments = (rules: ScenarioSpec['constraints']['segments'], path: Array<string | number>) =>
    rules?.forEach((r, i) => out.push({ column: r.column, path: [...path, 'segments', i, 'column'] }));
  segments(spec.constraints.segments, ['constraints']);
  spec.variations.forEach((v, i) => segments(v.constraints?.segments, ['variations', i, 'constraints']));
  if (spec.reportSegment !== undefined) out.push({ column: spec.reportSegment, path: ['reportSegment'] });
  return out;
}

function checkColumns(scenario: LoadedScenario, table: Table, csv: string): void {
  for (const { column, path } of namedColumns(scenario.spec)) {
    if (!table.columns.has(column)) throw scenarioErrors.unknownColumn(scenario.file, path, column, csv, table.names);
  }
}
