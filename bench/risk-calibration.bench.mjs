#!/usr/bin/env node
// Honest plan numbers: selection optimism of point plans and calibration of the plan's 90 % interval, over seeds of a
// simulated campaign with known per-unit effects.
//
// Per seed: n units with true effect τ_i ~ N(0.05, 0.05²) (prior known), measured once as y_i = τ_i + e_i with a
// per-unit standard error se_i ∈ [0.02, 0.12] (small and large cells); cost 1 + U(0, 1), budget 20 % of total cost.
//   point plan      maximises Σ y_i (an unbiased but noisy point estimate, as a point uplift learner gives); its
//                   promised value is Σ y_i over the chosen units, its true value Σ τ_i.
//   posterior plan  maximises Σ posterior mean (conjugate normal: exact posterior draws, kind 'posterior'); its
//                   reported 90 % interval is the 5 %–95 % quantiles of Σ draws over the chosen units (planValue).
// No posterior/bootstrap learner from `score --draws` is used: it had not landed on main at this merge.
//
//   node bench/risk-calibration.bench.mjs [--seeds 20] [--n 2000] [--draws 200]
import os from 'node:os';

const dist = new URL('../dist/', import.meta.url);
const { Random } = await import(new URL('src/util/random.js', dist).href);
const allocate = await import(new URL('src/allocate/index.js', dist).href);
const effectsModule = await import(new URL('src/effects/index.js', dist).href);

const argv = process.argv.slice(2);
const flag = (name, fallback) => { const j = argv.indexOf(`--${name}`); return j < 0 ? fallback : Number(argv[j + 1]); };
const seeds = flag('seeds', 20);
const n = flag('n', 2000);
const S = flag('draws', 200);
const started = performance.now();
const rows = [];
for (let seed = 1; seed <= seeds; seed++) {
  const rng = new Random(1000 + seed);
  const tau = new Float64Array(n);
  const y = new Float64Array(n);
  const postMean = new Float64Array(n);
  const postSd = new Float64Array(n);
  const costs = new Float64Array(n * 2);
  let total = 0;
  for (let i = 0; i < n; i++) {
    tau[i] = 0.05 + 0.05 * rng.normal();
    const se = 0.02 + 0.1 * rng.uniform();
    y[i] = tau[i] + se * rng.normal();
    const precision = 1 / 0.05 ** 2 + 1 / se ** 2;
    postMean[i] = (0.05 / 0.05 ** 2 + y[i] / se ** 2) / precision;
    postSd[i] = Math.sqrt(1 / precision);
    costs[i * 2 + 1] = 1 + rng.uniform();
    total += costs[i * 2 + 1];
  }
  const values = new Float64Array(S * n * 2);
  for (let s = 0; s < S; s++) for (let i = 0; i < n; i++) values[(s * n + i) * 2 + 1] = postMean[i] + postSd[i] * rng.normal();
  const budget = 0.2 * total;
  const pointValues = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) pointValues[i * 2 + 1] = y[i];
  const point = await allocate.solveAllocation({ units: n, arms: 2, values: pointValues, costs, budget });
  const effects = effectsModule.effectsFromDraws(['none', 'offer'], S, values, 'posterior');
  const post = await allocate.solveAllocation({ units: n, arms: 2, values: effects.mean, costs, budget });
  const truthOf = (choice) => choice.reduce((t, a, i) => t + (a > 0 ? tau[i] : 0), 0);
  const v = effectsModule.planValue(effects, post.choice, { level: 0.9 });
  rows.push({ pointPromised: point.objective, pointTrue: truthOf(point.choice), postMean: v.mean, postTrue: truthOf(post.choice), lower: v.interval[0], upper: v.interval[1] });
}
const mean = (f) => rows.reduce((t, r) => t + f(r), 0) / rows.length;
const covered = rows.filter((r) => r.lower <= r.postTrue && r.postTrue <= r.upper).length;
console.log(`${seeds} seeds, n ${n}, ${S} draws, budget 20 % of total cost; ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| plan | promised (mean over seeds) | true (mean over seeds) | promised / true − 1 | 90 % interval covers truth |');
console.log('|---|---|---|---|---|');
console.log(`| point plan (noisy unbiased estimates) | ${mean((r) => r.pointPromised).toFixed(2)} | ${mean((r) => r.pointTrue).toFixed(2)} | ${(100 * (mean((r) => r.pointPromised / r.pointTrue) - 1)).toFixed(1)} % | – (no draws) |`);
console.log(`| posterior plan (conjugate normal draws) | ${mean((r) => r.postMean).toFixed(2)} | ${mean((r) => r.postTrue).toFixed(2)} | ${(100 * (mean((r) => r.postMean / r.postTrue) - 1)).toFixed(1)} % | ${covered} / ${seeds} |`);
console.log(`mean |reported − true| / true of the posterior plan: ${(100 * mean((r) => Math.abs(r.postMean - r.postTrue) / r.postTrue)).toFixed(1)} %`);
