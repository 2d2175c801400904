import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { UpliftModel, takeRows, systematicSplit, InputError } from '../../src/index.js';
import { correlation } from '../helpers/stats.js';
import { tempDir, listDir } from '../helpers/cli.js';

/** Held-out true uplift of arm k (1-based) for the test rows. */
function truthFor(c: ReturnType<typeof simulateCampaign>, rows: Int32Array, k = 1): Float64Array {
  const m = c.arms.length - 1;
  return Float64Array.from(rows, (r) => c.trueUplift[r * m + k - 1]!);
}

describe('meta-learners recover a simulated heterogeneous effect', () => {
  const c = simulateCampaign({ n: 40_000, seed: 3 });
  const { train, test } = systematicSplit(c.table.nRows, 0.3);
  const trainTable = takeRows(c.table, train);
  const testTable = takeRows(c.table, test);
  const truth = truthFor(c, test);

  it('two-model with logistic regression: correlation with the true CATE above 0.8', () => {
    const model = UpliftModel.fit(trainTable, { treatment: 'treatment', outcome: 'visit', exclude: ['id'], seed: 1 });
    expect(model.treatedArms).toEqual(['email']);
    expect(correlation(model.score(testTable).uplift[0]!, truth)).toBeGreaterThan(0.8);
  });

  it('class transformation on a 50/50 split: correlation above 0.7 and no warning', () => {
    const model = UpliftModel.fit(trainTable, {
      treatment: 'treatment',
      outcome: 'visit',
      exclude: ['id'],
      method: 'class-transformation',
    });
    expect(model.warnings).toEqual([]);
    expect(correlation(model.score(testTable).uplift[0]!, truth)).toBeGreaterThan(0.7);
  });

  it('class transformation warns on an 85/15 split and names the alternative', () => {
    const skewed = simulateCampaign({ n: 4000, seed: 4, treatedShare: 0.85 });
    const model = UpliftModel.fit(skewed.table, {
      treatment: 'treatment',
      outcome: 'visit',
      exclude: ['id'],
      method: 'class-transformation',
    });
    expect(model.warnings).toHaveLength(1);
    expect(model.warnings[0]).toMatch(/8\d\.\d % of the rows in arm 'email'.*transformed-outcome/);
  });

  it('two-model handles several treated arms, one uplift column each', () => {
    const multi = simulateCampaign({ n: 30_000, seed: 5, arms: ['email', 'sms'] });
    const split = systematicSplit(multi.table.nRows, 0.3);
    const model = UpliftModel.fit(takeRows(multi.table, split.train), { treatment: 'treatment', outcome: 'visit', exclude: ['id'] });
    const { arms, uplift } = model.score(takeRows(multi.table, split.test));
    expect(arms).toEqual(['email', 'sms']);
    expect(correlation(uplift[0]!, truthFor(multi, split.test, 1))).toBeGreaterThan(0.75);
    expect(correlation(uplift[1]!, truthFor(multi, split.test, 2))).toBeGreaterThan(0.75);
  });

  it('two-model over ml-cart trees recovers the effect on a small sample', () => {
    const small = simulateCampaign({ n: 3000, seed: 6 });
    const split = systematicSplit(small.table.nRows, 0.3);
    const model = UpliftModel.fit(takeRows(small.table, split.train), {
      treatment: 'treatment',
      outcome: 'visit',
      exclude: ['id'],
      method: 'two-model',
      learner: 'ml-cart',
      learnerOptions: { maxDepth: 3, minNumSamples: 100 },
    });
    expect(correlation(model.score(takeRows(small.table, split.test)).uplift[0]!, truthFor(small, split.test))).toBeGreaterThan(0.5);
  });
});

describe('model files', () => {
  const c = simulateCampaign({ n: 3000, seed: 7 });
  // Fitted once for the file's tests (ml-random-forest fits slowly); none of them changes it.
  let model: UpliftModel | undefined;
  const fitted = () =>
    (model ??= UpliftModel.fit(c.table, { treatment: 'treatment', outcome: 'visit', exclude: ['id'], method: 'two-model', learner: 'ml-random-forest', learnerOptions: { nEstimators: 5, maxDepth: 3 } }));

  it('save and load give identical scores', async () => {
    const dir = tempDir();
    const file = join(dir, 'model.json');
    const model = fitted();
    await model.save(file);
    expect(listDir(dir)).toEqual(['model.json']);
    const loaded = await UpliftModel.load(file);
    expect(Array.from(loaded.score(c.table).uplift[0]!)).toEqual(Array.from(model.score(c.table).uplift[0]!));
  });

  // One fitted model file for every damaged copy (ml-random-forest fits slowly).
  let savedText: string | undefined;
  async function loadError(mutate: (json: Record<string, unknown>) => unknown, raw?: string): Promise<InputError> {
    const dir = tempDir();
    const file = join(dir, 'model.json');
    if (savedText === undefined) {
      await fitted().save(file);
      savedText = readFileSync(file, 'utf8');
    }
    const json = JSON.parse(savedText) as Record<string, unknown>;
    writeFileSync(file, raw ?? JSON.stringify(mutate(json), null, 1));
    try {
      await UpliftModel.load(file);
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('expected an error');
  }

  it('refuses another format version with a clear message', async () => {
    const e = await loadError((j) => ({ ...j, version: 2 }));
    expect(e.code).toBe('E_MODEL_VERSION');
    expect(e.message).toMatch(/version 2 is not supported; this liftwise reads version 1/);
  });

  it('reports a truncated file as damaged JSON with a line', async () => {
    const e = await loadError((j) => j, '{\n "format": "liftwise-uplift-model",\n "version": 1,\n "treat');
    expect(e.code).toBe('E_MODEL_NOT_JSON');
    expect(e.where.line).toBe(4);
  });

  it('reports a damaged field with its path', async () => {
    const e = await loadError((j) => ({ ...j, treatment: { column: 'treatment', arms: 'control' } }));
    expect(e.code).toBe('E_MODEL_INVALID');
    expect(e.where.path).toEqual(['treatment', 'arms']);
    const e2 = await loadError((j) => ({ ...j, format: 'something-else' }));
    expect(e2.code).toBe('E_MODEL_FORMAT');
    const e3 = await loadError((j) => {
      const model = j.model as { state: { models: Array<{ state: unknown }> } };
      model.state.models[0]!.state = { nFeatures: 'x' };
      return j;
    });
    expect(e3.code).toBe('E_MODEL_INVALID');
    expect(e3.message).toMatch(/damaged/);
  });
});
