import { describe, expect, it } from 'vitest';
import { UpliftRandomForest, type UpliftRandomForestJSON } from '../../../src/uplift/forest/uplift-forest.js';
import { entropyH, klDivergence, nodeDivergence, normalisation } from '../../../src/uplift/forest/criteria.js';
import { Random } from '../../../src/util/random.js';
import { correlation, matrix, uniformColumns } from '../../learners/trees/sim.js';

/**
 * Five uniform features; baseline P(y=1) = 0.2 + 0.2·x2; the effect of arm a
 * depends on two features: τ1 = 0.3·1[x0 > 0.5]·x1 − 0.05 and, with a second
 * arm, τ2 = 0.25·x1·(1 − x0).
 */
function simulate(n: number, seed: number, arms = 2) {
  const rng = new Random(seed);
  const cols = uniformColumns(n, 5, rng);
  const arm = new Int32Array(n);
  const y = new Float64Array(n);
  const tau = Array.from({ length: arms - 1 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const x0 = cols[0]![i]!;
    const x1 = cols[1]![i]!;
    tau[0]![i] = 0.3 * (x0 > 0.5 ? 1 : 0) * x1 - 0.05;
    if (arms > 2) tau[1]![i] = 0.25 * x1 * (1 - x0);
    arm[i] = rng.int(arms);
    const effect = arm[i] === 0 ? 0 : tau[arm[i]! - 1]![i]!;
    y[i] = rng.bernoulli(0.2 + 0.2 * cols[2]![i]! + effect);
  }
  return { X: matrix(cols), arm, y, tau };
}

describe('UpliftRandomForest', () => {
  const train = simulate(16000, 1);
  const test = simulate(4000, 2);

  for (const criterion of ['KL', 'ED', 'Chi', 'DDP'] as const) {
    it(`recovers an effect that depends on two features with the ${criterion} criterion`, () => {
      const forest = new UpliftRandomForest({ criterion, nEstimators: 20, seed: 3, threads: 1 }).fit(train.X, train.arm, train.y);
      const [uplift] = forest.predictUplift(test.X);
      expect(correlation(uplift!, test.tau[0]!)).toBeGreaterThan(0.85);
    });
  }

  it('returns one uplift column per treated arm, each tracking its own effect', () => {
    const tr = simulate(24000, 4, 3);
    const te = simulate(4000, 5, 3);
    const forest = new UpliftRandomForest({ criterion: 'ED', nEstimators: 20, seed: 1, threads: 1 }).fit(tr.X, tr.arm, tr.y);
    const uplift = forest.predictUplift(te.X);
    expect(uplift.length).toBe(2);
    expect(correlation(uplift[0]!, te.tau[0]!)).toBeGreaterThan(0.8);
    // A smooth product of two features: depth-4 trees approximate it more coarsely.
    expect(correlation(uplift[1]!, te.tau[1]!)).toBeGreaterThan(0.75);
  });

  it('honest trees still recover the effect', () => {
    const forest = new UpliftRandomForest({ honesty: true, nEstimators: 20, seed: 3, threads: 1 }).fit(train.X, train.arm, train.y);
    expect(correlation(forest.predictUplift(test.X)[0]!, test.tau[0]!)).toBeGreaterThan(0.85);
  });

  it('is the same for 1 and 2 threads and round-trips through JSON bit for bit', () => {
    const X = matrix(train.X.columns.map((c) => c.slice(0, 6000)));
    const arm = train.arm.slice(0, 6000);
    const y = train.y.slice(0, 6000);
    arm[7] = -1; // ignored row
    const one = new UpliftRandomForest({ nEstimators: 6, seed: 9, threads: 1 }).fit(X, arm, y);
    const two = new UpliftRandomForest({ nEstimators: 6, seed: 9, threads: 2 }).fit(X, arm, y);
    // The saved forest (bins and trees) is the same; only the thread count in the options differs.
    const forestOf = (f: UpliftRandomForest) => JSON.stringify((f.toJSON().state as UpliftRandomForestJSON).state);
    expect(forestOf(two)).toBe(forestOf(one));
    expect(two.toJSON().options).toEqual({ ...one.toJSON().options, threads: 2 });
    const back = UpliftRandomForest.fromJSON(JSON.parse(JSON.stringify(one.toJSON())));
    expect(Array.from(back.predictUplift(test.X)[0]!)).toEqual(Array.from(one.predictUplift(test.X)[0]!));
  });

  it('refuses DDP with two treated arms, and a non-binary outcome', () => {
    const tr = simulate(500, 6, 3);
    expect(() => new UpliftRandomForest({ criterion: 'DDP' }).fit(tr.X, tr.arm, tr.y)).toThrow(
      expect.objectContaining({ code: 'E_UPLIFT_FOREST_DDP_ARMS' }),
    );
    const y = tr.y.slice();
    y[3] = 2;
    expect(() => new UpliftRandomForest().fit(tr.X, tr.arm, y)).toThrow(expect.objectContaining({ code: 'E_TARGET_NOT_BINARY' }));
  });
});

describe('causalml criteria', () => {
  it('KL, ED, Chi and DDP of a node match their closed forms', () => {
    const p = Float64Array.of(0.2, 0.3, 0.1);
    const kl = (a: number, b: number) => a * Math.log(a / b) + (1 - a) * Math.log((1 - a) / (1 - b));
    expect(nodeDivergence('KL', p, 3)).toBeCloseTo(kl(0.3, 0.2) + kl(0.1, 0.2), 14);
    expect(nodeDivergence('ED', p, 3)).toBeCloseTo(2 * 0.01 + 2 * 0.01, 14);
    expect(nodeDivergence('Chi', p, 3)).toBeCloseTo(2 * (0.01 / 0.2 + 0.01 / 0.8), 14);
    expect(nodeDivergence('DDP', p, 3)).toBeCloseTo(0.1 - 0.1, 14);
    expect(klDivergence(0, 0.5)).toBeCloseTo(Math.log(2), 14);
    expect(klDivergence(0.3, 0)).toBe(0);
  });

  it('the normalisation factor of an even split is the closed form of causalml arr_normI', () => {
    // 100 control and 100 treated rows, half of each on the left: pt_a = pc_a = 50/100.1.
    const q = 50 / 100.1;
    const expected = 0.9 * entropyH(0.5, 0.5) * 0 + 0.1 * entropyH(0.5, 0.5) * 0 + 0.5 * -q * Math.log(q) + 0.5 * -q * Math.log(q) + 0.5;
    expect(normalisation(Float64Array.of(100, 100), Float64Array.of(50, 50), 2)).toBeCloseTo(expected, 14);
  });
});
