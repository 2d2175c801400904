/**
 * A new learner is one module (extension/shrunk-mean.ts) plus its
 * registration: once registered it passes the same conformance checks as the
 * built-in learners, uplift methods take it by name, and `liftwise fit
 * --learner` uses it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { featureMatrix } from '../../src/data/features.js';
import { createLearner, learnerNames, registerLearner } from '../../src/learners/registry.js';
import { TwoModel } from '../../src/uplift/two-model.js';
import { cli, tempDir } from '../helpers/cli.js';
import { learnerConformance } from '../helpers/learner-conformance.js';
import { repoPath } from '../helpers/shared.js';
import { ShrunkMean, shrunkMeanEntry } from './extension/shrunk-mean.js';

const unregister = registerLearner(shrunkMeanEntry);
afterAll(unregister);

describe('a learner added by one module and one registerLearner call', () => {
  it('is listed by the registry, made by name, and checks its options as the built-in learners do', () => {
    expect(learnerNames()).toContain('shrunk-mean');
    expect(createLearner('shrunk-mean', 'regression', { priorWeight: 2 })).toBeInstanceOf(ShrunkMean);
    expect(() => new ShrunkMean({ task: 'regression', priorWeight: -1 })).toThrow(
      expect.objectContaining({ code: 'E_BAD_LEARNER_OPTIONS', where: { path: ['priorWeight'] } }),
    );
  });

  it('gives the closed form: (Σy + k·prior) / (n + k)', () => {
    const X = featureMatrix([Float64Array.of(1, 2, 3, 4)], ['x']);
    const p = new ShrunkMean({ task: 'regression', prior: 10, priorWeight: 1 }).fit(X, Float64Array.of(1, 2, 3, 4)).predict(X);
    expect(Array.from(p)).toEqual([4, 4, 4, 4]); // (10 + 10) / 5
  });

  it('serves an uplift method by name: two-model uplift = difference of the shrunk arm means', () => {
    const X = featureMatrix([Float64Array.of(0, 1, 2, 3, 4, 5)], ['x']);
    const arm = Int32Array.of(0, 0, 0, 1, 1, 1);
    const y = Float64Array.of(1, 2, 3, 4, 6, 8);
    const model = new TwoModel({ learner: { name: 'shrunk-mean', options: { priorWeight: 1 } }, task: 'regression' }).fit(X, arm, y);
    expect(model.predictUplift(X)[0]![0]).toBeCloseTo(18 / 4 - 6 / 4, 12);
  });
});

describe('shrunk-mean (regression) conformance', () => learnerConformance('shrunk-mean', 'regression', { priorWeight: 1 }));
describe('shrunk-mean (classification) conformance', () => learnerConformance('shrunk-mean', 'classification'));

describe('liftwise fit --learner with the added learner', () => {
  it('fits, saves and scores with it', async () => {
    // The CLI runs the built library (dist/), which has its own registry: the learner is registered there too.
    const registry = (await import(pathToFileURL(repoPath('dist/src/learners/registry.js')).href)) as typeof import('../../src/learners/registry.js');
    const undo = registry.registerLearner(shrunkMeanEntry);
    try {
      const dir = tempDir();
      const rows = ['x,arm,y'];
      const ys = [
        [1, 2, 3],
        [4, 6, 8],
      ];
      ys.forEach((values, a) => values.forEach((v, i) => rows.push(`${i},${a === 0 ? 'control' : 'promo'},${v}`)));
      writeFileSync(join(dir, 'data.csv'), `${rows.join('\n')}\n`);
      writeFileSync(join(dir, 'options.json'), JSON.stringify({ priorWeight: 1 }));
      const common = ['--data', join(dir, 'data.csv'), '--quiet'];
      const fit = await cli(['fit', ...common, '--treatment', 'arm', '--control', 'control', '--outcome', 'y', '--method', 'two-model', '--learner', 'shrunk-mean', '--options', join(dir, 'options.json'), '--out', join(dir, 'model.json')]);
      expect(fit.code, fit.stderr).toBe(0);
      const score = await cli(['score', ...common, '--model', join(dir, 'model.json'), '--out', join(dir, 'scores.csv')]);
      expect(score.code, score.stderr).toBe(0);
      const [header, first] = readFileSync(join(dir, 'scores.csv'), 'utf8').split('\n');
      expect(header).toBe('uplift_promo');
      expect(Number(first)).toBeCloseTo(18 / 4 - 6 / 4, 12);
      const bad = await cli(['fit', ...common, '--treatment', 'arm', '--outcome', 'y', '--learner', 'shrunk-mean', '--options', join(dir, 'model.json'), '--out', join(dir, 'other.json')]);
      expect(bad.code).toBe(2);
    } finally {
      undo();
    }
  });
});
