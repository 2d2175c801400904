/**
 * Everything a scenario run checks before it fits anything, in one place,
 * used by `runScenario` (first thing) and by `scenario check` (only thing): so
 * "check says valid" means "run will not fail on the file, the data or the
 * rules". Model errors (an unknown learner, an arm the data does not have)
 * come from the same UpliftModel code fitting runs; rule errors come from
 * building each variation's allocation problem with placeholder effects and
 * the allocation layer's own validateProblem.
 */
import { segmentCodes, takeRows } from '../data/table.js';
import { InputError, LiftwiseError } from '../errors.js';
import { UpliftModel } from '../uplift/model.js';
import { readModelFile, bindModelFile } from '../bayes/modelfile/index.js';
import { validateProblem } from '../allocate/validate.js';
import type { LoadedScenario } from './load.js';
import { scenarioPath } from './load.js';
import { loadScenarioData, type ScenarioData } from './context.js';
import { effectiveUpliftModel, modelKey, upliftSpecOf, type Estimates } from './estimate.js';
import { readPanel } from './estimate-other.js';
import { buildProblem, inScenario } from './variation.js';
import { scenarioErrors } from './messages.js';
import type { ScenarioSpec, VariationSpec } from './spec.js';
import { negativeValueWarning } from '../allocate/messages.js';

export interface CheckedScenario {
  readonly data: ScenarioData;
  /** Everything to warn about: the rules' warnings, then what fitting would warn about the data. */
  readonly warnings: readonly string[];
  /** The rules' warnings alone (a run adds these; fitting gives the others itself). */
  readonly ruleWarnings: readonly string[];
}

/** The name of the plan made with the scenario's own rules. */
export const BASE_NAME = 'base';

/** The variations a run solves: the base plan first, then each listed variation (a bare 'base' entry is the base itself). */
export function variationsToRun(spec: ScenarioSpec): Array<{ variation: VariationSpec | undefined; path: Array<string | number> }> {
  const listed = spec.variations.map((variation, i) => ({ variation: variation as VariationSpec | undefined, path: ['variations', i] as Array<string | number> }));
  const bareBase = spec.variations.findIndex((v) => v.name === BASE_NAME);
  if (bareBase >= 0) {
    // Listed as `- name: base`: it is the base plan, solved where the file lists it.
    listed[bareBase] = { variation: undefined, path: [] };
    return listed;
  }
  return [{ variation: undefined, path: [] }, ...listed];
}

/** Checks the scenario against its data and models without fitting; throws the first problem with its field path. */
export async function checkScenario(scenario: LoadedScenario): Promise<CheckedScenario> {
  const spec = scenario.spec;
  const ruleWarnings = checkRules(scenario);
  const data = await loadScenarioData(scenario);
  const warnings = await checkModel(scenario, data);
  const K = spec.dose === undefined ? (spec.arms ?? []).length + 1 : spec.dose.levels.length;
  const placeholder: Estimates = {
    effects: {
      arms: spec.dose === undefined ? ['none', ...(spec.arms ?? []).map((a) => a.name)] : spec.dose.levels.map(String),
      units: data.planRows.length,
      mean: new Float64Array(data.planRows.length * K),
    },
    qini: [],
    warnings: [],
    description: '',
  };
  for (const { variation, path } of variationsToRun(spec)) {
    const { problem, constraints } = buildProblem(scenario, data, placeholder, variation, path);
    try {
      validateProblem(problem);
    } catch (e) {
      inScenario(scenario, path, e);
    }
    // A segment rule on a level the planned units do not have can never hold as meant.
    (constraints.segments ?? []).forEach((rule, j) => {
      if (rule.level === undefined) return;
      const { levels } = segmentCodes(data.planTable.columns.get(rule.column)!, data.planRows);
      if (!levels.includes(rule.level)) {
        const at = variation?.constraints?.segments === undefined ? ['constraints', 'segments', j, 'level'] : [...path, 'constraints', 'segments', j, 'level'];
        throw scenarioErrors.invalid(scenario.file, undefined, at, `segment '${rule.level}' does not occur in column '${rule.column}' of the planned units; its values are ${levels.map((l) => `'${l}'`).join(', ')}`);
      }
    });
  }
  return { data, warnings: [...ruleWarnings, ...warnings], ruleWarnings };
}

