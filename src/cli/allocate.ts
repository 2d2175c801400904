/**
 * liftwise allocate: from a scores file (one uplift_<arm> column per treated
 * arm, as `liftwise score` writes it) to a plan under a budget.
 *
 * The value of arm k for a unit is uplift_k × value-per-outcome; arm 0 (no
 * treatment) is worth 0 and costs 0. The plan CSV has one row per scores row:
 * the id (with --id), `arm` (the arm's label, or `none` for no treatment),
 * `arm_index` (0 = none, k = the k-th uplift column), and the value and cost
 * of the chosen arm.
 */
import type { Command } from 'commander';
import { readTable } from '../data/read.js';
import { writeTable } from '../data/write.js';
import { categoricalColumn, cellText, createTable, isMissing, lineOfRow, numericColumn, type Column, type Table } from '../data/table.js';
import { planTable } from '../allocate/plan-file.js';
import { problemFromEffects } from '../allocate/from-effects.js';
import type { CountOrShare } from '../allocate/count.js';
import { maxRecipientsErrors, maxRecipientsFrom } from '../allocate/rules/max-recipients.js';
import { tidy } from '../util/tidy.js';
import { requireColumn } from '../data/roles.js';
import { solveAllocation } from '../allocate/solve.js';
import type { AllocationProblem } from '../allocate/problem.js';
import { SOLVER_NAMES, type Plan, type SolverName } from '../allocate/plan.js';
import { allocateErrors, negativeValueWarning } from '../allocate/messages.js';
import { checkOutputFile } from '../util/outputs.js';
import { action, countOrShareOption, listOption, numberOption } from './action.js';
import { printResult, stderrProgress, warn } from './output.js';
import { cliErrors } from './messages.js';
import { addRuleOptions, atFlag, rulesFromFlags } from './allocate-rules.js';
import { addShardedOptions, allocateSharded, type ShardedFlags } from './allocate-sharded.js';
import { drawsForScores, type LinedUpDraws } from './allocate-draws.js';
import { parseRisk, riskText, type PlanDraws, type RiskObjective } from '../allocate/risk.js';
import { solveRiskAllocation } from '../allocate/riskSolve.js';
import { withMinProbability } from '../allocate/drawRules.js';
import { riskFrontier, type RiskFrontierPoint } from '../allocate/riskFrontier.js';
import { effectsFromColumns } from '../effects/effects.js';
import { planValue } from '../effects/planValue.js';
import { summaryText, type Summary } from './allocate-summary.js';
import { costsFromColumns, costsFromNumbers, NO_TREATMENT, numericCells, upliftColumns } from '../allocate/scores-table.js';


export interface AllocateFlags extends ShardedFlags {
  /** The rule kinds' own flags (allocate-rules.ts), by key. */
  readonly [ruleFlag: string]: unknown;
  scores?: string;
  draws?: string;
  risk: string;
  minProbability?: number;
  riskFrontier?: boolean;
  budget: number;
  cost?: string;
  costCol?: string[];
  maxRecipients?: CountOrShare;
  valuePerOutcome: number;
  objective: 'value' | 'profit';
  onlyProfitable?: boolean;
  solver: 'auto' | SolverName;
  timeLimit?: number;
  mipGap?: number;
  id?: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('allocate')
    .description('choose who gets which treatment under a budget, from a scores file with uplift_<arm> columns and/or a draws file')
    .option('--scores <file>', "scores CSV or Parquet (one uplift_<arm> column per treated arm, as 'liftwise score' writes); with --draws it gives costs, segments and ids")
    .option('--draws <file>', "effect draws (the file 'liftwise score --draws-out' writes): the plan's outcome gets a 94 % interval and P(>0), and --risk can use them")
    .option('--risk <objective>', "mean (maximise the expected value), cvar:α (maximise the mean of the worst α share of draws, e.g. cvar:0.1) or quantile:α (maximise the α-quantile of the plan's value over draws); needs --draws", 'mean')
    .option('--min-probability <p>', 'give a unit an arm only when P(effect × value-per-outcome > cost) ≥ p over the draws; needs --draws', numberOption('min-probability'))
    .option('--risk-frontier', "also solve the plans maximising (1 − λ)·mean + λ·CVaR for λ = 0, 0.25, …, 1 (α from --risk, else 0.1) and print mean against CVaR; needs --draws")
    .requiredOption('--budget <amount>', 'total budget (same unit as the costs)', numberOption('budget'))
    .option('--cost <amounts>', 'cost per treated unit: one number for every arm, or one per arm separated by commas')
    .option('--cost-col <columns>', 'cost columns in the scores file: one for every arm, or one per arm', listOption)
    .option('--max-recipients <n>', 'at most this many units get a treatment: a count, a share in (0, 1) or a percentage like 20%', countOrShareOption('max-recipients'))
    .option('--value-per-outcome <v>', 'value of one unit of outcome (value of an arm = uplift × v)', numberOption('value-per-outcome'), 1)
    .option('--objective <name>', 'value (Σ uplift × v) or profit (Σ uplift × v − cost)', 'value')
    .option('--only-profitable', 'treat a unit only where uplift × v exceeds the cost');
  // The flags of every rule kind (src/allocate/rules/), in registry order.
  addRuleOptions(command);
  command
    .option('--solver <name>', `auto, ${SOLVER_NAMES.join(', ')}`, 'auto')
    .option('--time-limit <seconds>', 'stop LP/MIP solvers after this long and keep the best plan found', numberOption('time-limit'))
    .option('--mip-gap <g>', 'relative gap to the bound at which a plan is good enough (default 1e-4)', numberOption('mip-gap'))
    .option('--id <column>', 'copy this column of the scores file to the plan')
    .requiredOption('--out <file>', 'plan CSV (or .parquet) to write; with --shards, a new folder for one plan file per shard')
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(action(allocate));
  addShardedOptions(command);
}

