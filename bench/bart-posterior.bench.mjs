// Per-unit and average-effect posterior of bart and bcf on simulated campaigns with known CATE, at the
// product's default sampler: four scenarios (continuous / binary outcome × randomised / confounded
// assignment), N rows (default 1000), five uniform features, μ = 2x₁ + sin(πx₂), τ = 0.5 + x₃,
// confounding through x₁ (P(t = 1) = logistic(2x₁ − 1)); continuous y = μ + tτ + N(0, 0.5²), binary
// P(y = 1) = logistic(μ − 1.5 + tτ) (the CATE is then a probability difference).
// Reports the share of units whose 90 % interval covers the true CATE, √PEHE of the posterior mean, the
// 94 % interval of the sample ATE against the truth, and the fit's seconds. This is the before/after
// check of sampler changes: LIFTWISE_DIST=<path to another build's dist/src/index.js> runs an older
// build on the same data. METHODS=bcf and SCENARIOS=continuous-confounded,... narrow the run.
import os from 'node:os';
import { pathToFileURL } from 'node:url';

const dist = process.env.LIFTWISE_DIST === undefined ? new URL('../dist/src/index.js', import.meta.url).href : pathToFileURL(process.env.LIFTWISE_DIST).href;
const { BayesTreeUplift, featureMatrix, Random } = await import(dist);
const N = Number(process.env.N ?? 1000);
const SEED = Number(process.env.SEED ?? 1);
const methods = (process.env.METHODS ?? 'bcf,bart').split(',');
const scenarios = (process.env.SCENARIOS ?? 'continuous-randomised,continuous-confounded,binary-randomised,binary-confounded').split(',');
const logistic = (v) => 1 / (1 + Math.exp(-v));

function simulate(n, seed, kind, randomised) {
  const rng = new Random(seed);
  const cols = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => rng.uniform()));
  const arm = new Int32Array(n);
  const y = new Float64Array(n);
  const cate = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x1 = cols[0][i];
    const mu = 2 * x1 + Math.sin(Math.PI * cols[1][i]);
    const tau = 0.5 + cols[2][i];
    arm[i] = rng.uniform() < (randomised ? 0.5 : logistic(2 * x1 - 1)) ? 1 : 0;
    if (kind === 'continuous') {
      y[i] = mu + arm[i] * tau + 0.5 * rng.normal();
      cate[i] = tau;
    } else {
      y[i] = rng.uniform() < logistic(mu - 1.5 + arm[i] * tau) ? 1 : 0;
      cate[i] = logistic(mu - 1.5 + tau) - logistic(mu - 1.5);
    }
  }
  return { X: featureMatrix(cols), arm, y, cate };
}

console.log(`n=${N}, seed ${SEED}, ${dist.includes('/dist/') ? dist.slice(dist.lastIndexOf('/', dist.indexOf('/dist/') - 1) + 1) : dist}; load average at start ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
console.log('| scenario | method | units covered by 90 % interval | √PEHE | mean 90 % width | ATE truth | ATE mean | ATE 94 % interval | fit s |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |');
for (const scenario of scenarios) {
  const [kind, assignment] = scenario.split('-');
  const d = simulate(N, SEED, kind, assignment === 'randomised');
  let truth = 0;
  for (const v of d.cate) truth += v;
  truth /= N;
  for (const method of methods) {
    const t0 = performance.now();
    const model = new BayesTreeUplift({ method, task: kind === 'binary' ? 'classification' : 'regression', seed: SEED }).fit(d.X, d.arm, d.y);
    const fit = (performance.now() - t0) / 1000;
    const e = model.predictEffects(d.X);
    const S = e.draws.count;
    let inside = 0;
    let se = 0;
    let width = 0;
    const v = new Float64Array(S);
    for (let i = 0; i < N; i++) {
      for (let s = 0; s < S; s++) v[s] = e.draws.values[(s * N + i) * 2 + 1];
      v.sort();
      const lo = v[Math.floor(0.05 * S)];
      const hi = v[Math.ceil(0.95 * S) - 1];
      if (d.cate[i] >= lo && d.cate[i] <= hi) inside++;
      width += hi - lo;
      se += (e.mean[i * 2 + 1] - d.cate[i]) ** 2;
    }
    const ate = model.summaries.find((q) => q.name.startsWith('ate'));
    console.log(
      `| ${scenario} | ${method} | ${((100 * inside) / N).toFixed(1)} % | ${Math.sqrt(se / N).toFixed(3)} | ${(width / N).toFixed(3)} | ${truth.toFixed(3)} | ${ate.mean.toFixed(3)} | [${ate.lower.toFixed(3)}, ${ate.upper.toFixed(3)}] | ${fit.toFixed(1)} |`,
    );
  }
}
console.log(`load average at end ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
