// Scoring through workers: `liftwise score` of n rows (Parquet shards, 6 numeric features, a text id) with a
// 100-tree forest model (two-model, 50 trees per arm, fitted on 20,000 rows), in one process on the folder
// (--data), shard by shard in one process (--shards), and through Redis with 2 and 4 local worker processes.
// Wall and CPU seconds, peak RSS of the coordinator and of each worker (/usr/bin/time); the scores of every run
// are checked equal to the one-process scores. Needs /usr/bin/redis-server for the worker runs.
// Usage: node bench/scale-score.bench.mjs [rows=10000000] [shards=20] [workers=2,4]
// SCALE_DATA=DIR keeps the generated shards and model in DIR.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cliPath = join(here, '..', 'dist', 'src', 'cli', 'main.js');
const n = Number(process.argv[2] ?? 10_000_000);
const S = Number(process.argv[3] ?? 20);
const workerCounts = (process.argv[4] ?? '2,4').split(',').filter((w) => w !== '').map(Number);
const { writeTable } = await import('../dist/src/data/write.js');
const { readTable } = await import('../dist/src/data/read.js');
const { createTable, numericColumn, categoricalColumn } = await import('../dist/src/data/table.js');
const { Random } = await import('../dist/src/util/random.js');
const P = 6;

const dir = process.env.SCALE_DATA ?? mkdtempSync(join(tmpdir(), 'liftwise-scale-score-'));
const data = join(dir, 'data');
mkdirSync(data, { recursive: true });
const rng = new Random(23);
const features = (m) => Array.from({ length: P }, (_, j) => numericColumn(`x${j}`, Array.from({ length: m }, () => (j % 2 === 0 ? rng.normal() : rng.uniform()))));
if (!existsSync(join(dir, 'model.json'))) {
  const m = 20_000;
  const x = features(m);
  const t = Array.from({ length: m }, () => rng.int(2));
  const y = Array.from({ length: m }, (_, i) => (rng.uniform() < 0.2 + 0.1 * t[i] * (x[0].values[i] > 0 ? 1 : 0) + 0.05 * x[1].values[i] ? 1 : 0));
  await writeTable(join(dir, 'train.csv'), createTable([...x, numericColumn('t', t), numericColumn('y', y)]));
  const fit = spawnSync(process.execPath, [cliPath, 'fit', '--data', join(dir, 'train.csv'), '--treatment', 't', '--outcome', 'y', '--method', 'two-model', '--learner', 'forest', '--trees', '50', '--out', join(dir, 'model.json'), '--quiet'], { encoding: 'utf8' });
  if (fit.status !== 0) throw new Error(fit.stderr);
}
if (readdirSync(data).filter((f) => f.endsWith('.parquet')).length !== S) {
  const started = performance.now();
  let at = 0;
  for (let s = 0; s < S; s++) {
    const m = Math.floor((n * (s + 1)) / S) - at;
    const id = categoricalColumn('id', Array.from({ length: m }, (_, i) => `c${String(at + i).padStart(9, '0')}`));
    await writeTable(join(data, `part-${String(s).padStart(4, '0')}.parquet`), createTable([id, ...features(m)]));
    at += m;
  }
  console.log(`generated ${n} rows in ${S} shards in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
for (const old of readdirSync(dir).filter((f) => f.startsWith('out-'))) rmSync(join(dir, old), { recursive: true, force: true });

function timed(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M %e %U %S', process.execPath, '--max-old-space-size=16000', cliPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const [kb, wall, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { code: r.status, mib: kb / 1024, wall, cpu: user + sys, stderr: r.stderr };
}
async function uplift(path) {
  const t = await readTable(path);
  return t.columns.get('uplift_1').values;
}
function same(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
const common = ['score', '--model', join(dir, 'model.json'), '--id', 'id', '--quiet'];
console.log(`${n} rows × ${P} features in ${S} Parquet shards, two-model forest 2 × 50 trees; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other jobs running)`);
console.log('| run | wall s | CPU s | peak RSS MiB | scores = one-process scores |');
console.log('|---|---|---|---|---|');
const whole = timed([...common, '--data', data, '--out', join(dir, 'out-whole.parquet')]);
const expected = whole.code === 0 ? await uplift(join(dir, 'out-whole.parquet')) : undefined;
console.log(`| one process, --data on the folder | ${whole.wall} | ${whole.cpu.toFixed(1)} | ${whole.mib.toFixed(0)} | ${whole.code === 0 ? '(reference)' : whole.stderr.slice(-200)} |`);
const local = timed([...common, '--shards', data, '--out', join(dir, 'out-local')]);
console.log(`| one process, --shards | ${local.wall} | ${local.cpu.toFixed(1)} | ${local.mib.toFixed(0)} | ${local.code === 0 && expected ? same(await uplift(join(dir, 'out-local')), expected) : local.stderr.slice(-200)} |`);
if (existsSync('/usr/bin/redis-server')) {
  const port = 21000 + Math.floor(Math.random() * 9000);
  const redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const url = `redis://127.0.0.1:${port}`;
  for (const w of workerCounts) {
    const workers = [];
    for (let i = 0; i < w; i++) workers.push(spawn('/usr/bin/time', ['-f', '%M %U %S', process.execPath, cliPath, 'worker', '--redis', url, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] }));
    const stats = workers.map((p) => new Promise((resolve) => { let e = ''; p.stderr.on('data', (d) => (e += d)); p.on('close', () => { const [kb, u, s] = e.trim().split('\n').pop().split(' ').map(Number); resolve({ mib: kb / 1024, cpu: u + s }); }); }));
    await new Promise((r) => setTimeout(r, 1500));
    const out = join(dir, `out-redis-${w}`);
    const run = timed([...common, '--shards', data, '--redis', url, '--out', out]);
    for (const p of workers) spawnSync('pkill', ['-TERM', '-P', String(p.pid)]);
    const ws = await Promise.all(stats);
    console.log(`| Redis, ${w} workers | ${run.wall} | ${run.cpu.toFixed(1)} + workers ${ws.map((x) => x.cpu.toFixed(1)).join(', ')} | ${run.mib.toFixed(0)} (workers ${ws.map((x) => x.mib.toFixed(0)).join(', ')}) | ${run.code === 0 && expected ? same(await uplift(out), expected) : run.stderr.slice(-200)} |`);
  }
  redis.kill();
} else console.log('(redis-server not installed: the worker runs are skipped)');
if (process.env.SCALE_DATA === undefined) rmSync(dir, { recursive: true, force: true });
