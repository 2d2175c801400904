#!/usr/bin/env node
// Allocation with side rules: the rules that leave the greedy and the Lagrangian (segment minimum shares, arm limits, a
// channel budget) on random 4-arm instances at n = 10^3 … 10^6. liftwise's 'core' method (LP by sifting, reduced-cost
// fixing, exact search of the units left open) against highs's and glpk.js's MIP on the same model, each run in its own
// process with the same time limit, side by side in one run.
//
// Variants:
//   segments  budget 0.2·n; four regions, the two with the lowest values must have ≥ 30 % treated; arm 3 at most 5 % of units
//   channel   budget 0.2·n; arm 3 has its own budget of 0.03·n; at most 15 % of units treated
//   tied      values estimated per region (8 regions, every unit of a region worth the same per arm), costs per arm;
//             budget 0.2·n, ≥ 15 % treated in each region: many equal plans, where branch and bound stalls
//   scores    as a scores file gives them: 2 arms, uplifts rounded to 5 decimals (many ties) × 20 per outcome, one cost
//             column (1–2, 3 decimals) for both arms, budget 0.15·n, ≥ 30 % treated in region north, ≤ 10 % in south,
//             arm 'call' for at most 5 % of units
//   conflict  infeasible: arm 3 on a budget of 0.03·n (each costs ≥ 1.5) but at least 0.05·n units of arm 3, with a loose
//             cap and segment maximum beside them; the time to say which rules conflict (ours: deletion filter with the
//             sifting LP; 'highs': liftwise's highs path, whose explanation is highs's IIS of the whole LP)
//
//   node bench/allocate-rules.bench.mjs [--sizes 1000,10000,100000,1000000] [--limit 120] [--variants segments,channel,tied]
//                                       [--peers highs,glpk | none]
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

/** n units × 4 arms, concave value per cost; region r shifts values by (r − 1.5)·0.3 so low regions lose without a rule. */
function instance(n, regions) {
  const rng = new Random(SEED + n);
  const values = new Float64Array(n * K);
  const costs = new Float64Array(n * K);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const region = rng.int(regions);
    codes[i] = region;
    const a = Math.exp(rng.normal() + (region - (regions - 1) / 2) * 0.3);
    const b = 0.3 + rng.uniform();
    for (let k = 1; k < K; k++) {
      const c = k * (0.5 + 0.5 * rng.uniform()) * b;
      costs[i * K + k] = c;
      values[i * K + k] = a * (1 - Math.exp(-c)) + 0.02 * rng.normal();
    }
  }
  return { values, costs, codes };
}

function problemFor(n, variant) {
  if (variant === 'tied') {
    const regions = 8;
    const rng = new Random(SEED + 7 * n);
    const effect = Array.from({ length: regions }, () => 0.2 + rng.uniform());
    const armCost = [0, 1, 1.8, 2.5];
    const armScale = [0, 1, 1.6, 2];
    const codes = Int32Array.from({ length: n }, () => rng.int(regions));
    const values = new Float64Array(n * K);
    const costs = new Float64Array(n * K);
    for (let i = 0; i < n; i++) {
      for (let k = 1; k < K; k++) {
        values[i * K + k] = effect[codes[i]] * armScale[k];
        costs[i * K + k] = armCost[k];
      }
    }
    const levels = Array.from({ length: regions }, (_, r) => `r${r}`);
    return {
      units: n, arms: K, values, costs, budget: 0.2 * n,
      segmentRules: levels.map((level) => ({ column: 'region', codes, levels, level, minShare: 0.15 })),
    };
  }
  if (variant === 'scores') {
    const rng = new Random(SEED + 3 * n);
    const arms = 3;
    const values = new Float64Array(n * arms);
    const costs = new Float64Array(n * arms);
    const codes = new Int32Array(n);
    const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;
    for (let i = 0; i < n; i++) {
      values[i * arms + 1] = round(rng.uniform() * 0.1 - 0.02, 5) * 20;
      values[i * arms + 2] = round(rng.uniform() * 0.2 - 0.03, 5) * 20;
      const c = round(1 + rng.uniform(), 3);
      costs[i * arms + 1] = c;
      costs[i * arms + 2] = c;
      codes[i] = rng.int(4);
    }
    const levels = ['north', 'south', 'east', 'west'];
    return {
      units: n, arms, values, costs, budget: 0.15 * n,
      segmentRules: [{ column: 'region', codes, levels, level: 'north', minShare: 0.3 }, { column: 'region', codes, levels, level: 'south', maxShare: 0.1 }],
      armLimits: [{ arm: 2, max: Math.floor(0.05 * n) }],
    };
  }
  if (variant === 'conflict') {
    const { values, costs, codes } = instance(n, 3);
    for (let i = 0; i < n; i++) costs[i * K + 3] = Math.max(costs[i * K + 3], 1.5);
    return {
      units: n, arms: K, values, costs, budget: n, maxRecipients: Math.floor(0.9 * n),
      extraBudgets: [{ name: 'calls', limit: 0.03 * n, arms: [3] }],
      armLimits: [{ arm: 3, min: Math.floor(0.05 * n) }],
      segmentRules: [{ column: 'g', codes, levels: ['x', 'y', 'z'], maxShare: 0.95 }],
    };
  }
  const { values, costs, codes } = instance(n, 4);
  const base = { units: n, arms: K, values, costs, budget: 0.2 * n };
  const levels = ['r0', 'r1', 'r2', 'r3'];
  if (variant === 'segments') {
    return {
      ...base,
      segmentRules: ['r0', 'r1'].map((level) => ({ column: 'region', codes, levels, level, minShare: 0.3 })),
      armLimits: [{ arm: 3, max: Math.floor(0.05 * n) }],
    };
  }
  return { ...base, extraBudgets: [{ name: 'arm 3', limit: 0.03 * n, arms: [3] }], maxRecipients: Math.floor(0.15 * n) };
}

