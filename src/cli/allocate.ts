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
import { categoricalColumn, createTable, lineOfRow, numericColumn, type Column, type Table } from '../data/table.js';
import { parseNumber } from '../data/read.js';
import { requireColumn } from '../data/roles.js';
import { solveAllocation } from '../allocate/solve.js';
import type { AllocationProblem } from '../allocate/problem.js';
import { SOLVER_NAMES, type Plan, type SolverName } from '../allocate/plan.js';
import { allocateErrors } from '../allocate/messages.js';
import { checkOutputFile } from '../util/outputs.js';
import { action, integerOption, listOption, numberOption } from './action.js';
import { printResult, stderrProgress } from './output.js';
import { cliErrors } from './messages.js';
import { atFlag, collect, rulesFromFlags, type RuleFlags } from './allocate-rules.js';

/** The label of arm 0 in plan files. */
export const NO_TREATMENT = 'none';
const UPLIFT_PREFIX = 'uplift_';

interface AllocateFlags extends RuleFlags {
  scores: string;
  budget: number;
  cost?: string;
  costCol?: string[];
  maxRecipients?: number;
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
  program
    .command('allocate')
    .description('choose who gets which treatment under a budget, from a scores file with uplift_<arm> columns')
    .requiredOption('--scores <file>', "scores CSV (one uplift_<arm> column per treated arm, as 'liftwise score' writes)")
    .requiredOption('--budget <amount>', 'total budget (same unit as the costs)', numberOption('budget'))
    .option('--cost <amounts>', 'cost per treated unit: one number for every arm, or one per arm separated by commas')
    .option('--cost-col <columns>', 'cost columns in the scores file: one for every arm, or one per arm', listOption)
    .option('--max-recipients <n>', 'at most this many units get a treatment', integerOption('max-recipients'))
    .option('--value-per-outcome <v>', 'value of one unit of outcome (value of an arm = uplift × v)', numberOption('value-per-outcome'), 1)
    .option('--objective <name>', 'value (Σ uplift × v) or profit (Σ uplift × v − cost)', 'value')
    .option('--only-profitable', 'treat a unit only where uplift × v exceeds the cost')
    .option('--min-share <rule>', 'COLUMN:SHARE (every segment of COLUMN) or COLUMN=SEGMENT:SHARE: at least this share of the segment treated; repeatable', collect)
    .option('--max-share <rule>', 'COLUMN:SHARE or COLUMN=SEGMENT:SHARE: at most this share of the segment treated; repeatable', collect)
    .option('--arm-min <rule>', 'ARM:COUNT: at least COUNT units get arm ARM (an uplift_<ARM> column); repeatable', collect)
    .option('--arm-max <rule>', 'ARM:COUNT: at most COUNT units get arm ARM; repeatable', collect)
    .option('--arm-budget <rule>', 'ARM:LIMIT or ARM+ARM…:LIMIT: the costs of these arms add up to at most LIMIT; repeatable', collect)
    .option('--solver <name>', `auto, ${SOLVER_NAMES.join(', ')}`, 'auto')
    .option('--time-limit <seconds>', 'stop LP/MIP solvers after this long and keep the best plan found', numberOption('time-limit'))
    .option('--mip-gap <g>', 'relative gap to the bound at which a plan is good enough (default 1e-4)', numberOption('mip-gap'))
    .option('--id <column>', 'copy this column of the scores file to the plan')
    .requiredOption('--out <file>', 'plan CSV to write')
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(action(allocate));
}

