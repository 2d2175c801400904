// Issue 2's end-to-end check: the CLI (fit → score → evaluate) on Hillstrom,
// Womens E-Mail vs No E-Mail, outcome visit, 70/30 split by index within that
// subset (index mod 10 < 7 trains), for each base learner that finishes in
// reasonable time. Prints fit seconds and Qini AUC (sklift definition).
// Usage: node bench/cli-hillstrom.bench.mjs [learner ...]   (default: all)
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readTable, writeTable, takeRows, systematicSplit } from '../dist/src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const hillstrom = join(here, '..', '..', 'shared', 'data', 'uplift', 'hillstrom.csv');
if (!existsSync(hillstrom)) {
  console.log('skipped: ../shared/data/uplift/hillstrom.csv not found');
  process.exit(0);
}
const cli = join(here, '..', 'dist', 'src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'liftwise-bench-'));
const table = await readTable(hillstrom);
const seg = table.columns.get('segment');
const subset = [];
for (let i = 0; i < table.nRows; i++) {
  const label = seg.levels[seg.codes[i]];
  if (label === 'Womens E-Mail' || label === 'No E-Mail') subset.push(i);
}
const rows = takeRows(table, subset);
const split = systematicSplit(rows.nRows, 0.3);
const train = join(dir, 'train.csv');
const test = join(dir, 'test.csv');
await writeTable(train, takeRows(rows, split.train));
await writeTable(test, takeRows(rows, split.test));
console.log(`Hillstrom Womens vs No E-Mail: ${split.train.length} train rows, ${split.test.length} test rows`);

const runs = [
  { name: 'logistic', method: 'two-model', learner: 'logistic', options: {} },
  { name: 'logistic', method: 'class-transformation', learner: 'logistic', options: {} },
  { name: 'forest', method: 'two-model', learner: 'forest', options: { nEstimators: 100, maxDepth: 8, minSamplesLeaf: 20 } },
  { name: 'boosting', method: 'two-model', learner: 'boosting', options: { nIterations: 100, maxDepth: 6 } },
  { name: 'ml-cart', method: 'two-model', learner: 'ml-cart', options: { maxDepth: 6, minNumSamples: 20 } },
  { name: 'ml-random-forest', method: 'two-model', learner: 'ml-random-forest', options: { nEstimators: 10, maxDepth: 6, minNumSamples: 20 } },
];
const wanted = process.argv.slice(2);
const features = 'recency,history,mens,womens,zip_code,newbie,channel';
const sh = (args) => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60 * 60 * 1000 });
  if (r.status !== 0) throw new Error(`liftwise ${args[0]} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
};
console.log('| method | learner | options | fit s (CLI, in-process) | wall s (fit command) | Qini AUC | uplift@30% |');
console.log('|---|---|---|---|---|---|---|');
for (const run of runs) {
  if (wanted.length > 0 && !wanted.includes(run.name)) continue;
  const opts = join(dir, `${run.name}-options.json`);
  writeFileSync(opts, JSON.stringify(run.options));
  const model = join(dir, `${run.name}-${run.method}.json`);
  const scores = join(dir, `${run.name}-${run.method}-scores.csv`);
  const t0 = performance.now();
  let fit;
  try {
    fit = JSON.parse(sh(['fit', '--data', train, '--treatment', 'segment', '--control', 'No E-Mail', '--outcome', 'visit',
      '--features', features, '--method', run.method, '--learner', run.learner, '--options', opts, '--seed', '0', '--out', model, '--json', '--quiet']));
  } catch (e) {
    console.log(`| ${run.method} | ${run.learner} | ${JSON.stringify(run.options)} | failed: ${String(e.message).split('\n')[0]} | | | |`);
    continue;
  }
  const wall = (performance.now() - t0) / 1000;
  sh(['score', '--model', model, '--data', test, '--out', scores]);
  const ev = JSON.parse(sh(['evaluate', '--data', test, '--scores', scores, '--treatment', 'segment', '--control', 'No E-Mail', '--outcome', 'visit', '--json']));
  const m = ev.arms[0];
  console.log(`| ${run.method} | ${run.learner} | ${JSON.stringify(run.options)} | ${fit.fitSeconds.toFixed(2)} | ${wall.toFixed(2)} | ${m.qiniAuc.toFixed(4)} | ${m.upliftAtK.toFixed(4)} |`);
}
