#!/usr/bin/env node
// The test suite's wall time (issue 11: "at least 2× faster than before, measured in the same
// run"): `vitest run` of this checkout and of a baseline commit (default 6071d86, the suite before
// the CLI tests ran in process), each after its own build, one after the other so that both see
// the same machine. The baseline is checked out beside this repository (not in /tmp) so that its
// tests find ../shared and skip nothing this checkout runs. Each suite runs with its own vitest
// configuration, as `npm test` would. A third row runs this checkout's vitest on only the test files the
// baseline had (those still at the same path): the same questions asked of the code as it is now, since
// the whole suite has grown with later issues' tests. Slow: several minutes per run; `--runs` (default 1).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : process.argv[i + 1];
};
const runs = Number(arg('--runs', 1));
const baseline = arg('--baseline', '6071d86');
const tsc = join(repo, 'node_modules/typescript/bin/tsc');
const vitest = join(repo, 'node_modules/vitest/vitest.mjs');

function checkout(commit) {
  const dir = mkdtempSync(join(dirname(repo), 'liftwise-suite-baseline-'));
  rmSync(dir, { recursive: true });
  execFileSync('git', ['-C', repo, 'worktree', 'add', '--detach', dir, commit], { stdio: 'ignore' });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Build then `vitest run`, as `npm test` does there; wall seconds of the whole, and what vitest reported. */
function suite(dir, only = []) {
  const t0 = process.hrtime.bigint();
  // The build `npm test` runs in that checkout: the transpile-only one where it exists, else tsc.
  const fast = join(dir, 'tools/build-for-tests.mjs');
  execFileSync(process.execPath, existsSync(fast) ? [fast] : [tsc, '-p', join(dir, 'tsconfig.json')], { stdio: 'ignore' });
  const r = spawnSync(process.execPath, [vitest, 'run', ...only], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const text = `${r.stdout}\n${r.stderr}`;
  const files = /Test Files\s+(.*)/.exec(text)?.[1]?.trim() ?? '?';
  const tests = /Tests\s+(.*)/.exec(text)?.[1]?.trim() ?? '?';
  return { seconds, files, tests, status: r.status };
}

const base = checkout(baseline);
// The baseline's test files that still exist here at the same path.
const baselineFiles = execFileSync('git', ['-C', repo, 'ls-tree', '-r', '--name-only', baseline, 'test'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f.endsWith('.test.ts') && existsSync(join(repo, f)));
const rows = [];
try {
  for (let run = 1; run <= runs; run++) {
    const suites = [
      [`baseline ${baseline}`, base, []],
      ['this checkout', repo, []],
      [`this checkout, the baseline's ${baselineFiles.length} test files`, repo, baselineFiles],
    ];
    for (const [name, dir, files] of suites) {
      const load = loadavg()[0].toFixed(1);
      const r = suite(dir, files);
      rows.push({ name, run, load, ...r });
      console.error(`${name} #${run}: ${r.seconds.toFixed(0)} s (${r.files}; ${r.tests}; exit ${r.status}; load ${load} before)`);
    }
  }
} finally {
  execFileSync('git', ['-C', repo, 'worktree', 'remove', '--force', base], { stdio: 'ignore' });
  if (existsSync(base)) rmSync(base, { recursive: true, force: true });
}

console.log('| suite | run | load before | build + vitest s | test files | tests | exit |');
console.log('| --- | ---: | ---: | ---: | --- | --- | ---: |');
for (const r of rows) console.log(`| ${r.name} | ${r.run} | ${r.load} | ${r.seconds.toFixed(0)} | ${r.files} | ${r.tests} | ${r.status} |`);
