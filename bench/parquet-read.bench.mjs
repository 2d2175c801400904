// Reading Parquet: which library liftwise reads Parquet with. One seeded file of `rows` × 20 columns
// (an id as text, 17 doubles, a small integer count, a categorical text), snappy-compressed, 100k-row
// row groups (hyparquet-writer's default layout), read whole by:
//  - hyparquet (pure JavaScript, the product dependency), columns assembled from its column chunks;
//  - parquet-wasm (Rust's parquet crate compiled to WebAssembly) to Arrow IPC, then apache-arrow's tableFromIPC
//    and each column's toArray() (apache-arrow alone reads only Arrow IPC, not Parquet).
//  - liftwise's readTable on that Parquet file (hyparquet plus the Table's columns: what the CLI does), and on
//    the same rows as CSV (liftwise's own CSV reader), for Parquet against CSV.
// Columns without missing cells are written REQUIRED, as liftwise's writeTable writes them (pass 'optional' as
// the third argument for OPTIONAL columns, as most writers make them).
// Each read runs in its own child process (fresh heap): wall seconds, CPU seconds, peak RSS (getrusage maxrss).
// The peers are installed on first use with npm into bench/.peers (not product dependencies).
// Shape 'scores' is instead a scores shard as the streaming allocation reads it: an id as text, four
// uplift_<arm> doubles and a cost (continuous, so PLAIN-encoded, not dictionary), of which the readers decode only
// the five numbers, as each allocation pass does (liftwise's PLAIN fast path, src/data/parquet-plain.ts, against
// hyparquet); 'liftwise-id' reads the id column alone, as the plan pass does.
// Usage: node bench/parquet-read.bench.mjs [rows] [runs] [required|optional] [libraries=hyparquet,parquet-wasm,liftwise,liftwise-csv] [shape=features|scores]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const script = fileURLToPath(import.meta.url);
const here = dirname(script);
const peers = join(here, '.peers');
const COLUMNS = 20;

/** A digest of the columns read (sum of every double, count of ids) so the readers are checked to agree. */
function digest(columns) {
  let sum = 0;
  let texts = 0;
  for (const c of columns) {
    if (typeof c[0] === 'string') texts += c.length;
    else for (let i = 0; i < c.length; i++) sum += Number(c[i]);
  }
  return `${sum.toPrecision(12)}/${texts}`;
}

if (process.argv[2] === '--child') {
  const [, , , library, file, only] = process.argv;
  const wanted = only === undefined || only === '' ? undefined : only.split(',');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let columns;
  if (library === 'hyparquet') {
    const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await import('hyparquet');
    const buffer = await asyncBufferFromFile(file);
    const metadata = await parquetMetadataAsync(buffer);
    const n = Number(metadata.num_rows);
    const names = wanted ?? metadata.schema.slice(1).map((s) => s.name);
    const out = new Map();
    await parquetRead({
      file: buffer,
      metadata,
      columns: names,
      onChunk: ({ columnName, columnData, rowStart }) => {
        let target = out.get(columnName);
        if (target === undefined) {
          target = typeof columnData[0] === 'string' ? new Array(n) : new Float64Array(n);
          out.set(columnName, target);
        }
        for (let i = 0; i < columnData.length; i++) target[rowStart + i] = columnData[i];
      },
    });
    columns = names.map((name) => out.get(name));
  } else if (library === 'liftwise') {
    const { readTable } = await import('../dist/src/data/read.js');
    const table = await readTable(file, wanted === undefined ? {} : { columns: wanted });
    columns = table.names.map((name) => {
      const c = table.columns.get(name);
      return c.kind === 'numeric' ? c.values : Array.from(c.codes, (code) => c.levels[code]);
    });
  } else {
    const require = createRequire(join(peers, 'package.json'));
    const wasm = require('parquet-wasm');
    const arrow = await import(require.resolve('apache-arrow'));
    const bytes = new Uint8Array(readFileSync(file));
    const wasmTable = wasm.readParquet(bytes);
    const table = arrow.tableFromIPC(wasmTable.intoIPCStream());
    columns = table.schema.fields.map((f) => table.getChild(f.name).toArray());
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMiB: process.resourceUsage().maxRSS / 1024, digest: digest(columns) }));
  process.exit(0);
}