async function allocate(flags: AllocateFlags): Promise<void> {
  if (flags.shards !== undefined) return allocateSharded(flags);
  if (flags.scores === undefined && flags.draws === undefined) throw allocateErrors.scoresOrDraws();
  await checkOutputFile(flags.out, [flags.scores, flags.draws]);
  const risk = parseRisk(flags.risk, 'risk');
  if (flags.draws === undefined) {
    if (risk.kind !== 'mean') throw allocateErrors.needsDraws('risk');
    if (flags.minProbability !== undefined) throw allocateErrors.needsDraws('min-probability');
    if (flags.riskFrontier === true) throw allocateErrors.needsDraws('risk-frontier');
  }
  if (flags.minProbability !== undefined && !(flags.minProbability >= 0 && flags.minProbability <= 1)) {
    throw allocateErrors.badMinProbability(flags.minProbability);
  }
  if (!(Number.isFinite(flags.budget) && flags.budget >= 0)) throw allocateErrors.negativeBudget(['budget'], flags.budget);
  if (!Number.isFinite(flags.valuePerOutcome)) throw allocateErrors.badValuePerOutcome(flags.valuePerOutcome);
  if ((flags.cost === undefined) === (flags.costCol === undefined)) throw allocateErrors.costOptions();
  if (flags.objective !== 'value' && flags.objective !== 'profit') {
    throw allocateErrors.badOption('objective', flags.objective, "'value' or 'profit'");
  }

  const scoresTable = flags.scores === undefined ? undefined : await readTable(flags.scores, { exactText: flags.id === undefined ? [] : [flags.id] });
  const { armNames, labels: scoreLabels } = scoresTable === undefined ? { armNames: [], labels: [] } : upliftColumns(scoresTable);
  if (scoresTable !== undefined && flags.draws === undefined && armNames.length === 0) throw cliErrors.noUpliftColumns(flags.scores!, scoresTable.names);
  if (scoresTable === undefined) {
    for (const [option, given] of [['cost-col', flags.costCol], ['min-share', flags.minShare], ['max-share', flags.maxShare], ['id', flags.id]] as const) {
      if (given !== undefined) throw allocateErrors.needsScores(option);
    }
  }
  const lined = flags.draws === undefined ? undefined : await drawsForScores(flags.draws, scoresTable, scoreLabels, flags.id);
  const labels = lined === undefined ? scoreLabels : lined.effects.arms.slice(1);
  const n = lined?.effects.units ?? scoresTable!.nRows;
  // Rules on segment columns need the scores file (checked above); arm rules need only the arm labels.
  const table = scoresTable ?? createTable([numericColumn('unit', new Float64Array(n))]);
  const idColumn = idColumnOf(scoresTable, flags.id, lined);
  if (scoresTable !== undefined && idColumn !== undefined && lined === undefined) refuseDuplicateIds(scoresTable, idColumn);
  const maxRecipients = flags.maxRecipients === undefined ? undefined : maxRecipientsFrom(flags.maxRecipients, n);
  // One Effects whichever file the effects came from: the uplift columns (arm 0 = none) or the draws file.
  const effects =
    lined === undefined
      ? effectsFromColumns(labels, armNames.map((name) => numericCells(table, name, 'uplift', false)), { control: NO_TREATMENT })
      : { ...lined.effects, arms: [NO_TREATMENT, ...labels] };
  const costs = flags.cost !== undefined ? costsFromNumbers(flags.cost, labels, n) : costsFromColumns(table, flags.costCol!, labels);
  if (maxRecipients !== undefined && maxRecipients > n) throw maxRecipientsErrors.capAboveUnits(maxRecipients, n);

  const rules = rulesFromFlags(table, labels, flags);

  const unruled = problemFromEffects(effects, {
    valuePerOutcome: flags.valuePerOutcome,
    costs,
    objective: flags.objective,
    rules: {
      budget: flags.budget,
      ...(maxRecipients === undefined ? {} : { maxRecipients }),
      ...(flags.onlyProfitable === true ? { onlyWhereValueExceedsCost: true } : {}),
      ...rules.fields,
    },
  });
  const drawsOfPlan: PlanDraws | undefined = lined?.effects.draws === undefined ? undefined : { draws: lined.effects.draws, scale: flags.valuePerOutcome };
  const problem =
    flags.minProbability === undefined || drawsOfPlan === undefined ? unruled : withMinProbability(unruled, drawsOfPlan, flags.minProbability);
  const options = {
    solver: flags.solver,
    progress: stderrProgress(flags.quiet === true),
    ...(flags.timeLimit === undefined ? {} : { timeLimit: flags.timeLimit }),
    ...(flags.mipGap === undefined ? {} : { mipGap: flags.mipGap }),
  };
  const plan = await (drawsOfPlan === undefined ? solveAllocation(problem, options) : solveRiskAllocation(problem, drawsOfPlan, risk, options)).catch(
    (error: unknown) => {
      throw atFlag(error, rules);
    },
  );
  if (plan.status === 'infeasible') throw allocateErrors.infeasible(plan.infeasibility.message);
  // The time limit came before any plan: the message and exit code (1) the library's exception had.
  if (plan.status === 'time-limit' && !plan.planFound) throw allocateErrors.noPlanInTime(plan.solver, flags.timeLimit ?? 0);
  const frontierAlpha = risk.kind === 'cvar' ? risk.alpha : 0.1;
  const frontier =
    flags.riskFrontier === true && drawsOfPlan !== undefined ? await riskFrontier(problem, drawsOfPlan, frontierAlpha, undefined, options) : undefined;

  await writeTable(flags.out, planTable(problem, plan, idColumn === undefined ? {} : { id: idColumn }));
  const warnings = flags.valuePerOutcome < 0 ? [negativeValueWarning('--value-per-outcome', flags.valuePerOutcome)] : [];
  for (const w of warnings) warn(w);
  const summary = { ...planSummary(problem, plan, flags, { risk, lined, frontier, frontierAlpha, maxRecipients }), warnings };
  printResult(flags.json === true, summary, () => summaryText(summary));
}

