/** liftwise split: write a train and a test CSV from one file (random with a seed, or systematic by row index). */
import type { Command } from 'commander';
import { readTable } from '../data/read.js';
import { writeTable } from '../data/write.js';
import { takeRows } from '../data/table.js';
import { randomSplit, systematicSplit } from '../data/split.js';
import { action, integerOption, numberOption } from './action.js';
import { printResult } from './output.js';
import { refuseOverwritingInput } from './common.js';
import { cliErrors } from './messages.js';

interface SplitFlags {
  data: string;
  testFraction: number;
  seed: number;
  systematic?: boolean;
  train: string;
  test: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('split')
    .description('split a CSV into train and test files for a holdout evaluation')
    .requiredOption('--data <file>', 'CSV to split')
    .option('--test-fraction <f>', 'share of rows held out for testing', numberOption('test-fraction'), 0.3)
    .option('--seed <n>', 'random seed', integerOption('seed'), 0)
    .option('--systematic', 'hold out by row index (row i is test when i mod 10 ≥ 7 for 0.3) instead of at random')
    .requiredOption('--train <file>', 'training rows CSV to write')
    .requiredOption('--test <file>', 'test rows CSV to write')
    .option('--json', 'print a summary as JSON')
    .action(action(split));
}

async function split(flags: SplitFlags): Promise<void> {
  if (!(flags.testFraction > 0 && flags.testFraction < 1)) throw cliErrors.badFraction('test-fraction', flags.testFraction);
  refuseOverwritingInput(flags.train, flags.data);
  refuseOverwritingInput(flags.test, flags.data);
  const table = await readTable(flags.data);
  const rows = flags.systematic === true ? systematicSplit(table.nRows, flags.testFraction) : randomSplit(table.nRows, flags.testFraction, flags.seed);
  await writeTable(flags.train, takeRows(table, rows.train));
  await writeTable(flags.test, takeRows(table, rows.test));
  const summary = { train: { file: flags.train, rows: rows.train.length }, test: { file: flags.test, rows: rows.test.length } };
  printResult(flags.json === true, summary, () => `${rows.train.length} rows → ${flags.train}, ${rows.test.length} rows → ${flags.test}`);
}
