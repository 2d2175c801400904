// Issue 3 benchmark: uplift on Hillstrom (Womens E-Mail vs No E-Mail, outcome visit) with our tree
// ensembles, beside scikit-learn in the same run (../shared/peers/sklearn_uplift_hillstrom.py).
// Split: rows of that subset (file order) with index mod 10 < 7 train, the rest test.
// Fit times are the best of REPEATS runs (the machine is shared); Qini AUC is sklift's definition.
// Boosting is also run for seeds 0..4 beside scikit-learn's random_state 0..4 (bench/sklearn-hgb-seeds.py):
// its Qini depends mostly on the seeded early-stopping split.
// Usage: node bench/uplift-hillstrom.bench.mjs [--repeats N]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { readTable, FeatureEncoder, selectRows, qiniAucScore, upliftAtK } from '../dist/src/index.js';
import { RandomForest } from '../dist/src/learners/trees/forest.js';
import { GradientBoosting } from '../dist/src/learners/trees/boosting.js';
import { UpliftRandomForest } from '../dist/src/uplift/forest/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataPath = resolve(here, '..', '..', 'shared', 'data', 'uplift', 'hillstrom.csv');
const peerPath = resolve(here, '..', '..', 'shared', 'peers', 'sklearn_uplift_hillstrom.py');
const seedsPeer = join(here, 'sklearn-hgb-seeds.py');
const repeatsArg = process.argv.indexOf('--repeats');
const REPEATS = repeatsArg > 0 ? Number(process.argv[repeatsArg + 1]) : 3;
if (!existsSync(dataPath)) {
  console.log(`skipped: ${dataPath} not found`);
  process.exit(0);
}

// --- data, encoded like pandas.get_dummies in the peer script ---
const table = await readTable(dataPath);
const segment = table.columns.get('segment');
const keep = [];
for (let i = 0; i < table.nRows; i++) {
  const level = segment.levels[segment.codes[i]];
  if (level === 'Womens E-Mail' || level === 'No E-Mail') keep.push(i);
}
const encoder = FeatureEncoder.fit(table, ['recency', 'history', 'mens', 'womens', 'newbie', 'zip_code', 'channel']);
const X = selectRows(encoder.transform(table), keep);
const visit = table.columns.get('visit').values;
const y = Float64Array.from(keep, (i) => visit[i]);
const t = Float64Array.from(keep, (i) => (segment.levels[segment.codes[i]] === 'Womens E-Mail' ? 1 : 0));
const train = [];
const test = [];
keep.forEach((_, k) => (k % 10 < 7 ? train : test).push(k));
const trainT = train.filter((k) => t[k] === 1);
const trainC = train.filter((k) => t[k] === 0);
const Xtest = selectRows(X, test);
const yTest = Float64Array.from(test, (k) => y[k]);
const tTest = Float64Array.from(test, (k) => t[k]);
const pick = (rows, v) => Float64Array.from(rows, (k) => v[k]);
console.log(`Hillstrom subset: ${keep.length} rows, ${X.columns.length} features; train ${train.length} (${trainT.length} treated), test ${test.length}`);

const score = (u) => ({ qini: qiniAucScore(yTest, u, tTest), at30: upliftAtK(yTest, u, tTest, { k: 0.3, strategy: 'overall' }) });

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const delta = (d) => (Math.abs(d) < 5e-5 ? '0.0000' : d.toFixed(4));
const sd = (xs) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));

function best(fn) {
  let bestS = Infinity;
  let out;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    out = fn();
    bestS = Math.min(bestS, (performance.now() - t0) / 1000);
  }
  return { seconds: bestS, out };
}

const forestOptions = (threads) => ({ nEstimators: 100, maxDepth: 8, minSamplesLeaf: 20, seed: 0, threads });
const boostingOptions = (seed = 0) => ({ nIterations: 100, maxDepth: 6, seed });

