/**
 * liftwise policy fit | show | apply: a readable treatment rule (a policy tree
 * of depth 1–3 over doubly robust scores), optionally under costs, a budget
 * and a recipient cap, shown as indented text and SQL, applied to new rows.
 */
import type { Command } from 'commander';
import { readTable } from '../data/read.js';
import { categoricalColumn, createTable, numericColumn } from '../data/table.js';
import { writeTable } from '../data/write.js';
import { requireColumn } from '../data/roles.js';
import { fitPolicy, type PolicyJSON } from '../policy/fit.js';
import { loadPolicy, savePolicy } from '../policy/file.js';
import { applyRule, ruleSql, ruleText } from '../policy/rule.js';
import { policyErrors } from '../policy/messages.js';
import { action, integerOption, listOption, numberOption, UsageError } from './action.js';
import { info, printResult, stderrProgress, warn } from './output.js';
import { refuseOverwritingInput } from './common.js';

interface FitFlags {
  data: string;
  treatment: string;
  outcome: string;
  features?: string[];
  exclude?: string[];
  control?: string;
  treated?: string[];
  depth: number;
  minLeafSize?: number;
  search: 'exact' | 'hybrid' | 'auto';
  thresholds?: number | 'all';
  learner: string;
  propensity: 'model' | 'constant';
  folds: number;
  clip: number;
  cost?: string;
  budget?: number;
  maxRecipients?: number;
  seed: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  const policy = program.command('policy').description('readable treatment rules: policy trees over doubly robust scores, with a budget');
  policy
    .command('fit')
    .description('fit a policy tree of depth 1-3 (optionally within a budget) and save it as POLICY.json')
    .requiredOption('--data <file>', 'rows with treatment, outcome and features (CSV)')
    .requiredOption('--treatment <column>', 'treatment column (0/1, or labels with --control)')
    .requiredOption('--outcome <column>', 'outcome column (0/1 or numeric, e.g. revenue)')
    .option('--features <columns>', 'comma-separated feature columns the rule may split on (default: all other columns)', listOption)
    .option('--exclude <columns>', 'columns to leave out of the default features (ids, other outcomes)', listOption)
    .option('--control <value>', 'control value of the treatment column (default 0 or "control")')
    .option('--treated <values>', 'comma-separated treated arms the rule may give (default: all); other rows are left out', listOption)
    .option('--depth <n>', 'tree depth: 1, 2 or 3', integerOption('depth'), 2)
    .option('--min-leaf-size <n>', 'fewest rows in a leaf (default 1 % of the rows, at least 1)', integerOption('min-leaf-size'))
    .option('--search <kind>', 'exact, hybrid (depth 3 on large data) or auto', 'auto')
    .option('--thresholds <n|all>', 'candidate thresholds per feature: all distinct values, or N quantiles (default all up to 20 000 rows × features, else 64)', parseThresholds)
    .option('--learner <name>', 'base learner of the outcome models', 'linear-cv')
    .option('--propensity <mode>', 'model (observational data) or constant (a randomised test)', 'model')
    .option('--folds <n>', 'cross-fitting folds', integerOption('folds'), 5)
    .option('--clip <p>', 'keep propensities at least this far from 0 and 1', numberOption('clip'), 0.01)
    .option('--cost <costs>', 'cost per unit: one number for every treated arm, or arm=cost,arm=cost')
    .option('--budget <amount>', 'most the rule may spend on these rows (needs --cost)', numberOption('budget'))
    .option('--max-recipients <n>', 'most rows the rule may treat', integerOption('max-recipients'))
    .option('--seed <n>', 'random seed (folds, learners)', integerOption('seed'), 0)
    .requiredOption('--out <file>', 'policy file to write (JSON)')
    .option('--json', 'print the fitted policy as JSON')
    .option('--quiet', 'no progress on stderr')
    .exitOverride()
    .action(action(fit));
  policy
    .command('show')
    .description('print a policy as indented text and as SQL CASE WHEN')
    .argument('<policy>', 'policy file written by liftwise policy fit')
    .option('--json', 'print the rule, the SQL and the estimates as JSON')
    .exitOverride()
    .action(action(show));
  policy
    .command('apply')
    .description('give every row of a data file the action of the policy')
    .requiredOption('--policy <file>', 'policy file written by liftwise policy fit')
    .requiredOption('--data <file>', 'rows to assign (CSV with the policy features)')
    .requiredOption('--out <file>', 'plan CSV to write: the id (with --id), action, leaf')
    .option('--id <column>', 'id column to copy into the plan')
    .option('--json', 'print a summary as JSON')
    .exitOverride()
    .action(action(apply));
}

function parseThresholds(text: string): number | 'all' {
  if (text === 'all') return text;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 2) throw new UsageError(`option --thresholds needs 'all' or a whole number ≥ 2, got '${text}'`);
  return n;
}

