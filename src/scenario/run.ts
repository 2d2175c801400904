/**
 * runScenario: fit each distinct model once, solve every variation, and
 * return typed results (plans, summary rows, frontier, report data). The CLI
 * writes them to a folder; back-office scripts use them directly.
 */
import type { Progress } from '../util/progress.js';
import { silentProgress } from '../util/progress.js';
import type { LoadedScenario } from './load.js';
import { loadScenario, parseScenario } from './load.js';
import type { ScenarioData } from './context.js';
import { checkScenario, variationsToRun } from './validate.js';
import { effectiveUpliftModel, modelKey, upliftEstimates, type Estimates } from './estimate.js';
import { solveVariation, type VariationResult } from './variation.js';
import type { ScenarioSpec, VariationSpec } from './spec.js';
import { otherEstimates } from './estimate-other.js';

export interface ScenarioResult {
  readonly name: string;
  readonly file: string;
  readonly data: { readonly file: string; readonly rows: number; readonly trainRows: number; readonly planRows: number };
  readonly variations: readonly VariationResult[];
  /** Holdout Qini curves and AUCs of the (first) uplift model, when there is a holdout. */
  readonly qini: Estimates['qini'];
  /** Holdout Qini curves of every distinct model (one entry per model, in the order variations use them). */
  readonly qiniByModel: ReadonlyArray<{ readonly model: string; readonly variations: readonly string[]; readonly curves: Estimates['qini'] }>;
  /** The features each distinct uplift model leans on most (mean |SHAP| on planned units). */
  readonly topFeaturesByModel?: ReadonlyArray<{ readonly model: string; readonly variations: readonly string[]; readonly top: NonNullable<Estimates['topFeatures']> }>;
  readonly warnings: readonly string[];
  /** Planned rows (indices into the data file's rows), for joining plans back. */
  readonly planRows: Int32Array;
  readonly scenario: LoadedScenario;
  readonly dataset: ScenarioData;
}

export interface RunOptions {
  readonly progress?: Progress;
}

/**
 * Runs a scenario given as a file path, a parsed file, or a spec object
 * (with `baseDir` for its relative paths).
 *
 * @example
 * const result = await runScenario('scenarios/email/scenario.yaml');
 * // Each variation: its name, its plan (spend, recipients, status) and expectedIncremental.
 * result.variations.map((v) => v.name); // ['base', 'budget 20 % lower', 'at most 20 % of customers', 'coupon costs 50 % more', 'budget sweep', 'two-model forest']
 * result.variations[0]!.plan.status; // 'optimal'
 */
export async function runScenario(input: string | LoadedScenario, options: RunOptions = {}): Promise<ScenarioResult> {
  const scenario = typeof input === 'string' ? await loadScenario(input) : input;
  const progress = options.progress ?? silentProgress;
  const spec = scenario.spec;
  // Everything that can be wrong with the file, the data or the rules fails here, before any fit.
  const checked = await checkScenario(scenario);
  const data = checked.data;
  const toRun = variationsToRun(spec);
  const estimatesByModel = new Map<string, Estimates>();
  const warnings: string[] = [...checked.ruleWarnings];
  const estimatesFor = async (variation: VariationSpec | undefined): Promise<Estimates> => {
    const key = modelKey(spec, variation);
    let estimates = estimatesByModel.get(key);
    if (estimates === undefined) {
      estimates =
        spec.model.kind === 'uplift' || spec.model.kind === 'saved'
          ? await upliftEstimates(scenario, data, effectiveUpliftModel(spec, variation), { progress })
          : await otherEstimates(scenario, data, { progress });
      estimatesByModel.set(key, estimates);
      warnings.push(...estimates.warnings);
    }
    return estimates;
  };
  const results: VariationResult[] = [];
  for (const { variation, path } of toRun) {
    const estimates = await estimatesFor(variation);
    const result = await solveVariation(scenario, data, estimates, variation, path, { progress });
    if (result.plan.status === 'infeasible') {
      warnings.push(`variation '${result.name}' has no plan: ${result.plan.infeasibility?.message ?? 'the rules cannot all hold'}`);
    }
    results.push(result);
  }
  const first = estimatesByModel.values().next().value as Estimates | undefined;
  const keys = toRun.map(({ variation }) => modelKey(spec, variation));
  const qiniByModel = [...estimatesByModel].map(([key, e]) => ({
    model: e.modelName ?? e.description,
    variations: results.filter((_, j) => keys[j] === key).map((r) => r.name),
    curves: e.qini,
  }));
  const topFeaturesByModel = [...estimatesByModel].flatMap(([key, e]) =>
    e.topFeatures === undefined
      ? []
      : [{ model: e.modelName ?? e.description, variations: results.filter((_, j) => keys[j] === key).map((r) => r.name), top: e.topFeatures }],
  );
  return {
    name: spec.name,
    file: scenario.file,
    data: { file: data.csv, rows: data.table.nRows, trainRows: data.trainRows.length, planRows: data.planRows.length },
    variations: results,
    qini: first?.qini ?? [],
    qiniByModel,
    topFeaturesByModel,
    warnings,
    planRows: data.planRows,
    scenario,
    dataset: data,
  };
}

/** Runs a scenario given as an object (as a script would build it); relative paths start at `baseDir`. */
export async function runScenarioSpec(spec: unknown, baseDir: string, options: RunOptions = {}): Promise<ScenarioResult> {
  const scenario = parseScenario(JSON.stringify(spec), `${baseDir.replace(/\/$/, '')}/(scenario object)`);
  return runScenario(scenario, options);
}

export type { ScenarioSpec };
