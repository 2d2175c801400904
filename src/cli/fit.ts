/** liftwise fit: read a campaign CSV, fit an uplift model, save it as a versioned JSON file. */
import type { Command } from 'commander';
import { readTable } from '../data/read.js';
import { UpliftModel } from '../uplift/model.js';
import { saveWithRescue } from '../uplift/model-file.js';
import { upliftMethodNames } from '../uplift/methods.js';
import { learnerNames } from '../learners/registry.js';
import { checkOutputFile } from '../util/outputs.js';
import { action, integerOption, listOption, numberListOption, numberOption } from './action.js';
import { info, printResult, stderrProgress, warn } from './output.js';
import { readOptionsFile, secondsSince } from './common.js';

interface FitFlags {
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
  out: string;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
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
    .option('--method <name>', `uplift method: ${upliftMethodNames().join(', ')}`, 'two-model')
    .option('--learner <name>', `base learner: ${learnerNames().join(', ')} (default logistic, or linear for a numeric outcome)`)
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
    .requiredOption('--out <file>', 'where to write the model (JSON)')
    .option('--json', 'print the fit summary as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(action(fit));
}

async function fit(flags: FitFlags): Promise<void> {
  // The model's path is checked before the fit, not after it.
  await checkOutputFile(flags.out, [flags.data, flags.options, flags.methodOptions]);
  const learnerOptions = { ...(flags.options === undefined ? {} : await readOptionsFile(flags.options)), ...flagOptions(flags) };
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
    },
    { progress },
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
    warnings: model.warnings,
  };
  printResult(flags.json === true, summary, () =>
    [
      `fitted ${summary.method} with ${summary.learner} on ${summary.rowsPerArm.reduce((a, b) => a + b, 0)} rows in ${fitSeconds.toFixed(2)} s`,
      dose
        ? `  dose '${model.treatment.column}' read at ${summary.treated.join(', ')} against ${summary.control}`
        : `  control '${summary.control}' (${summary.rowsPerArm[0]} rows); treated ${summary.treated
            .map((a, k) => `'${a}' (${summary.rowsPerArm[k + 1]} rows)`)
            .join(', ')}`,
      `  ${summary.features} encoded features; outcome '${summary.outcome.column}' (${summary.outcome.kind})`,
      `  saved to ${flags.out}`,
    ].join('\n'),
  );
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
  const learner = flags.method === 'uplift-forest' ? 'uplift-forest' : (flags.learner ?? 'logistic');
  const out: Record<string, unknown> = {};
  if (flags.trees !== undefined) out[learner === 'boosting' ? 'nIterations' : 'nEstimators'] = flags.trees;
  if (flags.maxDepth !== undefined) out.maxDepth = flags.maxDepth;
  if (flags.minSamplesLeaf !== undefined) out[learner.startsWith('ml-') ? 'minNumSamples' : 'minSamplesLeaf'] = flags.minSamplesLeaf;
  if (flags.l2 !== undefined) out.l2 = flags.l2;
  if (flags.criterion !== undefined) out.criterion = flags.criterion;
  return out;
}