async function allocate(flags: AllocateFlags): Promise<void> {
  await checkOutputFile(flags.out, [flags.scores]);
  if (!(Number.isFinite(flags.budget) && flags.budget >= 0)) throw allocateErrors.negativeBudget(['budget'], flags.budget);
  if (!Number.isFinite(flags.valuePerOutcome)) throw allocateErrors.badValuePerOutcome(flags.valuePerOutcome);
  if ((flags.cost === undefined) === (flags.costCol === undefined)) throw allocateErrors.costOptions();
  if (flags.objective !== 'value' && flags.objective !== 'profit') {
    throw allocateErrors.badOption('objective', flags.objective, "'value' or 'profit'");
  }
  if (flags.maxRecipients !== undefined && flags.maxRecipients < 0) throw allocateErrors.capNotCount(flags.maxRecipients);

  // The id column is passed through to the plan exactly as written.
  const table = await readTable(flags.scores, { exactText: flags.id === undefined ? [] : [flags.id] });
  const armNames = table.names.filter((name) => name.startsWith(UPLIFT_PREFIX));
  if (armNames.length === 0) throw cliErrors.noUpliftColumns(flags.scores, table.names);
  const labels = armNames.map((name) => name.slice(UPLIFT_PREFIX.length));
  const idColumn = flags.id === undefined ? undefined : requireColumn(table, flags.id, 'id');
  const uplift = armNames.map((name) => numericCells(table, name, 'uplift', false));
  const costs = flags.cost !== undefined ? costsFromNumbers(flags.cost, labels, table.nRows) : costsFromColumns(table, flags.costCol!, labels);
  if (flags.maxRecipients !== undefined && flags.maxRecipients > table.nRows) {
    throw allocateErrors.capAboveUnits(flags.maxRecipients, table.nRows);
  }

  const rules = rulesFromFlags(table, labels, flags);

  const n = table.nRows;
  const K = labels.length + 1;
  const values = new Float64Array(n * K);
  const costMatrix = new Float64Array(n * K);
  for (let k = 1; k < K; k++) {
    const u = uplift[k - 1]!;
    const c = costs[k - 1]!;
    for (let i = 0; i < n; i++) {
      values[i * K + k] = u[i]! * flags.valuePerOutcome;
      costMatrix[i * K + k] = c[i]!;
    }
  }
  const problem: AllocationProblem = {
    units: n,
    arms: K,
    armLabels: [NO_TREATMENT, ...labels],
    values,
    costs: costMatrix,
    budget: flags.budget,
    objective: flags.objective,
    ...(flags.maxRecipients === undefined ? {} : { maxRecipients: flags.maxRecipients }),
    ...(flags.onlyProfitable === true ? { onlyWhereValueExceedsCost: true } : {}),
    ...(rules.segmentRules.length === 0 ? {} : { segmentRules: rules.segmentRules }),
    ...(rules.armLimits.length === 0 ? {} : { armLimits: rules.armLimits }),
    ...(rules.extraBudgets.length === 0 ? {} : { extraBudgets: rules.extraBudgets }),
  };
  const plan = await solveAllocation(problem, {
    solver: flags.solver,
    progress: stderrProgress(flags.quiet === true),
    ...(flags.timeLimit === undefined ? {} : { timeLimit: flags.timeLimit }),
    ...(flags.mipGap === undefined ? {} : { mipGap: flags.mipGap }),
  }).catch((error: unknown) => {
    throw atFlag(error, rules);
  });
  if (plan.status === 'infeasible') throw allocateErrors.infeasible(plan.infeasibility?.message ?? 'no plan keeps all the rules');

  await writeTable(flags.out, planTable(problem, plan, idColumn));
  const summary = planSummary(problem, plan, flags);
  printResult(flags.json === true, summary, () => summaryText(summary));
}

/** A numeric column's cells, or an error naming the line and column of the first missing, non-numeric or negative one. */
function numericCells(table: Table, name: string, role: 'uplift' | 'cost', nonNegative: boolean): Float64Array {
  const column = requireColumn(table, name, role);
  const n = table.nRows;
  const what = role === 'cost' ? 'costs must be numbers ≥ 0' : 'uplift scores must be numbers';
  const fail = (row: number, text: string, need: string): never => {
    throw allocateErrors.badCell(table.source, lineOfRow(table, row), name, text, `${need}; ${what}`);
  };
  // The cell's text only on failure (no string per row on the way).
  const check = (row: number, x: number, text?: string): void => {
    if (Number.isNaN(x)) fail(row, '', 'is missing');
    if (!Number.isFinite(x)) fail(row, text ?? String(x), 'is not finite');
    if (nonNegative && x < 0) fail(row, text ?? String(x), 'is negative');
  };
  if (column.kind === 'numeric') {
    for (let i = 0; i < n; i++) check(i, column.values[i]!);
    return column.values;
  }
  // readTable read text somewhere in the column: parse each cell, failing at the first bad one.
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const code = column.codes[i]!;
    const text = code < 0 ? '' : column.levels[code]!;
    const x = code < 0 ? NaN : (parseNumber(text) ?? fail(i, text, 'is not a number'));
    check(i, x, text);
    values[i] = x;
  }
  return values;
}

