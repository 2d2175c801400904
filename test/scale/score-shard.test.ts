// scoreShard scores in blocks (src/scale/score-shard.ts): timers run between blocks (BullMQ renews a job's lock on
// a timer), progress is reported after each block, and the scores are the same bits as UpliftModel.score on the
// whole file.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readTable } from '../../src/data/read.js';
import { writeTable } from '../../src/data/write.js';
import { createTable, numericColumn } from '../../src/data/table.js';
import { Random } from '../../src/util/random.js';
import { UpliftModel } from '../../src/uplift/model.js';
import { SCORE_BLOCK_ROWS, scoreShard } from '../../src/scale/score-shard.js';
import { cli, tempDir } from '../helpers/cli.js';

describe('scoreShard', () => {
  it('yields to timers between blocks and gives the one-call scores', async () => {
    const dir = tempDir('liftwise-score-shard-');
    const rng = new Random(3);
    const n = 800;
    const x = Array.from({ length: n }, () => rng.normal());
    const t = Array.from({ length: n }, () => rng.int(2));
    const y = x.map((v, i) => (rng.uniform() < 0.3 + (t[i] === 1 && v > 0 ? 0.2 : 0) ? 1 : 0));
    await writeTable(join(dir, 'train.csv'), createTable([numericColumn('x', x), numericColumn('t', t), numericColumn('y', y)]));
    const fit = await cli(['fit', '--data', join(dir, 'train.csv'), '--treatment', 't', '--outcome', 'y', '--method', 'two-model', '--learner', 'forest', '--trees', '5', '--out', join(dir, 'model.json'), '--quiet']);
    expect(fit.code, fit.stderr).toBe(0);
    const rows = 2 * SCORE_BLOCK_ROWS + 7;
    await writeTable(join(dir, 'shard.parquet'), createTable([numericColumn('x', Array.from({ length: rows }, () => rng.normal()))]));

    // A timer set at each progress report must fire before the next block's report.
    const fractions: number[] = [];
    const fired: boolean[] = [];
    let timerFired = true;
    await scoreShard(join(dir, 'model.json'), join(dir, 'shard.parquet'), join(dir, 'scores.parquet'), undefined, {
      onProgress: (fraction) => {
        fractions.push(fraction);
        fired.push(timerFired);
        timerFired = false;
        setTimeout(() => (timerFired = true), 0);
      },
    });
    expect(fractions).toEqual([SCORE_BLOCK_ROWS / rows, (2 * SCORE_BLOCK_ROWS) / rows, 1]);
    expect(fired).toEqual([true, true, true]);

    const model = await UpliftModel.load(join(dir, 'model.json'));
    const whole = model.score(await readTable(join(dir, 'shard.parquet'), { schema: model.encoder.schema() }));
    const scores = await readTable(join(dir, 'scores.parquet'));
    const column = scores.columns.get('uplift_1')!;
    expect(column.kind === 'numeric' && Array.from(column.values)).toEqual(Array.from(whole.uplift[0]!));
  }, 60_000);
});
