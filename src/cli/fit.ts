/** liftwise fit: read a campaign CSV, fit an uplift model, save it as a versioned JSON file. */
import type { Command } from 'commander';
import { readTable } from '../data/read.js';
import { UpliftModel } from '../uplift/model.js';
import { saveWithRescue } from '../uplift/model-file.js';
import { upliftMethodNames } from '../uplift/methods.js';
import { BayesTreeUplift } from '../uplift/bart/learner.js';
import type { QuantitySummary } from '../uplift/bart/chains.js';
import { learnerNames } from '../learners/registry.js';
import { checkOutputFile } from '../util/outputs.js';
import { action, integerOption, listOption, numberListOption, numberOption } from './action.js';
import { InputError } from '../errors.js';

/** A flag combination refused inside the command (commander's own errors cover single flags): exit 2. */
const usageError = (message: string) => new InputError('E_USAGE', message);
import { DEFAULT_METHOD, defaultLearner } from '../uplift/learner-defaults.js';
import type { AutoOptions, Selection } from '../uplift/auto/select.js';
import { info, printResult, stderrProgress, warn } from './output.js';
import { readOptionsFile, secondsSince } from './common.js';

export interface FitFlags {
  data: string;
  treatment: string;
  outcome: string;
  features?: string[];
  exclude?: string[];
  categorical?: string[];
  control?: string;
  treated?: string[];
  method: string;
  learner?: string;
  options?: string;
  methodOptions?: string;
  propensity?: string;
  levels?: number[];
  trees?: number;
  maxDepth?: number;
  minSamplesLeaf?: number;
  l2?: number;
  criterion?: string;
  seed: number;
  bootstrap?: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
  timeBudget?: number;
  folds?: number;
  design?: string;
  threads?: number;
}

export function register(program: Command): void {
  const command = program
    .command('fit')
    .description('fit an uplift model on a CSV file and save it as MODEL.json')
    .requiredOption('--data <file>', 'training data (CSV)')
    .requiredOption('--treatment <column>', 'treatment column (0/1, or labels with --control)')
    .requiredOption('--outcome <column>', 'outcome column (0/1 for classifiers, numeric otherwise)')
    .option('--features <columns>', 'comma-separated feature columns (default: all other columns)', listOption)
    .option('--exclude <columns>', 'columns to leave out of the default features (ids, other outcomes)', listOption)
    .option('--categorical <columns>', 'feature columns meant as categories although nearly all cells are numbers (else a few text cells among numbers are an error)', listOption)
    .option('--control <value>', 'the treatment value of the control group (default 0 or "control")')
    .option('--treated <values>', 'comma-separated treated arms to model (default: all non-control values)', listOption)
    .option('--method <name>', `uplift method: ${upliftMethodNames().join(', ')}, or auto (cross-fitted choice, see liftwise tune)`, DEFAULT_METHOD)
    .option('--learner <name>', `base learner: ${learnerNames().join(', ')} (default ${defaultLearner('binary')})`)
    .option('--options <file>', 'JSON file with learner options (e.g. {"nEstimators": 100, "maxDepth": 8})')
    .option('--method-options <file>', 'JSON file with method options (e.g. {"propensity": "model", "clip": 0.02})')
    .option('--propensity <mode>', 'transformed-outcome and x-learner: constant (treated share) or model')
    .option('--levels <values>', 's-learner with a numeric dose treatment: levels to read uplift at, first = reference', numberListOption('levels'))
    .option('--trees <n>', 'trees (forest, ml-random-forest, uplift-forest) or boosting iterations', integerOption('trees'))
    .option('--max-depth <n>', 'maximum tree depth', integerOption('max-depth'))
    .option('--min-samples-leaf <n>', 'minimum rows per leaf (ml-cart / ml-random-forest: minimum rows to split)', integerOption('min-samples-leaf'))
    .option('--l2 <penalty>', 'L2 penalty of logistic / linear learners', numberOption('l2'))
    .option('--criterion <name>', 'uplift-forest split criterion: KL, ED, Chi or DDP')
    .option('--seed <n>', 'random seed', integerOption('seed'), 0)
    .option('--bootstrap <B>', 'refit the learner on B bootstrap resamples, for effect draws (score --interval, --draws)', integerOption('bootstrap'))
    .requiredOption('--out <file>', 'where to write the model (JSON)')
    .option('--json', 'print the fit summary as JSON')
    .option('--quiet', 'no progress on stderr');
  addAutoOptions(command);
  command.action(action((flags: FitFlags) => runFit(flags, 'fit')));
}

/** The options of the automatic selection, shared by fit --method auto and tune. */
export function addAutoOptions(command: Command): Command {
  return command
    .option('--time-budget <seconds>', 'method auto: stop cross-fitting more models after this long (the default model always runs)', numberOption('time-budget'))
    .option('--folds <k>', 'method auto: cross-fitting folds (default 3)', integerOption('folds'))
    .option('--design <kind>', 'method auto: detect (default), randomised (score by Qini AUC) or observational (score by R-score)')
    .option('--threads <n>', 'method auto: models cross-fitted at once on worker threads (default 2); the choice does not depend on it', integerOption('threads'));
}