/** The plan's id column: --id of the scores file, else the draws file's ids. */
function idColumnOf(table: Table | undefined, id: string | undefined, lined: LinedUpDraws | undefined): Column | undefined {
  if (table !== undefined) return id === undefined ? undefined : requireColumn(table, id, 'id');
  return lined?.ids === undefined ? undefined : categoricalColumn(lined.idColumn ?? 'id', [...lined.ids]);
}

/** Two rows with one id would make the plan impossible to join back: refuse, naming both lines. */
function refuseDuplicateIds(table: Table, id: Column): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < table.nRows; i++) {
    if (isMissing(id, i)) throw allocateErrors.missingId(table.source, lineOfRow(table, i), id.name);
    const key = cellText(id, i);
    const first = seen.get(key);
    if (first !== undefined) throw allocateErrors.duplicateId(table.source, lineOfRow(table, first), lineOfRow(table, i), id.name, key);
    seen.set(key, i);
  }
}

interface RiskContext {
  readonly risk: RiskObjective;
  readonly lined: LinedUpDraws | undefined;
  readonly frontier: RiskFrontierPoint[] | undefined;
  readonly frontierAlpha: number;
  readonly maxRecipients: number | undefined;
}

function planSummary(problem: AllocationProblem, plan: Plan, flags: AllocateFlags, context: RiskContext): Summary {
  const labels = problem.armLabels!;
  const K = problem.arms;
  // Without draws the outcome is the chosen arms' uplift: values over value-per-outcome.
  const value = context.lined === undefined ? undefined : planValue(context.lined.effects, plan.choice, { level: 0.94 });
  let pointMean = 0;
  if (value === undefined) for (let i = 0; i < problem.units; i++) pointMean += problem.values[i * K + plan.choice[i]!]! / (flags.valuePerOutcome || 1);
  return {
    risk: riskText(context.risk),
    outcome: {
      mean: tidy(value?.mean ?? pointMean),
      lower: value?.interval === undefined ? null : tidy(value.interval[0]),
      upper: value?.interval === undefined ? null : tidy(value.interval[1]),
      level: value?.level ?? null,
      probabilityPositive: value?.probabilityPositive ?? null,
      draws: context.lined?.effects.draws?.count ?? null,
      kind: value?.kind ?? null,
    },
    frontier:
      context.frontier === undefined
        ? null
        : {
            alpha: context.frontierAlpha,
            points: context.frontier.map((p) => ({ weight: p.weight, mean: tidy(p.mean), cvar: tidy(p.cvar), gap: tidy(p.gap), recipients: p.recipients, spend: p.spend })),
          },
    plan: flags.out,
    status: plan.status,
    solver: plan.solver,
    objective: tidy(plan.objective),
    bound: tidy(plan.bound),
    gap: tidy(plan.gap),
    relativeGap: plan.relativeGap,
    budget: flags.budget,
    spend: tidy(plan.spend),
    recipients: plan.recipients,
    maxRecipients: context.maxRecipients ?? null,
    arms: Object.fromEntries(labels.map((label, k) => [label, plan.armCounts[k] ?? 0])),
    seconds: Math.round(plan.seconds * 1000) / 1000,
    notes: plan.notes,
  };
}