function twoModel(make) {
  const mT = make().fit(selectRows(X, trainT), pick(trainT, y));
  const mC = make().fit(selectRows(X, trainC), pick(trainC, y));
  return { mT, mC };
}
const twoModelUplift = ({ mT, mC }) => {
  const pT = mT.predict(Xtest);
  const pC = mC.predict(Xtest);
  return pT.map((v, i) => v - pC[i]);
};
function classTransformation(make) {
  const z = Float64Array.from(train, (k) => (y[k] === t[k] ? 1 : 0));
  return make().fit(selectRows(X, train), z);
}
const ctUplift = (m) => m.predict(Xtest).map((p) => 2 * p - 1);

// --- scikit-learn, same run ---
function runPeer() {
  const runs = [];
  for (let r = 0; r < REPEATS; r++) {
    const p = spawnSync('/usr/bin/python3', [peerPath, dataPath], { encoding: 'utf8' });
    if (p.status !== 0) return { error: (p.stderr || p.error?.message || 'failed').trim().split('\n').pop() };
    runs.push(p.stdout);
  }
  const out = {};
  for (const text of runs) {
    for (const line of text.trim().split('\n')) {
      const m = /^(\w+) (\w+): fit_s=([\d.]+) qini=([-\d.]+) uplift@30=([-\d.]+)/.exec(line);
      if (m === null) continue;
      const key = `${m[1]} ${m[2]}`;
      const prev = out[key];
      const seconds = Number(m[3]);
      out[key] = { seconds: prev === undefined ? seconds : Math.min(prev.seconds, seconds), qini: Number(m[4]), at30: Number(m[5]) };
    }
  }
  return out;
}

const loadStart = loadavg().map((v) => v.toFixed(2)).join(', ');
const rows = [];
const row = (name, seconds, s, extra = '') => rows.push({ name, seconds, qini: s.qini, at30: s.at30, extra });

// Warm-up (JIT, worker start-up) so the timed runs compare steady states.
twoModel(() => new RandomForest({ task: 'classification', ...forestOptions(2) }));
twoModel(() => new GradientBoosting({ task: 'classification', ...boostingOptions() }));

const peer = runPeer();

for (const threads of [1, 2]) {
  const r = best(() => twoModel(() => new RandomForest({ task: 'classification', ...forestOptions(threads) })));
  row(`two-model forest (${threads} thread${threads > 1 ? 's' : ''})`, r.seconds, score(twoModelUplift(r.out)));
}
// Boosting for seeds 0..4; seed 0 is the protocol.
const oursSeeds = [];
for (let seed = 0; seed < 5; seed++) {
  const r = best(() => twoModel(() => new GradientBoosting({ task: 'classification', ...boostingOptions(seed) })));
  oursSeeds.push({ seed, seconds: r.seconds, trees: `${r.out.mT.nTrees}+${r.out.mC.nTrees}`, ...score(twoModelUplift(r.out)) });
}
row('two-model boosting', oursSeeds[0].seconds, oursSeeds[0], `trees ${oursSeeds[0].trees}`);
// scikit-learn's seeds right after ours, so both meet about the same load.
const skSeeds = (() => {
  if (!existsSync(seedsPeer) || peer.error !== undefined) return null;
  const p = spawnSync('/usr/bin/python3', [seedsPeer, dataPath, String(REPEATS)], { encoding: 'utf8' });
  if (p.status !== 0) return { error: p.stderr.trim().split('\n').pop() };
  return JSON.parse(p.stdout.trim().split('\n').pop());
})();

for (const threads of [1, 2]) {
  const r = best(() => classTransformation(() => new RandomForest({ task: 'classification', ...forestOptions(threads) })));
  row(`class transformation forest (${threads} thread${threads > 1 ? 's' : ''})`, r.seconds, score(ctUplift(r.out)));
}
{
  const r = best(() => classTransformation(() => new GradientBoosting({ task: 'classification', ...boostingOptions() })));
  row('class transformation boosting', r.seconds, score(ctUplift(r.out)));
}
// Our uplift random forest (no peer here: causalml is not packaged for this machine).
for (const criterion of ['KL', 'ED', 'Chi', 'DDP']) {
  const arm = new Int32Array(X.nRows).fill(-1);
  for (const k of train) arm[k] = t[k];
  const r = best(() =>
    new UpliftRandomForest({ criterion, nEstimators: 100, maxDepth: 7, minSamplesLeaf: 100, seed: 0 }).fit(X, arm, y),
  );
  row(`uplift forest ${criterion} (100 trees, depth 7 = causalml 8)`, r.seconds, score(r.out.predictUplift(Xtest)[0]));
}

