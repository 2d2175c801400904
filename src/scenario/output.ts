/**
 * Writes a scenario's results to a folder: one plan CSV per variation,
 * summary.csv, summary.json and report.html. The folder is built under a
 * temporary name beside the target and renamed at the end, so a failed run
 * leaves no partial output folder.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createTable, numericColumn, categoricalColumn, type Column } from '../data/table.js';
import { writeTable } from '../data/write.js';
import { makeTempDir, removeTemp, writeFileAtomic } from '../util/atomic.js';
import { checkOutputFolder, commitOutputFolder, type FolderState } from '../util/outputs.js';
import { scenarioPath, type LoadedScenario } from './load.js';
import { renderReport } from './report/index.js';
import type { ReportData } from './report/index.js';
import type { ScenarioResult } from './run.js';
import type { VariationResult } from './variation.js';

/** A file-name-safe form of a variation name. */
export function slug(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'variation' : s;
}

export interface SummaryRow {
  readonly variation: string;
  readonly status: string;
  readonly solver: string;
  readonly objective: number;
  readonly bound: number;
  readonly gap: number;
  readonly relative_gap: number;
  readonly budget: number | null;
  readonly max_recipients: number | null;
  readonly spend: number;
  readonly recipients: number;
  readonly expected_incremental: number;
  readonly incremental_lower: number | null;
  readonly incremental_upper: number | null;
  readonly seconds: number;
  readonly plan_file: string;
  readonly [arm: `n_${string}`]: number;
}

export function summaryRows(result: ScenarioResult): SummaryRow[] {
  const files = planFileNames(result.variations);
  return result.variations.map((v, j) => {
    const row: Record<string, string | number | null> = {
      variation: v.name,
      status: v.plan.status,
      solver: v.plan.solver,
      objective: v.plan.objective,
      bound: v.plan.bound,
      gap: v.plan.gap,
      relative_gap: v.plan.relativeGap,
      budget: v.budget ?? null,
      max_recipients: v.maxRecipients ?? null,
      spend: v.plan.spend,
      recipients: v.plan.recipients,
      expected_incremental: v.expectedIncremental,
      incremental_lower: v.interval?.[0] ?? null,
      incremental_upper: v.interval?.[1] ?? null,
      seconds: v.plan.seconds,
      plan_file: files[j]!,
    };
    v.armLabels.forEach((label, k) => {
      if (k > 0) row[`n_${label}`] = v.plan.armCounts[k] ?? 0;
    });
    return row as unknown as SummaryRow;
  });
}

function planFileNames(variations: readonly VariationResult[]): string[] {
  const used = new Set<string>();
  return variations.map((v) => {
    let name = `plan-${slug(v.name)}.csv`;
    for (let k = 2; used.has(name); k++) name = `plan-${slug(v.name)}-${k}.csv`;
    used.add(name);
    return name;
  });
}

/** The plan of a variation as a table: id (or row), arm, cost, expected incremental outcome. */
export function planTable(result: ScenarioResult, variation: VariationResult) {
  const spec = result.scenario.spec;
  const table = result.dataset.planTable;
  const rows = result.planRows;
  const columns: Column[] = [];
  const idColumn = spec.data.id === undefined ? undefined : table.columns.get(spec.data.id);
  if (idColumn === undefined) {
    columns.push(numericColumn('row', Array.from(rows, (r) => r + 1)));
  } else if (idColumn.kind === 'numeric') {
    columns.push(numericColumn(idColumn.name, Array.from(rows, (r) => idColumn.values[r]!)));
  } else {
    columns.push(categoricalColumn(idColumn.name, Array.from(rows, (r) => (idColumn.codes[r]! < 0 ? null : idColumn.levels[idColumn.codes[r]!]!))));
  }
  columns.push(categoricalColumn('arm', Array.from(variation.plan.choice, (c) => variation.armLabels[c]!)));
  columns.push(numericColumn('cost', variation.costs));
  columns.push(numericColumn('expected_incremental', variation.effect));
  return createTable(columns);
}