if (process.argv[2] === '--write') {
  const [, , , file, rowsText, nullable, shape, csvFile] = process.argv;
  const { parquetWriteFile } = await import('hyparquet-writer');
  const n = Number(rowsText);
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  if (shape === 'scores') {
    const columnData = [{ name: 'id', type: 'STRING', data: Array.from({ length: n }, (_, i) => `c${String(i).padStart(9, '0')}`) }];
    for (let k = 1; k <= 4; k++) columnData.push({ name: `uplift_a${k}`, type: 'DOUBLE', data: Float64Array.from({ length: n }, () => rand() * 0.1 - 0.02) });
    columnData.push({ name: 'cost', type: 'DOUBLE', data: Float64Array.from({ length: n }, () => 1 + rand() * 2) });
    for (const c of columnData) c.nullable = nullable === 'optional';
    parquetWriteFile({ filename: file, columnData, rowGroupSize: 100_000 });
    process.exit(0);
  }
  const columnData = [{ name: 'id', type: 'STRING', data: Array.from({ length: n }, (_, i) => `c${String(i).padStart(9, '0')}`) }];
  for (let j = 0; j < COLUMNS - 3; j++) {
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = j % 3 === 0 ? (rand() < 0.5 ? 1 : 0) : Math.round(rand() * 1e4) / 100;
    columnData.push({ name: `x${j}`, type: 'DOUBLE', data });
  }
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) count[i] = Math.floor(rand() * 10);
  columnData.push({ name: 'visits', type: 'INT32', data: count });
  const levels = ['north', 'south', 'east', 'west'];
  columnData.push({ name: 'region', type: 'STRING', data: Array.from({ length: n }, () => levels[Math.floor(rand() * 4)]) });
  for (const c of columnData) c.nullable = nullable === 'optional';
  parquetWriteFile({ filename: file, columnData, rowGroupSize: 100_000 });
  if (csvFile !== undefined) {
    const { openSync, writeSync, closeSync } = await import('node:fs');
    const fd = openSync(csvFile, 'w');
    writeSync(fd, `${columnData.map((c) => c.name).join(',')}\n`);
    for (let from = 0; from < n; from += 10_000) {
      const lines = [];
      for (let i = from; i < Math.min(n, from + 10_000); i++) lines.push(columnData.map((c) => c.data[i]).join(','));
      writeSync(fd, `${lines.join('\n')}\n`);
    }
    closeSync(fd);
  }
  process.exit(0);
}

const rows = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
const nullable = process.argv[4] ?? 'required';
const libraries = (process.argv[5] ?? 'hyparquet,parquet-wasm,liftwise,liftwise-csv').split(',');
const shape = process.argv[6] ?? 'features';
const SCORE_NUMBERS = 'uplift_a1,uplift_a2,uplift_a3,uplift_a4,cost';
if (libraries.includes('parquet-wasm') && (!existsSync(join(peers, 'node_modules', 'parquet-wasm')) || !existsSync(join(peers, 'node_modules', 'apache-arrow')))) {
  console.log('installing the peers parquet-wasm and apache-arrow into bench/.peers …');
  const r = spawnSync('npm', ['install', '--prefix', peers, '--no-save', '--no-audit', '--no-fund', 'parquet-wasm', 'apache-arrow'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm install of the peers failed');
}
const dir = mkdtempSync(join(tmpdir(), 'liftwise-parquet-'));
try {
  const file = join(dir, 'data.parquet');
  const csv = join(dir, 'data.csv');
  const w = spawnSync(process.execPath, ['--max-old-space-size=16000', script, '--write', file, String(rows), nullable, shape, ...(libraries.includes('liftwise-csv') ? [csv] : [])], { stdio: 'inherit' });
  if (w.status !== 0) throw new Error('writing the file failed');
  console.log(`file: ${rows} rows × ${shape === 'scores' ? '6 (id, 4 uplifts, cost; the numbers read)' : COLUMNS} columns, ${nullable} columns, ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB${existsSync(csv) ? ` (as CSV ${(statSync(csv).size / 2 ** 20).toFixed(1)} MiB)` : ''}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other jobs running)`);
  const size = (p) => Number(spawnSync('du', ['-sk', p]).stdout.toString().split('\t')[0]) / 1024;
  const nm = join(here, '..', 'node_modules');
  const installed = {
    hyparquet: size(join(nm, 'hyparquet')),
    'parquet-wasm + apache-arrow': libraries.includes('parquet-wasm') ? size(join(peers, 'node_modules', 'parquet-wasm')) + size(join(peers, 'node_modules', 'apache-arrow')) + size(join(peers, 'node_modules', 'flatbuffers')) : NaN,
    'liftwise readTable (Parquet)': size(join(nm, 'hyparquet')),
    'liftwise readTable (CSV)': 0,
    'liftwise readTable (id column alone)': 0,
  };
  console.log('| library | wall s (median) | CPU s | peak RSS MiB | install MiB | digest |');
  console.log('|---|---|---|---|---|---|');
  const all = [['hyparquet', 'hyparquet', file], ['parquet-wasm', 'parquet-wasm + apache-arrow', file], ['liftwise', 'liftwise readTable (Parquet)', file], ['liftwise-csv', 'liftwise readTable (CSV)', csv], ['liftwise-id', 'liftwise readTable (id column alone)', file]];
  const only = (library) => (shape !== 'scores' ? '' : library === 'liftwise-id' ? 'id' : library === 'parquet-wasm' ? '' : SCORE_NUMBERS);
  for (const [library, label, input] of all.filter(([l]) => libraries.includes(l))) {
    const results = [];
    for (let r = 0; r < runs; r++) {
      const c = spawnSync(process.execPath, ['--max-old-space-size=16000', script, '--child', library === 'liftwise-csv' || library === 'liftwise-id' ? 'liftwise' : library, input, only(library)], { encoding: 'utf8' });
      if (c.status !== 0) {
        console.log(`| ${label} | failed: ${c.stderr.split('\n').slice(0, 8).join(' ')} |`);
        break;
      }
      results.push(JSON.parse(c.stdout.trim().split('\n').pop()));
    }
    if (results.length === 0) continue;
    results.sort((a, b) => a.seconds - b.seconds);
    const mid = results[Math.floor(results.length / 2)];
    console.log(`| ${label} | ${mid.seconds.toFixed(2)} | ${mid.cpuSeconds.toFixed(2)} | ${Math.max(...results.map((x) => x.maxRssMiB)).toFixed(0)} | ${installed[label].toFixed(1)} | ${mid.digest} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
