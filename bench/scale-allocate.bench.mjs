// Plans from Parquet shards, budget + recipient cap, 4 arms: the in-memory allocate (--scores on the folder), the
// streaming allocate (--shards, one process), and the same through Redis with 1, 2 and 4 local worker processes.
// Wall time and peak RSS (coordinator; workers' largest) of the whole CLI processes, the gap, and whether the plan
// files equal the in-memory plan. Needs /usr/bin/redis-server for the worker runs (skipped without it).
// Usage: node bench/scale-allocate.bench.mjs [units=1000000] [shards=10] [workers=1,2,4] [memory=yes|no] [threads=1]
// threads: the one-process streaming runs to make, by --threads (e.g. 1,2). Past 10^6 units the in-memory solver
// is also compared on the 10^6 overlap: the first shards holding 10^6 units (budget and cap scaled to them), in
// memory and streaming with the largest thread count, plan for plan.
// SCALE_DATA=DIR keeps the generated shards in DIR (made once, reused by later runs of the same size).
// Wall and CPU (user + system) seconds, as the machine is shared; a plan is compared with the in-memory plan,
// or with the one-process streaming plan when the in-memory run is skipped (memory=no).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cliPath = join(here, '..', 'dist', 'src', 'cli', 'main.js');
const n = Number(process.argv[2] ?? 1_000_000);
const S = Number(process.argv[3] ?? 10);
const workerCounts = (process.argv[4] ?? '1,2,4').split(',').filter((w) => w !== '').map(Number);
const runMemory = (process.argv[5] ?? 'yes') !== 'no';
const threadCounts = (process.argv[6] ?? '1').split(',').filter((t) => t !== '').map(Number);
const { writeTable } = await import('../dist/src/data/write.js');
const { readTable } = await import('../dist/src/data/read.js');
const { createTable, numericColumn, categoricalColumn } = await import('../dist/src/data/table.js');
const { Random } = await import('../dist/src/util/random.js');

const keep = process.env.SCALE_DATA;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'liftwise-scale-'));
const scores = join(dir, 'scores');
const made = existsSync(scores) && readdirSync(scores).filter((f) => f.endsWith('.parquet')).length === S;
const genStart = performance.now();
const rng = new Random(17);
let at = 0;
mkdirSync(scores, { recursive: true });
for (let s = 0; s < (made ? 0 : S); s++) {
  const m = Math.floor((n * (s + 1)) / S) - at;
  const cols = [categoricalColumn('id', Array.from({ length: m }, (_, i) => `c${String(at + i).padStart(9, '0')}`))];
  for (let k = 1; k <= 4; k++) cols.push(numericColumn(`uplift_a${k}`, Array.from({ length: m }, () => rng.normal() * 0.02 + 0.008 * k)));
  cols.push(numericColumn('cost', Array.from({ length: m }, () => 1 + rng.int(40) / 10)));
  await writeTable(join(scores, `part-${String(s).padStart(4, '0')}.parquet`), createTable(cols));
  at += m;
}
if (!made) console.log(`generated ${n} units in ${S} shards in ${((performance.now() - genStart) / 1000).toFixed(0)} s`);
for (const old of ['memory.parquet', 'local', 'local0', 'overlap', ...threadCounts.map((t) => `local-t${t}`), ...workerCounts.map((w) => `redis-${w}`)]) rmSync(join(dir, old), { recursive: true, force: true });
const common = ['--budget', String(n * 0.3), '--max-recipients', String(Math.floor(n * 0.1)), '--cost-col', 'cost', '--id', 'id', '--quiet', '--json'];

