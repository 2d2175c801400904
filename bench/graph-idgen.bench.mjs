// Causal graphs with hidden confounders (issue 16).
// 1. ID/IDC identification time on random ADMGs of 30 and 100 variables (P(y | do(x)), the last variable
//    on one or two treatments; median and max over 20 graphs each).
// 2. ID-GEN sampling of P(y | do(x)) on 10^5 data rows: front-door (binary) and napkin (categorical z),
//    10^5 draws per intervention, in process (fit + draw, no bootstrap) and as the whole CLI process with
//    default flags (`liftwise graph effect`, 50 bootstrap refits). Accuracy against the simulated truth.
//    Peer in the same run: the front-door plug-in formula by counting in numpy (Debian's python3-numpy);
//    DoWhy, causaleffect and Ananke are not installable here (PyPI/CRAN unreachable).
// 3. Residual resampling for a numeric outcome: quantiles of the draws against the true interventional
//    quantiles, homoscedastic vs heteroscedastic noise (the model assumes the former).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admg, identify, estimateEffects, parseGraph, simulate, simulatedMean, variablesFromTable, writeTable } from '../dist/src/index.js';
import { Random } from '../dist/src/util/random.js';
import { cpuSeconds } from './lib/child.mjs';

console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} (other jobs share the machine)`);

// 1. Identification speed.
function randomAdmg(n, seed, pDirected, pBidirected) {
  const rng = new Random(seed);
  const names = Array.from({ length: n }, (_, i) => `v${i}`);
  const directed = [];
  const bidirected = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (rng.uniform() < pDirected) directed.push({ from: names[i], to: names[j] });
      if (rng.uniform() < pBidirected) bidirected.push({ a: names[i], b: names[j] });
    }
  return { g: new Admg(names, directed, bidirected), names, rng };
}
// Warm-up (JIT) on graphs not measured.
for (let s = 0; s < 20; s++) {
  const { g, names } = randomAdmg(30, 5000 + s, 0.1, 0.05);
  identify(g, { treatment: [names[3]], outcome: [names[29]] });
}
console.log('\n| variables | density (directed, bidirected) | edges (mean) | queries | identifiable | median ms | max ms | CPU s, all 20 |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [n, pd, pb] of [[30, 3 / 30, 1 / 30], [30, 0.2, 0.08], [100, 3 / 100, 1 / 100], [100, 0.08, 0.02]]) {
  const times = [];
  let edges = 0;
  let ok = 0;
  const cpu0 = process.cpuUsage();
  for (let s = 0; s < 20; s++) {
    const { g, names, rng } = randomAdmg(n, 1000 + s, pd, pb);
    edges += g.directedEdges().length + g.bidirectedEdges().length;
    const x = [names[rng.int(n / 2)]];
    if (s % 2 === 1) x.push(names[n / 2 + rng.int(n / 2 - 1)]);
    const start = performance.now();
    const r = identify(g, { treatment: x, outcome: [names[n - 1]] });
    times.push(performance.now() - start);
    if (r.identifiable) ok++;
  }
  const cpu = cpuSeconds(cpu0);
  times.sort((a, b) => a - b);
  console.log(`| ${n} | ${pd.toFixed(3)}, ${pb.toFixed(3)} | ${(edges / 20).toFixed(0)} | 20 | ${ok} | ${times[10].toFixed(2)} | ${times[19].toFixed(2)} | ${cpu.toFixed(3)} |`);
}

// 2. Sampling on 10^5 rows.
const bern = (p, r) => (r.uniform() < p ? 1 : 0);
const frontdoor = [
  { name: 'u', latent: true, f: (_, r) => bern(0.5, r) },
  { name: 'x', f: (v, r) => bern(0.2 + 0.6 * v.u, r) },
  { name: 'm', f: (v, r) => bern(0.1 + 0.7 * v.x, r) },
  { name: 'y', f: (v, r) => bern(0.1 + 0.4 * v.m + 0.4 * v.u, r) },
];
const napkin = [
  { name: 'u1', latent: true, f: (_, r) => bern(0.5, r) },
  { name: 'u2', latent: true, f: (_, r) => bern(0.4, r) },
  { name: 'w', f: (v, r) => bern(0.1 + 0.3 * v.u1 + 0.55 * v.u2, r) },
  { name: 'z', levels: ['lo', 'mid', 'hi'], f: (v, r) => (r.uniform() < 0.8 ? v.w * 2 : Math.floor(r.uniform() * 3)) },
  { name: 'x', f: (v, r) => bern(0.05 + 0.35 * v.z + 0.2 * v.u1, r) },
  { name: 'y', f: (v, r) => bern(0.1 + 0.3 * v.x + 0.55 * v.u2 - 0.1 * v.x * v.u2, r) },
];
const rows = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'liftwise-graph-'));
console.log('\n| graph | tool | what | seconds | E[y|do(x=1)] − E[y|do(x=0)] | truth | naive E[y|x=1] − E[y|x=0] |');
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: |');
try {
  for (const [name, model, text] of [
    ['front-door', frontdoor, 'x -> m -> y; x <-> y'],
    ['napkin', napkin, 'w -> z -> x -> y; w <-> x; w <-> y'],
  ]) {
    const table = simulate(model, rows, 21);
    const graph = parseGraph(text).graph;
    const truth = simulatedMean(model, 'y', 2_000_000, 5, { x: 1 }) - simulatedMean(model, 'y', 2_000_000, 6, { x: 0 });
    const data = variablesFromTable(table, graph.order);
    const arms = [new Map([['x', 0]]), new Map([['x', 1]])];
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    const r = estimateEffects(graph, data, { outcome: 'y', arms, armNames: ['0', '1'] }, { seed: 1, draws: 100_000, bootstrap: 0 });
    const seconds = (performance.now() - start) / 1000;
    const cpu = cpuSeconds(cpu0);
    const c = r.contrasts[0];
    console.log(`| ${name} | liftwise (library) | fit + 2 × 10^5 draws, no bootstrap | ${seconds.toFixed(2)} wall, ${cpu.toFixed(2)} CPU | ${c.interventional.mean.toFixed(4)} | ${truth.toFixed(4)} | ${c.naive.mean.toFixed(4)} |`);
    const csv = join(dir, `${name}.csv`);
    const g = join(dir, `${name}.txt`);
    await writeTable(csv, table);
    writeFileSync(g, text);
    const t0 = performance.now();
    const cli = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, 'dist/src/cli/main.js', 'graph', 'effect', g, '--data', csv, '--do', 'x=1', '--versus', 'x=0', '--outcome', 'y', '--json', '--quiet'], { encoding: 'utf8' });
    const cliSeconds = (performance.now() - t0) / 1000;
    if (cli.status !== 0) console.log(`| ${name} | liftwise CLI | failed: ${cli.stderr.trim().split('\n').at(-1)} | | | | |`);
    else {
      const j = JSON.parse(cli.stdout).contrasts[0];
      const [, user, sys] = /CPU ([\d.]+) ([\d.]+)/.exec(cli.stderr) ?? [0, NaN, NaN];
      const cliCpu = Number(user) + Number(sys);
      const iv = j.interventional.interval;
      console.log(`| ${name} | liftwise CLI, default flags | graph effect: read CSV, 10^5 draws/arm, 50 bootstrap refits | ${cliSeconds.toFixed(1)} wall, ${cliCpu.toFixed(1)} CPU | ${j.interventional.mean.toFixed(4)} [${iv[0].toFixed(4)}, ${iv[1].toFixed(4)}] | ${truth.toFixed(4)} | ${j.naive.mean.toFixed(4)} |`);
    }
    if (name === 'front-door') {
      const py = `
