// How fast one BART chain reaches its stationary noise scale from single-leaf trees (gfr = 0) and after
// the grow-from-root warm start (gfr = 3): σ after each of the first sweeps, and the process CPU
// seconds. One forest of 200 trees on N rows (default 10000; N=100000 for the large case) × 20 uniform
// features, y = 2x₁ + sin(πx₂) + 10(x₃ − ½)² + 2x₄x₅ + N(0, 0.5²) (true σ = 0.5), one chain, seed 1.
// SWEEPS (default 150) MCMC sweeps after the warm start.
import os from 'node:os';
import { runChain } from '../dist/src/learners/bart/chain.js';
import { sigmaPriorScale } from '../dist/src/learners/bart/prior.js';
import { Random } from '../dist/src/index.js';

const n = Number(process.env.N ?? 10000);
const P = 20;
const trees = 200;
const sweeps = Number(process.env.SWEEPS ?? 150);
const rng = new Random(5);
const x = Array.from({ length: P }, () => Float64Array.from({ length: n }, () => rng.uniform()));
const codes = new Uint8Array(n * P);
for (let j = 0; j < P; j++) for (let i = 0; i < n; i++) codes[j * n + i] = Math.min(99, Math.floor(x[j][i] * 100));
const raw = Float64Array.from({ length: n }, (_, i) => 2 * x[0][i] + Math.sin(Math.PI * x[1][i]) + 10 * (x[2][i] - 0.5) ** 2 + 2 * x[3][i] * x[4][i] + 0.5 * rng.normal());
let lo = Infinity;
let hi = -Infinity;
for (const v of raw) {
  lo = Math.min(lo, v);
  hi = Math.max(hi, v);
}
const scale = hi - lo;
const y = Float64Array.from(raw, (v) => (v - lo) / scale - 0.5);
console.log(`n=${n}, ${trees} trees, ${sweeps} sweeps after the start; load average at start ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
console.log('| start | CPU s | σ after sweep 1 | 2 | 5 | 10 | 20 | 50 | 100 | mean σ, last 50 sweeps |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const gfr of [0, 3]) {
  const job = {
    codes,
    nColumns: P,
    nBins: new Int32Array(P).fill(100),
    forests: [
      {
        prior: { trees, alpha: 0.95, beta: 2, leafSd: 0.5 / (2 * Math.sqrt(trees)), minLeaf: 5 },
        vars: Int32Array.from({ length: P }, (_, j) => j),
        items: n,
        unitOf: Int32Array.from({ length: n }, (_, i) => i),
        basis: new Uint8Array(n).fill(1),
      },
    ],
    units: n,
    arms: 1,
    layout: 'bart',
    y,
    probit: false,
    offset: 0,
    scale,
    nu: 3,
    lambda: sigmaPriorScale(0.5 / scale, 3, 0.9),
    fixedSigma: null,
    gfr,
    warmup: 0,
    draws: sweeps,
    keepPerChain: [[]],
    seed: 1,
  };
  const c0 = process.cpuUsage();
  const out = runChain(job, 0);
  const u = process.cpuUsage(c0);
  const at = (k) => (k <= sweeps ? out.sigma[k - 1].toFixed(3) : '—');
  let tail = 0;
  const from = Math.max(0, sweeps - 50);
  for (let k = from; k < sweeps; k++) tail += out.sigma[k];
  console.log(
    `| ${gfr === 0 ? 'single-leaf trees' : '3 grow-from-root sweeps'} | ${((u.user + u.system) / 1e6).toFixed(1)} | ${at(1)} | ${at(2)} | ${at(5)} | ${at(10)} | ${at(20)} | ${at(50)} | ${at(100)} | ${(tail / (sweeps - from)).toFixed(4)} |`,
  );
}
console.log(`load average at end ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
