// Issue 15 benchmark: policytree's own example (the simulation on the help page of grf-labs/policytree's
// policy_tree: X = round(N(0,1), 2) with p = 5, W ~ Bernoulli(1 / (1 + e^X3)), τ = 1 / (1 + e^((X1+X2)/2)) − 0.5,
// Y = X3 + W·τ + N(0,1)), run through the whole CLI with default flags: `liftwise policy fit --depth 2`
// (and with a budget), timed as a process, then `policy apply` on 20 000 fresh rows. The rule's value is
// measured with the true τ: decision quality = (gain of the rule − gain of random targeting at the same
// share) / (oracle gain − that), where the oracle treats exactly the rows with τ > 0 (X1 + X2 < 0).
// policytree itself is R; neither R nor an r-cran-policytree package is installable here, so the peer
// number is the oracle (and policytree's documented complexity), not a policytree run.
// Usage: node bench/policy-example.bench.mjs [--sizes 2000,10000] [--write FILE]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../dist/src/index.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SIZES = arg('sizes', '2000,10000').split(',').map(Number);
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'liftwise-policy-bench-'));

function simulate(n, seed) {
  const rng = new Random(seed);
  const lines = ['id,X1,X2,X3,X4,X5,W,Y,tau'];
  const tau = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 5 }, () => Math.round(rng.normal() * 100) / 100);
    const w = rng.uniform() < 1 / (1 + Math.exp(x[2])) ? 1 : 0;
    tau[i] = 1 / (1 + Math.exp((x[0] + x[1]) / 2)) - 0.5;
    const y = x[2] + w * tau[i] + rng.normal();
    lines.push(`${i + 1},${x.join(',')},${w},${y.toFixed(6)},${tau[i]}`);
  }
  return { text: `${lines.join('\n')}\n`, tau };
}

function run(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`liftwise ${args.join(' ')} failed: ${r.stderr}`);
  return { seconds: (performance.now() - t0) / 1000, stdout: r.stdout };
}

const test = simulate(20000, 999);
const testFile = join(dir, 'test.csv');
writeFileSync(testFile, test.text);
let oracle = 0;
let everyone = 0;
let positive = 0;
for (const t of test.tau) {
  oracle += Math.max(0, t);
  everyone += t;
  if (t > 0) positive++;
}
const N = test.tau.length;
console.log(`policytree's example; test rows ${N}; load average at start ${loadavg().map((v) => v.toFixed(2)).join(', ')}`);
console.log(`oracle (treat iff τ > 0, ${((100 * positive) / N).toFixed(1)} % of rows): mean gain ${(oracle / N).toFixed(4)} per row; treat everyone: ${(everyone / N).toFixed(4)}\n`);
console.log('| rows | run | fit wall s (CLI process) | treated share | mean true gain per row | oracle share | decision quality |');
console.log('|---|---|---|---|---|---|---|');
for (const n of SIZES) {
  const train = simulate(n, 1000 + n);
  const file = join(dir, `train-${n}.csv`);
  writeFileSync(file, train.text);
  if (arg('write', undefined) !== undefined && n === SIZES[SIZES.length - 1]) copyFileSync(file, arg('write'));
  for (const [label, extra] of [
    ['depth 2', []],
    ['depth 2, budget 5 % cost × 40 % of rows', ['--cost', '0.05', '--budget', String(0.05 * 0.4 * n)]],
  ]) {
    const policy = join(dir, `p-${n}-${extra.length}.json`);
    const fit = run(['policy', 'fit', '--data', file, '--treatment', 'W', '--outcome', 'Y', '--exclude', 'id,tau', '--depth', '2', '--out', policy, '--quiet', ...extra]);
    const plan = join(dir, `plan-${n}-${extra.length}.csv`);
    run(['policy', 'apply', '--policy', policy, '--data', testFile, '--id', 'id', '--out', plan]);
    const rows = readFileSync(plan, 'utf8').trim().split('\n').slice(1);
    let gain = 0;
    let treated = 0;
    rows.forEach((line, i) => {
      const action = line.split(',')[1];
      if (action === '1') {
        gain += test.tau[i];
        treated++;
      }
    });
    const share = treated / N;
    const random = share * everyone;
    const quality = (gain - random) / (oracle - random);
    console.log(`| ${n} | ${label} | ${fit.seconds.toFixed(2)} | ${share.toFixed(3)} | ${(gain / N).toFixed(4)} | ${(gain / oracle).toFixed(3)} | ${quality.toFixed(3)} |`);
  }
}
console.log(`\nload average at end ${loadavg().map((v) => v.toFixed(2)).join(', ')}`);
