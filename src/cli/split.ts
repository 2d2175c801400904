/** liftwise split: write a train and a test CSV from one file (random with a seed, or systematic by row index). */
import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import { randomSplit, systematicSplit } from '../data/split.js';
import { copyRecords, forEachRecord } from '../data/split-file.js';
import { detectDelimiter } from '../data/read.js';
import { dataErrors } from '../data/messages.js';
import { writeTogether } from '../util/atomic.js';
import { checkDistinctOutputs, checkOutputFile } from '../util/outputs.js';
import { action, integerOption, numberOption } from './action.js';
import { printResult } from './output.js';
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
  // Both outputs are checked before anything is read or written.
  await checkDistinctOutputs([
    ['data', flags.data],
    ['train', flags.train],
    ['test', flags.test],
  ]);
  await checkOutputFile(flags.train, [flags.data]);
  await checkOutputFile(flags.test, [flags.data]);
  const rows = await splitCsvFile(flags.data, flags.train, flags.test, {
    testFraction: flags.testFraction,
    seed: flags.seed,
    systematic: flags.systematic === true,
  });
  const summary = { train: { file: flags.train, rows: rows.train }, test: { file: flags.test, rows: rows.test } };
  printResult(flags.json === true, summary, () => `${rows.train} rows → ${flags.train}, ${rows.test} rows → ${flags.test}`);
}

/**
 * Splits a CSV file into train and test files, copying each record exactly as
 * it is (see split-file.ts); both files are written together or not at all.
 *
 * @example
 * await splitCsvFile('campaign.csv', 'out/train.csv', 'out/test.csv', { testFraction: 0.3, seed: 1 });
 * [(await readTable('out/train.csv')).nRows, (await readTable('out/test.csv')).nRows]; // [63, 27]
 */
export async function splitCsvFile(
  data: string,
  train: string,
  test: string,
  options: { testFraction: number; seed: number; systematic?: boolean },
): Promise<{ train: number; test: number }> {
  const delimiter = await detectDelimiter(data);
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) >= 0x80) throw dataErrors.badDelimiter(delimiter, 'split copies records byte for byte and needs an ASCII delimiter');
  const { records } = await forEachRecord(data, delimiter, { header() {}, record() {} });
  const rows = options.systematic === true ? systematicSplit(records, options.testFraction) : randomSplit(records, options.testFraction, options.seed);
  const isTest = new Uint8Array(records);
  for (const r of rows.test) isTest[r] = 1;
  await writeTogether([train, test], async ([trainTemp, testTemp]) => {
    const handles = [await fs.open(trainTemp!, 'w'), await fs.open(testTemp!, 'w')] as const;
    try {
      await copyRecords(data, delimiter, (i) => isTest[i]!, handles);
    } finally {
      for (const h of handles) await h.close();
    }
  });
  return { train: rows.train.length, test: rows.test.length };
}
