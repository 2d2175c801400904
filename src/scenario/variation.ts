/**
 * One variation of a scenario: the allocation problem it describes (the
 * scenario's rules with the variation's overrides), its plan, the budget
 * frontier, and the expected incremental outcome with an interval where the
 * model gave posterior draws.
 */
import { segmentCodes } from '../data/table.js';
import type { AllocationProblem } from '../allocate/problem.js';
import { armLimitsFrom, type ArmLimitEntry } from '../allocate/rules/arm-limits.js';
import { RULE_KINDS } from '../allocate/rules/registry.js';
import { allocateErrors } from '../allocate/messages.js';
import { solveAllocation } from '../allocate/solve.js';
import { budgetFrontier } from '../allocate/frontier.js';
import { hasPlan, type Plan } from '../allocate/plan.js';
import { LiftwiseError, InputError } from '../errors.js';
import type { Progress } from '../util/progress.js';
import type { LoadedScenario } from './load.js';
import type { ScenarioData } from './context.js';
import type { Estimates } from './estimate.js';
import type { ConstraintsSpec, ScenarioSpec, VariationSpec } from './spec.js';
import { scenarioErrors } from './messages.js';
import { planValue } from '../effects/planValue.js';
import type { Effects } from '../effects/effects.js';
import { problemFromEffects, type EffectsProblem } from '../allocate/from-effects.js';
import { parseRisk, riskText, type PlanDraws, type RiskObjective } from '../allocate/risk.js';
import { solveRiskAllocation } from '../allocate/riskSolve.js';
import { withMinProbability } from '../allocate/drawRules.js';

export interface ScenarioFrontierPoint {
  readonly budget: number;
  readonly spend: number;
  /** Expected incremental outcome of the best plan at this budget. */
  readonly incremental: number;
  readonly lower?: number;
  readonly upper?: number;
}

export interface VariationResult {
  readonly name: string;
  readonly plan: Plan;
  readonly armLabels: readonly string[];
  /** The problem the plan solves (the variation's rules, its effects and value per outcome), for the plan file. */
  readonly problem: EffectsProblem;
  /** The rules as solved (after overrides), for the summary. */
  readonly budget: number | undefined;
  readonly maxRecipients: number | undefined;
  readonly valuePerOutcome: number;
  /** Σ of the chosen arms' expected incremental outcome. */
  readonly expectedIncremental: number;
  /** 94 % interval of the incremental outcome over the model's draws (3 % and 97 % quantiles, planValue). */
  readonly interval?: readonly [number, number];
  /** With draws: the share of draws in which the plan's incremental outcome is above 0. */
  readonly probabilityPositive?: number;
  /** With draws: which kind of interval it is (posterior, bootstrap, normal-approximation). */
  readonly intervalKind?: string;
  /** The objective the plan maximised over the draws ('mean' or 'cvar:α'). */
  readonly risk: string;
  readonly frontier: readonly ScenarioFrontierPoint[];
  /**
   * Random targeting at the same spends: units drawn at random, each given a
   * random allowed arm, until the money runs out — the straight line from 0 to
   * treating everyone (expected incremental outcome per unit of spend × spend).
   */
  readonly random: readonly ScenarioFrontierPoint[];
  /** Per planned unit: chosen arm's cost and expected incremental outcome. */
  readonly costs: Float64Array;
  readonly effect: Float64Array;
  readonly modelDescription: string;
}

/** Constraints with the variation's overrides; an explicit null removes a rule. */
export function mergedConstraints(base: ConstraintsSpec, override: ConstraintsSpec | undefined): ConstraintsSpec {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override ?? {})) {
    if (value === undefined) continue;
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out as ConstraintsSpec;
}

function costMultiplier(variation: VariationSpec | undefined, arm: string): number {
  const m = variation?.costMultiplier;
  if (m === undefined) return 1;
  return typeof m === 'number' ? m : (m[arm] ?? 1);
}

