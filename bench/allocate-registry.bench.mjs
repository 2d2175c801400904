#!/usr/bin/env node
// The rule registry (src/allocate/rules/) against the allocation layer before it: the same plans, and the time of a
// solve, in one process, alternating the two builds. The other build is any earlier dist/ (e.g. `git archive <commit> |
// tar -x -C /tmp/base && cd /tmp/base && ln -s $PWD/node_modules . && npx tsc -p tsconfig.json`).
//
//   node bench/allocate-registry.bench.mjs --base /tmp/base/dist [--problems 300] [--repeat 5]
//
// 1. Same plans: random problems (1–40 units, 2–4 arms) with random rules of every kind the base knows, solved by
//    every solver by both builds: status, objective, bound and the plan itself must agree exactly.
// 2. Time (wall and CPU, median of --repeat alternated runs): 10^6 unit-arms with eligibility, only-profitable and a
//    budget (the greedy: validation, the mask, the check of the plan are the registry's loops), and 2·10^4 units with
//    segment minimums, an arm maximum and a channel budget (the core method: the rows come from the registry).
import { parseArgs } from 'node:util';
import os from 'node:os';

const { values: args } = parseArgs({ options: { base: { type: 'string' }, problems: { type: 'string', default: '300' }, repeat: { type: 'string', default: '5' } } });
if (args.base === undefined) {
  console.log('allocate-registry: give --base DIST (an earlier build) to compare against; skipped');
  process.exit(0);
}
const here = new URL('../dist/', import.meta.url);
const base = new URL(`file://${args.base.replace(/\/?$/, '/')}`);
const ours = await import(new URL('src/allocate/index.js', here).href);
const theirs = await import(new URL('src/allocate/index.js', base).href);
const { Random } = await import(new URL('src/util/random.js', here).href);

function randomProblem(rng) {
  const n = 1 + rng.int(40);
  const K = 2 + rng.int(3);
  const values = Float64Array.from({ length: n * K }, (_, j) => (j % K === 0 ? (rng.uniform() < 0.3 ? rng.normal() : 0) : rng.normal() + 0.5));
  const costs = Float64Array.from({ length: n * K }, (_, j) => (j % K === 0 || rng.uniform() < 0.1 ? 0 : rng.int(4) * 0.5));
  return {
    units: n, arms: K, values, costs,
    budget: rng.int(4 * n) * 0.25,
    ...(rng.uniform() < 0.5 ? { maxRecipients: rng.int(n + 1) } : {}),
    ...(rng.uniform() < 0.2 ? { objective: 'profit' } : {}),
    ...(rng.uniform() < 0.3 ? { armLimits: [{ arm: 1 + rng.int(K - 1), ...(rng.uniform() < 0.5 ? { min: rng.int(3) } : { max: rng.int(n) }) }] } : {}),
    ...(rng.uniform() < 0.3 ? { segmentRules: [{ column: 's', codes: Int32Array.from({ length: n }, () => rng.int(3)), levels: ['x', 'y', 'z'], ...(rng.uniform() < 0.5 ? { minShare: rng.uniform() * 0.5 } : { maxShare: rng.uniform() }) }] } : {}),
    ...(rng.uniform() < 0.3 ? { extraBudgets: [{ name: 'e', limit: rng.int(2 * n) * 0.5, arms: [K - 1] }] } : {}),
    ...(rng.uniform() < 0.2 ? { onlyWhereValueExceedsCost: true } : {}),
    ...(rng.uniform() < 0.2 ? { eligible: Uint8Array.from({ length: n * K }, () => (rng.uniform() < 0.7 ? 1 : 0)) } : {}),
  };
}

const outcome = (p) => p.then((plan) => plan, (e) => ({ code: e.code, message: e.message }));
const same = (a, b) => JSON.stringify(a, (k, v) => (v instanceof Int32Array ? [...v] : k === 'seconds' || k === 'planFound' ? undefined : v)) ===
  JSON.stringify(b, (k, v) => (v instanceof Int32Array ? [...v] : k === 'seconds' || k === 'planFound' ? undefined : v));

const rng = new Random(20261202);
let solves = 0;
const differ = [];
for (let t = 0; t < Number(args.problems); t++) {
  const problem = randomProblem(rng);
  for (const solver of ['auto', 'greedy', 'lagrangian', 'core', 'highs', 'glpk', 'jslp']) {
    const a = await outcome(ours.solveAllocation(problem, { solver, mipGap: 0 }));
    const b = await outcome(theirs.solveAllocation(problem, { solver, mipGap: 0 }));
    solves++;
    if (!same(a, b)) differ.push({ t, solver, ours: a.status ?? a.code, base: b.status ?? b.code, why: [a.infeasibility?.message ?? a.message, b.infeasibility?.message ?? b.message] });
  }
}
console.log(`same plans: ${solves - differ.length} of ${solves} solves identical (status, objective, bound, plan, notes, errors)`);
for (const d of differ.slice(0, 10)) console.log('  differs:', JSON.stringify(d));

function big(n, K, seed, rules) {
  const r = new Random(seed);
  const values = new Float64Array(n * K);
  const costs = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 1; k < K; k++) { costs[i * K + k] = k * (0.5 + r.uniform()); values[i * K + k] = Math.exp(r.normal()) * (1 - Math.exp(-costs[i * K + k])) + 0.3 * r.normal(); }
  return { units: n, arms: K, values, costs, ...rules(n, K, r) };
}
const cases = [
  ['greedy: 250 000 units × 4 arms, eligibility, only-profitable, budget', big(250_000, 4, 1, (n, K, r) => ({ budget: 0.2 * n, onlyWhereValueExceedsCost: true, eligible: Uint8Array.from({ length: n * K }, () => (r.uniform() < 0.8 ? 1 : 0)) }))],
  ['core: 20 000 units × 4 arms, segment minimums, arm maximum, channel budget', big(20_000, 4, 2, (n, K, r) => ({ budget: 0.2 * n, segmentRules: [{ column: 'g', codes: Int32Array.from({ length: n }, () => r.int(4)), levels: ['a', 'b', 'c', 'd'], minShare: 0.2 }], armLimits: [{ arm: 3, max: Math.floor(0.05 * n) }], extraBudgets: [{ name: 'calls', limit: 0.03 * n, arms: [3] }] }))],
];
const median = (xs) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const [name, problem] of cases) {
  const times = { ours: { wall: [], cpu: [] }, base: { wall: [], cpu: [] } };
  let plans;
  for (let rep = 0; rep < Number(args.repeat); rep++) {
    for (const [who, lib] of rep % 2 === 0 ? [['ours', ours], ['base', theirs]] : [['base', theirs], ['ours', ours]]) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const plan = await lib.solveAllocation(problem, { mipGap: 1e-4 });
      times[who].wall.push((performance.now() - t0) / 1000);
      const c = process.cpuUsage(c0);
      times[who].cpu.push((c.user + c.system) / 1e6);
      plans ??= {};
      plans[who] = plan;
    }
  }
  const identical = same(plans.ours, plans.base);
  console.log(`${name}: ours ${median(times.ours.wall).toFixed(3)} s wall / ${median(times.ours.cpu).toFixed(3)} s CPU, base ${median(times.base.wall).toFixed(3)} s / ${median(times.base.cpu).toFixed(3)} s CPU (median of ${args.repeat}); same plan: ${identical}`);
}
console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, ${os.cpus().length} cores, node ${process.version}`);
