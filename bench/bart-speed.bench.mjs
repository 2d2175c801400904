// Fit and scoring time (wall and process CPU seconds, all threads) of bart and bcf at SIZES rows (default 1000,10000,100000) × 20 features,
// continuous outcome, default settings (200 trees (bcf: + 50 effect trees), 4 chains × (3 grow-from-root
// + 50 warm-up + 250 kept sweeps) = 1000 posterior draws, 2 threads), then loading the saved model (JSON text) and
// scoring SCORE_ROWS new rows (default: as many as the fit had) with 200 posterior draws.
// METHODS=bcf limits the methods.
import os from 'node:os';
import { BayesTreeUplift, featureMatrix, upliftLearnerFromJSON } from '../dist/src/index.js';
import { bartSpeedData, FEATURES } from './lib/bart-speed-data.mjs';

const sizes = (process.env.SIZES ?? '1000,10000,100000').split(',').map(Number);
const methods = (process.env.METHODS ?? 'bart,bcf').split(',');
const p = FEATURES;
// WARMUP / DRAWS (per chain) shorten the sampler for a scoring-only measurement; printed when set.
const sampler = {
  ...(process.env.WARMUP === undefined ? {} : { warmup: Number(process.env.WARMUP) }),
  ...(process.env.DRAWS === undefined ? {} : { draws: Number(process.env.DRAWS) }),
};
if (Object.keys(sampler).length > 0) console.log(`sampler override ${JSON.stringify(sampler)}`);
console.log(`load average at start ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
console.log('| method | rows | fit s | fit CPU s | model MB | load s | scored rows | score 200 draws s | score CPU s |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const cpuSeconds = (since) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};
for (const n of sizes) {
  const { cols, arm, y, rng } = bartSpeedData(n);
  const X = featureMatrix(cols);
  for (const method of methods) {
    let c0 = process.cpuUsage();
    let t0 = performance.now();
    const model = new BayesTreeUplift({ method, task: 'regression', seed: 1, ...sampler }).fit(X, arm, y);
    const fit = (performance.now() - t0) / 1000;
    const fitCpu = cpuSeconds(c0);
    const text = JSON.stringify(model.toJSON());
    t0 = performance.now();
    const loaded = upliftLearnerFromJSON(JSON.parse(text));
    const load = (performance.now() - t0) / 1000;
    const m = Number(process.env.SCORE_ROWS ?? n);
    const Xs = featureMatrix(Array.from({ length: p }, () => Float64Array.from({ length: m }, () => rng.uniform())));
    c0 = process.cpuUsage();
    t0 = performance.now();
    const e = loaded.predictEffects(Xs, { draws: 200 });
    const score = (performance.now() - t0) / 1000;
    const scoreCpu = cpuSeconds(c0);
    if (e.draws.count !== 200) throw new Error('expected 200 draws');
    console.log(
      `| ${method} | ${n} | ${fit.toFixed(1)} | ${fitCpu.toFixed(1)} | ${(text.length / 2 ** 20).toFixed(1)} | ${load.toFixed(2)} | ${m} | ${score.toFixed(2)} | ${scoreCpu.toFixed(2)} |`,
    );
    console.log(`load average now ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
  }
}
console.log(`load average at end ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
