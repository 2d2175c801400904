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
import { planTable } from '../allocate/plan-file.js';
import { tidy } from '../util/tidy.js';
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
  /** Share of draws with a positive incremental outcome (null without draws). */
  readonly probability_positive: number | null;
  /** posterior, bootstrap or normal-approximation: what the interval is (null without draws). */
  readonly interval_kind: string | null;
  /** What the plan maximised: mean or cvar:α. */
  readonly risk: string;
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
      objective: tidy(v.plan.objective),
      bound: tidy(v.plan.bound),
      gap: tidy(v.plan.gap),
      relative_gap: v.plan.relativeGap,
      budget: v.budget ?? null,
      max_recipients: v.maxRecipients ?? null,
      spend: tidy(v.plan.spend),
      recipients: v.plan.recipients,
      expected_incremental: tidy(v.expectedIncremental),
      incremental_lower: v.interval === undefined ? null : tidy(v.interval[0]),
      incremental_upper: v.interval === undefined ? null : tidy(v.interval[1]),
      probability_positive: v.probabilityPositive ?? null,
      interval_kind: v.intervalKind ?? null,
      risk: v.risk,
      seconds: Math.round(v.plan.seconds * 1000) / 1000,
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

/** The plan of a variation as a table (allocate/plan-file.ts planTable: the layout `liftwise allocate` writes too). */
export function variationPlanTable(result: ScenarioResult, variation: VariationResult) {
  const spec = result.scenario.spec;
  const table = result.dataset.planTable;
  const rows = result.planRows;
  const idColumn = spec.data.id === undefined ? undefined : table.columns.get(spec.data.id);
  let id: Column | undefined;
  if (idColumn === undefined) id = undefined;
  else if (idColumn.kind === 'numeric') id = numericColumn(idColumn.name, Array.from(rows, (r) => idColumn.values[r]!));
  else id = categoricalColumn(idColumn.name, Array.from(rows, (r) => (idColumn.codes[r]! < 0 ? null : idColumn.levels[idColumn.codes[r]!]!)));
  return planTable(variation.problem, variation.plan, { ...(id === undefined ? {} : { id }), rows });
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
  const spec = result.scenario.spec;
  const segments = segmentCounts(result);
  const base = result.variations[0];
  return {
    title: result.name,
    subtitle: `${basename(result.data.file)}: ${result.data.rows} rows, ${result.data.trainRows} to fit, ${result.data.planRows} planned for — ${modelsLine(result)}`,
    generatedAt,
    ...(qiniCharts(result).length === 0 ? {} : { qiniCharts: qiniCharts(result) }),
    frontier: [
      ...result.variations.map((v) => ({
        variation: v.name,
        points: [
          ...v.frontier.map((p) => ({ spend: p.spend, incremental: p.incremental, ...(p.lower === undefined ? {} : { lower: p.lower, upper: p.upper! }) })),
          ...(v.interval === undefined || v.frontier.some((p) => p.lower !== undefined)
            ? []
            : [{ spend: v.plan.spend, incremental: v.expectedIncremental, lower: v.interval[0], upper: v.interval[1] }]),
        ].sort((a, b) => a.spend - b.spend),
      })),
      // Random targeting under the base plan's costs: how much the model's ranking adds.
      ...(base === undefined || base.random.length === 0
        ? []
        : [{ variation: RANDOM_LINE, points: base.random.map((p) => ({ spend: p.spend, incremental: p.incremental })), dashed: true }]),
    ],
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
        formatGap(r.relative_gap),
      ]),
    },
    ...(topFeatureTables(result).length === 0 ? {} : { topFeatures: topFeatureTables(result) }),
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
      await writeTable(join(temp, files[j]!), variationPlanTable(result, result.variations[j]!));
    }
    const rows = summaryRows(result);
    const armColumns = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k.startsWith('n_'))))];
    const header = ['variation', 'status', 'solver', 'objective', 'bound', 'gap', 'relative_gap', 'budget', 'max_recipients', 'spend', 'recipients', 'expected_incremental', 'incremental_lower', 'incremental_upper', 'probability_positive', 'interval_kind', 'risk', 'seconds', 'plan_file', ...armColumns];
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

