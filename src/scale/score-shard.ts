/** Scoring one shard: what `liftwise score` does to one file, for the sharded and distributed score. */
import { readTable } from '../data/read.js';
import { writeTable } from '../data/write.js';
import { createTable, numericColumn, type Column } from '../data/table.js';
import { requireColumn } from '../data/roles.js';
import { UpliftModel, upliftColumnName } from '../uplift/model.js';
import { unseenLevelsWarning, type FeatureMatrix, type UnseenLevels } from '../data/features.js';

/** Models already loaded by this process (a worker scores many shards with one model). */
const models = new Map<string, Promise<UpliftModel>>();

/**
 * Rows scored between two yields to the event loop. A 100-tree forest scores about 10^5 rows per CPU second,
 * so a block is about a quarter of a CPU second: even at a load of 20 on 2 cores a block ends well within
 * BullMQ's lock renewal (every lockDuration/2, 15 s by default), which runs on a timer and so only between blocks.
 * Scoring a 10^6-row shard in one synchronous call held the event loop for minutes at that load, the lock expired
 * and the job was taken as stalled (it needed --lock-seconds 600; test/scale/score-lock.test.ts).
 */
export const SCORE_BLOCK_ROWS = 25_000;

export interface ScoreShardOptions {
  /** Columns copied to the scores file beside the id (kept as read). */
  readonly keep?: readonly string[];
  /** Called after each block of rows with the share of rows scored so far (a worker reports job progress). */
  readonly onProgress?: (fraction: number) => unknown;
}

export interface ShardScores {
  readonly rows: number;
  readonly arms: string[];
  readonly warnings: string[];
}

/**
 * Scores one shard into `out`: the id column (kept exactly as written), the
 * `keep` columns, then one uplift_<arm> column per treated arm, as `liftwise
 * score` writes for one file. The rows are scored in blocks with a yield to
 * the event loop between blocks (SCORE_BLOCK_ROWS): the scores are the same
 * bits as one call over the whole shard, since each row's score depends on
 * that row alone.
 *
 * @example
 * const table = await readTable('campaign.csv');
 * const model = UpliftModel.fit(table, { treatment: 'segment', control: 'No E-Mail', outcome: 'visit',
 *   features: ['recency', 'history', 'channel'], method: 'two-model', learner: 'logistic' });
 * await model.save('shard-model.json');
 * const scored = await scoreShard('shard-model.json', 'campaign.csv', 'out/campaign-scores.parquet', 'id', { keep: ['channel'] });
 * scored.rows; // 90
 * scored.arms; // ['Mens E-Mail', 'Womens E-Mail']
 * (await readTable('out/campaign-scores.parquet')).names; // ['id', 'channel', 'uplift_Mens E-Mail', 'uplift_Womens E-Mail']
 */
export async function scoreShard(modelFile: string, file: string, out: string, id: string | undefined, options: ScoreShardOptions = {}): Promise<ShardScores> {
  let model = models.get(modelFile);
  if (model === undefined) {
    model = UpliftModel.load(modelFile);
    models.set(modelFile, model);
    model.catch(() => models.delete(modelFile));
  }
  const loaded = await model;
  const schema = loaded.encoder.schema();
  // As liftwise score: the id passes through exactly as written (leading zeros, 'NA'), unless it is a feature.
  const exactText = id !== undefined && !(id in schema) ? [id] : [];
  const table = await readTable(file, { schema, exactText });
  // As UpliftModel.score, the learner's prediction taken block by block.
  const unseen: UnseenLevels[] = [];
  const X = loaded.encoder.transform(table, unseen);
  const warnings = unseen.map((u) => unseenLevelsWarning(u, table.source, table.nRows));
  const arms = loaded.treatedArms;
  const uplift = arms.map(() => new Float64Array(table.nRows));
  for (let start = 0; start < table.nRows; start += SCORE_BLOCK_ROWS) {
    const end = Math.min(table.nRows, start + SCORE_BLOCK_ROWS);
    const scores = loaded.learner.predictUplift(rowBlock(X, start, end));
    scores.forEach((column, k) => uplift[k]!.set(column, start));
    await options.onProgress?.(end / table.nRows);
    // A timer, not setImmediate: an immediate resumes in the same loop turn's check phase, before the timers (the
    // lock renewal) get their turn, so they ran only every second block (test/scale/score-shard.test.ts).
    if (end < table.nRows) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const columns: Column[] = [];
  if (id !== undefined) columns.push(requireColumn(table, id, 'id'));
  for (const name of options.keep ?? []) if (name !== id) columns.push(requireColumn(table, name, 'kept'));
  arms.forEach((arm, k) => columns.push(numericColumn(upliftColumnName(arm), uplift[k]!)));
  await writeTable(out, createTable(columns));
  return { rows: table.nRows, arms: [...arms], warnings };
}

/** Rows [start, end) of a feature matrix, without copying. */
function rowBlock(X: FeatureMatrix, start: number, end: number): FeatureMatrix {
  if (start === 0 && end === X.nRows) return X;
  return { ...X, nRows: end - start, columns: X.columns.map((c) => c.subarray(start, end)) };
}