/** Counts of treated units per level of the report's segment column. */
function segmentCounts(result: ScenarioResult): ReportData['segments'] {
  const column = result.scenario.spec.reportSegment;
  if (column === undefined) return undefined;
  const c = result.dataset.planTable.columns.get(column)!;
  const labelOf = (r: number) => (c.kind === 'categorical' ? (c.codes[r]! < 0 ? '(missing)' : c.levels[c.codes[r]!]!) : String(c.values[r]!));
  const out: Array<{ variation: string; segment: string; treated: number; total: number }> = [];
  for (const v of result.variations) {
    const totals = new Map<string, { treated: number; total: number }>();
    result.planRows.forEach((r, i) => {
      const key = labelOf(r);
      const entry = totals.get(key) ?? { treated: 0, total: 0 };
      entry.total++;
      if (v.plan.choice[i]! > 0) entry.treated++;
      totals.set(key, entry);
    });
    for (const [segment, { treated, total }] of [...totals].sort((a, b) => a[0].localeCompare(b[0]))) {
      out.push({ variation: v.name, segment, treated, total });
    }
  }
  return out;
}

/** The report's data from a scenario result. */
export function reportData(result: ScenarioResult, generatedAt: string): ReportData {
  const rows = summaryRows(result);
  const columns = ['variation', 'status', 'budget', 'spend', 'recipients', 'expected_incremental', 'interval', 'relative_gap'];
  const qini = result.qini[0];
  const spec = result.scenario.spec;
  const segments = segmentCounts(result);
  return {
    title: result.name,
    subtitle: `${basename(result.data.file)}: ${result.data.rows} rows, ${result.data.trainRows} to fit, ${result.data.planRows} planned for — ${result.variations[0]?.modelDescription ?? ''}`,
    generatedAt,
    ...(qini === undefined
      ? {}
      : {
          qini: {
            curves: [
              { name: `model (${qini.arm})`, x: qini.model.x, y: qini.model.y },
              { name: 'random', x: [0, qini.perfect.x[qini.perfect.x.length - 1]!], y: [0, qini.perfect.y[qini.perfect.y.length - 1]!], dashed: true },
              { name: 'perfect', x: qini.perfect.x, y: qini.perfect.y, dashed: true },
            ],
            auc: qini.auc,
          },
        }),
    frontier: result.variations.map((v) => ({
      variation: v.name,
      points: [
        ...v.frontier.map((p) => ({ spend: p.spend, incremental: p.incremental })),
        ...(v.interval === undefined
          ? []
          : [{ spend: v.plan.spend, incremental: v.expectedIncremental, lower: v.interval[0], upper: v.interval[1] }]),
      ].sort((a, b) => a.spend - b.spend),
    })),
    ...(segments === undefined ? {} : { segments }),
    variations: {
      columns,
      rows: rows.map((r) => [
        r.variation,
        r.status,
        r.budget,
        r.spend,
        r.recipients,
        r.expected_incremental,
        r.incremental_lower === null ? null : `${r.incremental_lower.toFixed(1)} – ${r.incremental_upper!.toFixed(1)}`,
        r.relative_gap,
      ]),
    },
    notes: result.warnings,
    labels: {
      spend: 'Spend',
      incremental: `Expected incremental ${outcomeName(spec)}`,
      ...(spec.reportSegment === undefined ? {} : { segment: spec.reportSegment }),
    },
  };
}

/** Every file a scenario reads (the scenario file itself, data, units, model and panel files): never inside its output folder. */
export function scenarioInputs(scenario: LoadedScenario): string[] {
  const spec = scenario.spec;
  const inputs = [scenario.file, scenarioPath(scenario, spec.data.file)];
  if (spec.units !== undefined) inputs.push(scenarioPath(scenario, spec.units.file));
  if (spec.model.kind === 'saved' || spec.model.kind === 'bayes') inputs.push(scenarioPath(scenario, spec.model.file));
  if (spec.model.kind === 'did') inputs.push(scenarioPath(scenario, spec.model.panel));
  return inputs;
}