/** The allocation problem of a variation. `path` is where the variation sits in the file, for messages. */
export function buildProblem(
  scenario: LoadedScenario,
  data: ScenarioData,
  estimates: Estimates,
  variation: VariationSpec | undefined,
  path: ReadonlyArray<string | number>,
): { problem: EffectsProblem; constraints: ConstraintsSpec; valuePerOutcome: number } {
  const spec: ScenarioSpec = scenario.spec;
  const rows = data.planRows;
  const n = rows.length;
  const K = estimates.effects.arms.length;
  const valuePerOutcome = variation?.valuePerOutcome ?? spec.valuePerOutcome;
  const costs = new Float64Array(n * K);
  const eligible = spec.arms?.some((a) => a.eligible !== undefined) ? new Uint8Array(n * K).fill(1) : undefined;
  const armLimitEntries: ArmLimitEntry[] = [];
  if (spec.dose !== undefined) {
    const { levels, costPerUnit } = spec.dose;
    for (let k = 1; k < K; k++) {
      const c = levels[k]! * costPerUnit * costMultiplier(variation, String(levels[k]));
      for (let i = 0; i < n; i++) costs[i * K + k] = c;
    }
  } else {
    (spec.arms ?? []).forEach((arm, a) => {
      const k = a + 1;
      const m = costMultiplier(variation, arm.name);
      if (typeof arm.cost === 'number') {
        for (let i = 0; i < n; i++) costs[i * K + k] = arm.cost * m;
      } else {
        const column = data.planTable.columns.get(arm.cost.column)!;
        for (let i = 0; i < n; i++) {
          const v = column.kind === 'numeric' ? column.values[rows[i]!]! : NaN;
          if (!(v >= 0)) {
            throw scenarioErrors.badCostColumn(scenario.file, ['arms', a, 'cost', 'column'], data.planCsv, data.planTable.lines?.[rows[i]!], arm.cost.column);
          }
          costs[i * K + k] = v * m;
        }
      }
      if (arm.eligible !== undefined && eligible !== undefined) {
        const column = data.planTable.columns.get(arm.eligible.column)!;
        const allowed = new Set(arm.eligible.in.map(String));
        for (let i = 0; i < n; i++) {
          const r = rows[i]!;
          const text = column.kind === 'categorical' ? column.levels[column.codes[r]!] : String(column.values[r]!);
          eligible[i * K + k] = text !== undefined && allowed.has(text) ? 1 : 0;
        }
      }
      if (arm.min !== undefined || arm.max !== undefined) {
        armLimitEntries.push({ arm: k, ...(arm.min === undefined ? {} : { min: arm.min }), ...(arm.max === undefined ? {} : { max: arm.max }), source: `arms.${a}` });
      }
    });
  }
  const constraints = mergedConstraints(spec.constraints, variation?.constraints);
  // Rules on one column share its codes, so the solvers price and count them in one pass.
  const columnCodes = new Map<string, { codes: Int32Array; levels: string[] }>();
  const context = {
    units: n,
    treatedLabels: estimates.effects.arms.slice(1),
    codesOf: (column: string): { codes: Int32Array; levels: string[] } => {
      const coded = columnCodes.get(column) ?? segmentCodes(data.planTable.columns.get(column)!, rows);
      columnCodes.set(column, coded);
      return coded;
    },
  };
  // Each rule kind reads its own fields of the constraints (src/allocate/rules/).
  const ruleFields: Record<string, unknown> = {};
  for (const kind of RULE_KINDS) Object.assign(ruleFields, kind.syntax?.fromScenario?.(constraints, context));
  const maxRecipients = ruleFields.maxRecipients as number | undefined;
  if (maxRecipients !== undefined && maxRecipients > n) throw scenarioErrors.maxRecipientsTooLarge(scenario.file, [...path, 'constraints', 'maxRecipients'], maxRecipients, n);
  const { armLimits } = armLimitsFrom(armLimitEntries);
  const problem = problemFromEffects(estimates.effects, {
    valuePerOutcome,
    costs,
    ...(constraints.objective === undefined ? {} : { objective: constraints.objective }),
    rules: {
      ...(ruleFields as Partial<AllocationProblem>),
      ...(armLimits.length === 0 ? {} : { armLimits }),
      ...(eligible === undefined ? {} : { eligible }),
    },
  });
  return { problem, constraints, valuePerOutcome };
}

/** Re-raises an allocation error as a scenario error at the variation's path. */
export function inScenario(scenario: LoadedScenario, path: ReadonlyArray<string | number>, error: unknown): never {
  if (error instanceof LiftwiseError && error.exitCode === 2) {
    const inner = error.where.path ?? [];
    throw new InputError(error.code, error.detail, { file: scenario.file, path: [...path, ...mapProblemPath(inner)] });
  }
  throw error;
}

/** Problem fields as the scenario file names them (each rule kind says where its fields sit in `constraints`). */
function mapProblemPath(path: ReadonlyArray<string | number>): Array<string | number> {
  const first = path[0];
  for (const kind of RULE_KINDS) {
    const name = typeof first === 'string' ? kind.syntax?.scenarioPaths?.[first] : undefined;
    if (name !== undefined) return ['constraints', name, ...path.slice(1)];
  }
  return [...path];
}

