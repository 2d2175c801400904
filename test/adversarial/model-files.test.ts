/**
 * Adversarial cases about saving fitted models: no string-size limit (a big
 * forest used to crash in JSON.stringify at save and lose the fit), old JSON
 * model files still load, damaged binary files are named, and a failed write
 * keeps the fit in a rescue file.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, statSync, truncateSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { UpliftModel } from '../../src/uplift/model.js';
import { saveWithRescue, writeModelFile } from '../../src/uplift/model-file.js';
import { tempDir } from '../helpers/cli.js';

const campaign = simulateCampaign({ n: 3000, seed: 11, arms: ['email'] }).table;
const forestSpec = {
  treatment: 'treatment',
  outcome: 'visit',
  exclude: ['id'],
  learner: 'forest',
  learnerOptions: { nEstimators: 20, seed: 3, minSamplesLeaf: 1 }, // fully grown trees: a big model file
};

function scores(model: UpliftModel): number[] {
  return Array.from(model.score(campaign).uplift[0]!);
}

describe('model files have no string-size limit', () => {
  const forest = UpliftModel.fit(campaign, forestSpec);
  const jsonLength = JSON.stringify(forest.toJSON()).length;
  // An artificial limit far below the model's JSON text stands for V8's ~512 MiB string limit.
  const limit = 4096;

  it('a forest whose JSON text exceeds the limit saves and loads bit for bit', async () => {
    expect(jsonLength).toBeGreaterThan(50 * limit);
    const file = join(tempDir(), 'forest.model');
    await forest.save(file, { maxStringLength: limit });
    const loaded = await UpliftModel.load(file);
    expect(scores(loaded)).toEqual(scores(forest));
    // Binary blocks take less room than base64 text.
    expect(statSync(file).size).toBeLessThan(jsonLength);
  });

  it('the size estimate given before writing is within 10 % of the file size', async () => {
    const file = join(tempDir(), 'forest.model');
    await forest.save(file);
    const size = statSync(file).size;
    expect(Math.abs(forest.estimateFileBytes() - size) / size).toBeLessThan(0.1);
  });

  it('old JSON model files (base64 arrays) still load', async () => {
    const file = join(tempDir(), 'old.json');
    writeFileSync(file, `${JSON.stringify(forest.toJSON())}\n`);
    expect(scores(await UpliftModel.load(file))).toEqual(scores(forest));
  });

  it('a model without arrays (logistic) is still written as plain JSON', async () => {
    const logistic = UpliftModel.fit(campaign, { treatment: 'treatment', outcome: 'visit', exclude: ['id'], learner: 'logistic' });
    const file = join(tempDir(), 'm.json');
    await logistic.save(file, { maxStringLength: 256 });
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('liftwise-uplift-model');
    expect(scores(await UpliftModel.load(file))).toEqual(scores(logistic));
  });

  it('a truncated binary model file is named as truncated, not a crash', async () => {
    const file = join(tempDir(), 'forest.model');
    await forest.save(file);
    truncateSync(file, statSync(file).size - 100);
    await expect(UpliftModel.load(file)).rejects.toMatchObject({ code: 'E_MODEL_INVALID', message: expect.stringContaining('truncated') });
  });

  it('a single text value longer than the limit is refused by the writer, never half-written', async () => {
    const dir = tempDir();
    await expect(writeModelFile(join(dir, 'x.json'), { note: 'x'.repeat(5000) }, { maxStringLength: 1000 })).rejects.toThrow(/longer than/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a failed save never loses the fit', () => {
  const model = UpliftModel.fit(campaign, { treatment: 'treatment', outcome: 'visit', exclude: ['id'], learner: 'logistic' });

  it('when the target cannot be written, the model is kept in a rescue file and the error says where', async () => {
    const rescueDir = tempDir();
    const error = await saveWithRescue((f) => model.save(f), join(tempDir(), 'gone', 'model.json'), rescueDir).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'E_MODEL_SAVE_FAILED', exitCode: 1 });
    const [rescued] = readdirSync(rescueDir);
    expect((error as Error).message).toContain(join(rescueDir, rescued!));
    expect(scores(await UpliftModel.load(join(rescueDir, rescued!)))).toEqual(scores(model));
  });

  it('when the rescue fails too, the error says so with both reasons', async () => {
    const error = await saveWithRescue((f) => model.save(f), '/nonexistent-dir-a/model.json', '/nonexistent-dir-b').catch((e: Error) => e);
    expect((error as Error).message).toMatch(/ENOENT.*nor a rescue copy.*ENOENT.*could not be kept/);
  });
});