/**
 * Checks the output folder before a scenario runs: see checkOutputFolder
 * (never the current folder or a folder holding an input; an existing
 * non-empty folder only with `replace`, and only when a previous liftwise
 * run wrote everything in it).
 */
export function checkScenarioOutput(scenario: LoadedScenario, outDir: string, options: { replace?: boolean } = {}): Promise<FolderState> {
  return checkOutputFolder(outDir, { replace: options.replace === true, inputs: scenarioInputs(scenario) });
}

/**
 * Writes plans, summary.csv, summary.json, report.html and the folder's
 * manifest (.liftwise-output.json) to `outDir`. The folder is built under a
 * temporary name beside the target and renamed in at the end. An existing
 * folder is replaced only with `replace` and only if checkOutputFolder allows
 * it: then exactly the files its manifest lists are removed.
 */
export async function writeScenarioOutputs(
  result: ScenarioResult,
  outDir: string,
  options: { replace?: boolean; generatedAt?: string; checked?: FolderState } = {},
): Promise<string[]> {
  const state = options.checked ?? (await checkScenarioOutput(result.scenario, outDir, options));
  const target = resolve(outDir);
  await fs.mkdir(dirname(target), { recursive: true });
  const temp = await makeTempDir(target);
  try {
    const files = planFileNames(result.variations);
    for (let j = 0; j < result.variations.length; j++) {
      await writeTable(join(temp, files[j]!), planTable(result, result.variations[j]!));
    }
    const rows = summaryRows(result);
    const armColumns = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k.startsWith('n_'))))];
    const header = ['variation', 'status', 'solver', 'objective', 'bound', 'gap', 'relative_gap', 'budget', 'max_recipients', 'spend', 'recipients', 'expected_incremental', 'incremental_lower', 'incremental_upper', 'seconds', 'plan_file', ...armColumns];
    await writeTable(
      join(temp, 'summary.csv'),
      createTable(
        header.map((h) => {
          const values = rows.map((r) => (r as unknown as Record<string, string | number | null>)[h] ?? null);
          return values.every((v) => v === null || typeof v === 'number')
            ? numericColumn(h, values.map((v) => (v === null ? NaN : (v as number))))
            : categoricalColumn(h, values.map((v) => (v === null ? null : String(v))));
        }),
      ),
    );
    const summary = {
      scenario: result.name,
      file: result.file,
      data: result.data,
      qini: result.qini.map((q) => ({ arm: q.arm, auc: q.auc })),
      warnings: result.warnings,
      variations: result.variations.map((v, j) => ({
        ...rows[j],
        armCounts: Object.fromEntries(v.armLabels.map((l, k) => [l, v.plan.armCounts[k] ?? 0])),
        frontier: v.frontier,
        notes: v.plan.notes,
        infeasibility: v.plan.infeasibility ?? null,
      })),
    };
    await writeFileAtomic(join(temp, 'summary.json'), `${JSON.stringify(summary, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
    const html = await renderReport(reportData(result, options.generatedAt ?? new Date().toISOString().slice(0, 10)));
    await writeFileAtomic(join(temp, 'report.html'), html);
    const written = ['summary.csv', 'summary.json', 'report.html', ...files];
    await commitOutputFolder(temp, state, 'scenario run', written);
    return written;
  } catch (e) {
    await removeTemp(temp);
    throw e;
  }
}

/** What the outcome is called, for axis titles. */
function outcomeName(spec: ScenarioResult['scenario']['spec']): string {
  if (spec.model.kind === 'bayes') return spec.model.outcomeNode;
  if (spec.model.kind === 'did') return spec.model.outcome;
  return spec.data.outcome ?? 'outcome';
}
