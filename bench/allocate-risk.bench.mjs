#!/usr/bin/env node
// Risk objectives at scale: liftwise's CVaR solver (column generation over plans priced by solveAllocation, then the
// Rockafellar–Uryasev MIP over the units the mixed plans disagree on) against highs on the whole Rockafellar–Uryasev MIP
// (x: n·2 binaries, η, S shortfalls u_s; rows: one arm per unit, the budget, S dense rows u_s ≥ η − V_s), each in its own
// process with the same time limit, in the same run. Also the mean plan (today's) for scale.
//
// Instance: n units × 3 arms (none, a, b) × S draws, budget 0.2·n; unit i is in one of 8 segments; a draw of the
// effect is mean + segment shock (shared by the segment's units in that draw) + unit noise. Segment 7 has the highest
// mean effect and the widest shock: the mean plan favours it, CVaR spreads the budget.
//
//   node bench/allocate-risk.bench.mjs [--sizes 10000,100000,1000000] [--draws 200,200,50] [--alpha 0.1] [--limit 60]
//                                      [--peers highs | none]
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { cpuSeconds, peakRssMiB, runChild } from './lib/child.mjs';

const here = fileURLToPath(import.meta.url);
const dist = new URL('../dist/', import.meta.url);
const { Random } = await import(new URL('src/util/random.js', dist).href);
const allocate = await import(new URL('src/allocate/index.js', dist).href);
const solvers = await import(new URL('solvers/index.js', dist).href);

const K = 3;
const SEED = 20261202;
const SEGMENTS = 8;

/** Costs, means and S × n × K draws (arm 0 = 0). Unit noise comes from a table of normals (fast at 10^8 values). */
function instance(n, S) {
  const rng = new Random(SEED + n + S);
  const table = Float64Array.from({ length: 1 << 14 }, () => rng.normal());
  const segment = new Int32Array(n);
  const costs = new Float64Array(n * K);
  const mean = new Float64Array(n * K);
  const spread = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    const g = rng.int(SEGMENTS);
    segment[i] = g;
    const base = 0.02 + 0.03 * rng.uniform() + (g === SEGMENTS - 1 ? 0.03 : 0);
    for (let k = 1; k < K; k++) {
      costs[i * K + k] = k * (0.8 + 0.4 * rng.uniform());
      mean[i * K + k] = base * (k === 1 ? 1 : 1.6) * (0.5 + rng.uniform());
      spread[i * K + k] = 0.01 + 0.02 * rng.uniform();
    }
  }
  const shock = Float64Array.from({ length: S * SEGMENTS }, (_, j) => rng.normal() * (j % SEGMENTS === SEGMENTS - 1 ? 0.06 : 0.01));
  const values = new Float64Array(S * n * K);
  for (let s = 0; s < S; s++) {
    const off = s * n * K;
    for (let i = 0; i < n; i++) {
      const z = shock[s * SEGMENTS + segment[i]];
      for (let k = 1; k < K; k++) {
        const j = i * K + k;
        values[off + j] = mean[j] + z * k + spread[j] * table[(i * 7919 + s * 104729 + k * 31) & 16383];
      }
    }
  }
  // The problem's values are the draws' average (what the CVaR solver and the mean plan compare on).
  const avg = new Float64Array(n * K);
  for (let s = 0; s < S; s++) for (let j = 0; j < n * K; j++) avg[j] += values[s * n * K + j] / S;
  return { problem: { units: n, arms: K, values: avg, costs, budget: 0.2 * n }, draws: { count: S, values, kind: 'posterior' } };
}

/** The whole Rockafellar–Uryasev MIP as highs reads it; η = η' + L with L below every draw's plan value. */
function wholeModel(problem, draws, alpha) {
  const { units: n, costs } = problem;
  const S = draws.count;
  const nx = n * (K - 1);
  const numCols = nx + 1 + S;
  const numRows = n + 1 + S;
  let L = 0;
  for (let s = 0; s < S; s++) {
    let worst = 0;
    for (let i = 0; i < n; i++) worst += Math.min(0, draws.values[(s * n + i) * K + 1], draws.values[(s * n + i) * K + 2]);
    L = Math.min(L, worst);
  }
  const nnz = n * 2 + nx + S * (nx + 2);
  const rowStarts = new Int32Array(numRows + 1);
  const rowIndex = new Int32Array(nnz);
  const rowValue = new Float64Array(nnz);
  const rowLower = new Float64Array(numRows).fill(-Infinity);
  const rowUpper = new Float64Array(numRows).fill(Infinity);
  let e = 0;
  let r = 0;
  for (let i = 0; i < n; i++) {
    rowIndex[e] = 2 * i; rowValue[e++] = 1;
    rowIndex[e] = 2 * i + 1; rowValue[e++] = 1;
    rowUpper[r++] = 1;
    rowStarts[r] = e;
  }
  for (let i = 0; i < n; i++) for (let k = 1; k < K; k++) { rowIndex[e] = 2 * i + k - 1; rowValue[e++] = costs[i * K + k]; }
  rowUpper[r++] = problem.budget;
  rowStarts[r] = e;
  for (let s = 0; s < S; s++) {
    for (let i = 0; i < n; i++) for (let k = 1; k < K; k++) { rowIndex[e] = 2 * i + k - 1; rowValue[e++] = draws.values[(s * n + i) * K + k]; }
    rowIndex[e] = nx; rowValue[e++] = -1;
    rowIndex[e] = nx + 1 + s; rowValue[e++] = 1;
    rowLower[r++] = L;
    rowStarts[r] = e;
  }
  const objective = new Float64Array(numCols);
  objective[nx] = 1;
  for (let s = 0; s < S; s++) objective[nx + 1 + s] = -1 / (alpha * S);
  const colUpper = new Float64Array(numCols).fill(Infinity);
  colUpper.fill(1, 0, nx);
  const integrality = new Uint8Array(numCols);
  integrality.fill(1, 0, nx);
  return { model: { numCols, numRows, objective, objectiveOffset: L, colUpper, rowStarts, rowIndex, rowValue, rowLower, rowUpper }, integrality };
}

