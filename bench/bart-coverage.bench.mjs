// Coverage of the average-effect interval over REPS (default 50) seeded replications of a simulated
// campaign with known CATE (test/bart/simulate: five uniform features, μ = 2x₁ + sin(πx₂),
// τ = 0.5 + x₃, assignment confounded through x₁, y = μ + tτ + N(0, 0.5²), n = N (default 200)).
// The truth is the sample's mean CATE. bart and bcf with default settings use the posterior 94 % interval of the training-sample ATE; the bootstrap rows use
// --bootstrap's refits (B = 50) and the 94 % percentile interval of their ATEs.
// Per unit: the share of training units whose true CATE lies in their equal-tailed 90 % interval (posterior draws, or
// the B bootstrap refits' effects), averaged over the replications, with the lowest replication beside it.
// bcf-deep: bcf with the effect-forest prior it uses for 0/1 outcomes (α_τ 0.7, β_τ 2) on this continuous one, the
// measurement behind keeping bcf's 0.25 and 3 for continuous outcomes (TAU_TREE_PRIOR). √PEHE: root mean squared
// error of the posterior (or bootstrap) mean effect against the true CATE over the training units.
// The bootstrap learners are built as `liftwise fit --bootstrap 50` builds them (the method's uplift-context defaults):
// the default S-learner with boosting, two-model boosting and forest, and two-model linear.
import os from 'node:os';
import { BayesTreeUplift, BootstrapUplift, featureMatrix, Random } from '../dist/src/index.js';

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

// 94 % interval of the draws' ATE over the training units, and the share of units whose 90 % interval covers their CATE.
function intervals(e, cate) {
  const S = e.draws.count;
  const n = e.units;
  const K = e.arms.length;
  const q = (sorted, p) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
  };
  const ates = Float64Array.from({ length: S }, (_, s) => {
    let a = 0;
    for (let i = 0; i < n; i++) a += e.draws.values[(s * n + i) * K + 1];
    return a / n;
  }).sort();
  let inside = 0;
  let se = 0;
  const v = new Float64Array(S);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < S; s++) v[s] = e.draws.values[(s * n + i) * K + 1];
    v.sort();
    if (cate[i] >= q(v, 0.05) && cate[i] <= q(v, 0.95)) inside++;
    se += (e.mean[i * K + 1] - cate[i]) ** 2;
  }
  return { ate: [q(ates, (1 - LEVEL) / 2), q(ates, 1 - (1 - LEVEL) / 2)], unit: inside / n, pehe: Math.sqrt(se / n) };
}

function bayes(method, options = {}) {
  return (d, seed) => {
    const m = new BayesTreeUplift({ method, task: 'regression', seed, ...SAMPLER, ...options }).fit(d.X, d.arm, d.y);
    const q = m.summaries.find((s) => s.name.startsWith('ate'));
    const { unit, pehe } = intervals(m.predictEffects(d.X), d.cate);
    return { ate: [q.lower, q.upper], unit, pehe };
  };
}

function bootstrap(method, learner) {
  return (d, seed) => {
    const m = new BootstrapUplift({ method, learner: { name: learner, options: {} }, task: 'regression', seed, armLabels: ['0', '1'], refits: 50 }).fit(d.X, d.arm, d.y);
    return intervals(m.predictEffects(d.X), d.cate);
  };
}

const methods = {
  bart: bayes('bart'),
  bcf: bayes('bcf'),
  // The effect forests' prior of 0/1 outcomes (issue 14) on this continuous outcome.
  'bcf-deep': bayes('bcf', { alphaTau: 0.7, betaTau: 2 }),
  'bootstrap two-model linear (B=50)': bootstrap('two-model', 'linear'),
  'bootstrap s-learner boosting (B=50; the default)': bootstrap('s-learner', 'boosting'),
  'bootstrap two-model boosting (B=50)': bootstrap('two-model', 'boosting'),
  'bootstrap two-model forest (B=50)': bootstrap('two-model', 'forest'),
};

console.log(`REPS=${REPS}, n=${N}, level ${LEVEL}, sampler ${JSON.stringify(SAMPLER)}; load average at start ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
const only = process.env.METHODS?.split(',');
console.log('| method | ATE covered | mean ATE interval width | per-unit 90 % coverage, mean (lowest) | √PEHE of the mean (mean) | s per replication | load |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |');
for (const [name, run] of Object.entries(methods)) {
  if (only !== undefined && !only.includes(name)) continue;
  let covered = 0;
  let width = 0;
  let unit = 0;
  let lowest = 1;
  let pehe = 0;
  const t0 = performance.now();
  for (let r = 0; r < REPS; r++) {
    const d = simulate(N, 1000 + r);
    let truth = 0;
    for (const v of d.cate) truth += v;
    truth /= N;
    const { ate, unit: u, pehe: p } = run(d, r);
    const [lo, hi] = ate;
    if (lo <= truth && truth <= hi) covered++;
    width += hi - lo;
    unit += u;
    lowest = Math.min(lowest, u);
    pehe += p / REPS;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(
    `| ${name} | ${covered}/${REPS} = ${((100 * covered) / REPS).toFixed(0)} % | ${(width / REPS).toFixed(3)} | ${((100 * unit) / REPS).toFixed(1)} % (${(100 * lowest).toFixed(1)} %) | ${pehe.toFixed(3)} | ${(s / REPS).toFixed(1)} | ${os.loadavg()[0].toFixed(1)} |`,
  );
}
console.log(`load average at end ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
