/** liftwise score: apply a saved model to a CSV file; one uplift column per treated arm. */
import type { Command } from 'commander';
import { readTable } from '../data/read.js';
import { writeTable } from '../data/write.js';
import { createTable, numericColumn, type Column } from '../data/table.js';
import { requireColumn } from '../data/roles.js';
import { UpliftModel, upliftColumnName } from '../uplift/model.js';
import { checkOutputFile } from '../util/outputs.js';
import { action } from './action.js';
import { printResult } from './output.js';
import { secondsSince } from './common.js';

interface ScoreFlags {
  model: string;
  data: string;
  out: string;
  id?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('score')
    .description('score a CSV file with a saved model: one uplift_<arm> column per treated arm')
    .requiredOption('--model <file>', 'model written by liftwise fit')
    .requiredOption('--data <file>', 'rows to score (CSV with the model\'s feature columns)')
    .requiredOption('--out <file>', 'scores CSV to write')
    .option('--id <column>', 'copy this column to the scores file, to join them back')
    .option('--json', 'print a summary as JSON')
    .action(action(score));
}

async function score(flags: ScoreFlags): Promise<void> {
  await checkOutputFile(flags.out, [flags.data, flags.model]);
  const model = await UpliftModel.load(flags.model);
  // Declare the model's feature kinds so a stray text in a numeric feature is reported with its line.
  // The id column is passed through exactly as written (leading zeros, 'NA', 19-digit ids), unless it is a feature.
  const schema = model.encoder.schema();
  const exactText = flags.id !== undefined && !(flags.id in schema) ? [flags.id] : [];
  const table = await readTable(flags.data, { schema, exactText });
  const start = performance.now();
  const { arms, uplift } = model.score(table);
  const columns: Column[] = [];
  if (flags.id !== undefined) columns.push(requireColumn(table, flags.id, 'id'));
  arms.forEach((arm, k) => columns.push(numericColumn(upliftColumnName(arm), uplift[k]!)));
  await writeTable(flags.out, createTable(columns));
  const summary = { scores: flags.out, rows: table.nRows, arms, seconds: secondsSince(start) };
  printResult(flags.json === true, summary, () => `scored ${table.nRows} rows for ${arms.map((a) => `'${a}'`).join(', ')} → ${flags.out}`);
}
