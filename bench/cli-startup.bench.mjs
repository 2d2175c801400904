#!/usr/bin/env node
// CLI start-up (issue 11): `node -e 0`, `liftwise --help` and a two-model logistic fit on
// Hillstrom's 42,693 "Womens E-Mail" / "No E-Mail" rows, for this build and for a baseline
// build of an earlier commit (default 6071d86, before each command loaded only itself),
// interleaved run by run so that both see the same machine load. Medians of --runs (7).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : process.argv[i + 1];
};
const runs = Number(arg('--runs', 7));
const baseline = arg('--baseline', '6071d86');
const hillstrom = join(repo, '../shared/data/uplift/hillstrom.csv');

function buildBaseline(commit) {
  const dir = mkdtempSync(join(tmpdir(), 'liftwise-baseline-'));
  execFileSync('git', ['-C', repo, 'worktree', 'add', '--detach', dir, commit], { stdio: 'ignore' });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { stdio: 'ignore' });
  return dir;
}

function seconds(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const base = buildBaseline(baseline);
const out = mkdtempSync(join(tmpdir(), 'liftwise-startup-'));
const fitArgs = (root, model) => [
  join(root, 'dist/src/cli/main.js'), 'fit', '--data', hillstrom, '--treatment', 'segment', '--control', 'No E-Mail',
  '--treated', 'Womens E-Mail', '--outcome', 'visit', '--features', 'recency,history,mens,womens,zip_code,newbie,channel',
  '--learner', 'logistic', '--out', join(out, model), '--quiet',
];
const cases = {
  'node -e 0': () => seconds(['-e', '0']),
  'liftwise --help (now)': () => seconds([join(repo, 'dist/src/cli/main.js'), '--help']),
  [`liftwise --help (${baseline})`]: () => seconds([join(base, 'dist/src/cli/main.js'), '--help']),
};
if (existsSync(hillstrom)) {
  cases['fit logistic 42k (now)'] = () => seconds(fitArgs(repo, `now-${Math.random()}.json`));
  cases[`fit logistic 42k (${baseline})`] = () => seconds(fitArgs(base, `base-${Math.random()}.json`));
} else {
  console.log(`(the fit case is skipped: ${hillstrom} is missing)`);
}
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const load0 = loadavg()[0];
for (let r = 0; r < runs; r++) for (const [k, f] of Object.entries(cases)) times[k].push(f());
console.log(`runs: ${runs} each, interleaved; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
console.log('| what | median s | ratio to node -e 0 |\n| --- | ---: | ---: |');
const node0 = median(times['node -e 0']);
for (const [k, xs] of Object.entries(times)) console.log(`| ${k} | ${median(xs).toFixed(2)} | ${(median(xs) / node0).toFixed(2)} |`);
execFileSync('git', ['-C', repo, 'worktree', 'remove', '--force', base], { stdio: 'ignore' });
rmSync(out, { recursive: true, force: true });
