#!/usr/bin/env node
// Honest plan numbers: selection optimism of point plans and calibration of the plan's 90 % interval, over seeds of a
// simulated campaign with known per-unit effects.
//
// Per seed: n units with true effect τ_i ~ N(0.05, 0.05²) (prior known), measured once as y_i = τ_i + e_i with a
// per-unit standard error se_i ∈ [0.02, 0.12] (small and large cells); cost 1 + U(0, 1), budget 20 % of total cost.
//   point plan      maximises Σ y_i (an unbiased but noisy point estimate, as a point uplift learner gives); its
//                   promised value is Σ y_i over the chosen units, its true value Σ τ_i.
//   posterior plan  maximises Σ posterior mean (conjugate normal: exact posterior draws, kind 'posterior'); its
//                   reported 90 % interval is the 5 %–95 % quantiles of Σ draws over the chosen units (planValue).
//
// Then the same question with fitted learners (issue 14's validation), all in the same run and on the same seeds:
// simulateCampaign (binary visit, randomised e-mail vs control, the 'hillstrom' effect shape) with --rows customers,
// split 50/50 (systematic); learners are fitted on the training half and plan over the holdout half; per-unit costs
// 0.5 + U(0, 1), budget 20 % of the holdout's total cost; the truth of a plan is Σ trueUplift over its treated
// customers. Learners (--learners, comma-separated):
//   bcf, bart            default sampler (4 chains, 3 + 50 warm-up + 250 sweeps, 200 kept draws), kind 'posterior'
//   bcf+opt1+opt2=v      bcf with those options (opt alone: true; opt=v: a number), e.g. bcf+tauIntercept+betaTau=2
//   bart+opt=v           bart with those options
//   bootstrap            the default learner refitted on B bootstrap resamples (kind 'bootstrap')
//   bootstrap-logistic   two-model logistic refitted on B bootstrap resamples
//   heldout              the default point learner's plan, valued by heldOutPlanValue on the holdout's outcomes
// Each plan's reported 90 % interval: planValue over its draws (heldout: the held-out bootstrap interval).
//
// --shape smooth,step,…: simulateCampaign's effect shapes, one table per shape (default hillstrom); --small: the
// small sampler of test/allocate/plan-calibration.test.ts for the posterior learners (screening); --out FILE: per-seed
// JSON lines; `node bench/lib/calibration-table.mjs FILE…` prints the tables of such files (runs split with --from).
//
//   node bench/risk-calibration.bench.mjs [--seeds 20] [--n 2000] [--draws 200] [--rows 8000] [--bootstrap 20]
//        [--learners bcf,bart,bootstrap,bootstrap-logistic,heldout] [--toy 0|1] [--from 1] [--shape hillstrom]
//        [--small] [--numeric] [--budget-share 0.2] [--arms email] [--out FILE]
import os from 'node:os';

const dist = new URL('../dist/', import.meta.url);
const { Random } = await import(new URL('src/util/random.js', dist).href);
const allocate = await import(new URL('src/allocate/index.js', dist).href);
const effectsModule = await import(new URL('src/effects/index.js', dist).href);

