/** Scoring one shard: what `liftwise score` does to one file, for the sharded and distributed score. */
import { readTable } from '../data/read.js';
import { writeTable } from '../data/write.js';
import { createTable, numericColumn, type Column } from '../data/table.js';
import { requireColumn } from '../data/roles.js';
import { UpliftModel, upliftColumnName } from '../uplift/model.js';

/** Models already loaded by this process (a worker scores many shards with one model). */
const models = new Map<string, Promise<UpliftModel>>();

export async function scoreShard(modelFile: string, file: string, out: string, id: string | undefined): Promise<{ rows: number; arms: string[] }> {
  let model = models.get(modelFile);
  if (model === undefined) {
    model = UpliftModel.load(modelFile);
    models.set(modelFile, model);
    model.catch(() => models.delete(modelFile));
  }
  const loaded = await model;
  const table = await readTable(file, { schema: loaded.encoder.schema() });
  const { arms, uplift } = loaded.score(table);
  const columns: Column[] = [];
  if (id !== undefined) columns.push(requireColumn(table, id, 'id'));
  arms.forEach((arm, k) => columns.push(numericColumn(upliftColumnName(arm), uplift[k]!)));
  await writeTable(out, createTable(columns));
  return { rows: table.nRows, arms: [...arms] };
}
