/**
 * The uplift-method half of the conformance suite: every registered method, on
 * every outcome kind it accepts, with two treated arms.
 */
import { describe, expect, it } from 'vitest';
import { createTable, numericColumn, categoricalColumn } from '../../src/data/table.js';
import { featureMatrix } from '../../src/data/features.js';
import type { LiftwiseError } from '../../src/errors.js';
import { createUpliftLearner, parseMethodOptions, upliftLearnerFromJSON, upliftMethod, upliftMethodNames } from '../../src/uplift/methods.js';
import { UpliftModel } from '../../src/uplift/model.js';
import { BootstrapUplift } from '../../src/uplift/bootstrap.js';
import type { OutcomeKind } from '../../src/uplift/types.js';
import { Random } from '../../src/util/random.js';

function campaign(kind: OutcomeKind, n = 600, seed = 5) {
  const rng = new Random(seed);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const arm: string[] = [];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = rng.normal();
    x2[i] = rng.uniform();
    const t = rng.int(3);
    arm.push(['control', 'email', 'coupon'][t]!);
    const f = -0.3 + 0.5 * x1[i]! + (t === 1 ? 0.8 * x2[i]! : t === 2 ? 0.6 * (x1[i]! > 0 ? 1 : 0) : 0);
    y[i] = kind === 'binary' ? (rng.uniform() < 1 / (1 + Math.exp(-f)) ? 1 : 0) : f + 0.5 * rng.normal();
  }
  return createTable([numericColumn('x1', x1), numericColumn('x2', x2), categoricalColumn('arm', arm), numericColumn('y', y)]);
}

/** Small but valid settings so that every method fits in well under a second. */
const learnerFor = (method: string) =>
  upliftMethod(method).ownModel === true ? {} : { learner: 'boosting', learnerOptions: { nIterations: 8 } };
const methodOptionsFor: Record<string, Record<string, unknown>> = {
  'uplift-forest': { nEstimators: 6 },
  bart: { trees: 20, chains: 2, warmup: 10, draws: 10, keep: 10 },
  bcf: { trees: 20, treesTau: 10, chains: 2, warmup: 10, draws: 10, keep: 10 },
};

const cases = upliftMethodNames().flatMap((m) =>
  (['binary', 'continuous'] as const).filter((k) => upliftMethod(m).accepts(k)).map((k) => [m, k] as const),
);

describe.each(cases)('uplift method %s (%s outcome)', (method, kind) => {
  const table = campaign(kind);
  const spec = {
    treatment: 'arm',
    outcome: 'y',
    features: ['x1', 'x2'],
    method,
    seed: 9,
    outcomeKind: kind,
    ...learnerFor(method),
    ...(methodOptionsFor[method] === undefined ? {} : { methodOptions: methodOptionsFor[method] }),
  };

  it('scores every treated arm with finite values, the same bits for the same seed, and exactly after toJSON/fromJSON', () => {
    const a = UpliftModel.fit(table, spec);
    expect(a.treatedArms).toEqual(['coupon', 'email']);
    const scores = a.score(table);
    expect(scores.uplift.length).toBe(2);
    for (const column of scores.uplift) {
      expect(column.length).toBe(table.nRows);
      expect(column.every(Number.isFinite)).toBe(true);
    }
    const b = UpliftModel.fit(table, spec);
    expect(b.score(table).uplift).toEqual(scores.uplift);
    const copy = UpliftModel.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(copy.score(table).uplift).toEqual(scores.uplift);
  });

  it('refuses an unknown method option with E_BAD_METHOD_OPTIONS and its path', () => {
    expect(() => UpliftModel.fit(table, { ...spec, methodOptions: { ...(methodOptionsFor[method] ?? {}), noSuchOption: 1 } })).toThrow(
      expect.objectContaining({ code: 'E_BAD_METHOD_OPTIONS', exitCode: 2 }),
    );
  });
});

/** The method learners themselves, on a feature matrix: `new` (the entry's constructor) and the registry alike. */
function matrixData(kind: OutcomeKind, n = 240, seed = 6) {
  const rng = new Random(seed);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const arm = new Int32Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = rng.normal();
    x2[i] = rng.uniform();
    arm[i] = i % 3;
    const f = -0.2 + 0.5 * x1[i]! + (arm[i] === 1 ? 0.8 * x2[i]! : arm[i] === 2 ? 0.4 : 0);
    y[i] = kind === 'binary' ? (rng.uniform() < 1 / (1 + Math.exp(-f)) ? 1 : 0) : f + 0.5 * rng.normal();
  }
  return { X: featureMatrix([x1, x2], ['x1', 'x2']), arm, y };
}

function refusal(f: () => unknown) {
  try {
    f();
  } catch (e) {
    return { code: (e as LiftwiseError).code, message: (e as Error).message, where: (e as LiftwiseError).where };
  }
  return undefined;
}