async function child(task, n, S, alpha, limit) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { problem, draws } = instance(n, S);
  const built = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  let out;
  if (task === 'highs') {
    const { model, integrality } = wholeModel(problem, draws, alpha);
    const r = await solvers.highsBackend.solve(model, { integer: true, integrality, mipGap: 1e-4, timeLimit: limit });
    let cvar = NaN;
    if (r.x !== undefined) {
      const choice = new Int32Array(n);
      for (let i = 0; i < n; i++) for (let k = 1; k < K; k++) if (r.x[2 * i + k - 1] > 0.5) choice[i] = k;
      const totals = Float64Array.from({ length: S }, (_, s) => { let t = 0; for (let i = 0; i < n; i++) t += draws.values[(s * n + i) * K + choice[i]]; return t; });
      cvar = allocate.cvarOf(totals, alpha);
    }
    out = { status: r.status, objective: cvar, bound: r.bound, notes: [r.detail] };
  } else {
    const risk = task === 'mean' ? { kind: 'mean' } : task === 'quantile' ? { kind: 'quantile', alpha } : { kind: 'cvar', alpha };
    const plan = await allocate.solveRiskAllocation(problem, { draws }, risk, { timeLimit: limit });
    const totals = plan.riskReport.drawObjective;
    out = {
      status: plan.status,
      objective: task === 'mean' ? allocate.cvarOf(totals, alpha) : plan.objective,
      bound: task === 'mean' ? NaN : plan.bound,
      cvar: allocate.cvarOf(totals, alpha),
      quantile: allocate.riskValue(totals, { kind: 'quantile', alpha }),
      mean: totals.reduce((a, b) => a + b, 0) / S,
      iterations: plan.riskReport.iterations,
      openUnits: plan.riskReport.openUnits,
      notes: plan.notes,
    };
  }
  console.log(JSON.stringify({ ...out, seconds: (performance.now() - t1) / 1000, cpu: cpuSeconds(cpu1), buildSeconds: built, rssMiB: peakRssMiB(), cpuAll: cpuSeconds(cpu0) }));
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  const [, task, n, S, alpha, limit] = argv;
  await child(task, Number(n), Number(S), Number(alpha), Number(limit));
} else {
  const flag = (name, fallback) => { const j = argv.indexOf(`--${name}`); return j < 0 ? fallback : argv[j + 1]; };
  const sizes = flag('sizes', '10000,100000,1000000').split(',').map(Number);
  const drawCounts = flag('draws', '200,200,50').split(',').map(Number);
  const alpha = Number(flag('alpha', '0.1'));
  const limit = Number(flag('limit', '60'));
  const peers = flag('peers', 'highs') === 'none' ? [] : ['highs'];
  // Liftwise tasks per size: mean plan, cvar, and (with --quantile) quantile:α; highs only up to --highs-max units.
  const tasks = flag('tasks', 'mean,cvar').split(',');
  const highsMax = Number(flag('highs-max', '1e12'));
  console.log(`cvar:${alpha}, 3 arms, budget 0.2·n, time limit ${limit} s per solve; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at start`);
  console.log('| n | draws | solver | status | objective (CVaR, or the quantile for quantile) | bound | rel. gap | CVaR of plan | quantile of plan | mean of plan | s | CPU s | peak RSS MiB | notes |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [j, n] of sizes.entries()) {
    const S = drawCounts[Math.min(j, drawCounts.length - 1)];
    for (const task of [...tasks, ...(n <= highsMax ? peers : [])]) {
      const r = runChild(here, [task, n, S, alpha, limit], limit);
      const gap = Number.isFinite(r.bound) && Number.isFinite(r.objective) ? ((r.bound - r.objective) / Math.abs(r.bound)).toExponential(1) : '–';
      const f = (x) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
      const note = r.detail ?? (r.notes ?? []).join('; ').slice(0, 160);
      console.log(`| ${n} | ${S} | ${task === 'highs' ? 'highs whole MIP (cvar)' : task === 'mean' ? 'liftwise mean plan' : `liftwise ${task}`} | ${r.status} | ${f(r.objective)} | ${f(r.bound)} | ${gap} | ${f(r.cvar)} | ${f(r.quantile)} | ${f(r.mean)} | ${f(r.seconds)} | ${f(r.cpu)} | ${f(r.rssMiB)} | ${note} |`);
    }
  }
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at end`);
}