function timed(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M %e %U %S', process.execPath, '--max-old-space-size=16000', cliPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const [rssKb, wall, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { code: r.status, json: r.status === 0 ? JSON.parse(r.stdout) : undefined, rssMiB: rssKb / 1024, wall, cpu: (user + sys).toFixed(1), stderr: r.stderr };
}
async function armIndex(path) {
  const c = (await readTable(path, { columns: ['arm_index'] })).columns.get('arm_index');
  return c.values;
}
function sameArrays(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
/** Two plans (a file, or a folder of shard plans) unit for unit; two folders are compared file by file (10^8 rows do not fit). */
async function same(a, b) {
  const isDir = (p) => existsSync(p) && statSync(p).isDirectory();
  if (isDir(a) && isDir(b)) {
    const fa = readdirSync(a).sort();
    const fb = readdirSync(b).sort();
    if (!sameArrays(fa, fb)) return false;
    for (const f of fa) if (!sameArrays(await armIndex(join(a, f)), await armIndex(join(b, f)))) return false;
    return true;
  }
  return sameArrays(await armIndex(a), await armIndex(b));
}

console.log(`${n} units × 4 arms in ${S} Parquet shards, budget ${n * 0.3}, cap ${Math.floor(n * 0.1)}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other jobs running)`);
console.log(`| run | wall s | CPU s | peak RSS MiB | status | relative gap | passes | plan = ${runMemory ? 'in-memory' : 'streaming'} plan |`);
console.log('|---|---|---|---|---|---|---|---|');
let expected;
if (runMemory) {
  const memory = timed(['allocate', '--scores', join(dir, 'scores'), ...common, '--out', join(dir, 'memory.parquet')]);
  expected = memory.code === 0 ? join(dir, 'memory.parquet') : undefined;
  console.log(`| in memory (--scores folder) | ${memory.wall} | ${memory.cpu} | ${memory.rssMiB.toFixed(0)} | ${memory.json?.status ?? memory.stderr.slice(-200)} | ${memory.json?.relativeGap?.toExponential(2)} | – | – |`);
}
// SCALE_SKIP_LOCAL=1 skips the one-process streaming runs (with memory=yes the worker runs are still compared).
const skipLocal = process.env.SCALE_SKIP_LOCAL === '1';
const row = (label, r, compared) => console.log(`| ${label} | ${r.wall} | ${r.cpu} | ${r.rssMiB.toFixed(0)} | ${r.json?.status ?? r.stderr.slice(-200)} | ${r.json?.relativeGap?.toExponential(2)} | ${r.json?.passes} | ${compared} |`);
for (const t of skipLocal ? [] : threadCounts) {
  const out = join(dir, t === 1 ? 'local' : `local-t${t}`);
  const r = timed(['allocate', '--shards', join(dir, 'scores', '*.parquet'), ...common, '--threads', String(t), '--out', out]);
  if (!runMemory && expected === undefined && r.code === 0) {
    expected = out;
    row(`streaming, 1 process, --threads ${t}`, r, '(reference)');
  } else row(`streaming, 1 process, --threads ${t}`, r, expected && r.code === 0 ? await same(out, expected) : '?');
}
if (n > 1_000_000 && !skipLocal) {
  // The 10^6 overlap: the first shards holding 10^6 units, as their own dataset, in memory and streaming.
  const files = readdirSync(scores).filter((f) => f.endsWith('.parquet')).sort();
  const overlap = join(dir, 'overlap');
  mkdirSync(join(overlap, 'scores'), { recursive: true });
  let units = 0;
  for (const f of files) {
    if (units >= 1_000_000) break;
    symlinkSync(join(scores, f), join(overlap, 'scores', f));
    units += Math.floor((n * (files.indexOf(f) + 1)) / S) - Math.floor((n * files.indexOf(f)) / S);
  }
  const small = ['--budget', String(units * 0.3), '--max-recipients', String(Math.floor(units * 0.1)), '--cost-col', 'cost', '--id', 'id', '--quiet', '--json'];
  const memory = timed(['allocate', '--scores', join(overlap, 'scores'), ...small, '--out', join(overlap, 'memory.parquet')]);
  const t = Math.max(1, ...threadCounts);
  const stream = timed(['allocate', '--shards', join(overlap, 'scores', '*.parquet'), ...small, '--threads', String(t), '--out', join(overlap, 'stream')]);
  const equal = memory.code === 0 && stream.code === 0 ? await same(join(overlap, 'stream'), join(overlap, 'memory.parquet')) : '?';
  row(`overlap: ${units} units in memory`, memory, '–');
  row(`overlap: ${units} units streaming, --threads ${t}`, stream, `${equal} (= overlap in-memory plan)`);
}
if (n <= 1_000_000 && !skipLocal) {
  const localNoCache = timed(['allocate', '--shards', join(dir, 'scores', '*.parquet'), ...common, '--cache-units', '0', '--out', join(dir, 'local0')]);
  console.log(`| streaming, 1 process, no shard cache | ${localNoCache.wall} | ${localNoCache.cpu} | ${localNoCache.rssMiB.toFixed(0)} | ${localNoCache.json?.status ?? localNoCache.stderr.slice(-200)} | ${localNoCache.json?.relativeGap?.toExponential(2)} | ${localNoCache.json?.passes} | ${expected && localNoCache.code === 0 ? await same(join(dir, 'local0'), expected) : '?'} |`);
}
if (existsSync('/usr/bin/redis-server')) {
  const port = 21000 + Math.floor(Math.random() * 9000);
  const redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const url = `redis://127.0.0.1:${port}`;
  for (const w of workerCounts) {
    const workers = [];
    for (let i = 0; i < w; i++) workers.push(spawn('/usr/bin/time', ['-f', '%M %U %S', process.execPath, cliPath, 'worker', '--redis', url, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] }));
    const rss = workers.map((p) => new Promise((resolve) => { let e = ''; p.stderr.on('data', (d) => (e += d)); p.on('close', () => { const [kb, u, sy] = e.trim().split('\n').pop().split(' ').map(Number); resolve({ mib: kb / 1024, cpu: u + sy }); }); }));
    await new Promise((r) => setTimeout(r, 1500));
    const out = join(dir, `redis-${w}`);
    const run = timed(['allocate', '--shards', join(dir, 'scores', '*.parquet'), ...common, '--redis', url, '--out', out]);
    // SIGTERM reaches node through time's child: the worker stops and time reports its peak.
    for (const p of workers) spawnSync('pkill', ['-TERM', '-P', String(p.pid)]);
    const ws = await Promise.all(rss);
    console.log(`| Redis, ${w} worker${w > 1 ? 's' : ''} | ${run.wall} | ${run.cpu} + workers ${ws.map((x) => x.cpu.toFixed(1)).join(', ')} | ${run.rssMiB.toFixed(0)} (workers ${ws.map((x) => x.mib.toFixed(0)).join(', ')}) | ${run.json?.status ?? run.stderr.slice(-200)} | ${run.json?.relativeGap?.toExponential(2)} | ${run.json?.passes} | ${expected && run.code === 0 ? await same(out, expected) : '?'} |`);
  }
  redis.kill();
} else console.log('(redis-server not installed: the worker runs are skipped)');
console.log(`load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
if (keep === undefined) rmSync(dir, { recursive: true, force: true });
