/**
 * scikit-learn's check_estimator, for every registered learner and task: a new
 * learner is added by registering it and passing this file.
 */
import { describe, expect, it } from 'vitest';
import { featureMatrix } from '../../src/data/features.js';
import { LiftwiseError } from '../../src/errors.js';
import { createLearner, learnerEntry, learnerFromJSON, learnerNames } from '../../src/learners/registry.js';
import type { LearnerTask } from '../../src/learners/types.js';
import { Random } from '../../src/util/random.js';

function data(task: LearnerTask, n = 160, seed = 3) {
  const rng = new Random(seed);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = rng.normal();
    x2[i] = rng.uniform();
    const f = 1.5 * x1[i]! - x2[i]!;
    y[i] = task === 'classification' ? (rng.uniform() < 1 / (1 + Math.exp(-f)) ? 1 : 0) : f + 0.3 * rng.normal();
  }
  return { X: featureMatrix([x1, x2], ['x1', 'x2']), y };
}

/** Small but valid options per learner so the whole file runs in seconds. */
const quick: Record<string, object> = {
  forest: { nEstimators: 8 },
  boosting: { nIterations: 10 },
  'ml-random-forest': { nEstimators: 5 },
};

const cases = learnerNames().flatMap((name) => learnerEntry(name).tasks.map((task) => [name, task] as const));

describe.each(cases)('learner %s (%s)', (name, task) => {
  const options = { ...(quick[name] ?? {}), seed: 11 };
  const { X, y } = data(task);

  it('fit returns this; predict before fit fails with E_NOT_FITTED', () => {
    const learner = createLearner(name, task, options);
    expect(learner.isFitted).toBe(false);
    expect(() => learner.predict(X)).toThrow(expect.objectContaining({ code: 'E_NOT_FITTED' }));
    expect(learner.fit(X, y)).toBe(learner);
    expect(learner.isFitted).toBe(true);
    const p = learner.predict(X);
    expect(p.length).toBe(X.nRows);
    expect(p.every(Number.isFinite)).toBe(true);
    if (task === 'classification') expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('gives the same bits for the same seed, and an unfitted clone with the same options', () => {
    const a = createLearner(name, task, options).fit(X, y).predict(X);
    const b = createLearner(name, task, options).fit(X, y).predict(X);
    expect(b).toEqual(a);
    const fitted = createLearner(name, task, options).fit(X, y);
    const clone = fitted.clone();
    expect(clone.isFitted).toBe(false);
    expect(clone.fit(X, y).predict(X)).toEqual(a);
  });

  it('round-trips through toJSON / fromJSON exactly', () => {
    const learner = createLearner(name, task, options).fit(X, y);
    const copy = learnerFromJSON(JSON.parse(JSON.stringify(learner.toJSON())));
    expect(copy.name).toBe(learner.name);
    expect(copy.task).toBe(task);
    expect(copy.predict(X)).toEqual(learner.predict(X));
  });

  it('rebuilds from its JSON form after a worker thread passed it on (structured clone)', () => {
    // Bootstrap refits come back from worker threads this way; a packed array loses its class on the way.
    const learner = createLearner(name, task, options).fit(X, y);
    expect(learnerFromJSON(structuredClone(learner.toJSON())).predict(X)).toEqual(learner.predict(X));
  });

  it('built by `new` (the entry\'s constructor) and by the registry: the same learner, the same errors', () => {
    const entry = learnerEntry(name);
    const byNew = entry.create({ ...options, task });
    const byRegistry = createLearner(name, task, options);
    expect(byNew.toJSON()).toEqual(byRegistry.toJSON());
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return { code: (e as LiftwiseError).code, message: (e as Error).message, where: (e as LiftwiseError).where };
      }
      return undefined;
    };
    // Predicting before fit: one error, whichever way the learner was made.
    expect(refusal(() => byNew.predict(X))).toEqual(refusal(() => byRegistry.predict(X)));
    expect(refusal(() => byNew.predict(X))?.code).toBe('E_NOT_FITTED');
    // Bad options: the same code, message and path from `new` as from the registry under the learner's own name
    // ('linear' asked for a classifier makes a 'logistic' learner, which names itself).
    const own = byNew.name;
    for (const bad of [{ ...options, noSuchOption: 1 }, { ...options, seed: 'eleven' }, { ...options, seed: 1.5, noSuchOption: true }]) {
      const viaNew = refusal(() => entry.create({ ...bad, task }));
      expect(viaNew?.code).toBe('E_BAD_LEARNER_OPTIONS');
      expect(viaNew).toEqual(refusal(() => createLearner(own, task, bad)));
    }
  });

  it('refuses an unknown option and a wrong type with E_BAD_LEARNER_OPTIONS and the field path', () => {
    const unknown = (() => {
      try {
        createLearner(name, task, { ...options, noSuchOption: 1 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(unknown).toBeInstanceOf(LiftwiseError);
    expect(unknown).toMatchObject({ code: 'E_BAD_LEARNER_OPTIONS', exitCode: 2 });
    expect(() => createLearner(name, task, { ...options, seed: 'eleven' })).toThrow(
      expect.objectContaining({ code: 'E_BAD_LEARNER_OPTIONS', where: { path: ['seed'] } }),
    );
  });
});

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
