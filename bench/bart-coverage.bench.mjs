// Coverage of the average-effect interval over REPS (default 50) seeded replications of a simulated
// campaign with known CATE (test/bart/simulate: five uniform features, μ = 2x₁ + sin(πx₂),
// τ = 0.5 + x₃, assignment confounded through x₁, y = μ + tτ + N(0, 0.5²), n = N (default 200)).
// The truth is the sample's mean CATE. bart and bcf with default settings use the posterior 94 % interval of the training-sample ATE; the bootstrap rows use
// --bootstrap's refits (B = 50) and the 94 % percentile interval of their ATEs.
import os from 'node:os';
import { BayesTreeUplift, BootstrapUplift, TwoModel, createLearner, featureMatrix, Random } from '../dist/src/index.js';
import '../dist/src/uplift/methods.js';

const REPS = Number(process.env.REPS ?? 50);
const N = Number(process.env.N ?? 200);
const LEVEL = 0.94;
// Sampler length: the product's defaults (4 chains × (3 grow-from-root + 50 warm-up + 250 draws)) unless
// CHAINS / WARMUP / DRAWS are set; the run's overrides are printed.
const SAMPLER = Object.fromEntries(
  [
    ['chains', process.env.CHAINS],
    ['warmup', process.env.WARMUP],
    ['draws', process.env.DRAWS],
  ]
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, Number(v)]),
);
const logistic = (v) => 1 / (1 + Math.exp(-v));

function simulate(n, seed) {
  const rng = new Random(seed);
  const cols = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => rng.uniform()));
  const arm = new Int32Array(n);
  const y = new Float64Array(n);
  const cate = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x1 = cols[0][i];
    const mu = 2 * x1 + Math.sin(Math.PI * cols[1][i]);
    const tau = 0.5 + cols[2][i];
    arm[i] = rng.uniform() < logistic(2 * x1 - 1) ? 1 : 0;
    y[i] = mu + arm[i] * tau + 0.5 * rng.normal();
    cate[i] = tau;
  }
  return { X: featureMatrix(cols), arm, y, cate };
}

function bootstrapInterval(model, X) {
  const e = model.predictEffects(X);
  const S = e.draws.count;
  const n = e.units;
  const ates = Float64Array.from({ length: S }, (_, s) => {
    let a = 0;
    for (let i = 0; i < n; i++) a += e.draws.values[(s * n + i) * 2 + 1];
    return a / n;
  }).sort();
  const q = (p) => {
    const h = (S - 1) * p;
    const lo = Math.floor(h);
    return ates[lo] + (h - lo) * ((ates[Math.min(lo + 1, S - 1)] ?? ates[lo]) - ates[lo]);
  };
  return [q((1 - LEVEL) / 2), q(1 - (1 - LEVEL) / 2)];
}

const methods = {
  bart: (d, seed) => {
    const m = new BayesTreeUplift('bart', 'continuous', { seed, ...SAMPLER }).fit(d.X, d.arm, d.y);
    const q = m.summaries.find((s) => s.name.startsWith('ate'));
    return [q.lower, q.upper];
  },
  bcf: (d, seed) => {
    const m = new BayesTreeUplift('bcf', 'continuous', { seed, ...SAMPLER }).fit(d.X, d.arm, d.y);
    const q = m.summaries.find((s) => s.name.startsWith('ate'));
    return [q.lower, q.upper];
  },
  'bootstrap two-model linear (B=50)': (d, seed) => {
    const spec = { method: 'two-model', base: { name: 'linear', options: {} }, context: { seed, outcomeKind: 'continuous', armLabels: ['0', '1'], options: {} }, seed };
    const m = BootstrapUplift.fit(new TwoModel(createLearner('linear', 'regression', { seed })), spec, 50, d.X, d.arm, d.y);
    return bootstrapInterval(m, d.X);
  },
  'bootstrap two-model boosting (B=50)': (d, seed) => {
    const spec = { method: 'two-model', base: { name: 'boosting', options: {} }, context: { seed, outcomeKind: 'continuous', armLabels: ['0', '1'], options: {} }, seed };
    const m = BootstrapUplift.fit(new TwoModel(createLearner('boosting', 'regression', { seed })), spec, 50, d.X, d.arm, d.y);
    return bootstrapInterval(m, d.X);
  },
};

console.log(`REPS=${REPS}, n=${N}, level ${LEVEL}, sampler ${JSON.stringify(SAMPLER)}; load average at start ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
const only = process.env.METHODS?.split(',');
for (const [name, run] of Object.entries(methods)) {
  if (only !== undefined && !only.includes(name)) continue;
  let covered = 0;
  let width = 0;
  const t0 = performance.now();
  for (let r = 0; r < REPS; r++) {
    const d = simulate(N, 1000 + r);
    let truth = 0;
    for (const v of d.cate) truth += v;
    truth /= N;
    const [lo, hi] = run(d, r);
    if (lo <= truth && truth <= hi) covered++;
    width += hi - lo;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`| ${name} | ${covered}/${REPS} = ${((100 * covered) / REPS).toFixed(0)} % | ${(width / REPS).toFixed(3)} | ${(s / REPS).toFixed(1)} |`);
}
console.log(`load average at end ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
