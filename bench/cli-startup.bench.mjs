#!/usr/bin/env node
// CLI start-up (issue 11): `node -e 0`, `liftwise --help` and a two-model logistic fit on
// Hillstrom's 42,693 "Womens E-Mail" / "No E-Mail" rows, for this build and for a baseline
// build of an earlier commit (default 6071d86, before each command loaded only itself),
// interleaved run by run so that both see the same machine load. Medians of --runs (7), in wall
// seconds and, on Linux, in CPU seconds of the child process (user + system, from /proc/self/stat's
// cutime + cstime: 10 ms ticks), which a busy machine disturbs less than wall time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timedNode } from './lib/child-time.mjs';

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

const seconds = timedNode;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// `npm run build` bundles the CLI (tools/bundle-cli.mjs); an unbundled build measures something else.
if (!readFileSync(join(repo, 'dist/src/cli/main.js'), 'utf8').includes('Bundled by tools/bundle-cli.mjs')) {
  console.log('(note: dist/src/cli/main.js is not the bundled CLI; run `npm run build` first)');
}
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
console.log('| what | median wall s | ratio to node -e 0 | median CPU s |\n| --- | ---: | ---: | ---: |');
const wall = (k) => median(times[k].map((t) => t.wall));
const cpu = (k) => median(times[k].map((t) => t.cpu));
const node0 = wall('node -e 0');
for (const k of Object.keys(times)) console.log(`| ${k} | ${wall(k).toFixed(2)} | ${(wall(k) / node0).toFixed(2)} | ${cpu(k).toFixed(2)} |`);
if (times['fit logistic 42k (now)'] !== undefined) {
  const now = 'fit logistic 42k (now)';
  const old = `fit logistic 42k (${baseline})`;
  console.log(`fit now / ${baseline}: ${(wall(now) / wall(old)).toFixed(2)} in wall time, ${(cpu(now) / cpu(old)).toFixed(2)} in CPU time`);
}
execFileSync('git', ['-C', repo, 'worktree', 'remove', '--force', base], { stdio: 'ignore' });
rmSync(out, { recursive: true, force: true });