/** Σ over units of the chosen arm's entry of an n × K array. */
function chosenSum(choice: Int32Array, matrix: Float64Array, K: number, offset = 0): number {
  let s = 0;
  for (let i = 0; i < choice.length; i++) s += matrix[offset + i * K + choice[i]!]!;
  return s;
}

/** Budgets at which to draw a frontier: the grid, or 24 steps up to the variation's budget. */
function frontierBudgets(variation: VariationSpec | undefined, budget: number | undefined, problem: AllocationProblem): number[] {
  const grid = variation?.budgetGrid;
  if (grid !== undefined) {
    return Array.from({ length: grid.steps }, (_, j) => grid.from + ((grid.to - grid.from) * j) / (grid.steps - 1));
  }
  let top = budget;
  if (top === undefined) {
    // No budget: up to what treating everyone with the costliest arm would take.
    top = 0;
    for (let i = 0; i < problem.units; i++) {
      let m = 0;
      for (let k = 1; k < problem.arms; k++) m = Math.max(m, problem.costs[i * problem.arms + k]!);
      top += m;
    }
  }
  return Array.from({ length: 25 }, (_, j) => (top! * j) / 24);
}

/** Points of a frontier solved budget by budget (under rules the one-pass frontier cannot take). */
const RULED_FRONTIER_POINTS = 13;

