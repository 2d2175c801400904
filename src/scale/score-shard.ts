/** Scoring one shard: what `liftwise score` does to one file, for the sharded and distributed score. */
import { readTable } from '../data/read.js';
import { writeTable } from '../data/write.js';
import { createTable, numericColumn, type Column } from '../data/table.js';
import { requireColumn } from '../data/roles.js';
import { UpliftModel, upliftColumnName } from '../uplift/model.js';

/** Models already loaded by this process (a worker scores many shards with one model). */
const models = new Map<string, Promise<UpliftModel>>();

export interface ShardScores {
  readonly rows: number;
  readonly arms: string[];
  readonly warnings: string[];
}

/**
 * Scores one shard into `out`: the id column (kept exactly as written), the
 * `keep` columns, then one uplift_<arm> column per treated arm, as `liftwise
 * score` writes for one file.
 */
export async function scoreShard(modelFile: string, file: string, out: string, id: string | undefined, keep: readonly string[] = []): Promise<ShardScores> {
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
  const { arms, uplift, warnings } = loaded.score(table);
  const columns: Column[] = [];
  if (id !== undefined) columns.push(requireColumn(table, id, 'id'));
  for (const name of keep) if (name !== id) columns.push(requireColumn(table, name, 'kept'));
  arms.forEach((arm, k) => columns.push(numericColumn(upliftColumnName(arm), uplift[k]!)));
  await writeTable(out, createTable(columns));
  return { rows: table.nRows, arms: [...arms], warnings: [...warnings] };
}
