/**
 * Every scikit-uplift value in ../shared/data/uplift/metric_reference_values.json,
 * to 1e-9, on the 12-row tie case and the three Hillstrom scores; causalml's
 * values where they do not depend on how tied rows are ordered.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { readTable } from '../../src/data/index.js';
import {
  auucScore,
  qiniAucScore,
  qiniCurve,
  qiniScore,
  upliftAtK,
  upliftAucScore,
  upliftCurve,
  weightedAverageUplift,
} from '../../src/metrics/index.js';
import { causalmlGain, causalmlQini, normaliseByLast, sum } from '../../src/metrics/causalmlCurves.js';
import { countsAtCuts } from '../../src/metrics/cumulative.js';
import { stableAscendingOrder } from '../../src/metrics/ranking.js';
import { checkInputs } from '../../src/metrics/validate.js';
import { Random } from '../../src/util/random.js';
import { describeWithShared, sharedPath } from '../helpers/shared.js';

const REFERENCE = 'data/uplift/metric_reference_values.json';
const HILLSTROM = 'data/uplift/hillstrom.csv';

type Case = Record<string, unknown> & { case: string; n: number; n_treat: number; inputs: Record<string, unknown> };

function loadCases(): Case[] {
  // The file writes NaN bare, which JSON.parse rejects.
  const text = readFileSync(sharedPath(REFERENCE), 'utf8').replace(/\bNaN\b/g, 'null');
  return (JSON.parse(text) as { cases: Case[] }).cases;
}

const ref = (c: Case, key: string): number => {
  const v = c[key];
  if (v === undefined) throw new Error(`reference value '${key}' missing in case ${c.case}`);
  return v === null ? NaN : (v as number);
};

function expectReference(got: number, want: number): void {
  if (Number.isNaN(want)) expect(got).toBeNaN();
  else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9);
}

/** Checks every sklift value of a case. */
function checkSklift(c: Case, y: ArrayLike<number>, u: ArrayLike<number>, t: ArrayLike<number>): void {
  expectReference(qiniAucScore(y, u, t), ref(c, 'sklift.qini_auc_score(neg=True)'));
  expectReference(qiniAucScore(y, u, t, { negativeEffect: false }), ref(c, 'sklift.qini_auc_score(neg=False)'));
  expectReference(upliftAucScore(y, u, t), ref(c, 'sklift.uplift_auc_score'));
  expectReference(upliftAtK(y, u, t, { strategy: 'overall', k: 0.3 }), ref(c, 'sklift.uplift_at_k(overall,k=0.3)'));
  expectReference(upliftAtK(y, u, t, { strategy: 'byGroup', k: 0.3 }), ref(c, 'sklift.uplift_at_k(by_group,k=0.3)'));
  expectReference(weightedAverageUplift(y, u, t, { bins: 10 }), ref(c, 'sklift.weighted_average_uplift(overall,bins=10)'));
  const qini = qiniCurve(y, u, t);
  const uplift = upliftCurve(y, u, t);
  expect(qini.x.length).toBe(ref(c, 'sklift.qini_curve: n_points'));
  expect(uplift.x.length).toBe(ref(c, 'sklift.qini_curve: n_points'));
  expect(qini.x.length).toBe(c['n_unique_scores'] as number + 1);
  expect([qini.x[0], qini.y[0], qini.x.at(-1)]).toEqual([0, 0, c.n]);
  expectReference(qini.y.at(-1)!, ref(c, 'sklift.qini_curve: last'));
  expectReference(uplift.y.at(-1)!, ref(c, 'sklift.uplift_curve: last'));
}

describeWithShared('metrics against sklift and causalml: 12-row case with ties', [REFERENCE], () => {
  const c = () => loadCases().find((x) => x.case === 'toy12_with_ties')!;
  const inputs = () => c().inputs as { y: number[]; t: number[]; score: number[] };

  it('reproduces every sklift value (scores, curve points, last points)', () => {
    const { y, t, score } = inputs();
    checkSklift(c(), y, score, t);
  });

  it('reproduces the whole sklift curves (ties cut at the last row of each group)', () => {
    const { y, t, score } = inputs();
    // Hand-derived: ranks 0.9 (rows 6,1,0), 0.7 (7,2), 0.5 (9,8,4,3), 0.1 (11,10,5).
    const q = qiniCurve(y, score, t);
    expect(Array.from(q.x)).toEqual([0, 3, 5, 9, 12]);
    expect(Array.from(q.y)).toEqual([0, 1, 0.5, 1.75, 2]);
    const u = upliftCurve(y, score, t);
    expect(Array.from(u.y).map((v) => Number(v.toFixed(12)))).toEqual([0, 1.5, 0.833333333333, 3.15, 4]);
  });

  it('reproduces causalml auuc_score and qini_score (normalised and not)', () => {
    const { y, t, score } = inputs();
    const cc = c();
    expectReference(auucScore(y, score, t), ref(cc, 'causalml.auuc_score(normalize=True)'));
    expectReference(auucScore(y, score, t, { normalize: false }), ref(cc, 'causalml.auuc_score(normalize=False)'));
    expectReference(qiniScore(y, score, t), ref(cc, 'causalml.qini_score(normalize=True)'));
    expectReference(qiniScore(y, score, t, { normalize: false }), ref(cc, 'causalml.qini_score(normalize=False)'));
  });
});

