// CPU seconds of one bart (or bcf) chain on the calling thread, for before/after comparisons of the sampler on a
// shared machine: the same data as bart-speed.bench.mjs (N rows × 20 uniform features, continuous outcome, two
// arms), default sampler (3 grow-from-root + 50 warm-up + 250 kept sweeps) unless GFR / WARMUP / DRAWS are set,
// CHAINS=1 and threads 1. Prints wall, process CPU and main-thread CPU seconds (Linux: /proc; the process figure
// also counts V8's compiler and GC threads), the 1-minute load average and the posterior mean ATE (equal across
// builds when the draws are). DIST points at the build to time (default ../dist), so two builds can be run
// interleaved: `git worktree add /tmp/old <commit> && (cd /tmp/old && npm run build)`, then alternate
// `DIST=/tmp/old/dist node bench/bart-chain-cpu.mjs` and `node bench/bart-chain-cpu.mjs`. Not named *.bench.mjs:
// `npm run bench` does not run it.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';

const dist = process.env.DIST ?? new URL('../dist', import.meta.url).pathname;
const { BayesTreeUplift, featureMatrix, Random } = await import(pathToFileURL(`${dist}/src/index.js`).href);
const n = Number(process.env.N ?? 30000);
const method = process.env.METHOD ?? 'bart';
const p = 20;
const mainThreadCpu = () => {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
};
const rng = new Random(n);
const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rng.uniform()));
const arm = Int32Array.from({ length: n }, () => rng.int(2));
const y = Float64Array.from({ length: n }, (_, i) => 2 * cols[0][i] + Math.sin(Math.PI * cols[1][i]) + arm[i] * (0.5 + cols[2][i]) + 0.5 * rng.normal());
const X = featureMatrix(cols);
const options = { method, task: 'regression', seed: 1, chains: Number(process.env.CHAINS ?? 1), threads: 1 };
for (const key of ['gfr', 'warmup', 'draws']) if (process.env[key.toUpperCase()] !== undefined) options[key] = Number(process.env[key.toUpperCase()]);
const c0 = process.cpuUsage();
const m0 = mainThreadCpu();
const t0 = performance.now();
const model = new BayesTreeUplift(options).fit(X, arm, y);
const wall = (performance.now() - t0) / 1000;
const u = process.cpuUsage(c0);
const ate = model.summaries.find((s) => s.name.startsWith('ate')).mean;
console.log(
  `${process.env.TAG ?? dist} ${method} n=${n} wall ${wall.toFixed(2)} cpu ${((u.user + u.system) / 1e6).toFixed(2)} main ${(mainThreadCpu() - m0).toFixed(2)} load ${os.loadavg()[0].toFixed(2)} ate ${ate}`,
);
