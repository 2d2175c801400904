#!/usr/bin/env node
// Allocation benchmark: random instances with 4 arms (arm 0 = none) and concave value per cost, at n = 10^4, 10^5, 10^6,
// budget only and budget + recipient cap. liftwise's exact solvers (greedy, Lagrangian) against highs and glpk.js on the
// same LP/MIP model (buildModel), each run in its own process with a 120 s solver time limit, side by side in one run.
// Also: the budget frontier (50 budgets from one sort) against one solve.
//
//   node bench/allocate.bench.mjs [--sizes 10000,100000,1000000] [--limit 120]
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { cpuSeconds, peakRssMiB, runChild } from './lib/child.mjs';

const here = fileURLToPath(import.meta.url);
const dist = new URL('../dist/', import.meta.url);
const { Random } = await import(new URL('src/util/random.js', dist).href);
const allocate = await import(new URL('src/allocate/index.js', dist).href);
const solvers = await import(new URL('solvers/index.js', dist).href);
// prepareProblem and buildModel are internals (liftwise/internals).
const internals = await import(new URL('src/internals.js', dist).href);

const K = 4;
const SEED = 20261121;

/** n units × 4 arms: arm k costs about k·b_i, worth a_i·(1 − e^(−cost)) plus a little noise. */
function instance(n) {
  const rng = new Random(SEED + n);
  const values = new Float64Array(n * K);
  const costs = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    const a = Math.exp(rng.normal());
    const b = 0.3 + rng.uniform();
    for (let k = 1; k < K; k++) {
      const c = k * (0.5 + 0.5 * rng.uniform()) * b;
      costs[i * K + k] = c;
      values[i * K + k] = a * (1 - Math.exp(-c)) + 0.02 * rng.normal();
    }
  }
  return { units: n, arms: K, values, costs };
}

/** Budget 0.2·n (about a third of units can get arm 1); cap 0.15·n recipients. */
function problemFor(n, variant) {
  const p = { ...instance(n), budget: 0.2 * n };
  return variant === 'cap' ? { ...p, maxRecipients: Math.floor(0.15 * n) } : p;
}

/** 'highs-ipm': the LP by HiGHS's interior-point method (its simplex stalls for minutes on these LPs above 10^5 units). */
function peerOptions(task) {
  return task === 'highs-ipm' ? { highsOptions: { solver: 'ipm' } } : {};
}