import numpy as np, time, sys
d = np.genfromtxt(sys.argv[1], delimiter=',', names=True)
t = time.perf_counter()
x, m, y = d['x'].astype(int), d['m'].astype(int), d['y']
px = np.array([np.mean(x == a) for a in (0, 1)])
pm = np.array([[np.mean(m[x == a] == b) for b in (0, 1)] for a in (0, 1)])
ey = np.array([[y[(x == a) & (m == b)].mean() for b in (0, 1)] for a in (0, 1)])
def do(a): return sum(pm[a, b] * sum(px[a2] * ey[a2, b] for a2 in (0, 1)) for b in (0, 1))
eff = do(1) - do(0)
print(f"{eff:.4f} {time.perf_counter() - t:.4f}")
`;
      const r2 = spawnSync('/usr/bin/python3', ['-c', py, csv], { encoding: 'utf8' });
      if (r2.status === 0) {
        const [eff, secs] = r2.stdout.trim().split(' ');
        console.log(`| front-door | numpy plug-in formula (peer) | counting, after CSV read | ${Number(secs).toFixed(3)} | ${eff} | ${truth.toFixed(4)} | |`);
      } else console.log(`| front-door | numpy plug-in (peer) | not run: ${r2.stderr.trim().split('\n').at(-1)} | | | | |`);
    }
  }

  // 3. Residual resampling: quantiles under do(x = 1) on a continuous front-door model.
  console.log('\n| noise of y | residuals | quantile | ID-GEN draws | truth | error |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const [hetero, residuals] of [[false, 'pooled'], [false, 'binned'], [true, 'pooled'], [true, 'binned']]) {
    const model = [
      { name: 'u', latent: true, f: (_, r) => r.normal() },
      { name: 'x', f: (v, r) => bern(v.u > 0 ? 0.7 : 0.3, r) },
      { name: 'm', f: (v, r) => v.x + r.normal() },
      { name: 'y', f: (v, r) => v.m + v.u + (hetero ? 0.3 + Math.abs(v.m) : 1) * r.normal() },
    ];
    const graph = parseGraph('x -> m -> y; x <-> y').graph;
    const data = variablesFromTable(simulate(model, 50_000, 8), graph.order);
    const r = estimateEffects(graph, data, { outcome: 'y', arms: [new Map([['x', 1]])], armNames: ['1'] }, { seed: 2, draws: 100_000, bootstrap: 0, residuals });
    const rng = new Random(77);
    const truthDraws = new Float64Array(400_000);
    const values = {};
    for (let i = 0; i < truthDraws.length; i++) {
      for (const v of model) values[v.name] = v.name === 'x' ? 1 : v.f(values, rng);
      truthDraws[i] = values.y;
    }
    truthDraws.sort();
    for (const q of r.arms[0].interventional.quantiles) {
      const t = truthDraws[Math.floor(q.p * (truthDraws.length - 1))];
      console.log(`| ${hetero ? '(0.3 + abs(m))·N(0,1)' : 'N(0,1)'} | ${residuals} | ${q.p} | ${q.value.toFixed(3)} | ${t.toFixed(3)} | ${(q.value - t).toFixed(3)} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nload average at end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);
