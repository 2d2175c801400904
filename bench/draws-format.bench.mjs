// Effect draws as liftwise's LWDRAWS file vs Parquet (one REQUIRED FLOAT column per treated arm and draw, a row
// per unit, hyparquet-writer / hyparquet): write and read time, file size. Seeded uniform draws; each format
// written and read once in this process (the machine is shared: see the load printed).
// Usage: node bench/draws-format.bench.mjs [units=20000] [draws=200] [treatedArms=3]
import { statSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWrite, fileWriter } from 'hyparquet-writer';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';

const { writeDrawsFile, readDrawsFile } = await import('../dist/src/effects/drawsFile.js');
const { Random } = await import('../dist/src/util/random.js');
const n = Number(process.argv[2] ?? 20_000);
const S = Number(process.argv[3] ?? 200);
const K = Number(process.argv[4] ?? 3) + 1;
const dir = mkdtempSync(join(tmpdir(), 'liftwise-draws-'));
const rng = new Random(5);
const mean = new Float64Array(n * K);
const values = new Float32Array(S * n * K);
for (let i = 0; i < values.length; i++) values[i] = i % K === 0 ? 0 : rng.uniform() * 0.1;
const effects = { arms: Array.from({ length: K }, (_, k) => (k === 0 ? 'none' : `a${k}`)), units: n, mean, draws: { count: S, values, kind: 'bootstrap' } };
const ms = (t) => ((performance.now() - t) / 1000).toFixed(2);
const mib = (f) => (statSync(f).size / 2 ** 20).toFixed(1);
console.log(`${n} units × ${K - 1} treated arms × ${S} draws; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other jobs running)`);
console.log('| format | write s | read s | MiB |');
console.log('|---|---|---|---|');
let t = performance.now();
await writeDrawsFile(join(dir, 'd.lwdraws'), effects, {});
const lwWrite = ms(t);
t = performance.now();
await readDrawsFile(join(dir, 'd.lwdraws'));
console.log(`| LWDRAWS (float32, unit-major) | ${lwWrite} | ${ms(t)} | ${mib(join(dir, 'd.lwdraws'))} |`);
const columnData = [];
for (let k = 1; k < K; k++) {
  for (let s = 0; s < S; s++) {
    const data = new Array(n);
    for (let i = 0; i < n; i++) data[i] = values[(s * n + i) * K + k];
    columnData.push({ name: `draw_a${k}_${s}`, type: 'FLOAT', data, nullable: false });
  }
}
t = performance.now();
parquetWrite({ writer: fileWriter(join(dir, 'd.parquet')), columnData, rowGroupSize: 100_000 });
const pqWrite = ms(t);
t = performance.now();
const file = await asyncBufferFromFile(join(dir, 'd.parquet'));
const metadata = await parquetMetadataAsync(file);
let cells = 0;
await parquetRead({ file, metadata, onChunk: ({ columnData: c }) => (cells += c.length) });
if (cells !== n * S * (K - 1)) throw new Error(`read ${cells} cells`);
console.log(`| Parquet, ${S * (K - 1)} FLOAT columns (snappy) | ${pqWrite} | ${ms(t)} | ${mib(join(dir, 'd.parquet'))} |`);
rmSync(dir, { recursive: true, force: true });
