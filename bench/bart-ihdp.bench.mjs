// IHDP (Hill 2011), the public replications in causalml's docs/examples/data (ihdp_npci_1..9.csv:
// treatment, y_factual, y_cfactual, mu0, mu1, x1..x25; no header). Replications 1-3 are in
// bench/data/ihdp (Apache-2.0, see its README); point IHDP_DIR at a folder holding all nine
// (default ../shared/data/ihdp, then bench/data/ihdp). Within-sample √PEHE and |ATE error| against μ1 − μ0 for bart,
// bcf (defaults: 4 chains × (3 grow-from-root + 50 warm-up + 250 draws)), the two-model forest and boosting, and
// scikit-learn T-learners run by bench/sklearn-ihdp.py in the same run; bcf-deep is bcf with the effect-forest prior
// of 0/1 outcomes (α_τ 0.7, β_τ 2) on this continuous one. METHODS=bcf,bcf-deep runs only those rows, without the peer.
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { BayesTreeUplift, TwoModel, featureMatrix } from '../dist/src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = join(here, '..', '..', 'shared', 'data', 'ihdp');
const dir = resolve(process.env.IHDP_DIR ?? (existsSync(shared) ? shared : join(here, 'data', 'ihdp')));
const files = Array.from({ length: 9 }, (_, i) => join(dir, `ihdp_npci_${i + 1}.csv`)).filter((f) => existsSync(f));
if (files.length === 0) {
  console.log(`skipped: no ihdp_npci_*.csv in ${dir} (set IHDP_DIR)`);
  process.exit(0);
}
console.log(`load average at start: ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);

function read(file) {
  const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(',').map(Number));
  const n = rows.length;
  const col = (j) => Float64Array.from(rows, (r) => r[j]);
  const arm = Int32Array.from(rows, (r) => r[0]);
  const y = col(1);
  const tau = Float64Array.from(rows, (r) => r[4] - r[3]);
  const X = featureMatrix(Array.from({ length: 25 }, (_, j) => col(5 + j)), Array.from({ length: 25 }, (_, j) => `x${j + 1}`));
  return { n, arm, y, tau, X };
}

function score(est, tau) {
  let se = 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < tau.length; i++) {
    se += (est[i] - tau[i]) ** 2;
    a += est[i];
    b += tau[i];
  }
  return { pehe: Math.sqrt(se / tau.length), ateErr: Math.abs(a - b) / tau.length };
}

const methods = {
  bart: (d) => new BayesTreeUplift({ method: 'bart', task: 'regression', seed: 1 }).fit(d.X, d.arm, d.y),
  bcf: (d) => new BayesTreeUplift({ method: 'bcf', task: 'regression', seed: 1 }).fit(d.X, d.arm, d.y),
  // bcf with the effect-forest prior of 0/1 outcomes (issue 14: α_τ 0.7, β_τ 2) on this continuous outcome.
  'bcf-deep': (d) => new BayesTreeUplift({ method: 'bcf', task: 'regression', seed: 1, alphaTau: 0.7, betaTau: 2 }).fit(d.X, d.arm, d.y),
  // The learners' standalone defaults, as this benchmark has always used (an uplift method's defaults are gentler).
  'two-model forest': (d) =>
    new TwoModel({ learner: { name: 'forest', options: { minSamplesLeaf: 1, maxFeatures: 'all' } }, task: 'regression', seed: 1 }).fit(d.X, d.arm, d.y),
  'two-model boosting': (d) =>
    new TwoModel({ learner: { name: 'boosting', options: { learningRate: 0.1, nIterations: 100, maxLeaves: 31, minSamplesLeaf: 20 } }, task: 'regression', seed: 1 }).fit(d.X, d.arm, d.y),
};
// METHODS=bcf,bcf-deep: only those rows (and no scikit-learn peer).
const only = process.env.METHODS?.split(',');
const results = {};
for (const file of files) {
  const d = read(file);
  for (const [name, fitMethod] of Object.entries(methods)) {
    if (only !== undefined && !only.includes(name)) continue;
    const t0 = performance.now();
    const model = fitMethod(d);
    const est = model.predictUplift(d.X)[0];
    const s = score(est, d.tau);
    const seconds = (performance.now() - t0) / 1000;
    let covered = null;
    if (model instanceof BayesTreeUplift) {
      const q = model.summaries.find((x) => x.name.startsWith('ate'));
      let truth = 0;
      for (const v of d.tau) truth += v;
      truth /= d.n;
      covered = q.lower <= truth && truth <= q.upper;
    }
    (results[name] ??= []).push({ ...s, seconds, covered });
    console.log(`${file.split('/').pop()}  ${name.padEnd(20)} √PEHE ${s.pehe.toFixed(3)}  |ATE err| ${s.ateErr.toFixed(3)}  ${seconds.toFixed(1)} s${covered === null ? '' : `  94% ATE interval covers: ${covered}`}`);
  }
}
// One thread for the peer too: scikit-learn's OpenMP would otherwise start a thread per core.
const py = only !== undefined ? { status: 0, stdout: '' } : spawnSync('/usr/bin/python3', [join(here, 'sklearn-ihdp.py'), ...files], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
if (py.status === 0) {
  for (const line of py.stdout.trim().split('\n').filter((l) => l !== '')) {
    const r = JSON.parse(line);
    (results[r.method] ??= []).push({ pehe: r.pehe, ateErr: r.ateErr, seconds: r.seconds, covered: null });
  }
} else console.log(`scikit-learn peer failed: ${py.stderr.trim().split('\n').pop()}`);
console.log(`\n| method | mean √PEHE | median √PEHE | mean abs ATE error | s per replication | 94% ATE interval covers |\n| --- | ---: | ---: | ---: | ---: | ---: |`);
for (const [name, rs] of Object.entries(results)) {
  const m = (k) => rs.reduce((s, r) => s + r[k], 0) / rs.length;
  const cov = rs[0].covered === null ? '—' : `${rs.filter((r) => r.covered).length}/${rs.length}`;
  const sorted = rs.map((r) => r.pehe).sort((a, b) => a - b);
  const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  console.log(`| ${name} | ${m('pehe').toFixed(3)} | ${median.toFixed(3)} | ${m('ateErr').toFixed(3)} | ${m('seconds').toFixed(1)} | ${cov} |`);
}
console.log(`load average at end: ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}; replications: ${files.length}`);
