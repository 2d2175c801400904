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
import { Random } from '../util/random.js';

export interface ScenarioData {
  /** The data the model learns from. */
  readonly table: Table;
  /** Path of the CSV as resolved (for messages). */
  readonly csv: string;
  /** Rows of `table` the model learns from. */
  readonly trainRows: Int32Array;
  /** The table holding the units planned for: `table` itself, or the scenario's units file. */
  readonly planTable: Table;
  /** Path of the planned units' CSV. */
  readonly planCsv: string;
  /** Rows of `planTable` the plan is made for (the holdout, a sample of the units file, or every row). */
  readonly planRows: Int32Array;
  readonly hasHoldout: boolean;
}

export async function loadScenarioData(scenario: LoadedScenario): Promise<ScenarioData> {
  const spec = scenario.spec;
  const csv = scenarioPath(scenario, spec.data.file);
  // The id column goes to the plan files exactly as written (leading zeros, 'NA', 19-digit ids).
  const exactText = spec.data.id === undefined ? [] : [spec.data.id];
  const table = await readTable(csv, { exactText });
  const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
  if (spec.units !== undefined) {
    const planCsv = scenarioPath(scenario, spec.units.file);
    const planTable = await readTable(planCsv, { exactText });
    checkColumns(scenario, table, csv, planTable, planCsv);
    let planRows = all(planTable.nRows);
    if (spec.units.sample !== undefined) {
      if (spec.units.sample > planTable.nRows) {
        throw scenarioErrors.invalid(scenario.file, undefined, ['units', 'sample'], `the units file has ${planTable.nRows} rows, fewer than the sample of ${spec.units.sample}`);
      }
      planRows = new Random(spec.units.seed ?? spec.seed).permutation(planTable.nRows).slice(0, spec.units.sample).sort();
    }
    return { table, csv, trainRows: all(table.nRows), planTable, planCsv, planRows, hasHoldout: false };
  }
  checkColumns(scenario, table, csv, table, csv);
  if (spec.data.holdout === undefined) {
    return { table, csv, trainRows: all(table.nRows), planTable: table, planCsv: csv, planRows: all(table.nRows), hasHoldout: false };
  }
  const split = systematicSplit(table.nRows, spec.data.holdout);
  return { table, csv, trainRows: split.train, planTable: table, planCsv: csv, planRows: split.test, hasHoldout: true };
}

type Named = { column: string; path: Array<string | number>; plan?: boolean };

/** Every column the scenario names, with the field path that names it; `plan` marks columns of the planned units. */
function namedColumns(spec: ScenarioSpec): Named[] {
  const out: Named[] = [];
  const d = spec.data;
  if (d.id !== undefined) out.push({ column: d.id, path: ['data', 'id'], plan: true });
  if (d.treatment !== undefined) out.push({ column: d.treatment, path: ['data', 'treatment'] });
  if (d.outcome !== undefined) out.push({ column: d.outcome, path: ['data', 'outcome'] });
  if (spec.model.kind === 'did' && spec.model.by !== undefined) out.push({ column: spec.model.by, path: ['model', 'by'] });
  d.features?.forEach((f, i) => {
    out.push({ column: f, path: ['data', 'features', i] });
    out.push({ column: f, path: ['data', 'features', i], plan: true });
  });
  spec.arms?.forEach((arm, i) => {
    if (typeof arm.cost === 'object') out.push({ column: arm.cost.column, path: ['arms', i, 'cost', 'column'], plan: true });
    if (arm.eligible !== undefined) out.push({ column: arm.eligible.column, path: ['arms', i, 'eligible', 'column'], plan: true });
  });
  const segments = (rules: ScenarioSpec['constraints']['segments'], path: Array<string | number>) =>
    rules?.forEach((r, i) => out.push({ column: r.column, path: [...path, 'segments', i, 'column'], plan: true }));
  segments(spec.constraints.segments, ['constraints']);
  spec.variations.forEach((v, i) => segments(v.constraints?.segments, ['variations', i, 'constraints']));
  if (spec.reportSegment !== undefined) out.push({ column: spec.reportSegment, path: ['reportSegment'], plan: true });
  return out;
}

function checkColumns(scenario: LoadedScenario, table: Table, csv: string, planTable: Table, planCsv: string): void {
  for (const { column, path, plan } of namedColumns(scenario.spec)) {
    const [t, file] = plan === true ? [planTable, planCsv] : [table, csv];
    if (!t.columns.has(column)) throw scenarioErrors.unknownColumn(scenario.file, path, column, file, t.names);
  }
}
