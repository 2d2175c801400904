/** liftwise score: apply a saved model to a CSV file; one uplift column per treated arm. */
import type { Command } from 'commander';
import { readTable } from '../data/read.js';
import { writeTable } from '../data/write.js';
import { createTable, numericColumn, type Column } from '../data/table.js';
import { requireColumn } from '../data/roles.js';
import { UpliftModel, upliftColumnName } from '../uplift/model.js';
import { action } from './action.js';
import { printResult } from './output.js';
import { refuseOverwritingInput, secondsSince } from './common.js';
import { addShardedScoreOptions, scoreSharded, type ShardedScoreFlags } from './score-sharded.js';
import { scaleErrors } from '../scale/messages.js';

interface ScoreFlags extends ShardedScoreFlags {
  model: string;
  data: string;
  out: string;
  id?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('score')
    .description('score a CSV file with a saved model: one uplift_<arm> column per treated arm')
    .requiredOption('--model <file>', 'model written by liftwise fit')
    .option('--data <file>', 'rows to score (CSV or Parquet with the model\'s feature columns)')
    .requiredOption('--out <file>', 'scores CSV (or .parquet) to write; with --shards, a new folder for one scores file per shard')
    .option('--id <column>', 'copy this column to the scores file, to join them back')
    .option('--json', 'print a summary as JSON')
    .action(action(score));
  addShardedScoreOptions(command);
}

async function score(flags: ScoreFlags): Promise<void> {
  if (flags.shards !== undefined) return scoreSharded(flags);
  if (flags.data === undefined) throw scaleErrors.dataOrShards();
  refuseOverwritingInput(flags.out, flags.data, flags.model);
  const model = await UpliftModel.load(flags.model);
  // Declare the model's feature kinds so a stray text in a numeric feature is reported with its line.
  const table = await readTable(flags.data, { schema: model.encoder.schema() });
  const start = performance.now();
  const { arms, uplift } = model.score(table);
  const columns: Column[] = [];
  if (flags.id !== undefined) columns.push(requireColumn(table, flags.id, 'id'));
  arms.forEach((arm, k) => columns.push(numericColumn(upliftColumnName(arm), uplift[k]!)));
  await writeTable(flags.out, createTable(columns));
  const summary = { scores: flags.out, rows: table.nRows, arms, seconds: secondsSince(start) };
  printResult(flags.json === true, summary, () => `scored ${table.nRows} rows for ${arms.map((a) => `'${a}'`).join(', ')} → ${flags.out}`);
}