/** Rules that need no data: names used in cost multipliers, budget grids, the reserved name 'base'; warns about negative values per outcome. */
function checkRules(scenario: LoadedScenario): string[] {
  const warnings: string[] = [];
  const spec = scenario.spec;
  const armNames = spec.dose === undefined ? (spec.arms ?? []).map((a) => a.name) : spec.dose.levels.slice(1).map(String);
  const fail = (path: Array<string | number>, detail: string): never => {
    throw scenarioErrors.invalid(scenario.file, undefined, path, detail);
  };
  if (spec.valuePerOutcome < 0) warnings.push(negativeValueWarning('valuePerOutcome', spec.valuePerOutcome));
  spec.variations.forEach((v, i) => {
    const m = v.costMultiplier;
    if (m !== undefined && typeof m === 'object') {
      for (const arm of Object.keys(m)) {
        if (!armNames.includes(arm)) {
          fail(['variations', i, 'costMultiplier', arm], `costMultiplier names arm '${arm}', which the scenario does not have; its arms are ${armNames.map((a) => `'${a}'`).join(', ')}`);
        }
      }
    }
    if (v.valuePerOutcome !== undefined && v.valuePerOutcome < 0) warnings.push(negativeValueWarning(`variation '${v.name}': valuePerOutcome`, v.valuePerOutcome));
    if (v.budgetGrid !== undefined && v.budgetGrid.from > v.budgetGrid.to) {
      fail(['variations', i, 'budgetGrid'], `budgetGrid goes from ${v.budgetGrid.from} down to ${v.budgetGrid.to}; give from ≤ to`);
    }
    const overrides = Object.keys(v).filter((k) => k !== 'name');
    if (v.name === BASE_NAME && overrides.length > 0) {
      fail(['variations', i, 'name'], `'${BASE_NAME}' is the plan with the scenario's own rules (always solved); a variation that changes ${overrides.join(', ')} needs another name`);
    }
  });
  return warnings;
}

/** The model side, short of fitting: returns fitting's warnings. */
async function checkModel(scenario: LoadedScenario, data: ScenarioData): Promise<string[]> {
  const spec = scenario.spec;
  const model = spec.model;
  const train = takeRows(data.table, data.trainRows);
  if (model.kind === 'uplift') {
    if (spec.dose === undefined) checkArms(scenario, data);
    const warnings: string[] = [];
    const seen = new Set<string>();
    for (const { variation, path } of variationsToRun(spec)) {
      const key = modelKey(spec, variation);
      if (seen.has(key)) continue;
      seen.add(key);
      const at = variation?.model === undefined ? ['model'] : [...path, 'model'];
      try {
        warnings.push(...UpliftModel.check(train, upliftSpecOf(spec, effectiveUpliftModel(spec, variation)!)));
      } catch (e) {
        atModel(scenario, at, e);
      }
    }
    return warnings;
  }
  if (model.kind === 'saved') {
    const saved = await UpliftModel.load(scenarioPath(scenario, model.file));
    if (spec.dose === undefined) {
      (spec.arms ?? []).forEach((arm, i) => {
        if (!saved.treatedArms.includes(arm.name)) throw scenarioErrors.unknownArm(scenario.file, i, arm.name, saved.treatment.arms);
      });
    }
    // The planned units need the model's features, as scoring will.
    saved.encoder.transform(takeRows(data.planTable, data.planRows));
    return [];
  }
  if (model.kind === 'bayes') {
    const modelFile = scenarioPath(scenario, model.file);
    const bound = bindModelFile(await readModelFile(modelFile), train, { modelFile });
    for (const [field, name] of [['treatmentNode', model.treatmentNode], ['outcomeNode', model.outcomeNode]] as const) {
      if (bound.node(name) === undefined) {
        throw scenarioErrors.invalid(scenario.file, undefined, ['model', field], `node '${name}' is not in ${model.file}; its nodes are ${bound.nodes.map((n) => `'${n.name}'`).join(', ')}`);
      }
    }
    bound.compile();
    return [];
  }
  await readPanel(scenario, model);
  return [];
}

/** Each arm must be a treatment value of the data (for uplift models, which learn from it). */
function checkArms(scenario: LoadedScenario, data: ScenarioData): void {
  const column = data.table.columns.get(scenario.spec.data.treatment!)!;
  const { levels } = segmentCodes(column, data.trainRows);
  (scenario.spec.arms ?? []).forEach((arm, i) => {
    if (!levels.includes(arm.name)) throw scenarioErrors.unknownArm(scenario.file, i, arm.name, levels);
  });
}

/** A model error without a file of its own (an unknown learner, bad options) is placed at the model's field in the scenario. */
function atModel(scenario: LoadedScenario, path: Array<string | number>, error: unknown): never {
  if (error instanceof LiftwiseError && error.exitCode === 2 && error.where.file === undefined) {
    const field =
      error.code === 'E_UNKNOWN_LEARNER' ? ['learner']
      : error.code === 'E_UNKNOWN_METHOD' ? ['method']
      : error.code === 'E_BAD_LEARNER_OPTIONS' ? ['options', ...(error.where.path ?? [])]
      : error.code === 'E_BAD_METHOD_OPTIONS' ? ['methodOptions', ...(error.where.path ?? [])]
      : [];
    throw new InputError(error.code, error.detail, { file: scenario.file, path: [...path, ...field] });
  }
  throw error;
}
