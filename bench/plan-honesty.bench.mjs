#!/usr/bin/env node
// Honest plan numbers with fitted learners: what a plan promises against what it truly delivers, and whether its
// reported 90 % interval covers the truth, over seeds of a simulated campaign with known per-unit effects.
//
// Per seed: simulateCampaign (binary visit, randomised e-mail vs control, the 'hillstrom' effect shape) with N
// customers, split 50/50 (systematic); per-unit costs 0.5 + U(0, 1); budget 20 % of the holdout's total cost. Every
// learner is fitted on the training half and plans over the holdout half; the truth of a plan is Σ trueUplift over
// its treated customers (the expected extra visits).
//   point      the default learner (UpliftModel defaults); promise = Σ its scores over the plan; interval: held-out
//              (heldOutPlanValue on the holdout's randomised outcomes, 90 %, bootstrap over rows)
//   bootstrap  the default learner refitted on B bootstrap resamples (draws of kind 'bootstrap'); plan on the draws'
//              mean; interval: planValue's 90 % interval over the draws; also its held-out interval
//   bcf        Bayesian causal forest on TRAIN_BCF training rows (short sampler: 2 chains × 100 + 100, 200 draws
//              kept), draws of kind 'posterior'; interval: planValue's 90 % posterior interval
//
//   node bench/plan-honesty.bench.mjs [--seeds 20] [--n 8000] [--bootstrap 20] [--bcf-rows 1500] [--methods point,bootstrap,bcf]
import os from 'node:os';

const dist = new URL('../dist/', import.meta.url);
const { takeRows } = await import(new URL('src/data/table.js', dist).href);
const { planCampaign } = await import('./lib/plan-campaign.mjs');
const { UpliftModel } = await import(new URL('src/uplift/model.js', dist).href);
const allocate = await import(new URL('src/allocate/index.js', dist).href);
const { planValue } = await import(new URL('src/effects/planValue.js', dist).href);

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const j = argv.indexOf(`--${name}`);
  return j < 0 ? fallback : argv[j + 1];
};
const seeds = Number(flag('seeds', 20));
const N = Number(flag('n', 8000));
const B = Number(flag('bootstrap', 20));
const bcfRows = Number(flag('bcf-rows', 1500));
const methods = String(flag('methods', 'point,bootstrap,bcf')).split(',');
// The bootstrap's point learner: the default unless named (e.g. --bootstrap-method two-model --bootstrap-learner logistic).
const bootMethod = flag('bootstrap-method', undefined);
const bootLearner = flag('bootstrap-learner', undefined);
const LEVEL = 0.9;
const started = performance.now();
const load = [os.loadavg()[0]];
const rows = Object.fromEntries(methods.map((m) => [m, []]));
const failures = {};

for (let seed = 1; seed <= seeds; seed++) {
  const { train, holdout, n, costs, budget, tau, assigned, y } = planCampaign(N, seed);
  const truthOf = (choice) => choice.reduce((t, a, i) => t + (a > 0 ? tau[i] : 0), 0);
  const spec = { treatment: 'treatment', outcome: 'visit', exclude: ['id'], seed };
  const plan = async (mean) => allocate.solveAllocation({ units: n, arms: 2, values: mean, costs, budget });
  const heldOut = (choice) => allocate.heldOutPlanValue(choice, assigned, y, { level: LEVEL, replicates: 500, seed });

  for (const method of methods) {
    const t0 = performance.now();
    let effects;
    try {
    if (method === 'point') effects = UpliftModel.fit(train, spec).effects(holdout);
    else if (method === 'bootstrap')
      effects = UpliftModel.fit(train, { ...spec, bootstrap: B, ...(bootMethod ? { method: bootMethod } : {}), ...(bootLearner ? { learner: bootLearner } : {}) }).effects(holdout);
    else if (method === 'bcf') {
      const step = Math.max(1, Math.floor(train.nRows / bcfRows));
      const picked = Int32Array.from({ length: Math.floor(train.nRows / step) }, (_, i) => i * step);
      const model = UpliftModel.fit(takeRows(train, picked), { ...spec, method: 'bcf', methodOptions: { chains: 2, warmup: 100, draws: 100, keep: 200 } });
      effects = model.effects(holdout);
    } else throw new Error(`unknown method ${method}`);
    } catch (e) {
      // Counted and reported, not hidden: a learner that fails on a seed is a finding.
      failures[method] = (failures[method] ?? 0) + 1;
      process.stderr.write(`seed ${seed} ${method}: ${e.code ?? ''} ${e.message}\n`);
      continue;
    }
    const p = await plan(effects.mean);
    const truth = truthOf(p.choice);
    const h = heldOut(p.choice);
    const v = planValue(effects, p.choice, { level: LEVEL });
    rows[method].push({
      promised: v.mean,
      truth,
      lower: v.interval?.[0],
      upper: v.interval?.[1],
      kind: v.kind,
      held: h.estimate,
      heldLower: h.lower,
      heldUpper: h.upper,
      seconds: (performance.now() - t0) / 1000,
    });
  }
  load.push(os.loadavg()[0]);
  process.stderr.write(`seed ${seed}/${seeds} ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `${seeds} seeds, N ${N} (holdout ${N / 2}), budget 20 % of the holdout's cost, ${LEVEL * 100} % intervals; ${((performance.now() - started) / 1000).toFixed(0)} s wall; load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}`,
);
console.log('| learner | interval kind | promised (mean) | true (mean) | promised / true − 1 | its interval covers truth | held-out estimate / true − 1 | held-out 90 % covers truth | s per seed |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const method of methods) {
  const r = rows[method];
  if (r.length === 0) {
    console.log(`| ${method} | failed on every seed | | | | | | | |`);
    continue;
  }
  const kind = r[0].kind ?? 'none (point)';
  const covered = r.filter((x) => x.lower !== undefined && x.lower <= x.truth && x.truth <= x.upper).length;
  const heldCovered = r.filter((x) => x.heldLower <= x.truth && x.truth <= x.heldUpper).length;
  console.log(
    `| ${method === 'bootstrap' ? `bootstrap (B = ${B}${bootMethod || bootLearner ? `, ${bootMethod ?? 'default'} ${bootLearner ?? 'default'}` : ', default learner'})${failures.bootstrap ? `, failed on ${failures.bootstrap} seeds` : ''}` : method === 'bcf' ? `bcf (${bcfRows} rows)` : 'point (default learner)'} | ${kind} | ${mean(r.map((x) => x.promised)).toFixed(1)} | ${mean(r.map((x) => x.truth)).toFixed(1)} | ${(100 * (mean(r.map((x) => x.promised / x.truth)) - 1)).toFixed(1)} % | ${r[0].lower === undefined ? '–' : `${covered} / ${r.length}`} | ${(100 * (mean(r.map((x) => x.held / x.truth)) - 1)).toFixed(1)} % | ${heldCovered} / ${r.length} | ${mean(r.map((x) => x.seconds)).toFixed(1)} |`,
  );
}
