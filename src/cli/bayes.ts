/**
 * liftwise bayes fit: fit a model described in a JSON model file to a CSV
 * with NUTS, and write DIR/summary.csv and DIR/draws.csv (the directory is
 * written whole or not at all).
 */
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { makeTempDir, removeTemp } from '../util/atomic.js';
import { checkOutputFolder, commitOutputFolder, type FolderState } from '../util/outputs.js';
import type { Command } from 'commander';
import { readTable } from '../data/read.js';
import { readModelFile, bindModelFile, needsData } from '../bayes/modelfile/load.js';
import { sample } from '../bayes/sampler/sample.js';
import { writeDrawsCsv } from '../bayes/sampler/draws-csv.js';
import { diagnose } from '../bayes/diagnostics/diagnose.js';
import { renderSummaryTable, writeSummaryCsv } from '../bayes/diagnostics/render.js';
import { fitErrors } from '../bayes/model/messages.js';
import { action, integerOption, numberOption } from './action.js';
import { info, printResult, stderrProgress, warn } from './output.js';

interface BayesFitFlags {
  model: string;
  data?: string;
  chains: number;
  warmup: number;
  draws: number;
  seed: number;
  threads?: number;
  targetAccept?: number;
  maxTreedepth?: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  const bayes = program.command('bayes').description('Bayesian causal models fitted with NUTS');
  bayes
    .command('fit')
    .description('fit a model described in a JSON model file; write DIR/summary.csv and DIR/draws.csv')
    .requiredOption('--model <file>', 'model file (JSON, format liftwise-bayes-model)')
    .option('--data <file>', 'data (CSV) whose columns the model file names')
    .option('--chains <n>', 'number of chains', integerOption('chains'), 4)
    .option('--warmup <n>', 'warmup iterations per chain', integerOption('warmup'), 1000)
    .option('--draws <n>', 'kept draws per chain', integerOption('draws'), 1000)
    .option('--seed <n>', 'random seed (same seed, same draws)', integerOption('seed'), 0)
    .option('--threads <n>', 'worker threads (default: min(chains, cores))', integerOption('threads'))
    .option('--target-accept <p>', 'target acceptance rate of step-size adaptation (0.8)', numberOption('target-accept'))
    .option('--max-treedepth <n>', 'maximum NUTS tree depth (10)', integerOption('max-treedepth'))
    .requiredOption('--out <dir>', 'output directory (must not exist, or be empty)')
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'no progress on stderr')
    .exitOverride()
    .action(action(fit));
}

async function fit(flags: BayesFitFlags): Promise<void> {
  const started = performance.now();
  // Where the draws go is checked before any sampling.
  const checked = await checkOutputFolder(flags.out, { inputs: [flags.model, flags.data] });
  const file = await readModelFile(flags.model);
  const table = flags.data === undefined ? undefined : await readTable(flags.data);
  if (table === undefined && needsData(file)) throw fitErrors.badOption('data', `the model file ${flags.model} reads columns, so --data is needed`);
  const model = bindModelFile(file, table, { modelFile: flags.model });
  // Compile here first: model errors surface before any worker starts.
  const target = model.compile();
  if (flags.quiet !== true) info(`model ${file.name ?? flags.model}: ${target.dim} unconstrained parameters, ${target.parameterNames.length} reported quantities`);

  const fit = await sample(model.source(), {
    chains: flags.chains,
    warmup: flags.warmup,
    draws: flags.draws,
    seed: flags.seed,
    ...(flags.threads === undefined ? {} : { threads: flags.threads }),
    ...(flags.targetAccept === undefined ? {} : { targetAccept: flags.targetAccept }),
    ...(flags.maxTreedepth === undefined ? {} : { maxTreeDepth: flags.maxTreedepth }),
    progress: stderrProgress(flags.quiet === true),
  });
  const diagnosis = diagnose(fit);
  for (const w of diagnosis.warnings) warn(`${w.code}: ${w.message}`);

  await writeDirectory(flags.out, checked, async (dir) => {
    await writeSummaryCsv(join(dir, 'summary.csv'), diagnosis.summary);
    await writeDrawsCsv(join(dir, 'draws.csv'), fit);
    return ['summary.csv', 'draws.csv'];
  });
  const seconds = Math.round(performance.now() - started) / 1000;
  const samplingSeconds = fit.chainInfo.reduce((s, c) => s + c.samplingSeconds + c.warmupSeconds, 0);
  printResult(
    flags.json === true,
    {
      out: flags.out,
      files: ['summary.csv', 'draws.csv'],
      chains: fit.chains,
      warmup: fit.warmup,
      draws: fit.draws,
      seed: fit.seed,
      seconds,
      samplingSeconds,
      divergences: diagnosis.sampler.divergences.total,
      warnings: diagnosis.warnings.map((w) => ({ code: w.code, message: w.message })),
      summary: diagnosis.summary.rows,
    },
    () =>
      [
        renderSummaryTable(diagnosis.summary),
        '',
        `${fit.chains} chains × (${fit.warmup} warmup + ${fit.draws} draws) in ${seconds.toFixed(2)} s; wrote ${join(flags.out, 'summary.csv')} and ${join(flags.out, 'draws.csv')}`,
      ].join('\n'),
  );
}

/** Writes into a temporary sibling folder, then moves it to `out` with its manifest; removes it on failure. */
async function writeDirectory(out: string, checked: FolderState, write: (dir: string) => Promise<string[]>): Promise<void> {
  const target = resolve(out);
  await fs.mkdir(dirname(target), { recursive: true });
  const temp = await makeTempDir(target);
  try {
    const files = await write(temp);
    await commitOutputFolder(temp, checked, 'bayes fit', files);
  } catch (e) {
    await removeTemp(temp);
    throw e;
  }
}
