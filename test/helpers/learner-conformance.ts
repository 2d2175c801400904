/**
 * scikit-learn's check_estimator for one registered learner and task: the
 * checks test/learners/conformance.test.ts runs over every registered learner,
 * and test/learners/extension.test.ts over a learner added by a test.
 */
import { expect, it } from 'vitest';
import { featureMatrix } from '../../src/data/features.js';
import { LiftwiseError } from '../../src/errors.js';
import { createLearner, learnerEntry, learnerFromJSON } from '../../src/learners/registry.js';
import type { LearnerTask } from '../../src/learners/types.js';
import { Random } from '../../src/util/random.js';

/** 160 rows of two features and a target that depends on both (0/1 for classification). */
export function data(task: LearnerTask, n = 160, seed = 3) {
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

/** Registers the conformance checks of learner `name` on `task` (call inside a describe block). */
export function learnerConformance(name: string, task: LearnerTask, quickOptions: object = {}): void {
  const options = { ...quickOptions, seed: 11 };
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
}
