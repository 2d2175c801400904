/**
 * The uplift-method half of the conformance suite: every registered method, on
 * every outcome kind it accepts, with two treated arms.
 */
import { describe, expect, it } from 'vitest';
import { createTable, numericColumn, categoricalColumn } from '../../src/data/table.js';
import { upliftMethod, upliftMethodNames } from '../../src/uplift/methods.js';
import { UpliftModel } from '../../src/uplift/model.js';
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
const methodOptionsFor: Record<string, Record<string, unknown>> = { 'uplift-forest': { nEstimators: 6 } };

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