function autoOptions(flags: FitFlags): AutoOptions {
  if (flags.design !== undefined && !['detect', 'randomised', 'observational'].includes(flags.design)) {
    throw usageError(`option --design needs detect, randomised or observational, got '${flags.design}'`);
  }
  if (flags.timeBudget !== undefined && !(flags.timeBudget > 0)) throw usageError(`option --time-budget needs a positive number of seconds, got ${flags.timeBudget}`);
  if (flags.folds !== undefined && flags.folds < 2) throw usageError(`option --folds needs at least 2, got ${flags.folds}`);
  if (flags.threads !== undefined && flags.threads < 1) throw usageError(`option --threads needs at least 1, got ${flags.threads}`);
  return {
    ...(flags.timeBudget === undefined ? {} : { timeBudget: flags.timeBudget }),
    ...(flags.folds === undefined ? {} : { folds: flags.folds }),
    ...(flags.design === undefined ? {} : { design: flags.design as AutoOptions['design'] & string }),
    ...(flags.threads === undefined ? {} : { threads: flags.threads }),
  };
}

/** fit (a summary) and tune (the leaderboard) share everything but what they print. */
export async function runFit(flags: FitFlags, mode: 'fit' | 'tune'): Promise<void> {
  // The model's path is checked before the fit, not after it.
  await checkOutputFile(flags.out, [flags.data, flags.options, flags.methodOptions]);
  const auto = flags.method === 'auto';
  const learnerOptions = { ...(flags.options === undefined ? {} : await readOptionsFile(flags.options)), ...flagOptions(flags) };
  if (auto && (flags.learner !== undefined || Object.keys(learnerOptions).length > 0)) {
    throw usageError('--method auto chooses the learner and its options; leave out --learner, --options, --trees, --max-depth, --min-samples-leaf, --l2 and --criterion');
  }
  const methodOptions = {
    ...(flags.methodOptions === undefined ? {} : await readOptionsFile(flags.methodOptions)),
    ...(flags.propensity === undefined ? {} : { propensity: flags.propensity }),
  };
  const progress = stderrProgress(flags.quiet === true);
  const table = await readTable(flags.data);
  if (flags.features === undefined && flags.quiet !== true) {
    const used = table.names.filter((n) => n !== flags.treatment && n !== flags.outcome && !(flags.exclude ?? []).includes(n));
    info(`using every other column as a feature: ${used.join(', ')} (choose with --features or --exclude)`);
  }
  const start = performance.now();
  const model = UpliftModel.fit(
    table,
    {
      treatment: flags.treatment,
      outcome: flags.outcome,
      features: flags.features,
      exclude: flags.exclude,
      categorical: flags.categorical,
      control: flags.control,
      treated: flags.treated,
      method: flags.method,
      learner: flags.learner,
      learnerOptions,
      methodOptions,
      doseLevels: flags.levels,
      seed: flags.seed,
      bootstrap: flags.bootstrap,
    },
    { progress, ...(auto ? { auto: autoOptions(flags) } : {}) },
  );
  const fitSeconds = secondsSince(start);
  for (const w of model.warnings) warn(w);
  // Say how big the file will be before writing it; a failed write keeps the fit in a rescue file.
  if (flags.quiet !== true) info(`saving the model to ${flags.out} (about ${formatBytes(model.estimateFileBytes())})`);
  await saveWithRescue((file) => model.save(file), flags.out);
  const dose = flags.levels !== undefined;
  const summary = {
    model: flags.out,
    method: model.learner.method,
    learner: model.learnerName,
    outcome: model.outcome,
    control: model.treatment.arms[0],
    treated: model.treatedArms,
    rowsPerArm: model.trainingRows,
    features: model.encoder.outputNames().length,
    fitSeconds,
    ...(flags.bootstrap === undefined ? {} : { bootstrapRefits: flags.bootstrap }),
    ...posteriorSummary(model),
    warnings: model.warnings,
    ...(model.selection === undefined ? {} : { selection: model.selection }),
  };
  const selection = model.selection;
  if (selection?.noSignal === true) warn(noSignalWarning(selection));
  if (mode === 'tune' && selection !== undefined) {
    printResult(flags.json === true, summary, () => [...leaderboardLines(selection), '', `refitted ${summary.method} with ${summary.learner} on all rows in ${fitSeconds.toFixed(2)} s; saved to ${flags.out}`].join('\n'));
    return;
  }
  printResult(flags.json === true, summary, () =>
    [
      `fitted ${summary.method} with ${summary.learner} on ${summary.rowsPerArm.reduce((a, b) => a + b, 0)} rows in ${fitSeconds.toFixed(2)} s`,
      dose
        ? `  dose '${model.treatment.column}' read at ${summary.treated.join(', ')} against ${summary.control}`
        : `  control '${summary.control}' (${summary.rowsPerArm[0]} rows); treated ${summary.treated
            .map((a, k) => `'${a}' (${summary.rowsPerArm[k + 1]} rows)`)
            .join(', ')}`,
      `  ${summary.features} encoded features; outcome '${summary.outcome.column}' (${summary.outcome.kind})`,
      ...(summary.posterior === undefined
        ? []
        : summary.posterior.map(
            (q) =>
              `  ${q.name}: ${q.mean.toPrecision(4)} (94 % interval ${q.lower.toPrecision(4)} … ${q.upper.toPrecision(4)}; R-hat ${q.rhat.toFixed(3)}, bulk ESS ${Math.round(q.essBulk)})`,
          )),
      ...(selection === undefined
        ? []
        : [
            `  chosen by method auto: ${selection.chosen}, ${criterionName(selection)} ${selection.leaderboard[0]!.score!.toFixed(4)} out of fold, ${selection.leaderboard.filter((e) => e.status === 'ok').length} models compared (liftwise tune prints the leaderboard)`,
          ]),
      `  saved to ${flags.out}`,
    ].join('\n'),
  );
}

