/** liftwise score: apply a saved model to a CSV file; one uplift column per treated arm. */
import type { Command } from 'commander';
import { readTable } from '../data/read.js';
import { writeTable } from '../data/write.js';
import { cellText, createTable, numericColumn, type Column } from '../data/table.js';
import { requireColumn } from '../data/roles.js';
import { UpliftModel, upliftColumnName } from '../uplift/model.js';
import { checkOutputFile } from '../util/outputs.js';
import { upliftErrors } from '../uplift/messages.js';
import { writeDrawsFile } from '../effects/drawsFile.js';
import { armColumn, type Effects } from '../effects/effects.js';
import { quantileOfSorted } from '../bayes/diagnostics/convergence.js';
import { action, integerOption, listOption, numberOption } from './action.js';
import { printResult, warn } from './output.js';
import { secondsSince } from './common.js';
import { cliErrors } from './messages.js';
import { addShardedScoreOptions, scoreSharded, type ShardedScoreFlags } from './score-sharded.js';
import { scaleErrors } from '../scale/messages.js';

interface ScoreFlags extends ShardedScoreFlags {
  model: string;
  data: string;
  out: string;
  id?: string;
  interval?: number;
  draws?: number;
  drawsOut?: string;
  keep?: string[];
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
    .option('--interval <level>', 'add uplift_<arm>_lower/_upper: equal-tailed interval of the effect draws (bart, bcf, --bootstrap)', numberOption('interval'))
    .option('--draws <n>', 'with --draws-out: effect draws per unit and arm to write', integerOption('draws'))
    .option('--draws-out <file>', 'write the effect draws to this binary draws file (liftwise-draws format)')
    .option('--keep <columns>', "copy these columns too (comma-separated), e.g. segment columns for 'allocate --min-share'", listOption)
    .option('--json', 'print a summary as JSON')
    .action(action(score));
  addShardedScoreOptions(command);
}

async function score(flags: ScoreFlags): Promise<void> {
  if (flags.shards !== undefined) return scoreSharded(flags);
  if (flags.data === undefined) throw scaleErrors.dataOrShards();
  await checkOutputFile(flags.out, [flags.data, flags.model]);
  if (flags.drawsOut !== undefined) await checkOutputFile(flags.drawsOut, [flags.data, flags.model, flags.out]);
  if (flags.interval !== undefined && !(flags.interval > 0 && flags.interval < 1)) throw cliErrors.badFraction('interval', flags.interval);
  if (flags.draws !== undefined && flags.draws < 1) throw cliErrors.badDrawCount(flags.draws);
  if ((flags.draws === undefined) !== (flags.drawsOut === undefined)) throw cliErrors.drawsNeedBoth();
  const model = await UpliftModel.load(flags.model);
  // Declare the model's feature kinds so a stray text in a numeric feature is reported with its line.
  // The id column is passed through exactly as written (leading zeros, 'NA', 19-digit ids), unless it is a feature.
  const schema = model.encoder.schema();
  const exactText = flags.id !== undefined && !(flags.id in schema) ? [flags.id] : [];
  const table = await readTable(flags.data, { schema, exactText });
  const start = performance.now();
  const needDraws = flags.interval !== undefined || flags.draws !== undefined;
  const idColumn = flags.id === undefined ? undefined : requireColumn(table, flags.id, 'id');
  const columns: Column[] = [];
  if (idColumn !== undefined) columns.push(idColumn);
  for (const name of flags.keep ?? []) {
    if (name !== flags.id) columns.push(requireColumn(table, name, 'kept'));
  }
  let warnings: readonly string[] = [];
  let arms: readonly string[];
  let drawCount: number | undefined;
  if (!needDraws) {
    const effects = model.effects(table, { draws: 0 });
    warnings = effects.warnings ?? [];
    for (const w of warnings) warn(w);
    arms = model.treatedArms;
    arms.forEach((arm, j) => columns.push(numericColumn(upliftColumnName(arm), armColumn(effects, j + 1))));
  } else {
    const effects = model.effects(table);
    if (effects.draws === undefined) throw upliftErrors.noDraws(model.learner.method);
    drawCount = effects.draws.count;
    if (flags.draws !== undefined && flags.draws > effects.draws.count) throw upliftErrors.tooFewDraws(flags.draws, effects.draws.count);
    arms = model.treatedArms;
    const K = effects.arms.length;
    arms.forEach((arm, j) => {
      const k = j + 1;
      columns.push(numericColumn(upliftColumnName(arm), Float64Array.from({ length: effects.units }, (_, i) => effects.mean[i * K + k]!)));
      if (flags.interval !== undefined) {
        const [lower, upper] = unitIntervals(effects, k, flags.interval);
        columns.push(numericColumn(`${upliftColumnName(arm)}_lower`, lower), numericColumn(`${upliftColumnName(arm)}_upper`, upper));
      }
    });
    if (flags.drawsOut !== undefined && flags.draws !== undefined) {
      const chosen = thinDraws(effects, flags.draws);
      const ids = idColumn === undefined ? {} : { ids: Array.from({ length: table.nRows }, (_, i) => cellText(idColumn, i)), idColumn: flags.id! };
      await writeDrawsFile(flags.drawsOut, chosen, ids);
    }
  }
  await writeTable(flags.out, createTable(columns));
  const summary = {
    scores: flags.out,
    rows: table.nRows,
    arms,
    ...(drawCount === undefined ? {} : { drawsAvailable: drawCount }),
    ...(flags.interval === undefined ? {} : { interval: flags.interval }),
    ...(flags.drawsOut === undefined ? {} : { drawsFile: flags.drawsOut, drawsWritten: flags.draws }),
    seconds: secondsSince(start),
    warnings,
  };
  printResult(flags.json === true, summary, () =>
    [
      `scored ${table.nRows} rows for ${arms.map((a) => `'${a}'`).join(', ')} → ${flags.out}`,
      ...(flags.drawsOut === undefined ? [] : [`  ${flags.draws} draws per unit and arm → ${flags.drawsOut}`]),
    ].join('\n'),
  );
}

/** Per unit, the equal-tailed interval (type-7 quantiles) of arm k's draws. */
function unitIntervals(effects: Effects, k: number, level: number): [Float64Array, Float64Array] {
  const draws = effects.draws!;
  const n = effects.units;
  const K = effects.arms.length;
  const S = draws.count;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const v = new Float64Array(S);
  const tail = (1 - level) / 2;
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < S; s++) v[s] = draws.values[(s * n + i) * K + k]!;
    v.sort();
    lower[i] = quantileOfSorted(v, tail);
    upper[i] = quantileOfSorted(v, 1 - tail);
  }
  return [lower, upper];
}

/** The effects with N draws evenly spaced among those there are (the mean stays the model's). */
function thinDraws(effects: Effects, N: number): Effects {
  const draws = effects.draws!;
  if (N === draws.count) return effects;
  const block = effects.units * effects.arms.length;
  const values = new Float64Array(N * block);
  for (let s = 0; s < N; s++) {
    const from = Math.floor((s * draws.count) / N);
    values.set(draws.values.subarray(from * block, (from + 1) * block), s * block);
  }
  return { ...effects, draws: { count: N, values, kind: draws.kind } };
}
