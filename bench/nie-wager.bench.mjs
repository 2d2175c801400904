// Issue 15 benchmark: the four Nie–Wager setups as causalml's synthetic_data(mode) generates them
// (reimplemented in src/uplift/synthetic.ts), the grid of causalml's docs/examples/benchmark_simulation_studies.ipynb:
// n ∈ {100, 500}, p ∈ {6, 12}, σ ∈ {0.5, 1, 2, 4}, modes 1–4, 20 % test split, PEHE = MSE of the effect on the
// test rows, median over all cells and iterations per mode and learner. Our S/T/X/R/DR learners with a linear and
// with a boosting base, default options (propensity: logistic regression for X/R/DR, as causalml passes its
// logistic e_hat). The rows are i.i.d., so the last 20 % are the test split (causalml shuffles with random_state 111).
// causalml is not installable here (npm and Debian only), so its medians are the published ones, copied below.
// Iterations are the outer loop and every data set's PEHEs are appended to --log (JSON lines), so a run cut short
// still gives medians over whole iterations of the full grid; --from-log prints the table from such a log.
// Usage: node bench/nie-wager.bench.mjs [--iterations 20] [--first 0] [--sizes 100,500] [--bases linear,linear-cv,boosting] [--log FILE] [--from-log FILE,FILE]
import { appendFileSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { nieWagerData, featureMatrix, selectRows, upliftMethod } from '../dist/src/index.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const ITER = Number(arg('iterations', '20'));
const SIZES = arg('sizes', '100,500').split(',').map(Number);
const P = [6, 12];
const SIGMA = [0.5, 1, 2, 4];
const MODES = [1, 2, 3, 4];

// causalml 0.14.0 published medians (Lasso grid n ∈ {100, 500}; XGBoost grid n ∈ {500, 1000}), 100 iterations.
const causalml = {
  'S-Lasso': [0.290226, 1.91161, 1.0, 1.696009],
  'T-Lasso': [0.214197, 1.22995, 2.133935, 1.848652],
  'X-Lasso': [0.213853, 1.257568, 1.910579, 1.826252],
  'R-Lasso': [0.135057, 1.228229, 0.056223, 1.769802],
  'S-XGB': [0.364403, 0.802687, 0.507753, 1.030971],
  'T-XGB': [1.401733, 1.829172, 2.266735, 1.623793],
  'X-XGB': [0.71256, 0.818282, 0.864205, 1.196562],
  'R-XGB': [5.178797, 3.969635, 6.766369, 5.581396],
};

const learners = [];
// --bases linear,linear-cv runs (or, with --from-log, tabulates) only the learners on those bases.
const BASES = arg('bases', 'linear,linear-cv,boosting').split(',');
for (const base of BASES) {
  learners.push({ name: `S-${base}`, method: 's-learner', base, options: {} });
  learners.push({ name: `T-${base}`, method: 'two-model', base, options: {} });
  learners.push({ name: `X-${base}`, method: 'x-learner', base, options: { propensity: 'model' } });
  learners.push({ name: `R-${base}`, method: 'r-learner', base, options: {} });
  learners.push({ name: `DR-${base}`, method: 'dr-learner', base, options: {} });
}

const LOG = arg('log', undefined);
// Run iterations FIRST..FIRST+ITER-1 (to split a long run over processes; logs are merged with --from-log a,b).
const FIRST = Number(arg('first', '0'));
const FROM = arg('from-log', undefined);
const seedOf = (mode, n, p, s, it) => ((mode * 1_000_003 + n * 7919 + p * 131 + Math.round(s * 10) * 17 + it * 104_729) >>> 0);
const pehe = {}; // name -> mode -> []
const seconds = {};
const loadStart = loadavg().map((v) => v.toFixed(2)).join(', ');
const t0 = performance.now();
const cells = MODES.length * SIZES.length * P.length * SIGMA.length * ITER;
let done = 0;
let iterationsDone = 0;
if (FROM !== undefined) {
  const rows = FROM.split(',').flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').map((line) => JSON.parse(line)));
  const perIteration = new Map();
  for (const r of rows) perIteration.set(r.it, (perIteration.get(r.it) ?? 0) + 1);
  // Only whole iterations (every cell of the grid) count: a trailing partial one is left out.
  const whole = new Set([...perIteration].filter(([, c]) => c === cells / ITER).map(([it]) => it));
  for (const r of rows) {
    if (!whole.has(r.it)) continue;
    const wanted = new Set(learners.map((l) => l.name));
    for (const [name, v] of Object.entries(r.pehe)) if (wanted.has(name)) ((pehe[name] ??= {})[r.mode] ??= []).push(v);
    for (const [name, v] of Object.entries(r.seconds)) if (wanted.has(name)) seconds[name] = (seconds[name] ?? 0) + v;
  }
  iterationsDone = whole.size;
}
for (let it = FIRST; it < (FROM === undefined ? FIRST + ITER : 0); it++) {
  for (const mode of MODES) {
    for (const n of SIZES) {
      for (const p of P) {
        for (const sigma of SIGMA) {
          const d = nieWagerData(mode, n, p, sigma, seedOf(mode, n, p, sigma, it));
          const X = featureMatrix(d.X);
          const nTrain = Math.round(0.8 * n);
          const train = Int32Array.from({ length: nTrain }, (_, i) => i);
          const test = Int32Array.from({ length: n - nTrain }, (_, i) => nTrain + i);
          const Xtr = selectRows(X, train);
          const Xte = selectRows(X, test);
          const w = Int32Array.from(train, (i) => d.w[i]);
          const y = Float64Array.from(train, (i) => d.y[i]);
          const row = { it, mode, n, p, sigma, pehe: {}, seconds: {} };
          for (const l of learners) {
            const start = performance.now();
            const m = upliftMethod(l.method).create({ name: l.base }, { seed: it, outcomeKind: 'continuous', armLabels: ['0', '1'], options: l.options });
            m.fit(Xtr, w, y);
            const [u] = m.predictUplift(Xte);
            const sec = (performance.now() - start) / 1000;
            seconds[l.name] = (seconds[l.name] ?? 0) + sec;
            let mse = 0;
            for (let j = 0; j < test.length; j++) mse += (u[j] - d.tau[test[j]]) ** 2;
            ((pehe[l.name] ??= {})[mode] ??= []).push(mse / test.length);
            row.pehe[l.name] = mse / test.length;
            row.seconds[l.name] = sec;
          }
          if (LOG !== undefined) appendFileSync(LOG, `${JSON.stringify(row)}\n`);
          done++;
          if (done % 64 === 0) process.stderr.write(`nie-wager: ${done}/${cells} data sets, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
        }
      }
    }
  }
  iterationsDone = it + 1 - FIRST;
}
const wall = (performance.now() - t0) / 1000;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
};
const f = (v) => v.toFixed(3);
console.log(`Nie–Wager grid: modes 1-4, n ∈ {${SIZES}}, p ∈ {6, 12}, σ ∈ {0.5, 1, 2, 4}, ${iterationsDone} iterations${FROM === undefined ? '' : ` (from ${FROM})`} × ${learners.length} learners`);
console.log(`load average at start: ${loadStart}; at end: ${loadavg().map((v) => v.toFixed(2)).join(', ')}; wall ${wall.toFixed(0)} s`);
console.log('\nMedian PEHE per mode (lower is better)\n');
console.log('| learner | mode 1 | mode 2 | mode 3 | mode 4 | fit+predict s (all cells) |');
console.log('|---|---|---|---|---|---|');
for (const l of learners) console.log(`| liftwise ${l.name} | ${MODES.map((m) => f(median(pehe[l.name][m]))).join(' | ')} | ${seconds[l.name].toFixed(1)} |`);
for (const [name, v] of Object.entries(causalml)) console.log(`| causalml ${name} (published) | ${v.map(f).join(' | ')} | |`);
console.log('\nBest per mode\n');
console.log('| mode | liftwise best | median PEHE | causalml best (published) | median PEHE | ratio |');
console.log('|---|---|---|---|---|---|');
for (const m of MODES) {
  const ours = learners.map((l) => [l.name, median(pehe[l.name][m])]).sort((a, b) => a[1] - b[1])[0];
  const theirs = Object.entries(causalml).map(([k, v]) => [k, v[m - 1]]).sort((a, b) => a[1] - b[1])[0];
  console.log(`| ${m} | ${ours[0]} | ${f(ours[1])} | ${theirs[0]} | ${f(theirs[1])} | ${(ours[1] / theirs[1]).toFixed(2)} |`);
}
