/**
 * Model files written by an earlier build (test/fixtures/saved-models, made by
 * its make.mjs before the learner-contract change) still load, and score to
 * the bits that build recorded: saved models outlive refactors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureMatrix } from '../../src/data/features.js';
import { categoricalColumn, createTable, numericColumn, type Table } from '../../src/data/table.js';
import { learnerFromJSON } from '../../src/learners/registry.js';
import type { LearnerJSON } from '../../src/learners/types.js';
import { UpliftModel } from '../../src/uplift/model.js';

const dir = join(import.meta.dirname, '../fixtures/saved-models');

interface Expected {
  data: Record<string, Record<string, Array<number | string>>>;
  learnerData: Record<string, { X: number[][]; y: number[] }>;
  models: Record<string, { kind: string; arms: string[]; uplift: number[][] }>;
  learners: Record<string, { task: string; prediction: number[] }>;
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;

function tableOf(columns: Record<string, Array<number | string>>): Table {
  return createTable(
    Object.entries(columns).map(([name, values]) =>
      typeof values[0] === 'string' ? categoricalColumn(name, values as string[]) : numericColumn(name, values as number[]),
    ),
  );
}

describe('saved uplift models from an earlier build', () => {
  it.each(Object.keys(expected.models))('%s loads and scores to the recorded bits', async (file) => {
    const recorded = expected.models[file]!;
    const model = await UpliftModel.load(join(dir, 'models', `${file}.model`));
    const scores = model.score(tableOf(expected.data[recorded.kind]!));
    expect(scores.arms).toEqual(recorded.arms);
    expect(scores.uplift.map((c) => Array.from(c))).toEqual(recorded.uplift);
  });
});

describe('saved base learners from an earlier build', () => {
  it.each(Object.keys(expected.learners))('%s loads and predicts the recorded bits', (id) => {
    const recorded = expected.learners[id]!;
    const json = JSON.parse(readFileSync(join(dir, 'learners', `${id}.json`), 'utf8')) as LearnerJSON;
    const data = expected.learnerData[recorded.task]!;
    const X = featureMatrix(data.X.map((c) => Float64Array.from(c)), ['x1', 'x2']);
    expect(Array.from(learnerFromJSON(json).predict(X))).toEqual(recorded.prediction);
  });
});
