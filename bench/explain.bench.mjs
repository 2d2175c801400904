// Issue 15 benchmark: `liftwise explain` as a user runs it (whole CLI process, default flags) on the simulated
// campaign (20 000 rows to fit, 7 features), for a model TreeSHAP explains exactly (two-model forest, default
// forest options: 100 trees) and for the default model (S-learner with a boosting classifier, which is sampled),
// and the library's TreeSHAP alone against evaluating the same game by brute force (every coalition, the
// reference of the tests). Checks reported: the largest |base + Σ SHAP − uplift| (exactness), rows per second.
// shap (the Python package) is not installable here (no pip, no Debian package), so there is no peer run.
// Usage: node bench/explain.bench.mjs [--rows 1000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateCampaign, writeTable, UpliftModel, treeShap, takeRows } from '../dist/src/index.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const ROWS = Number(arg('rows', '1000'));
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'liftwise-explain-bench-'));
const data = join(dir, 'campaign.csv');
const c = simulateCampaign({ n: 20000, seed: 21 });
await writeTable(data, c.table);
const run = (args) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`liftwise ${args.join(' ')} failed: ${r.stderr}`);
  return { seconds: (performance.now() - t0) / 1000, stdout: r.stdout };
};
console.log(`load average at start ${loadavg().map((v) => v.toFixed(2)).join(', ')}`);
const rows = Array.from({ length: ROWS }, (_, i) => String(i + 1)).join(',');
console.log('| model | method | units × arms | explain wall s (CLI process) | units per s | largest additivity gap |');
console.log('|---|---|---|---|---|---|');
for (const [label, fitArgs] of [
  ['two-model forest (100 trees per arm)', ['--method', 'two-model', '--learner', 'forest']],
  ['default (S-learner, boosting classifier)', []],
]) {
  const model = join(dir, `${fitArgs.length}.model`);
  run(['fit', '--data', data, '--treatment', 'treatment', '--outcome', 'visit', '--exclude', 'id', '--out', model, '--quiet', ...fitArgs]);
  const out = join(dir, `explain-${fitArgs.length}.csv`);
  const r = run(['explain', '--model', model, '--data', data, '--rows', rows, '--out', out, '--json', '--quiet']);
  const s = JSON.parse(r.stdout);
  console.log(`| ${label} | ${s.method} | ${s.units} × ${s.arms.length} | ${r.seconds.toFixed(2)} | ${(s.units / r.seconds).toFixed(0)} | ${s.additivityGap.toExponential(1)} |`);
}

// The algorithm alone: one forest of 100 trees (the control arm's model), TreeSHAP vs brute force on 20 units.
const train = takeRows(c.table, Int32Array.from({ length: 20000 }, (_, i) => i));
const m = UpliftModel.fit(train, { treatment: 'treatment', outcome: 'visit', exclude: ['id'], method: 'two-model', learner: 'forest' });
const view = m.learner.armModels[0].ensembleView();
const X = m.encoder.transform(takeRows(c.table, Int32Array.from({ length: ROWS }, (_, i) => i)));
let t0 = performance.now();
const shap = treeShap(view, X);
const treeSeconds = (performance.now() - t0) / 1000;
// Brute force: v(S) for all 2^p coalitions by the path rule, p = 7 → 128 tree walks per unit and tree.
const p = X.columns.length;
const b = view.mapper.transform(X);
const t = view.trees;
const bf = (row) => {
  const phi = new Float64Array(p);
  const v = new Float64Array(1 << p);
  for (let mask = 0; mask < 1 << p; mask++) {
    let sum = 0;
    for (const root of t.roots) {
      const walk = (node, w) => {
        const f = t.feature[node];
        if (f < 0) return w * t.value[node];
        if ((mask >> f) & 1) {
          const code = b.codes[row * p + f];
          const fl = t.flags[node];
          let left;
          if (fl & 2) left = ((t.bits[t.split[node] * 8 + (code >>> 5)] >>> (code & 31)) & 1) === 1;
          else if (code === b.nBins[f]) left = (fl & 1) !== 0;
          else left = code <= t.split[node];
          return walk(left ? t.left[node] : t.right[node], w);
        }
        return walk(t.left[node], (w * t.cover[t.left[node]]) / t.cover[node]) + walk(t.right[node], (w * t.cover[t.right[node]]) / t.cover[node]);
      };
      sum += walk(root, view.scale);
    }
    v[mask] = sum;
  }
  const fact = (k) => (k <= 1 ? 1 : k * fact(k - 1));
  for (let j = 0; j < p; j++) {
    for (let mask = 0; mask < 1 << p; mask++) {
      if ((mask >> j) & 1) continue;
      let s = 0;
      for (let q = 0; q < p; q++) s += (mask >> q) & 1;
      phi[j] += ((fact(s) * fact(p - s - 1)) / fact(p)) * (v[mask | (1 << j)] - v[mask]);
    }
  }
  return phi;
};
const BF = 20;
t0 = performance.now();
let worst = 0;
for (let i = 0; i < BF; i++) {
  const phi = bf(i);
  for (let j = 0; j < p; j++) worst = Math.max(worst, Math.abs(phi[j] - shap.values[i * p + j]));
}
const bfSeconds = (performance.now() - t0) / 1000;
console.log(`\nTreeSHAP alone (100-tree forest, ${p} features, ${view.trees.feature.length} nodes): ${ROWS} units in ${treeSeconds.toFixed(2)} s (${((1e3 * treeSeconds) / ROWS).toFixed(2)} ms per unit)`);
console.log(`brute force over all ${1 << p} coalitions: ${BF} units in ${bfSeconds.toFixed(2)} s (${((1e3 * bfSeconds) / BF).toFixed(1)} ms per unit); largest difference from TreeSHAP ${worst.toExponential(1)}`);
console.log(`load average at end ${loadavg().map((v) => v.toFixed(2)).join(', ')}`);
