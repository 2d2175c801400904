// Issue 12: plans without tuning. On simulated campaigns with known effects (bench/lib/uplift-campaigns.mjs), the plan
// score (true value of a plan buying 20 % of the holdout − random targeting) / (oracle − random) of
//   - default: `liftwise fit` with no method/learner flag → score → allocate --budget 0.2·n --cost 1, as CLI processes;
//   - auto:    the same with `fit --method auto` (its wall time is reported too);
//   - grid:    every member of the auto grid for the campaign's outcome and true design, fitted in process;
//   - old default: two-model/logistic in process (the default before issue 12);
//   - sklearn: scikit-learn two-model RandomForest(100 trees, max_depth=8, min_samples_leaf=20) (peer, same data).
// Usage: node bench/uplift-defaults.bench.mjs [--seeds 1,2] [--campaigns name,name] [--no-peer] [--no-grid]
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeTable, readTable, defaultGrid, planScore, planFromPredictions, unitsForBudget } from '../dist/src/index.js';
import { CAMPAIGNS, makeCampaign, scoreMember } from './lib/uplift-campaigns.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'src', 'cli', 'main.js');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const seedsFor = (spec) => (arg('--seeds') ?? (spec.n >= 100_000 ? '1' : '1,2')).split(',').map(Number);
const wanted = arg('--campaigns')?.split(',');
const campaigns = wanted === undefined ? CAMPAIGNS : CAMPAIGNS.filter((c) => wanted.includes(c.name));
// Debian's python3 (apt-get install python3-sklearn), as BENCHMARKS.md's other scikit-learn peers.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const peer = !args.includes('--no-peer') && spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' }).status === 0;
if (!peer) console.log('scikit-learn peer skipped (python3 -c "import sklearn" failed or --no-peer)');
const dir = mkdtempSync(join(tmpdir(), 'liftwise-defaults-'));

function run(cmd, argv) {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { stdout: r.stdout, seconds: (performance.now() - t0) / 1000 };
}

/** The user's path: fit → score → allocate with a budget of 20 % of the holdout at cost 1; plan flags from plan.csv. */
async function cliPlan(c, tag, fitArgs) {
  const model = join(dir, `${tag}.json`);
  const scores = join(dir, `${tag}-scores.csv`);
  const plan = join(dir, `${tag}-plan.csv`);
  const fit = run(process.execPath, [cli, 'fit', '--data', c.trainFile, '--treatment', 'treatment', '--outcome', c.outcome, '--exclude', 'id', '--seed', String(c.seed), '--out', model, '--quiet', '--json', ...fitArgs]);
  run(process.execPath, [cli, 'score', '--model', model, '--data', c.holdoutFile, '--id', 'id', '--out', scores]);
  const budget = unitsForBudget(c.truth.length, 0.2);
  run(process.execPath, [cli, 'allocate', '--scores', scores, '--budget', String(budget), '--cost', '1', '--id', 'id', '--out', plan, '--quiet']);
  const table = await readTable(plan);
  const arm = table.columns.get('arm');
  const treated = Uint8Array.from({ length: table.nRows }, (_, i) => (arm.levels[arm.codes[i]] === 'none' ? 0 : 1));
  const summary = JSON.parse(fit.stdout);
  return { score: planScore(c.truth, treated, 0.2).score, seconds: fit.seconds, chosen: summary.selection?.chosen, noSignal: summary.selection?.noSignal };
}

async function sklearnPlan(c) {
  const out = join(dir, 'sklearn-uplift.csv');
  const r = run(PYTHON, [join(here, 'sklearn-two-model-rf.py'), c.trainFile, c.holdoutFile, c.outcome, out]);
  const table = await readTable(out);
  const u = table.columns.get('uplift').values;
  return { score: planScore(c.truth, planFromPredictions(u, 0.2), 0.2).score, seconds: JSON.parse(r.stdout.trim().split('\n').at(-1)).fitSeconds };
}