/** The smallest budget in [0, top] at which the rules can all hold (to 1 % of top), or undefined when even top cannot. */
async function smallestFeasibleBudget(top: number, feasible: (budget: number) => Promise<boolean>): Promise<number | undefined> {
  if (await feasible(0)) return 0;
  if (!(await feasible(top))) return undefined;
  let lo = 0;
  let hi = top;
  while (hi - lo > top / 100) {
    const mid = (lo + hi) / 2;
    if (await feasible(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Random targeting from spend 0 up to `budget` (see VariationResult.random), in the frontier's units. */
function randomTargeting(problem: AllocationProblem, effect: Float64Array, budget: number): ScenarioFrontierPoint[] {
  const { units: n, arms: K } = problem;
  let cost = 0;
  let gain = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 1; k < K; k++) {
      if (problem.eligible !== undefined && problem.eligible[i * K + k] === 0) continue;
      cost += problem.costs[i * K + k]!;
      gain += effect[i * K + k]!;
      count++;
    }
  }
  if (count === 0) return [];
  // Treating everyone with a random allowed arm costs n × mean cost and gains n × mean effect.
  const fullSpend = (n * cost) / count;
  const spend = fullSpend === 0 ? 0 : Math.min(budget, fullSpend);
  const incremental = fullSpend === 0 ? (n * gain) / count : (spend / fullSpend) * ((n * gain) / count);
  return [
    { budget: 0, spend: 0, incremental: 0 },
    { budget: spend, spend, incremental },
  ];
}

export async function solveVariation(
  scenario: LoadedScenario,
  data: ScenarioData,
  estimates: Estimates,
  variation: VariationSpec | undefined,
  path: ReadonlyArray<string | number>,
  options: { progress?: Progress } = {},
): Promise<VariationResult> {
  const spec = scenario.spec;
  const { problem, constraints, valuePerOutcome } = buildProblem(scenario, data, estimates, variation, path);
  const K = problem.arms;
  const budgets = frontierBudgets(variation, problem.budget, problem);
  // A budget grid's plan is the plan at the grid's largest budget.
  const planProblem = variation?.budgetGrid !== undefined ? { ...problem, budget: Math.max(...budgets) } : problem;
  const solveOptions = {
    solver: spec.solver.name,
    ...(spec.solver.timeLimit === undefined ? {} : { timeLimit: spec.solver.timeLimit }),
    ...(spec.solver.mipGap === undefined ? {} : { mipGap: spec.solver.mipGap }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  };
  const n = problem.units;
  const effects = estimates.effects;
  const risk: RiskObjective = variation?.risk === undefined ? { kind: 'mean' } : parseRisk(variation.risk, 'risk');
  // Draws line up with the problem's arms unless a dose problem re-arms it.
  const planDraws: PlanDraws | undefined =
    effects.draws === undefined || effects.draws.values.length !== effects.draws.count * n * K ? undefined : { draws: effects.draws, scale: valuePerOutcome };
  for (const field of ['risk', 'minProbability'] as const) {
    if (variation?.[field] !== undefined && planDraws === undefined && !(field === 'risk' && risk.kind === 'mean')) {
      throw scenarioErrors.invalid(scenario.file, undefined, [...path, field], `${field} needs a model with draws of the effect (a Bayesian model or a DiD); this model gives point estimates`);
    }
  }
  const ruledProblem =
    variation?.minProbability === undefined || planDraws === undefined ? planProblem : withMinProbability(planProblem, planDraws, variation.minProbability);
  let plan: Plan;
  try {
    plan = planDraws === undefined || risk.kind === 'mean' ? await solveAllocation(ruledProblem, solveOptions) : await solveRiskAllocation(ruledProblem, planDraws, risk, solveOptions);
  } catch (e) {
    inScenario(scenario, path, e);
  }
  // The time limit came before any plan: the scenario stops with the message the solver's exception had.
  if (plan.status === 'time-limit' && !plan.planFound) throw allocateErrors.noPlanInTime(plan.solver, spec.solver.timeLimit ?? 0);
  const perOutcome = (objective: number): number => (constraints.objective === 'profit' || valuePerOutcome === 0 ? objective : objective / valuePerOutcome);
  let frontier: ScenarioFrontierPoint[];
  try {
    frontier = budgetFrontier(problem, budgets, { fill: true }).map((p) => ({ budget: p.budget, spend: p.spend, incremental: perOutcome(p.objective) }));
  } catch {
    // Rules the one-pass frontier cannot take (caps, quotas, segment shares): solve at budgets
    // from the smallest one the rules can keep to the top, enough of them to draw a frontier.
    const top = Math.max(...budgets);
    const { progress: _quiet, ...quietOptions } = solveOptions;
    const solveAt = async (b: number): Promise<Plan> => {
      const p = b === planProblem.budget ? plan : await solveAllocation({ ...problem, budget: b }, quietOptions);
      if (p.status === 'time-limit' && !p.planFound) throw allocateErrors.noPlanInTime(p.solver, spec.solver.timeLimit ?? 0);
      return p;
    };
    const lowest = await smallestFeasibleBudget(top, async (b) => (await solveAt(b)).status !== 'infeasible');
    frontier = [];
    if (lowest !== undefined) {
      const steps = RULED_FRONTIER_POINTS - 1;
      for (let j = 0; j <= steps; j++) {
        const b = j === steps ? top : lowest + ((top - lowest) * j) / steps;
        const p = await solveAt(b);
        if (p.status !== 'infeasible') frontier.push({ budget: b, spend: p.spend, incremental: perOutcome(p.objective) });
      }
    }
  }
  // Random targeting is drawn in outcomes; a profit frontier is in money, so it has none.
  const random =
    constraints.objective === 'profit' ? [] : randomTargeting(problem, effects.mean, frontier.length === 0 ? Math.max(...budgets) : frontier[frontier.length - 1]!.budget);
  const effect = new Float64Array(plan.choice.length);
  const costs = new Float64Array(plan.choice.length);
  for (let i = 0; i < plan.choice.length; i++) {
    effect[i] = effects.mean[i * K + plan.choice[i]!]!;
    costs[i] = problem.costs[i * K + plan.choice[i]!]!;
  }
  const value = planValue(effects, plan.choice, { level: 0.94 });
  if (value.interval !== undefined) frontier = await withBand(frontier, problem, effects, solveOptions);
  return {
    name: variation?.name ?? 'base',
    plan,
    armLabels: effects.arms,
    problem: planProblem,
    budget: planProblem.budget,
    maxRecipients: problem.maxRecipients,
    valuePerOutcome,
    expectedIncremental: chosenSum(plan.choice, effects.mean, K),
    ...(value.interval === undefined ? {} : { interval: value.interval }),
    ...(value.probabilityPositive === undefined ? {} : { probabilityPositive: value.probabilityPositive }),
    ...(value.kind === undefined ? {} : { intervalKind: value.kind }),
    risk: riskText(risk),
    frontier,
    random,
    costs,
    effect,
    modelDescription: estimates.description,
  };
}

/**
 * The frontier with its band: each point's plan (the mean plan at that
 * budget) valued over the draws by planValue, 94 % interval. Points whose
 * plan cannot be re-solved keep no band.
 */
async function withBand(
  frontier: ScenarioFrontierPoint[],
  problem: AllocationProblem,
  effects: Effects,
  solveOptions: Parameters<typeof solveAllocation>[1],
): Promise<ScenarioFrontierPoint[]> {
  const out: ScenarioFrontierPoint[] = [];
  for (const point of frontier) {
    const plan = await solveAllocation({ ...problem, budget: point.budget }, { ...solveOptions, closeGap: false }).catch(() => undefined);
    const value = plan === undefined || !hasPlan(plan) ? undefined : planValue(effects, plan.choice, { level: 0.94 });
    out.push(value?.interval === undefined ? point : { ...point, lower: value.interval[0], upper: value.interval[1] });
  }
  return out;
}
