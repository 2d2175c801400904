// Uplift metrics on 10^6 rows: time of each liftwise metric (median of 5 runs),
// and, as the peer, scikit-uplift's qini_auc_score algorithm written in numpy
// (sklift itself is numpy code; the PyPI registry is not reachable here, so
// sklift cannot be installed). Both compute the same value, printed side by side.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  auucScore,
  qiniAucScore,
  qiniCurve,
  upliftAtK,
  upliftAucScore,
  weightedAverageUplift,
} from '../dist/src/metrics/index.js';
import { Random } from '../dist/src/util/random.js';

const n = 1_000_000;
const rng = new Random(2026);
const t = new Float64Array(n);
const y = new Float64Array(n);
const continuous = new Float64Array(n);
const tied = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const x = rng.normal();
  t[i] = rng.bernoulli(0.5);
  y[i] = rng.bernoulli(0.1 + t[i] * 0.05 * (1 + Math.tanh(x)));
  continuous[i] = x + 0.5 * rng.normal();
  tied[i] = Math.round(continuous[i] * 100) / 100; // about 1,000 distinct scores
}

function median(fn) {
  const times = [];
  let value;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    value = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[2], value };
}

const results = [];
for (const [label, u] of [['continuous', continuous], ['ties', tied]]) {
  const rows = {
    qiniCurve: median(() => qiniCurve(y, u, t).x.length),
    qiniAucScore: median(() => qiniAucScore(y, u, t)),
    upliftAucScore: median(() => upliftAucScore(y, u, t)),
    'upliftAtK(0.3)': median(() => upliftAtK(y, u, t, { strategy: 'overall', k: 0.3 })),
    weightedAverageUplift: median(() => weightedAverageUplift(y, u, t)),
    'auucScore (causalml)': median(() => auucScore(y, u, t)),
  };
  for (const [name, r] of Object.entries(rows)) results.push({ scores: label, metric: name, ms: r.ms, value: r.value });
}

console.log(`n = ${n.toLocaleString('en')} rows; liftwise, median of 5 runs`);
console.log('| scores | metric | ms | value |');
console.log('| --- | --- | ---: | ---: |');
for (const r of results) console.log(`| ${r.scores} | ${r.metric} | ${r.ms.toFixed(0)} | ${Number(r.value).toPrecision(10)} |`);

// Peer: sklift's qini_auc_score algorithm in numpy, on the same arrays.
const dir = mkdtempSync(join(tmpdir(), 'liftwise-bench-'));
try {
  for (const [name, a] of [['y', y], ['t', t], ['continuous', continuous], ['ties', tied]]) {
    writeFileSync(join(dir, `${name}.f64`), Buffer.from(a.buffer));
  }
  const python = String.raw`
import sys, time, numpy as np
d = sys.argv[1]
y = np.fromfile(d + '/y.f64'); t = np.fromfile(d + '/t.f64')
def qini(y, u, t):
    o = np.argsort(u, kind='mergesort')[::-1]
    y, u, t = y[o], u[o], t[o]
    cut = np.r_[np.where(np.diff(u))[0], u.size - 1]
    nt = np.cumsum(t)[cut]; yt = np.cumsum(y * t)[cut]; yc = np.cumsum(y * (1 - t))[cut]
    nall = cut + 1; nc = nall - nt
    v = yt - yc * np.divide(nt, nc, out=np.zeros_like(nt), where=nc != 0)
    return np.r_[0, nall], np.r_[0, v]
def score(y, u, t):
    x, v = qini(y, u, t)
    px, pv = qini(y, y * t - y * (1 - t), t)
    base = px[-1] * pv[-1] / 2
    return (np.trapezoid(v, x) - base) / (np.trapezoid(pv, px) - base)
print('| scores | peer | ms | value |')
print('| --- | --- | ---: | ---: |')
for name in ('continuous', 'ties'):
    u = np.fromfile(d + '/' + name + '.f64')
    times = []
    for r in range(5):
        t0 = time.perf_counter(); s = score(y, u, t); times.append((time.perf_counter() - t0) * 1000)
    print('| %s | qini_auc_score, sklift algorithm in numpy %s | %.0f | %.10g |' % (name, np.__version__, sorted(times)[2], s))
`;
  const r = spawnSync('python3', ['-c', python, dir], { encoding: 'utf8' });
  if (r.status === 0) console.log(`\n${r.stdout.trim()}`);
  else console.log(`\npeer not available (python3 with numpy): ${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nload average during the run: ${os.loadavg().map((v) => v.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