/** --cost: one number for every arm, or one per arm. */
function costsFromNumbers(text: string, labels: readonly string[], n: number): Float64Array[] {
  const parts = listOption(text);
  const numbers = parts.map((p) => parseNumber(p));
  if (numbers.length === 0 || numbers.some((x) => x === undefined || !(x >= 0) || !Number.isFinite(x))) {
    throw allocateErrors.badCostNumber(text);
  }
  if (numbers.length !== 1 && numbers.length !== labels.length) throw allocateErrors.costCount('cost', numbers.length, labels);
  return labels.map((_, k) => new Float64Array(n).fill(numbers.length === 1 ? numbers[0]! : numbers[k]!));
}

/** --cost-col: one column for every arm, or one per arm. */
function costsFromColumns(table: Table, columns: readonly string[], labels: readonly string[]): Float64Array[] {
  if (columns.length !== 1 && columns.length !== labels.length) throw allocateErrors.costCount('cost-col', columns.length, labels);
  const read = columns.map((name) => numericCells(table, name, 'cost', true));
  return labels.map((_, k) => read[read.length === 1 ? 0 : k]!);
}

function planTable(problem: AllocationProblem, plan: Plan, idColumn: Column | undefined): Table {
  const { units: n, arms: K } = problem;
  const labels = problem.armLabels!;
  const value = new Float64Array(n);
  const cost = new Float64Array(n);
  const armNames = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const k = plan.choice[i]!;
    value[i] = problem.values[i * K + k]!;
    cost[i] = problem.costs[i * K + k]!;
    armNames[i] = labels[k]!;
  }
  const columns: Column[] = [];
  if (idColumn !== undefined) columns.push(idColumn);
  columns.push(categoricalColumn('arm', armNames), numericColumn('arm_index', plan.choice), numericColumn('value', value), numericColumn('cost', cost));
  return createTable(columns);
}

interface Summary {
  plan: string;
  status: Plan['status'];
  solver: SolverName;
  objective: number;
  bound: number;
  gap: number;
  relativeGap: number;
  budget: number;
  spend: number;
  recipients: number;
  maxRecipients: number | null;
  arms: Record<string, number>;
  seconds: number;
  notes: readonly string[];
}

function planSummary(problem: AllocationProblem, plan: Plan, flags: AllocateFlags): Summary {
  const labels = problem.armLabels!;
  return {
    plan: flags.out,
    status: plan.status,
    solver: plan.solver,
    objective: plan.objective,
    bound: plan.bound,
    gap: plan.gap,
    relativeGap: plan.relativeGap,
    budget: flags.budget,
    spend: plan.spend,
    recipients: plan.recipients,
    maxRecipients: flags.maxRecipients ?? null,
    arms: Object.fromEntries(labels.map((label, k) => [label, plan.armCounts[k] ?? 0])),
    seconds: plan.seconds,
    notes: plan.notes,
  };
}

function summaryText(s: Summary): string {
  const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(10).replace(/\.?0+$/, ''));
  return [
    `plan written to ${s.plan}`,
    `status      ${s.status} (solver ${s.solver}, ${s.seconds.toFixed(3)} s)`,
    `objective   ${num(s.objective)}`,
    `bound       ${num(s.bound)}`,
    `gap         ${num(s.gap)} (${s.relativeGap.toExponential(2)} of the bound)`,
    `spend       ${num(s.spend)} of ${num(s.budget)}`,
    `recipients  ${s.recipients}${s.maxRecipients === null ? '' : ` (cap ${s.maxRecipients})`}`,
    `arms        ${Object.entries(s.arms).map(([a, c]) => `${a} ${c}`).join(', ')}`,
    ...s.notes.map((note) => `note        ${note}`),
  ].join('\n');
}