function criterionName(selection: Selection): string {
  return selection.criterion === 'qini-auc' ? 'Qini AUC' : 'R-score';
}

/** The warning when the chosen model's out-of-fold score is not distinguishable from zero. */
export function noSignalWarning(selection: Selection): string {
  const s = selection.signal.map((a) => `'${a.arm}' ${a.estimate.toFixed(4)} [${a.lower.toFixed(4)}, ${a.upper.toFixed(4)}]`).join(', ');
  return `the best model's out-of-fold ${criterionName(selection)} is not distinguishable from 0 (${Math.round(100 * selection.signal[0]!.level)} % bootstrap interval: ${s}): these data cannot show that its ranking beats random targeting, so a plan built on its scores may be no better than one at random. Collect more rows or features before planning on them.`;
}

/** The leaderboard as text lines. */
export function leaderboardLines(selection: Selection): string[] {
  const lines = [
    `design: ${selection.design} (${selection.designSource}; treatment-from-features AUC ${selection.designCheck.map((c) => `${c.arm} ${c.auc.toFixed(3)}, z ${c.z.toFixed(1)}`).join('; ')})`,
    `criterion: ${criterionName(selection)} of out-of-fold uplift, ${selection.folds} folds, seed ${selection.seed}; ${selection.seconds.toFixed(1)} s`,
    `rank\tscore\tseconds\tmodel`,
  ];
  for (const e of selection.leaderboard) {
    const score = e.score === null ? e.status : e.score.toFixed(4);
    lines.push(`${e.rank ?? '-'}\t${score}\t${e.seconds.toFixed(1)}\t${e.label}${e.error === undefined ? '' : ` (${e.error})`}`);
  }
  lines.push(
    ...(selection.topScorer === selection.chosen
      ? []
      : [
          `kept the default: ${selection.topScorer} scored higher but beat it in only ${Math.round(100 * (selection.topScorerWinShare ?? 0))} % of paired bootstrap replicates (90 % needed)`,
        ]),
    `chosen: ${selection.chosen}; ${criterionName(selection)} ${selection.signal.map((a) => `'${a.arm}' ${a.estimate.toFixed(4)} [${a.lower.toFixed(4)}, ${a.upper.toFixed(4)}]`).join(', ')} (${Math.round(100 * selection.signal[0]!.level)} % bootstrap interval)${selection.noSignal ? ' — not distinguishable from 0' : ''}`,
  );
  return lines;
}

function formatBytes(bytes: number): string {
  if (bytes < 1e6) return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/**
 * The main model options given as flags, under each learner's own option
 * names (the options file may say the same and more; flags win).
 */
function flagOptions(flags: FitFlags): Record<string, unknown> {
  const learner = flags.method === 'uplift-forest' ? 'uplift-forest' : (flags.learner ?? defaultLearner('binary'));
  const out: Record<string, unknown> = {};
  const bayesTrees = flags.method === 'bart' || flags.method === 'bcf';
  if (flags.trees !== undefined) out[bayesTrees ? 'trees' : learner === 'boosting' ? 'nIterations' : 'nEstimators'] = flags.trees;
  if (flags.maxDepth !== undefined) out.maxDepth = flags.maxDepth;
  if (flags.minSamplesLeaf !== undefined) out[learner.startsWith('ml-') ? 'minNumSamples' : 'minSamplesLeaf'] = flags.minSamplesLeaf;
  if (flags.l2 !== undefined) out.l2 = flags.l2;
  if (flags.criterion !== undefined) out.criterion = flags.criterion;
  return out;
}

/** bart/bcf: posterior mean, 94 % interval, R-hat and ESS of σ and each arm's average effect on the training rows. */
function posteriorSummary(model: UpliftModel): { posterior?: readonly QuantitySummary[] } {
  const learner = model.learner;
  return learner instanceof BayesTreeUplift ? { posterior: learner.summaries } : {};
}