describe.each(cases)('uplift method %s (%s outcome) built by `new` and by the registry', (method, kind) => {
  const entry = upliftMethod(method);
  const { X, arm, y } = matrixData(kind);
  const base = { name: 'boosting', options: { nIterations: 8 } };
  const own = methodOptionsFor[method] ?? {};
  const armLabels = ['control', 'email', 'coupon'];
  const task = kind === 'binary' ? ('classification' as const) : ('regression' as const);
  const args = { ...(entry.ownModel === true ? {} : { learner: base }), task, seed: 9, armLabels, ...own };
  const byRegistry = () =>
    createUpliftLearner(entry, entry.ownModel === true ? { name: method, options: {} } : base, { seed: 9, outcomeKind: kind, armLabels, options: own });

  it('fit returns this; predict before fit fails alike; the same learner and bits either way; toJSON/fromJSON exact', () => {
    const a = entry.create(args);
    const b = byRegistry();
    expect(a.isFitted).toBe(false);
    expect(refusal(() => a.predictUplift(X))?.code).toBe('E_NOT_FITTED');
    expect(refusal(() => a.predictUplift(X))).toEqual(refusal(() => b.predictUplift(X)));
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(a.fit(X, arm, y)).toBe(a);
    expect(a.isFitted).toBe(true);
    const scores = a.predictUplift(X);
    expect(scores.length).toBe(2);
    expect(b.fit(X, arm, y).predictUplift(X)).toEqual(scores);
    expect(entry.create(args).fit(X, arm, y).predictUplift(X)).toEqual(scores);
    expect(upliftLearnerFromJSON(JSON.parse(JSON.stringify(a.toJSON()))).predictUplift(X)).toEqual(scores);
  });

  it('refuses bad options with the same code, message and path from `new` as from the registry', () => {
    for (const bad of [{ noSuchOption: 1 }, { ...own, noSuchOption: 1, alsoUnknown: 2 }]) {
      const viaNew = refusal(() => entry.create({ ...args, ...bad }));
      expect(viaNew?.code).toBe('E_BAD_METHOD_OPTIONS');
      expect(viaNew).toEqual(refusal(() => parseMethodOptions(entry, { ...own, ...bad })));
    }
    expect(refusal(() => entry.create({ ...args, seed: 1.5 }))).toMatchObject({ code: 'E_BAD_METHOD_OPTIONS', where: { path: ['seed'] } });
    if (entry.ownModel === true) {
      expect(refusal(() => entry.create({ ...args, learner: base }))).toMatchObject({ code: 'E_BAD_METHOD_OPTIONS', where: { path: ['learner'] } });
    } else {
      const { learner: _dropped, ...without } = args as typeof args & { learner?: unknown };
      expect(refusal(() => entry.create(without))).toMatchObject({ code: 'E_BAD_METHOD_OPTIONS', where: { path: ['learner'] } });
    }
  });
});

describe('the registry of uplift methods', () => {
  it('lists every method a model file can name, each with a constructor and a loader', () => {
    expect(upliftMethodNames()).toEqual(['two-model', 'class-transformation', 'transformed-outcome', 's-learner', 'x-learner', 'dr-learner', 'r-learner', 'uplift-forest', 'bart', 'bcf']);
    expect(cases.length).toBe(18);
  });
});

describe('bootstrap (a hidden method: refits of a point method), built by `new` and by the registry', () => {
  const { X, arm, y } = matrixData('continuous', 120);
  const args = { method: 'two-model', learner: { name: 'linear' }, task: 'regression' as const, seed: 3, refits: 4, threads: 1 };

  it('fit returns this; predict before fit fails; the same bits either way and after toJSON/fromJSON', () => {
    const a = new BootstrapUplift(args);
    expect(a.isFitted).toBe(false);
    expect(refusal(() => a.predictEffects(X))?.code).toBe('E_NOT_FITTED');
    expect(a.fit(X, arm, y)).toBe(a);
    const effects = a.predictEffects(X);
    expect(effects.draws?.count).toBe(4);
    const b = upliftMethod('bootstrap').create(args).fit(X, arm, y) as BootstrapUplift;
    expect(b.predictEffects(X)).toEqual(effects);
    const back = upliftLearnerFromJSON(JSON.parse(JSON.stringify(a.toJSON()))) as BootstrapUplift;
    expect(back.predictEffects(X)).toEqual(effects);
  });

  it('refuses bad refits, a posterior method and bad point-method options with their codes', () => {
    expect(refusal(() => new BootstrapUplift({ ...args, refits: 0 }))).toMatchObject({ code: 'E_BAD_METHOD_OPTIONS', where: { path: ['refits'] } });
    expect(refusal(() => new BootstrapUplift({ ...args, method: 'bcf' }))?.code).toBe('E_BOOTSTRAP_POSTERIOR');
    expect(refusal(() => new BootstrapUplift({ ...args, method: 'x-learner', methodOptions: { clip: 2 } }))).toEqual(
      refusal(() => parseMethodOptions(upliftMethod('x-learner'), { clip: 2 })),
    );
  });
});