async function child(task, n, variant, limit) {
  const problem = problemFor(n, variant);
  global.gc?.();
  const wall = performance.now();
  const cpu = process.cpuUsage();
  let out;
  if (task === 'liftwise' || variant === 'conflict') {
    const solver = task === 'liftwise' ? 'auto' : task;
    const plan = await allocate.solveAllocation(problem, { solver, mipGap: 1e-6, timeLimit: limit });
    out = { solver: plan.solver, status: plan.status, objective: plan.objective, bound: plan.bound, relativeGap: plan.relativeGap, notes: plan.notes,
      ...(plan.infeasibility === undefined ? {} : { detail: plan.infeasibility.rules.join(' | ') }) };
  } else {
    const built = internals.buildModel(internals.prepareProblem(problem));
    const backend = task === 'highs' ? solvers.highsBackend : solvers.glpkBackend;
    const r = await backend.solve(built.model, { integer: true, timeLimit: limit, mipGap: 1e-6 });
    out = { status: r.status, objective: r.objective, bound: r.bound, detail: r.detail };
  }
  out.wallSeconds = (performance.now() - wall) / 1000;
  out.cpuSeconds = cpuSeconds(cpu);
  out.peakRssMiB = peakRssMiB();
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
  const sizes = opt('sizes', '1000,10000,100000,1000000').split(',').map(Number);
  const limit = Number(opt('limit', '120'));
  const variants = opt('variants', 'segments,channel,tied,scores,conflict').split(',');
  const peers = opt('peers', 'highs,glpk').split(',').filter((p) => p === 'highs' || p === 'glpk');
  console.log(`allocation with side rules — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`every solver with mipGap 1e-6 and a ${limit} s time limit`);
  const skip = new Set();
  const rows = [];
  for (const variant of variants) {
    for (const n of sizes) {
      const ours = run('liftwise', n, variant, limit);
      rows.push({ n, variant, task: 'liftwise', ...ours });
      report(rows.at(-1));
      // The conflict variant's peer is highs's explanation, run through liftwise's highs path.
      for (const task of variant === 'conflict' ? peers.filter((p) => p === 'highs') : peers) {
        if (skip.has(`${task}-${variant}`)) {
          rows.push({ n, variant, task, status: 'not run', detail: 'did not finish at a smaller n' });
          report(rows.at(-1));
          continue;
        }
        const r = run(task, n, variant, limit);
        if (r.status !== (variant === 'conflict' ? 'infeasible' : 'optimal')) skip.add(`${task}-${variant}`);
        const rel = Number.isFinite(r.objective) && Number.isFinite(ours.objective) ? (r.objective - ours.objective) / Math.abs(ours.objective) : undefined;
        rows.push({ n, variant, task, ...r, peerMinusOursRel: rel, cpuRatio: r.cpuSeconds / ours.cpuSeconds });
        report(rows.at(-1));
      }
    }
  }
  console.log('\nJSON');
  console.log(JSON.stringify(rows));
}

function report(r) {
  const num = (x, d = 3) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—');
  const exp = (x) => (typeof x === 'number' && Number.isFinite(x) ? x.toExponential(2) : '—');
  const parts = [`${r.variant.padEnd(8)} n=${String(r.n).padEnd(7)}`, r.task.padEnd(8), `${r.status}`.padEnd(14), `wall ${num(r.wallSeconds)} s`, `cpu ${num(r.cpuSeconds)} s`, `rss ${num(r.peakRssMiB, 0)} MiB`, `obj ${num(r.objective, 6)}`, `bound ${num(r.bound, 6)}`];
  if (r.task === 'liftwise') {
    parts.push(`gap ${exp(r.relativeGap)}`, `(${r.solver}${r.notes?.length ? `; ${r.notes.join('; ')}` : ''})`);
    if (r.detail) parts.push(`[${r.detail}]`);
  }
  else {
    if (r.peerMinusOursRel !== undefined) parts.push(`(peer − ours)/ours ${exp(r.peerMinusOursRel)}`);
    if (Number.isFinite(r.cpuRatio)) parts.push(`ours ${num(r.cpuRatio, 1)}× less CPU`);
    if (r.detail) parts.push(`[${r.detail}]`);
  }
  console.log(parts.join('  '));
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]), process.argv[5], Number(process.argv[6]));
else await main();