describeWithShared('metrics against sklift and causalml: Hillstrom, Womens E-Mail vs No E-Mail, visit', [REFERENCE, HILLSTROM], () => {
  let y: Float64Array;
  let t: Float64Array;
  const scores = new Map<string, Float64Array>();
  let cases: Case[];

  beforeAll(async () => {
    cases = loadCases();
    const table = await readTable(sharedPath(HILLSTROM));
    const segment = table.columns.get('segment');
    if (segment?.kind !== 'categorical') throw new Error('segment should be categorical');
    const num = (name: string): Float64Array => {
      const col = table.columns.get(name);
      if (col?.kind !== 'numeric') throw new Error(`${name} should be numeric`);
      return col.values;
    };
    const womensEmail = segment.levels.indexOf('Womens E-Mail');
    const noEmail = segment.levels.indexOf('No E-Mail');
    const rows: number[] = [];
    for (let i = 0; i < table.nRows; i++) {
      const code = segment.codes[i];
      if (code === womensEmail || code === noEmail) rows.push(i);
    }
    const visit = num('visit');
    const history = num('history');
    const recency = num('recency');
    const womens = num('womens');
    y = Float64Array.from(rows, (i) => visit[i]!);
    t = Float64Array.from(rows, (i) => (segment.codes[i] === womensEmail ? 1 : 0));
    scores.set('history', Float64Array.from(rows, (i) => history[i]!));
    scores.set('-recency (12 tied levels)', Float64Array.from(rows, (i) => -recency[i]!));
    scores.set('womens+history/1e4', Float64Array.from(rows, (i) => womens[i]! + history[i]! / 1e4));
  });

  const caseOf = (score: string): Case => cases.find((c) => c.case === `hillstrom_womens_vs_none_visit_score=${score}`)!;

  for (const score of ['history', '-recency (12 tied levels)', 'womens+history/1e4']) {
    it(`score = ${score}: reproduces every sklift value`, () => {
      const c = caseOf(score);
      expect(y.length).toBe(c.n);
      expect(t.reduce((a, b) => a + b, 0)).toBe(c.n_treat);
      checkSklift(c, y, scores.get(score)!, t);
    });

    it(
      `score = ${score}: causalml's own values are NOT reproduced (its unstable sort orders tied scores arbitrarily); ` +
        'asserts the order-free points and that its values lie within the spread of shuffled tie orders',
      () => {
        const c = caseOf(score);
        const u = scores.get(score)!;
        const inputs = checkInputs(y, u, t);
        // 1. At the last row of each tie group the curves do not depend on the order inside the group:
        //    causalml's gain and Qini there equal sklift's uplift and Qini curves.
        const gain = causalmlGain(inputs);
        const qini = causalmlQini(inputs);
        const sq = qiniCurve(y, u, t);
        const su = upliftCurve(y, u, t);
        const counts = countsAtCuts(inputs);
        let compared = 0;
        let worst = 0;
        for (let k = 1; k < counts.size; k++) {
          const rows = counts.rows[k]!;
          const treated = counts.treated[k]!;
          if (treated === 0 || treated === rows) continue; // causalml interpolates while a group is empty
          worst = Math.max(worst, Math.abs(gain[rows]! - su.y[k]!), Math.abs(qini[rows]! - sq.y[k]!));
          compared++;
        }
        expect(worst).toBeLessThan(1e-9);
        expect(compared).toBeGreaterThan(10);
        // 2. causalml's values lie within 4 sd of the values over 40 seeded shuffles of the tied rows.
        const rng = new Random(20261121);
        const samples = { auucN: [] as number[], auuc: [] as number[], qiniN: [] as number[], qini: [] as number[] };
        for (let s = 0; s < 40; s++) {
          const order = shuffledTieOrder(u, rng);
          const g = causalmlGain(inputs, order);
          const q = causalmlQini(inputs, order);
          samples.auuc.push(sum(g) / g.length);
          samples.qini.push(qiniGap(q));
          normaliseByLast(g);
          normaliseByLast(q);
          samples.auucN.push(sum(g) / g.length);
          samples.qiniN.push(qiniGap(q));
        }
        const within = (values: number[], want: number): void => {
          const mean = values.reduce((a, b) => a + b, 0) / values.length;
          const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
          expect(sd).toBeGreaterThan(0); // ties do move the value
          expect(Math.abs(want - mean)).toBeLessThan(4 * sd);
        };
        within(samples.auucN, ref(c, 'causalml.auuc_score(normalize=True)'));
        within(samples.auuc, ref(c, 'causalml.auuc_score(normalize=False)'));
        within(samples.qiniN, ref(c, 'causalml.qini_score(normalize=True)'));
        within(samples.qini, ref(c, 'causalml.qini_score(normalize=False)'));
        // Our deterministic order (ties in input order) is one such order.
        expect(auucScore(y, u, t, { normalize: false })).toBeCloseTo(sum(causalmlGain(inputs)) / (y.length + 1), 9);
      },
    );
  }
});

/** Descending order of u with tied rows in a random order. */
function shuffledTieOrder(u: Float64Array, rng: Random): Uint32Array {
  const perm = rng.permutation(u.length);
  const negated = Float64Array.from(perm, (i) => 0 - u[i]!);
  const order = stableAscendingOrder(negated);
  return Uint32Array.from(order, (j) => perm[j]!);
}

/** causalml's qini_score from a Qini curve over k = 0..n. */
function qiniGap(q: Float64Array): number {
  return (sum(q) - ((q[0]! + q.at(-1)!) * q.length) / 2) / q.length;
}
