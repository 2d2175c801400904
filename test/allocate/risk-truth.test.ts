import { expect, it } from 'vitest';
import { solveRiskAllocation } from '../../src/allocate/riskSolve.js';
import { effectsFromDraws } from '../../src/effects/effects.js';
import { Random } from '../../src/util/random.js';

/**
 * A campaign where a high-mean segment is small and uncertain, with known
 * effects. Per seed: 10 units of segment A share one true effect τ_A drawn
 * from the prior N(0.45, 0.35²) and are measured once with standard error
 * 0.4 (a small pilot); 90 units of segment B have known-ish effects (fixed
 * across seeds, from N(0.3, 0.05²)), measured with standard error 0.02. The
 * posterior is the conjugate normal one (closed form), so its 100 draws are
 * exact posterior draws. Cost 1 per unit, budget 25. Over 40 seeds, the
 * plan's true incremental outcome Σ τ_i x_i is recorded for the mean plan
 * and the cvar:0.1 plan.
 */
function campaign(seed: number) {
  const rng = new Random(seed);
  const nA = 10;
  const n = 100;
  const S = 100;
  const fixed = new Random(99);
  const bTruth = Float64Array.from({ length: n }, () => 0.3 + 0.05 * fixed.normal());
  const truth = new Float64Array(n);
  const postMean = new Float64Array(n);
  const postSd = new Float64Array(n);
  const conjugate = (priorMean: number, priorSd: number, y: number, se: number) => {
    const precision = 1 / priorSd ** 2 + 1 / se ** 2;
    return { mean: (priorMean / priorSd ** 2 + y / se ** 2) / precision, sd: Math.sqrt(1 / precision) };
  };
  const tauA = 0.45 + 0.35 * rng.normal();
  const a = conjugate(0.45, 0.35, tauA + 0.4 * rng.normal(), 0.4);
  for (let i = 0; i < n; i++) {
    if (i < nA) {
      truth[i] = tauA;
      postMean[i] = a.mean;
      postSd[i] = a.sd;
    } else {
      truth[i] = bTruth[i]!;
      const b = conjugate(0.3, 0.05, truth[i]! + 0.02 * rng.normal(), 0.02);
      postMean[i] = b.mean;
      postSd[i] = b.sd;
    }
  }
  const zA = Float64Array.from({ length: S }, () => rng.normal());
  const values = new Float64Array(S * n * 2);
  for (let s = 0; s < S; s++) {
    for (let i = 0; i < n; i++) values[(s * n + i) * 2 + 1] = postMean[i]! + postSd[i]! * (i < nA ? zA[s]! : rng.normal());
  }
  const effects = effectsFromDraws(['none', 'offer'], S, values, 'posterior');
  const costs = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) costs[i * 2 + 1] = 1;
  return { problem: { units: n, arms: 2, values: effects.mean, costs, budget: 25 }, draws: effects.draws!, truth };
}

const trueOutcome = (choice: Int32Array, truth: Float64Array) => choice.reduce((t, a, i) => t + (a > 0 ? truth[i]! : 0), 0);
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const worstDecile = (x: number[]) => mean([...x].sort((a, b) => a - b).slice(0, Math.ceil(x.length / 10)));

it('cvar:0.1 has a higher true worst-decile outcome across seeds than the mean plan, at a cost in mean', async () => {
  const meanPlans: number[] = [];
  const cvarPlans: number[] = [];
  for (let seed = 1; seed <= 40; seed++) {
    const { problem, draws, truth } = campaign(seed);
    const m = await solveRiskAllocation(problem, { draws }, { kind: 'mean' });
    const c = await solveRiskAllocation(problem, { draws }, { kind: 'cvar', alpha: 0.1 }, { mipGap: 1e-3 });
    meanPlans.push(trueOutcome(m.choice, truth));
    cvarPlans.push(trueOutcome(c.choice, truth));
  }
  console.log(`true outcome over 40 seeds: mean plan worst decile ${worstDecile(meanPlans).toFixed(3)}, mean ${mean(meanPlans).toFixed(3)}; cvar:0.1 plan worst decile ${worstDecile(cvarPlans).toFixed(3)}, mean ${mean(cvarPlans).toFixed(3)}`);
  expect(worstDecile(cvarPlans)).toBeGreaterThan(worstDecile(meanPlans) + 2);
  expect(mean(cvarPlans)).toBeLessThan(mean(meanPlans));
  // Measured (seeds 1–40): mean plan worst decile 5.30, mean 10.28; cvar:0.1 plan worst decile 8.93, mean 9.31.
  // The stated cost: cvar:0.1 gives up 9.4 % of the mean plan's average true outcome (asserted: at most 12 %).
  expect(mean(cvarPlans)).toBeGreaterThan(0.88 * mean(meanPlans));
}, 300_000);
