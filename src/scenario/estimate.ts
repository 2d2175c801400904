/**
 * The model side of a scenario: turn a model specification into expected
 * incremental outcomes per planned unit and arm (and posterior draws of them
 * where the model has a posterior), plus the holdout Qini curve of uplift
 * models. Each distinct model is fitted once and shared by the variations.
 */
import type { Table } from '../data/table.js';
import { takeRows } from '../data/table.js';
import { encodeTreatmentAs } from '../data/roles.js';
import { UpliftModel, type UpliftSpec } from '../uplift/model.js';
import { qiniAucScore, qiniCurve, perfectQiniCurve } from '../metrics/index.js';
import type { Curve } from '../metrics/types.js';
import type { Progress } from '../util/progress.js';
import type { LoadedScenario } from './load.js';
import { scenarioPath } from './load.js';
import { armColumn, type Effects } from '../effects/effects.js';
import type { ScenarioData } from './context.js';
import { scenarioErrors } from './messages.js';
import type { ScenarioSpec, VariationSpec } from './spec.js';
import { topFeatures, type TopFeatures } from '../explain/top-features.js';

export interface Estimates {
  /**
   * The effects of the planned units: arm labels (index 0 is "no treatment"),
   * the n × K mean (arm 0 = 0) and, where the model has them, S × n × K draws
   * (a posterior, or a normal approximation of one).
   */
  readonly effects: Effects;
  /** Holdout Qini curves of uplift models, one per treated arm. */
  readonly qini: ReadonlyArray<{ readonly arm: string; readonly model: Curve; readonly perfect: Curve; readonly auc: number }>;
  readonly warnings: readonly string[];
  /** One line saying what was fitted, for the summary. */
  readonly description: string;
  /** A short name of the model (e.g. 'two-model logistic'), for chart legends. */
  readonly modelName?: string;
  /** The features the uplift model leans on most (mean |SHAP| on planned units), for the report. */
  readonly topFeatures?: TopFeatures;
}

export type UpliftModelSpec = Extract<ScenarioSpec['model'], { kind: 'uplift' }>;

/** The uplift model a variation uses (the scenario's, with the variation's overrides). */
export function effectiveUpliftModel(spec: ScenarioSpec, variation: VariationSpec | undefined): UpliftModelSpec | undefined {
  if (spec.model.kind !== 'uplift') return undefined;
  const overrides = Object.fromEntries(Object.entries(variation?.model ?? {}).filter(([, v]) => v !== undefined));
  return { ...spec.model, ...overrides, kind: 'uplift' };
}

/** A key that is equal for variations that need the same fitted model. */
export function modelKey(spec: ScenarioSpec, variation: VariationSpec | undefined): string {
  const uplift = effectiveUpliftModel(spec, variation);
  return uplift === undefined ? spec.model.kind : JSON.stringify(uplift);
}

/** What UpliftModel.fit gets from a scenario (shared by the run and by `scenario check`). */
export function upliftSpecOf(spec: ScenarioSpec, model: UpliftModelSpec): UpliftSpec {
  const d = spec.data;
  const dose = spec.dose;
  return {
    treatment: d.treatment!,
    outcome: d.outcome!,
    features: d.features,
    exclude: [...(d.exclude ?? []), ...(d.id === undefined ? [] : [d.id])],
    categorical: d.categorical,
    control: d.control,
    treated: dose === undefined ? (spec.arms ?? []).map((a) => a.name) : undefined,
    method: dose === undefined ? model.method : 's-learner',
    learner: model.learner,
    learnerOptions: model.options,
    methodOptions: model.methodOptions,
    doseLevels: dose?.levels,
    seed: spec.seed,
  };
}

/** Fits (or loads) an uplift model and scores the planned rows. */
export async function upliftEstimates(
  scenario: LoadedScenario,
  data: ScenarioData,
  model: UpliftModelSpec | undefined,
  options: { progress?: Progress } = {},
): Promise<Estimates> {
  const spec = scenario.spec;
  const dose = spec.dose;
  const treatedNames = dose === undefined ? (spec.arms ?? []).map((a) => a.name) : undefined;
  let fitted: UpliftModel;
  let description: string;
  if (spec.model.kind === 'saved') {
    fitted = await UpliftModel.load(scenarioPath(scenario, spec.model.file));
    description = `saved ${fitted.learner.method} model (${fitted.learnerName}) from ${spec.model.file}`;
  } else {
    if (model === undefined) throw new Error('upliftEstimates needs an uplift model');
    const train = takeRows(data.table, data.trainRows);
    fitted = UpliftModel.fit(train, upliftSpecOf(spec, model), options.progress === undefined ? {} : { progress: options.progress });
    description = `${fitted.learner.method} with ${fitted.learnerName} on ${data.trainRows.length} rows`;
  }
  const armLabels = [dose === undefined ? 'none' : String(dose.levels[0]), ...fitted.treatedArms];
  if (treatedNames !== undefined) {
    treatedNames.forEach((name, i) => {
      if (!fitted.treatedArms.includes(name)) throw scenarioErrors.unknownArm(scenario.file, i, name, fitted.treatment.arms);
    });
  }
  const planTable = takeRows(data.planTable, data.planRows);
  const scored = fitted.effects(planTable, { draws: 0 });
  const uplift = fitted.treatedArms.map((_, j) => armColumn(scored, j + 1));
  // Columns in the order the scenario lists its arms.
  const order = treatedNames ?? fitted.treatedArms;
  const n = data.planRows.length;
  const K = order.length + 1;
  const effect = new Float64Array(n * K);
  order.forEach((name, j) => {
    const column = uplift[fitted.treatedArms.indexOf(name)]!;
    for (let i = 0; i < n; i++) effect[i * K + j + 1] = column[i]!;
  });
  const qini = data.hasHoldout && dose === undefined ? holdoutQini(planTable, fitted, order, uplift) : [];
  const top = planTable.nRows > 0 ? topFeatures(fitted, planTable, { seed: spec.seed ?? 0 }) : undefined;
  return {
    effects: { arms: dose === undefined ? ['none', ...order] : armLabels, units: n, mean: effect },
    qini,
    warnings: [...fitted.warnings, ...(scored.warnings ?? [])],
    description,
    modelName: `${fitted.learner.method} ${fitted.learnerName}`,
    ...(top === undefined ? {} : { topFeatures: top }),
  };
}

/** Qini curve and AUC per treated arm on the holdout rows of that arm and the control. */
function holdoutQini(holdout: Table, model: UpliftModel, order: readonly string[], uplift: readonly Float64Array[]) {
  const treatment = encodeTreatmentAs(holdout, model.treatment);
  const outcome = holdout.columns.get(model.outcome.column);
  if (outcome === undefined || outcome.kind !== 'numeric' || model.outcome.kind !== 'binary') return [];
  return order.map((arm) => {
    const k = model.treatment.arms.indexOf(arm);
    const u = uplift[model.treatedArms.indexOf(arm)]!;
    const rows: number[] = [];
    for (let i = 0; i < holdout.nRows; i++) if (treatment.arm[i] === 0 || treatment.arm[i] === k) rows.push(i);
    const y = rows.map((r) => outcome.values[r]!);
    const t = rows.map((r) => (treatment.arm[r] === k ? 1 : 0));
    const s = rows.map((r) => u[r]!);
    return { arm, model: qiniCurve(y, s, t), perfect: perfectQiniCurve(y, t), auc: qiniAucScore(y, s, t) };
  });
}