// ── child: one measurement, printed as one JSON line ─────────────────────────
async function child(task, n, variant, limit) {
  const problem = problemFor(n, variant);
  global.gc?.();
  const wall = performance.now();
  const cpu = process.cpuUsage();
  let out;
  if (task === 'ours' || task === 'exact') {
    // 'exact': the greedy / Lagrangian alone (LP bound, rounded plan); 'ours': the default path, gap closed to 1e-6.
    const plan = await allocate.solveAllocation(problem, task === 'exact' ? { closeGap: false } : { mipGap: 1e-6 });
    out = { solver: plan.solver, status: plan.status, objective: plan.objective, bound: plan.bound, lpBound: plan.lp?.bound,
      relativeGap: plan.relativeGap, fractionalUnits: plan.lp?.fractionalUnits, spend: plan.spend, recipients: plan.recipients, notes: plan.notes };
  } else if (task === 'frontier') {
    const budgets = Array.from({ length: 50 }, (_, j) => (0.4 * n * (j + 1)) / 50);
    const one = performance.now();
    const plan = await allocate.solveAllocation(problem, { solver: 'greedy', closeGap: false });
    const oneSeconds = (performance.now() - one) / 1000;
    const sweep = performance.now();
    const points = allocate.budgetFrontier(problem, budgets);
    const sweepSeconds = (performance.now() - sweep) / 1000;
    out = { oneSolveSeconds: oneSeconds, sweepSeconds, budgets: points.length, lastBound: points.at(-1).bound, planBound: plan.bound };
  } else {
    const [backend, kind] = task.split('-');
    const prepared = internals.prepareProblem(problem);
    const built = internals.buildModel(prepared);
    const solve = backend === 'highs' ? solvers.highsBackend : solvers.glpkBackend;
    const r = await solve.solve(built.model, { integer: kind === 'mip', timeLimit: limit, mipGap: 1e-6, ...peerOptions(task) });
    out = { status: r.status, objective: r.objective, bound: r.bound, detail: r.detail, columns: built.model.numCols, rows: built.model.numRows };
  }
  out.wallSeconds = (performance.now() - wall) / 1000;
  out.cpuSeconds = cpuSeconds(cpu);
  out.peakRssMiB = peakRssMiB();
  // Runs in the same process once code is compiled and WebAssembly loaded: the steady state (median of several).
  if (task === 'exact' || task.endsWith('-lp') || task.endsWith('-ipm')) {
    const repeats = task === 'exact' ? 21 : 5;
    const cpu = [];
    const wall = [];
    for (let r = 0; r < repeats; r++) {
      const again = process.cpuUsage();
      const w = performance.now();
      if (task === 'exact') await allocate.solveAllocation(problem, { closeGap: false });
      else {
        const built = internals.buildModel(internals.prepareProblem(problem));
        await (task.startsWith('highs') ? solvers.highsBackend : solvers.glpkBackend).solve(built.model, { integer: false, timeLimit: limit, ...peerOptions(task) });
      }
      wall.push((performance.now() - w) / 1000);
      cpu.push(cpuSeconds(again));
    }
    const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
    out.warmWallSeconds = median(wall);
    out.warmCpuSeconds = median(cpu);
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function run(task, n, variant, limit) {
  return runChild(here, [task, n, variant, limit], limit);
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const sizes = opt('sizes', '10000,100000,1000000').split(',').map(Number);
  const limit = Number(opt('limit', '120'));
  console.log(`allocation benchmark — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`instances: 4 arms, concave value per cost, budget 0.2·n, cap 0.15·n; peers with time_limit/tmlim ${limit} s; liftwise with mipGap 1e-6`);
  const skip = new Set(); // peers that did not finish at a smaller n
  const rows = [];
  for (const n of sizes) {
    for (const variant of ['budget', 'cap']) {
      const ours = run('exact', n, variant, limit);
      rows.push({ n, variant, task: 'liftwise', ...ours });
      report(rows.at(-1));
      const closed = run('ours', n, variant, limit);
      rows.push({ n, variant, task: 'lw+core', ...closed });
      report(rows.at(-1));
      for (const task of ['highs-ipm', 'highs-lp', 'highs-mip', 'glpk-lp', 'glpk-mip']) {
        if (skip.has(`${task}-${variant}`)) {
          rows.push({ n, variant, task, status: 'not run', detail: 'did not finish at a smaller n' });
          report(rows.at(-1));
          continue;
        }
        const r = run(task, n, variant, limit);
        if (r.status !== 'optimal') skip.add(`${task}-${variant}`);
        const lpRel = (task.endsWith('lp') || task.endsWith('ipm')) && r.status === 'optimal' ? Math.abs(ours.lpBound - r.objective) / Math.abs(r.objective) : undefined;
        const mipRel = task.endsWith('mip') && r.objective !== undefined && Number.isFinite(r.objective) ? (r.objective - ours.objective) / Math.abs(r.objective) : undefined;
        rows.push({
          n, variant, task, ...r, oursBoundVsLp: lpRel, peerMinusOursRel: mipRel,
          // Ratios of CPU time: other work on a shared machine stretches wall time, most for the longest runs.
          speedup: r.cpuSeconds / ours.cpuSeconds,
          warmSpeedup: r.warmCpuSeconds !== undefined ? r.warmCpuSeconds / ours.warmCpuSeconds : undefined,
        });
        report(rows.at(-1));
      }
    }
    const f = run('frontier', n, 'budget', limit);
    rows.push({ n, variant: 'frontier', task: 'liftwise', ...f });
    report(rows.at(-1));
  }
  console.log('\nJSON');
  console.log(JSON.stringify(rows));
}

function report(r) {
  const num = (x, d = 3) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—');
  const exp = (x) => (typeof x === 'number' && Number.isFinite(x) ? x.toExponential(2) : '—');
  if (r.variant === 'frontier') {
    console.log(`n=${r.n} frontier: one greedy solve ${num(r.oneSolveSeconds)} s, 50-budget sweep ${num(r.sweepSeconds)} s (process wall ${num(r.wallSeconds)} s, peak RSS ${num(r.peakRssMiB, 0)} MiB)`);
    return;
  }
  const parts = [`n=${r.n}`, r.variant.padEnd(6), r.task.padEnd(9), `${r.status}`.padEnd(14), `wall ${num(r.wallSeconds)} s`, `cpu ${num(r.cpuSeconds)} s`, `rss ${num(r.peakRssMiB, 0)} MiB`];
  if (r.warmCpuSeconds !== undefined && r.task === 'liftwise') parts.push(`warm ${num(r.warmCpuSeconds)} s cpu`);
  if (r.task === 'liftwise' || r.task === 'lw+core') parts.push(`obj ${num(r.objective, 6)}`, `bound ${num(r.bound, 6)}`, `gap ${exp(r.relativeGap)}`, `LP ${num(r.lpBound, 6)}`, `frac ${r.fractionalUnits}`, `(${r.solver}${r.notes?.length ? `; ${r.notes.join('; ')}` : ''})`);
  else {
    parts.push(`obj ${num(r.objective, 6)}`, `bound ${num(r.bound, 6)}`);
    if (r.oursBoundVsLp !== undefined) parts.push(`|our bound − LP|/LP ${exp(r.oursBoundVsLp)}`);
    if (r.peerMinusOursRel !== undefined) parts.push(`(peer − our obj)/peer ${exp(r.peerMinusOursRel)}`);
    if (r.speedup !== undefined && Number.isFinite(r.speedup)) parts.push(`ours ${num(r.speedup, 0)}× less CPU`);
    if (r.warmSpeedup !== undefined) parts.push(`warm: ${num(r.warmCpuSeconds)} s cpu, ours ${num(r.warmSpeedup, 0)}× less`);
    if (r.detail) parts.push(`[${r.detail}]`);
  }
  console.log(parts.join('  '));
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]), process.argv[5], Number(process.argv[6]));
else await main();