const argv = process.argv.slice(2);
const flag = (name, fallback) => { const j = argv.indexOf(`--${name}`); return j < 0 ? fallback : Number(argv[j + 1]); };
const seeds = flag('seeds', 20);
const n = flag('n', 2000);
const S = flag('draws', 200);
if (flag('toy', 1)) {
const started = performance.now();
const rows = [];
for (let seed = 1; seed <= seeds; seed++) {
  const rng = new Random(1000 + seed);
  const tau = new Float64Array(n);
  const y = new Float64Array(n);
  const postMean = new Float64Array(n);
  const postSd = new Float64Array(n);
  const costs = new Float64Array(n * 2);
  let total = 0;
  for (let i = 0; i < n; i++) {
    tau[i] = 0.05 + 0.05 * rng.normal();
    const se = 0.02 + 0.1 * rng.uniform();
    y[i] = tau[i] + se * rng.normal();
    const precision = 1 / 0.05 ** 2 + 1 / se ** 2;
    postMean[i] = (0.05 / 0.05 ** 2 + y[i] / se ** 2) / precision;
    postSd[i] = Math.sqrt(1 / precision);
    costs[i * 2 + 1] = 1 + rng.uniform();
    total += costs[i * 2 + 1];
  }
  const values = new Float64Array(S * n * 2);
  for (let s = 0; s < S; s++) for (let i = 0; i < n; i++) values[(s * n + i) * 2 + 1] = postMean[i] + postSd[i] * rng.normal();
  const budget = 0.2 * total;
  const pointValues = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) pointValues[i * 2 + 1] = y[i];
  const point = await allocate.solveAllocation({ units: n, arms: 2, values: pointValues, costs, budget });
  const effects = effectsModule.effectsFromDraws(['none', 'offer'], S, values, 'posterior');
  const post = await allocate.solveAllocation({ units: n, arms: 2, values: effects.mean, costs, budget });
  const truthOf = (choice) => choice.reduce((t, a, i) => t + (a > 0 ? tau[i] : 0), 0);
  const v = effectsModule.planValue(effects, post.choice, { level: 0.9 });
  rows.push({ pointPromised: point.objective, pointTrue: truthOf(point.choice), postMean: v.mean, postTrue: truthOf(post.choice), lower: v.interval[0], upper: v.interval[1] });
}
const mean = (f) => rows.reduce((t, r) => t + f(r), 0) / rows.length;
const covered = rows.filter((r) => r.lower <= r.postTrue && r.postTrue <= r.upper).length;
console.log(`${seeds} seeds, n ${n}, ${S} draws, budget 20 % of total cost; ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| plan | promised (mean over seeds) | true (mean over seeds) | promised / true − 1 | 90 % interval covers truth |');
console.log('|---|---|---|---|---|');
console.log(`| point plan (noisy unbiased estimates) | ${mean((r) => r.pointPromised).toFixed(2)} | ${mean((r) => r.pointTrue).toFixed(2)} | ${(100 * (mean((r) => r.pointPromised / r.pointTrue) - 1)).toFixed(1)} % | – (no draws) |`);
console.log(`| posterior plan (conjugate normal draws) | ${mean((r) => r.postMean).toFixed(2)} | ${mean((r) => r.postTrue).toFixed(2)} | ${(100 * (mean((r) => r.postMean / r.postTrue) - 1)).toFixed(1)} % | ${covered} / ${seeds} |`);
console.log(`mean |reported − true| / true of the posterior plan: ${(100 * mean((r) => Math.abs(r.postMean - r.postTrue) / r.postTrue)).toFixed(1)} %`);
}

const learnerList = String(argv.includes('--learners') ? argv[argv.indexOf('--learners') + 1] : 'bcf,bart,bootstrap,bootstrap-logistic,heldout').split(',').filter((x) => x !== '');
const shapes = String(argv.includes('--shape') ? argv[argv.indexOf('--shape') + 1] : 'hillstrom').split(',').filter((x) => x !== '');
// --small: the sampler of test/allocate/plan-calibration.test.ts (one chain, 50 + 20 trees, 2 + 40 warm-up sweeps,
// 100 draws, one thread) for bcf and bart and their +option variants; an option named in the variant overrides it.
const SMALL = { chains: 1, trees: 50, treesTau: 20, gfr: 2, warmup: 40, draws: 100, keep: 100, threads: 1 };
const small = argv.includes('--small');
// --numeric: the campaign's outcome is spend in dollars (simulateCampaign's numeric outcome) instead of a 0/1 visit.
const numeric = argv.includes('--numeric');
// --budget-share b: the budget is b of the holdout's total cost (default 0.2, issue 14's validation).
const budgetShare = flag('budget-share', 0.2);
// --arms email,coupon: the campaign's treated arms (default email); arm k costs k·(0.5 + U(0, 1)).
const treatedArms = String(argv.includes('--arms') ? argv[argv.indexOf('--arms') + 1] : 'email').split(',');
// --out FILE: one JSON line per seed × shape × learner appended (reported mean, interval, truth, times), so runs split
// with --from can be summarised together (bench/lib/calibration-table.mjs).
const outFile = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : null;
if (learnerList.length > 0) {
  const { planCampaign } = await import('./lib/plan-campaign.mjs');
  const { calibrationTable } = await import('./lib/calibration-table.mjs');
  const { appendFileSync } = await import('node:fs');
  const { UpliftModel } = await import(new URL('src/uplift/model.js', dist).href);
  const N = flag('rows', 8000);
  const B = flag('bootstrap', 20);
  const LEVEL = 0.9;
  const specs = {
    bootstrap: { bootstrap: B },
    'bootstrap-logistic': { bootstrap: B, method: 'two-model', learner: 'logistic' },
    heldout: {},
  };
  // bcf, bart, bcf+opt1+opt2=v, bart+opt=v: the posterior learners with those options (opt alone: true; opt=v: a number).
  const posteriorSpec = (name) => {
    const [method, ...opts] = name.split('+');
    if (method !== 'bcf' && method !== 'bart') return null;
    const options = Object.fromEntries(opts.map((o) => (o.includes('=') ? [o.split('=')[0], Number(o.split('=')[1])] : [o, true])));
    const methodOptions = { ...(small ? (method === 'bart' ? { ...SMALL, treesTau: undefined } : SMALL) : {}), ...options };
    for (const key of Object.keys(methodOptions)) if (methodOptions[key] === undefined) delete methodOptions[key];
    return { method, methodOptions };
  };
  for (const name of learnerList) if (posteriorSpec(name) === null && !(name in specs)) throw new Error(`unknown learner ${name}`);
  const started = performance.now();
  const load = [os.loadavg()[0]];
  const records = [];
  // --from s: start at seed s (a long run split over processes; the seeds are the same).
  for (const shape of shapes) {
    for (let seed = flag('from', 1); seed <= seeds; seed++) {
      const { train, holdout, n, K, armLabels, costs, budget, tau, assigned, y, outcome } = planCampaign(N, seed, shape, numeric ? 'numeric' : 'binary', budgetShare, treatedArms);
      const spec = { treatment: 'treatment', outcome, exclude: ['id'], seed };
      const line = [];
      for (const name of learnerList) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const effects = UpliftModel.fit(train, { ...spec, ...(posteriorSpec(name) ?? specs[name]) }).effects(holdout);
        // The model orders arms by label; plan in the campaign's order (costs and truth), value in the model's.
        const order = armLabels.map((label) => effects.arms.indexOf(label));
        const values = new Float64Array(n * K);
        for (let i = 0; i < n; i++) for (let k = 1; k < K; k++) values[i * K + k] = effects.mean[i * K + order[k]];
        const p = await allocate.solveAllocation({ units: n, arms: K, values, costs, budget });
        const truth = p.choice.reduce((t, a, i) => t + (a > 0 ? tau[i * (K - 1) + a - 1] : 0), 0);
        const choice = Int32Array.from(p.choice, (a) => order[a]);
        let reported;
        if (name === 'heldout') {
          const h = allocate.heldOutPlanValue(p.choice, assigned, y, { level: LEVEL, replicates: 500, seed });
          reported = { mean: h.estimate, lower: h.lower, upper: h.upper, kind: h.kind };
        } else {
          const v = effectsModule.planValue(effects, choice, { level: LEVEL });
          reported = { mean: v.mean, lower: v.interval[0], upper: v.interval[1], kind: v.kind };
        }
        const cpu = process.cpuUsage(c0);
        const record = { shape: `${shape}${numeric ? ' (spend)' : ''}${budgetShare === 0.2 ? '' : ` (budget ${budgetShare})`}${treatedArms.length > 1 ? ` (arms ${treatedArms.join('+')})` : ''}`, seed, learner: name, small, rows: N, ...reported, truth, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
        records.push(record);
        if (outFile !== null) appendFileSync(outFile, `${JSON.stringify(record)}\n`);
        line.push(`${name} ${reported.mean.toFixed(1)} [${reported.lower.toFixed(1)}, ${reported.upper.toFixed(1)}] true ${truth.toFixed(1)}`);
      }
      load.push(os.loadavg()[0]);
      process.stderr.write(`${shape}${numeric ? ' (spend)' : ''} seed ${seed}: ${line.join('; ')}  (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    }
  }
  console.log(
    `\nseeds ${flag('from', 1)}–${seeds}, simulateCampaign ${N} rows (fit on ${N / 2}, plan over ${N / 2}), budget ${(100 * budgetShare).toFixed(0)} % of the holdout's cost, ${LEVEL * 100} % intervals${small ? ', small sampler' : ''}; ${((performance.now() - started) / 1000).toFixed(0)} s wall; load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}`,
  );
  console.log(calibrationTable(records));
}
