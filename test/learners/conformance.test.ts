/**
 * scikit-learn's check_estimator, for every registered learner and task: a new
 * learner is added by registering it and passing this file.
 */
import { describe, expect, it } from 'vitest';
import { createLearner, learnerEntry, learnerNames } from '../../src/learners/registry.js';
import { learnerConformance } from '../helpers/learner-conformance.js';

/** Small but valid options per learner so the whole file runs in seconds. */
const quick: Record<string, object> = {
  forest: { nEstimators: 8 },
  boosting: { nIterations: 10 },
  'ml-random-forest': { nEstimators: 5 },
};

const cases = learnerNames().flatMap((name) => learnerEntry(name).tasks.map((task) => [name, task] as const));

describe.each(cases)('learner %s (%s)', (name, task) => learnerConformance(name, task, quick[name]));

describe('options checked alike through the registry and through `new`', () => {
  it('refuses a negative penalty or rate with the same code either way', async () => {
    const { LogisticRegression, RidgeRegression } = await import('../../src/learners/linear.js');
    const { GradientBoosting } = await import('../../src/learners/trees/boosting.js');
    const refusals = [
      () => new LogisticRegression({ l2: -5 }),
      () => new RidgeRegression({ maxIter: 0 }),
      () => new GradientBoosting({ task: 'regression', learningRate: -1 }),
      () => createLearner('logistic', 'classification', { l2: -5 }),
      () => createLearner('boosting', 'regression', { learningRate: -1 }),
    ];
    for (const f of refusals) expect(f).toThrow(expect.objectContaining({ code: 'E_BAD_LEARNER_OPTIONS', exitCode: 2 }));
  });
});

describe('options that liftwise itself adds', () => {
  // makeLearner adds the uplift defaults without a second check (so a fit with
  // no user options does not load zod): they must pass the same schemas.
  it('every uplift default passes its learner schema', async () => {
    const { UPLIFT_LEARNER_DEFAULTS } = await import('../../src/uplift/learner-defaults.js');
    const names = Object.keys(UPLIFT_LEARNER_DEFAULTS);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const parsed = learnerEntry(name).options().safeParse({ ...UPLIFT_LEARNER_DEFAULTS[name], seed: 7 });
      expect(parsed.success, name).toBe(true);
    }
  });

  it('names every bad option, not only the first, with the first one as the location', () => {
    let error: unknown;
    try {
      createLearner('boosting', 'regression', { learningRate: -1, nIterations: 2.5, noSuchOption: true });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'E_BAD_LEARNER_OPTIONS', where: { path: ['nIterations'] } });
    const message = (error as Error).message;
    expect(message).toContain('learningRate');
    expect(message).toContain('noSuchOption');
  });
});