const rows = [];
const load = () => (readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?');
console.log(`load average at start: ${load()} (2 cores; other jobs share the machine)`);
console.log('| campaign | seed | default (CLI) | auto (CLI) | auto chose | best grid member | best member | old default tm/logistic | sklearn RF two-model | auto s | default s |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const spec of campaigns) {
  for (const seed of seedsFor(spec)) {
    const c = makeCampaign(spec, seed);
    c.trainFile = join(dir, `${spec.name}-${seed}-train.csv`);
    c.holdoutFile = join(dir, `${spec.name}-${seed}-holdout.csv`);
    await writeTable(c.trainFile, c.train);
    await writeTable(c.holdoutFile, c.holdout);
    const def = await cliPlan(c, 'default', []);
    const auto = await cliPlan(c, 'auto', ['--method', 'auto']);
    const grid = args.includes('--no-grid') ? [] : defaultGrid(spec.outcome === 'binary' ? 'binary' : 'continuous', spec.assignment === 'randomised' ? 'randomised' : 'observational');
    const members = grid.map((m) => ({ label: m.label, score: scoreMember(c, { method: m.method, learner: m.learner, learnerOptions: m.learnerOptions, methodOptions: m.methodOptions }).score }));
    const best = members.length === 0 ? { score: NaN, label: '(grid not run)' } : members.reduce((a, b) => (b.score > a.score ? b : a));
    const old = scoreMember(c, { method: 'two-model', learner: 'logistic' }).score;
    const sk = peer ? await sklearnPlan(c) : { score: NaN };
    const row = { campaign: spec.name, seed, n: spec.n, default: def.score, auto: auto.score, chosen: auto.chosen, noSignal: auto.noSignal, best: best.score, bestLabel: best.label, old, sklearn: sk.score, autoSeconds: auto.seconds, defaultSeconds: def.seconds, members };
    rows.push(row);
    const f = (x) => (Number.isFinite(x) ? x.toFixed(3) : '–');
    console.log(`| ${spec.name} | ${seed} | ${f(def.score)} | ${f(auto.score)} | ${auto.chosen}${auto.noSignal ? ' (no signal)' : ''} | ${f(best.score)} | ${best.label} | ${f(old)} | ${f(sk.score)} | ${auto.seconds.toFixed(1)} | ${def.seconds.toFixed(1)} |`);
  }
}
const mean = (key) => rows.reduce((s, r) => s + r[key], 0) / rows.length;
const ratio = rows.reduce((s, r) => s + r.default / r.best, 0) / rows.length;
console.log(`\nmeans over ${rows.length} campaign × seed runs: default ${mean('default').toFixed(3)}, auto ${mean('auto').toFixed(3)}, best grid member per run ${mean('best').toFixed(3)}, old default ${mean('old').toFixed(3)}, sklearn ${peer ? mean('sklearn').toFixed(3) : '–'}`);
console.log(`default / best grid member: ${(mean('default') / mean('best')).toFixed(3)} (ratio of means), ${ratio.toFixed(3)} (mean of per-run ratios)`);
// The best single member on average (one setting for every campaign), for comparison with the default.
const labels = (rows[0]?.members ?? []).map((m) => m.label).filter((l) => rows.every((r) => r.members.some((m) => m.label === l)));
const perLabel = labels.map((l) => ({ l, s: rows.reduce((s, r) => s + r.members.find((m) => m.label === l).score, 0) / rows.length })).sort((a, b) => b.s - a.s);
console.log(`grid members by mean score (runs where every member applies): ${perLabel.map((p) => `${p.l} ${p.s.toFixed(3)}`).join('; ')}`);
console.log(`load average at end: ${load()}`);
console.log(`JSON ${JSON.stringify(rows.map(({ members, ...r }) => ({ ...r, members: Object.fromEntries(members.map((m) => [m.label, +m.score.toFixed(4)])) })))}`);