console.log(`\nload average at the start: ${loadStart}; at the end: ${loadavg().map((v) => v.toFixed(2)).join(', ')}`);
console.log('\n| model | fit s (best of ' + REPEATS + ') | Qini AUC | uplift@30% | note |');
console.log('|---|---:|---:|---:|---|');
for (const r of rows) console.log(`| liftwise ${r.name} | ${r.seconds.toFixed(3)} | ${r.qini.toFixed(4)} | ${r.at30.toFixed(4)} | ${r.extra} |`);
if (peer.error !== undefined) console.log(`\nscikit-learn peer not run: ${peer.error} (apt-get install -y python3-sklearn python3-pandas)`);
else {
  for (const [key, v] of Object.entries(peer)) console.log(`| scikit-learn ${key} | ${v.seconds.toFixed(3)} | ${v.qini.toFixed(4)} | ${v.at30.toFixed(4)} | |`);
  const cmp = (ours, theirs) => {
    const o = rows.find((r) => r.name === ours);
    const s = peer[theirs];
    if (o === undefined || s === undefined) return;
    const ok = o.seconds <= s.seconds && o.qini >= s.qini - 0.003;
    console.log(`- ${ours} vs sklearn ${theirs}: time ratio ours/sklearn ${(o.seconds / s.seconds).toFixed(2)}, Qini ${o.qini.toFixed(4)} vs ${s.qini.toFixed(4)} (Δ ${delta(o.qini - s.qini)}) → ${ok ? 'meets' : 'misses'} the issue-3 bar`);
  };
  console.log('');
  cmp('two-model forest (2 threads)', 'two_model rf100');
  cmp('two-model forest (1 thread)', 'two_model rf100');
  cmp('two-model boosting', 'two_model hgb');
  cmp('class transformation forest (2 threads)', 'class_transform rf100');
  cmp('class transformation boosting', 'class_transform hgb');
}
console.log('\nTwo-model boosting by seed (fit s: best of ' + REPEATS + ', after a warm-up fit, both libraries):');
if (skSeeds === null || skSeeds.error !== undefined) console.log(`scikit-learn seeds run failed: ${skSeeds?.error ?? 'peer not available'}`);
else console.log(`scikit-learn ${skSeeds.version}, OpenMP threads ${skSeeds.openmpThreads}`);
console.log('| seed | liftwise fit s | trees | Qini AUC | scikit-learn fit s | trees | Qini AUC | time ratio | Qini Δ |');
console.log('|---:|---:|---|---:|---:|---|---:|---:|---:|');
for (const o of oursSeeds) {
  const s = skSeeds?.seeds?.[o.seed];
  if (s === undefined) console.log(`| ${o.seed} | ${o.seconds.toFixed(3)} | ${o.trees} | ${o.qini.toFixed(4)} | | | | | |`);
  else console.log(`| ${o.seed} | ${o.seconds.toFixed(3)} | ${o.trees} | ${o.qini.toFixed(4)} | ${s.seconds.toFixed(3)} | ${s.trees} | ${s.qini.toFixed(4)} | ${(o.seconds / s.seconds).toFixed(2)} | ${delta(o.qini - s.qini)} |`);
}
const oq = oursSeeds.map((o) => o.qini);
let summary = `| mean (sd) | ${mean(oursSeeds.map((o) => o.seconds)).toFixed(3)} | | ${mean(oq).toFixed(4)} (${sd(oq).toFixed(4)})`;
if (skSeeds?.seeds !== undefined) {
  const sq = skSeeds.seeds.map((s) => s.qini);
  const ratio = mean(oursSeeds.map((o) => o.seconds)) / mean(skSeeds.seeds.map((s) => s.seconds));
  summary += ` | ${mean(skSeeds.seeds.map((s) => s.seconds)).toFixed(3)} | | ${mean(sq).toFixed(4)} (${sd(sq).toFixed(4)}) | ${ratio.toFixed(2)} | ${delta(mean(oq) - mean(sq))} |`;
} else summary += ' | | | | | |';
console.log(summary);
