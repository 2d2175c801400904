/** liftwise score: apply a saved model to a CSV file; one uplift column per treated arm. */
import type { Command } from 'commander';
import { checkOutputFile } from '../data/output-path.js';
import { readTable } from '../data/read.js';
import { writeTable } from '../data/write.js';
import { createTable, numericColumn, type Column } from '../data/table.js';
import { requireColumn } from '../data/roles.js';
import { UpliftModel, upliftColumnName } from '../uplift/model.js';
import { action, listOption } from './action.js';
import { printResult, warn } from './output.js';
import { refuseOverwritingInput, secondsSince } from './common.js';

interface ScoreFlags {
  model: string;
  data: string;
  out: string;
  id?: string;
  keep?: string[];
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
    .option('--keep <columns>', "copy these columns too (comma-separated), e.g. segment columns for 'allocate --min-share'", listOption)
    .option('--json', 'print a summary as JSON')
    .action(action(score));
}

async function score(flags: ScoreFlags): Promise<void> {
  refuseOverwritingInput(flags.out, flags.data, flags.model);
  await checkOutputFile(flags.out);
  const model = await UpliftModel.load(flags.model);
  // Declare the model's feature kinds so a stray text in a numeric feature is reported with its line.
  const table = await readTable(flags.data, { schema: model.encoder.schema() });
  const start = performance.now();
  const { arms, uplift, warnings } = model.score(table);
  const columns: Column[] = [];
  if (flags.id !== undefined) columns.push(requireColumn(table, flags.id, 'id'));
  for (const name of flags.keep ?? []) {
    if (name !== flags.id) columns.push(requireColumn(table, name, 'kept'));
  }
  for (const w of warnings) warn(w);
  arms.forEach((arm, k) => columns.push(numericColumn(upliftColumnName(arm), uplift[k]!)));
  await writeTable(flags.out, createTable(columns));
  const summary = { scores: flags.out, rows: table.nRows, arms, seconds: secondsSince(start), warnings };
  printResult(flags.json === true, summary, () => `scored ${table.nRows} rows for ${arms.map((a) => `'${a}'`).join(', ')} → ${flags.out}`);
}
