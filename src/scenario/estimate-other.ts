/**
 * Estimates from the two other kinds of model a scenario can name:
 * - a Bayesian structural model (a liftwise model file): fitted with NUTS on
 *   the training rows; per planned unit and arm, the posterior draws of
 *   E[Y | do(T = arm), x] − E[Y | do(T = control), x];
 * - difference-in-differences on a panel: the two-way fixed-effects effect
 *   (overall or per segment) with its cluster-robust standard error, drawn
 *   as Normal(estimate, se) to carry its uncertainty into the plan.
 */
import { takeRows } from '../data/table.js';
import type { Table } from '../data/table.js';
import { readTable } from '../data/read.js';
import { readModelFile, bindModelFile } from '../bayes/modelfile/index.js';
import { sample } from '../bayes/sampler/index.js';
import { diagnose } from '../bayes/diagnostics/index.js';
import { posteriorEffects } from '../bayes/causal/index.js';
import { panelFromTable } from '../causal/panelTable.js';
import { didTwoWayFixedEffects } from '../causal/didTwoWayFixedEffects.js';
import { termOf } from '../causal/regression.js';
import { effectsFromEstimates } from '../effects/fromEstimates.js';
import type { Progress } from '../util/progress.js';
import type { LoadedScenario } from './load.js';
import { scenarioPath } from './load.js';
import type { ScenarioData } from './context.js';
import type { Estimates } from './estimate.js';
import { scenarioErrors } from './messages.js';

export async function otherEstimates(scenario: LoadedScenario, data: ScenarioData, options: { progress?: Progress }): Promise<Estimates> {
  const model = scenario.spec.model;
  if (model.kind === 'bayes') return bayesEstimates(scenario, data, model, options);
  if (model.kind === 'did') return didEstimates(scenario, data, model);
  throw new Error(`otherEstimates cannot take a model of kind '${model.kind}'`);
}

type BayesSpec = Extract<LoadedScenario['spec']['model'], { kind: 'bayes' }>;
type DidSpec = Extract<LoadedScenario['spec']['model'], { kind: 'did' }>;

function armNames(scenario: LoadedScenario): string[] {
  return ['none', ...(scenario.spec.arms ?? []).map((a) => a.name)];
}

async function bayesEstimates(scenario: LoadedScenario, data: ScenarioData, spec: BayesSpec, options: { progress?: Progress }): Promise<Estimates> {
  const modelFile = scenarioPath(scenario, spec.file);
  const file = await readModelFile(modelFile);
  const train = takeRows(data.table, data.trainRows);
  const fitted = bindModelFile(file, train, { modelFile });
  const fit = await sample(fitted.source(), {
    chains: spec.chains,
    warmup: spec.warmup,
    draws: spec.draws,
    seed: scenario.spec.seed,
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  const warnings = diagnose(fit).warnings.map((w) => `posterior of ${spec.file}: ${w.message}`);
  // Effects for the planned units: the same model bound to their rows (parameters are shared).
  const planned = data.planTable !== data.table || data.hasHoldout ? bindModelFile(file, takeRows(data.planTable, data.planRows), { modelFile }) : fitted;
  const values = [spec.controlValue, ...(scenario.spec.arms ?? []).map((a, k) => a.value ?? k + 1)];
  const effects = posteriorEffects(planned, fit, { treatment: spec.treatmentNode, outcome: spec.outcomeNode, arms: values, labels: armNames(scenario), seed: scenario.spec.seed });
  return {
    effects,
    qini: [],
    warnings,
    description: `Bayesian model ${spec.file}, NUTS ${spec.chains} × (${spec.warmup} + ${spec.draws}) on ${data.trainRows.length} rows`,
  };
}

/** The DiD panel, with every column the model names checked (shared with `scenario check`). */
export async function readPanel(scenario: LoadedScenario, spec: DidSpec): Promise<Table> {
  const panelFile = scenarioPath(scenario, spec.panel);
  const panelTable = await readTable(panelFile);
  for (const [field, column] of [
    ['unit', spec.unit],
    ['period', spec.period],
    ['outcome', spec.outcome],
    ['treatment', spec.treatment],
    ...(spec.by === undefined ? [] : [['by', spec.by]]),
    ...spec.covariates.map((c, i) => [`covariates[${i}]`, c]),
  ] as Array<[string, string]>) {
    if (!panelTable.columns.has(column)) throw scenarioErrors.unknownColumn(scenario.file, ['model', field], column, panelFile, panelTable.names);
  }
  return panelTable;
}

async function didEstimates(scenario: LoadedScenario, data: ScenarioData, spec: DidSpec): Promise<Estimates> {
  const panelTable = await readPanel(scenario, spec);
  const estimate = (table: Table) => {
    const panel = panelFromTable(table, { unit: spec.unit, period: spec.period, outcome: spec.outcome, treatment: spec.treatment, covariates: spec.covariates });
    const term = termOf(didTwoWayFixedEffects(panel), 'treated:post');
    return { estimate: term.estimate, se: term.standardError };
  };
  // One effect overall, or one per segment of `by`.
  const bySegment = new Map<string, { estimate: number; se: number }>();
  let overall: { estimate: number; se: number } | undefined;
  if (spec.by === undefined) overall = estimate(panelTable);
  else {
    const column = panelTable.columns.get(spec.by)!;
    const groups = new Map<string, number[]>();
    for (let r = 0; r < panelTable.nRows; r++) {
      const key = segmentText(column, r);
      if (key === undefined) continue;
      let rows = groups.get(key);
      if (rows === undefined) groups.set(key, (rows = []));
      rows.push(r);
    }
    for (const [key, rows] of groups) bySegment.set(key, estimate(takeRows(panelTable, rows)));
  }
  const planColumn = spec.by === undefined ? undefined : data.planTable.columns.get(spec.by)!;
  const effects = effectsFromEstimates(armNames(scenario), data.planRows.length, {
    groupOf: (i) => (planColumn === undefined ? '' : (segmentText(planColumn, data.planRows[i]!) ?? '')),
    estimateOf: (key) => {
      const e = overall ?? bySegment.get(key);
      if (e === undefined) {
        throw scenarioErrors.invalid(scenario.file, undefined, ['model', 'by'], `the planned units include segment '${key}', which the panel has no rows for`);
      }
      return e;
    },
    draws: spec.draws,
    seed: scenario.spec.seed,
  });
  const described =
    overall !== undefined
      ? `effect ${overall.estimate.toFixed(3)} ± ${overall.se.toFixed(3)}`
      : [...bySegment].map(([k, e]) => `${k}: ${e.estimate.toFixed(3)} ± ${e.se.toFixed(3)}`).join(', ');
  return {
    effects,
    qini: [],
    warnings: [],
    description: `two-way fixed-effects DiD on ${spec.panel} (${described}; SEs clustered by ${spec.unit})`,
  };
}

function segmentText(column: NonNullable<ReturnType<Table['columns']['get']>>, r: number): string | undefined {
  if (column.kind === 'categorical') return column.codes[r]! < 0 ? undefined : column.levels[column.codes[r]!];
  return Number.isNaN(column.values[r]!) ? undefined : String(column.values[r]!);
}
