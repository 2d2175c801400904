// Issue 13's speed target as a user meets it: the whole `liftwise fit --method bart|bcf` process with its default
// flags on a CSV of n rows × 20 features (the data of bart-speed.bench.mjs: continuous outcome, randomised 0/1 arm),
// then `liftwise score --draws 200 --draws-out` on the same rows. Wall and CPU seconds of each process (reading,
// fitting or scoring, writing). SIZES (default 100000) and METHODS (default bart,bcf) choose the runs.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bartSpeedData, FEATURES } from './lib/bart-speed-data.mjs';
import { timedNode } from './lib/child-time.mjs';

const cli = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
const sizes = (process.env.SIZES ?? '100000').split(',').map(Number);
const methods = (process.env.METHODS ?? 'bart,bcf').split(',');
const dir = mkdtempSync(join(tmpdir(), 'liftwise-bart-cli-'));
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
console.log(`load average at start ${load()}`);
console.log('| method | rows | fit s (process) | fit CPU s | model MB | score 200 draws s (process) | score CPU s | load average after |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
try {
  for (const n of sizes) {
    const { cols, arm, y } = bartSpeedData(n);
    const header = ['t', 'y', ...Array.from({ length: FEATURES }, (_, j) => `x${j + 1}`)].join(',');
    const lines = [header];
    for (let i = 0; i < n; i++) lines.push([arm[i], y[i], ...cols.map((c) => c[i])].join(','));
    const data = join(dir, `data-${n}.csv`);
    writeFileSync(data, `${lines.join('\n')}\n`);
    for (const method of methods) {
      const model = join(dir, `${method}-${n}.json`);
      const fit = timedNode([cli, 'fit', '--data', data, '--treatment', 't', '--outcome', 'y', '--method', method, '--out', model, '--quiet']);
      const draws = join(dir, `${method}-${n}.draws`);
      const score = timedNode([cli, 'score', '--model', model, '--data', data, '--out', join(dir, `${method}-${n}-scores.csv`), '--draws', '200', '--draws-out', draws, '--quiet']);
      const mb = statSync(model).size / 2 ** 20;
      console.log(`| ${method} | ${n} | ${fit.wall.toFixed(1)} | ${fit.cpu.toFixed(1)} | ${mb.toFixed(1)} | ${score.wall.toFixed(1)} | ${score.cpu.toFixed(1)} | ${load()} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