/** The frontier line of random targeting. */
const RANDOM_LINE = 'random targeting';

/**
 * A relative gap as people read it: a percentage with up to two decimals, or
 * one significant digit below 0.01 %.
 *
 * @example
 * formatGap(1e-4); // '0.01 %'
 * formatGap(0);    // '0 %'
 */
export function formatGap(relativeGap: number): string {
  if (!Number.isFinite(relativeGap)) return '—';
  const pct = Math.abs(relativeGap) * 100;
  // Below 1e-9 (relative) a gap is rounding in the solver's sums, not a gap.
  if (pct < 1e-7) return '0 %';
  if (pct < 0.01) return `${Number(pct.toPrecision(1))} %`;
  return `${Number(pct.toFixed(2))} %`;
}

/** Each distinct model with the variations that use it, for the report's subtitle. */
function modelsLine(result: ScenarioResult): string {
  const byModel = new Map<string, string[]>();
  for (const v of result.variations) {
    const names = byModel.get(v.modelDescription) ?? [];
    names.push(v.name);
    byModel.set(v.modelDescription, names);
  }
  if (byModel.size === 1) return [...byModel.keys()][0]!;
  return [...byModel].map(([model, names]) => `${model} (${names.join(', ')})`).join('; ');
}

/** One table per distinct uplift model and arm: its top features by mean |SHAP| on planned units. */
function topFeatureTables(result: ScenarioResult): NonNullable<ReportData['topFeatures']> {
  const models = result.topFeaturesByModel ?? [];
  const several = models.length > 1;
  return models.flatMap((m) =>
    m.top.arms.map((a) => ({
      title: `${m.model}${several ? ` (${m.variations.join(', ')})` : ''}, arm '${a.arm}'`,
      note: `${m.top.units} planned units; ${m.top.how}.`,
      features: a.features.map((f) => ({ feature: f.feature, value: f.meanAbsShap })),
    })),
  );
}

/** One Qini chart per treated arm: every distinct model's curve, random and perfect (perfect does not set the scale). */
function qiniCharts(result: ScenarioResult): NonNullable<ReportData['qiniCharts']> {
  const models = result.qiniByModel.filter((m) => m.curves.length > 0);
  if (models.length === 0) return [];
  const arms = models[0]!.curves.map((c) => c.arm);
  const several = models.length > 1;
  return arms.map((arm) => {
    const perArm = models.map((m) => ({ m, q: m.curves.find((c) => c.arm === arm)! })).filter((x) => x.q !== undefined);
    const name = (m: (typeof models)[number]) => (several ? `${m.model} (${m.variations.join(', ')})` : `model: ${m.model}`);
    const perfect = perArm[0]!.q.perfect;
    const endX = perfect.x[perfect.x.length - 1]!;
    const endY = perfect.y[perfect.y.length - 1]!;
    return {
      title: `Arm '${arm}'`,
      curves: [
        ...perArm.map(({ m, q }) => ({ name: name(m), x: q.model.x, y: q.model.y })),
        { name: 'random', x: [0, endX], y: [0, endY], dashed: true },
        { name: 'perfect', x: perfect.x, y: perfect.y, dashed: true, scale: false },
      ],
      aucs: perArm.map(({ m, q }) => ({ name: name(m), auc: q.auc })),
    };
  });
}

/** What the outcome is called, for axis titles. */
function outcomeName(spec: ScenarioResult['scenario']['spec']): string {
  if (spec.model.kind === 'bayes') return spec.model.outcomeNode;
  if (spec.model.kind === 'did') return spec.model.outcome;
  return spec.data.outcome ?? 'outcome';
}