/** "5" → 5 for every treated arm; "email=1,call=10" → per arm. */
function parseCosts(text: string): number | Record<string, number> {
  const single = Number(text);
  if (text.trim() !== '' && Number.isFinite(single)) return single;
  const out: Record<string, number> = {};
  for (const part of listOption(text)) {
    const eq = part.lastIndexOf('=');
    const value = Number(part.slice(eq + 1));
    if (eq <= 0 || part.slice(eq + 1).trim() === '' || !Number.isFinite(value)) throw policyErrors.badCost(text, []);
    out[part.slice(0, eq).trim()] = value;
  }
  return out;
}

async function fit(flags: FitFlags): Promise<void> {
  refuseOverwritingInput(flags.out, flags.data);
  if (!['exact', 'hybrid', 'auto'].includes(flags.search)) throw policyErrors.policyFile('--search', `unknown search '${flags.search}'`);
  const table = await readTable(flags.data);
  const start = performance.now();
  const policy = await fitPolicy(
    table,
    {
      treatment: flags.treatment,
      outcome: flags.outcome,
      features: flags.features,
      exclude: flags.exclude,
      control: flags.control,
      treated: flags.treated,
      depth: flags.depth,
      minLeafSize: flags.minLeafSize,
      search: flags.search,
      thresholds: flags.thresholds,
      learner: { name: flags.learner },
      propensity: flags.propensity === 'constant' ? 'constant' : 'model',
      folds: flags.folds,
      clip: flags.clip,
      costs: flags.cost === undefined ? undefined : parseCosts(flags.cost),
      budget: flags.budget,
      maxRecipients: flags.maxRecipients,
      seed: flags.seed,
    },
    { progress: stderrProgress(flags.quiet === true) },
  );
  for (const w of policy.warnings) warn(w);
  await savePolicy(flags.out, policy);
  if (flags.quiet !== true) info(`policy fitted in ${((performance.now() - start) / 1000).toFixed(2)} s, saved to ${flags.out}`);
  printResult(flags.json === true, policy, () => summary(policy));
}

function summary(policy: PolicyJSON): string {
  const e = policy.estimates;
  const c = policy.comparison;
  const lines = [
    `policy tree of depth ${policy.depth} (${policy.search} search over ${policy.thresholds === 'all' ? 'every threshold' : `${policy.thresholds} quantile thresholds per feature`}, leaves ≥ ${policy.minLeafSize} rows) on ${e.rows} rows; outcome '${policy.outcome.column}' (${policy.outcome.kind})`,
    '',
    ruleText(policy.tree),
    '',
    `rows per action: ${Object.entries(e.rowsPerArm)
      .map(([a, r]) => `${a} ${r}`)
      .join(', ')}`,
    `estimated gain over treating no one: ${e.totalGain.toFixed(4)} in total, ${(e.totalGain / e.rows).toFixed(4)} per row (doubly robust)`,
  ];
  const l = policy.limits;
  if (l !== null) {
    lines.push(
      `spend ${l.spend.toFixed(2)}${l.budget === null ? '' : ` of budget ${l.budget}`}; recipients ${l.recipients}${l.maxRecipients === null ? '' : ` of at most ${l.maxRecipients}`}`,
    );
    if (l.bound !== null && l.gap !== null) {
      lines.push(`bound on any depth-${policy.depth} tree within the limits: gain ≤ ${(l.bound - e.meanControlOutcome * e.rows).toFixed(4)} (gap ${l.gap.toFixed(4)})`);
    }
  }
  if (c.share !== null) {
    lines.push(
      `the rule gets ${(100 * c.share).toFixed(1)} % of the unit-by-unit plan's estimated gain (${c.ruleGain.toFixed(4)} of ${c.unitPlanGain.toFixed(4)})`,
    );
  }
  return lines.join('\n');
}

async function show(file: string, flags: { json?: boolean }): Promise<void> {
  const policy = await loadPolicy(file);
  const sql = ruleSql(policy.tree, policy.treatment.column);
  printResult(flags.json === true, { tree: policy.tree, text: ruleText(policy.tree), sql, estimates: policy.estimates, limits: policy.limits, comparison: policy.comparison }, () =>
    [summary(policy), '', sql].join('\n'),
  );
}

async function apply(flags: { policy: string; data: string; out: string; id?: string; json?: boolean }): Promise<void> {
  refuseOverwritingInput(flags.out, flags.data, flags.policy);
  const policy = await loadPolicy(flags.policy);
  const table = await readTable(flags.data);
  const id = flags.id === undefined ? undefined : requireColumn(table, flags.id, 'id');
  const { actions, leaves } = applyRule(policy.tree, table);
  const columns = [...(id === undefined ? [] : [id]), categoricalColumn('action', actions), numericColumn('leaf', leaves)];
  await writeTable(flags.out, createTable(columns));
  const counts: Record<string, number> = {};
  for (const a of actions) counts[a] = (counts[a] ?? 0) + 1;
  printResult(flags.json === true, { rows: table.nRows, out: flags.out, rowsPerAction: counts }, () =>
    `assigned ${table.nRows} rows: ${Object.entries(counts)
      .map(([a, r]) => `${a} ${r}`)
      .join(', ')}; plan written to ${flags.out}`,
  );
}
