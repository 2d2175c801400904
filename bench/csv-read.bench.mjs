// Reading CSV: readTable with liftwise's own byte-level parser and with fast-csv, beside pandas.read_csv
// (Debian's /usr/bin/python3 with python3-pandas) on the same files, in the same run.
// Files (seeded, written to a temp dir and removed at the end):
//  - "short": 1,000,000 rows × 20 columns (id, 18 numeric: binary, 4-decimal and 2-decimal reals, small
//    counts, an amount with 2% empty cells; 1 categorical), the shape of a campaign export;
//  - "full": the same rows with the reals at full double precision (17 significant digits, as JavaScript
//    and pandas write them), where our parser falls back to Number() for most numbers.
// Each read runs in its own child process (fresh heap), so its peak RSS (getrusage maxrss) is its own;
// the children also print a digest of the table so the two parsers are checked to agree.
// Usage: node bench/csv-read.bench.mjs [rows] [runs]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, openSync, writeSync, closeSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const script = fileURLToPath(import.meta.url);

if (process.argv[2] === '--fast-csv-rows') {
  // The library alone: fast-csv parsing the file and emitting rows, nothing built from them.
  const { parseStream } = await import('fast-csv');
  const { createReadStream } = await import('node:fs');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = -1; // the header is a row too
  await new Promise((resolve, reject) => {
    parseStream(createReadStream(process.argv[3]), { headers: false, ignoreEmpty: false })
      .on('data', () => rows++)
      .on('error', reject)
      .on('end', resolve);
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMiB: process.resourceUsage().maxRSS / 1024, rows }));
  process.exit(0);
}

if (process.argv[2] === '--child') {
  const [, , , parser, file] = process.argv;
  const { readTable } = await import('../dist/src/data/read.js');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const table = await readTable(file, { parser });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  // Digest of every column's kind, values (bit patterns), codes and levels, and of the line numbers.
  const hash = createHash('sha256');
  for (const name of table.names) {
    const c = table.columns.get(name);
    hash.update(`${name}:${c.kind}:`);
    if (c.kind === 'numeric') hash.update(new Uint8Array(c.values.buffer, c.values.byteOffset, c.values.byteLength));
    else {
      hash.update(new Uint8Array(c.codes.buffer, c.codes.byteOffset, c.codes.byteLength));
      hash.update(c.levels.join('\u0000'));
    }
  }
  hash.update(new Uint8Array(table.lines.buffer, table.lines.byteOffset, table.lines.byteLength));
  // The numbers alone, as pandas can hash them too: float64 bytes of every numeric column in order.
  const numbers = createHash('sha256');
  for (const name of table.names) {
    const c = table.columns.get(name);
    if (c.kind === 'numeric') numbers.update(new Uint8Array(c.values.buffer, c.values.byteOffset, c.values.byteLength));
  }
  const kinds = table.names.map((n) => table.columns.get(n).kind[0]).join('');
  console.log(JSON.stringify({ seconds, cpuSeconds, maxRssMiB, rows: table.nRows, kinds, digest: hash.digest('hex').slice(0, 16), numbers: numbers.digest('hex').slice(0, 16) }));
  process.exit(0);
}

const PANDAS = `
import sys, time, resource, hashlib
import pandas as pd
t0 = time.perf_counter()
c0 = time.process_time()
df = pd.read_csv(sys.argv[1], float_precision=sys.argv[2] if sys.argv[2] != 'default' else None)
seconds = time.perf_counter() - t0
cpu = time.process_time() - c0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kinds = ''.join('n' if k.kind in 'fiu' else 'c' for k in df.dtypes)
h = hashlib.sha256()
for name in df.columns:
    if df[name].dtype.kind in 'fiu':
        h.update(df[name].astype('float64').to_numpy().tobytes())
extra = ''
if sys.argv[2] == 'round_trip':
    # After the timed read: how many numbers pandas' default (faster, not correctly rounded) parser gets wrong.
    import numpy as np
    other = pd.read_csv(sys.argv[1])
    wrong = cells = worst = 0
    for name in df.columns:
        if df[name].dtype.kind in 'fiu':
            a = df[name].astype('float64').to_numpy()
            b = other[name].astype('float64').to_numpy()
            bad = (a != b) & ~(np.isnan(a) & np.isnan(b))
            cells += len(a)
            wrong += int(bad.sum())
            if bad.any():
                worst = max(worst, float(np.max(np.abs(a[bad] - b[bad]) / np.spacing(np.abs(a[bad])))))
    extra = f', "defaultWrong": {wrong}, "cells": {cells}, "worstUlps": {worst}'
print(f'{{"seconds": {seconds}, "cpuSeconds": {cpu}, "maxRssMiB": {rss}, "rows": {len(df)}, "kinds": "{kinds}", "numbers": "{h.hexdigest()[:16]}"{extra}}}')
`;

const rows = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
const { Random } = await import('../dist/src/util/random.js');

/** Writes the seeded campaign file; `full` writes the reals at full precision. */
function writeCampaign(file, full) {
  const rng = new Random(20261121);
  const fd = openSync(file, 'w');
  const header = ['id', 'treatment', 'visit'];
  for (let j = 1; j <= 8; j++) header.push(`x${j}`);
  for (let j = 1; j <= 4; j++) header.push(`u${j}`);
  for (let j = 1; j <= 3; j++) header.push(`n${j}`);
  header.push('spend', 'segment');
  let out = header.join(',') + '\n';
  const segments = ['Mens E-Mail', 'Womens E-Mail', 'No E-Mail'];
  const real = (x, digits) => (full ? String(x) : x.toFixed(digits));
  for (let i = 0; i < rows; i++) {
    const cells = [String(i + 1), rng.uniform() < 0.5 ? '1' : '0', rng.uniform() < 0.15 ? '1' : '0'];
    for (let j = 0; j < 8; j++) cells.push(real(rng.normal(), 4));
    for (let j = 0; j < 4; j++) cells.push(real(rng.uniform() * 100, 2));
    for (let j = 0; j < 3; j++) cells.push(String(rng.int(40)));
    const u = rng.uniform();
    cells.push(u < 0.02 ? '' : u < 0.9 ? '0' : real(rng.uniform() * 500, 2));
    cells.push(segments[rng.int(3)]);
    out += cells.join(',') + '\n';
    if (out.length > 1 << 20) {
      writeSync(fd, out);
      out = '';
    }
  }
  writeSync(fd, out);
  closeSync(fd);
}

const load = () => loadavg().map((v) => v.toFixed(2)).join(', ');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const child = (command, args) => {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
};

const dir = mkdtempSync(join(tmpdir(), 'liftwise-csv-bench-'));
try {
  for (const full of [false, true]) {
    const file = join(dir, full ? 'full.csv' : 'short.csv');
    writeCampaign(file, full);
    const mib = statSync(file).size / 2 ** 20;
    console.log(`\n${full ? 'full-precision reals' : 'short reals (2-4 decimals)'}: ${rows.toLocaleString('en')} rows × 20 columns, ${mib.toFixed(1)} MiB; median of ${runs} runs, each in a fresh process`);
    console.log('| reader | median s | fastest s | CPU s (median) | MB/s (median) | peak RSS MiB (max) | kinds | table digest | numbers digest | load average before | after |');
    console.log('|---|---:|---:|---:|---:|---:|---|---|---|---|---|');
    const digests = new Set();
    let lastRoundTrip;
    const readers = [
      ['liftwise (readTable, parser: liftwise)', () => child(process.execPath, [script, '--child', 'liftwise', file])],
      ['fast-csv (readTable, parser: fast-csv)', () => child(process.execPath, [script, '--child', 'fast-csv', file])],
      ['fast-csv alone (parse and emit rows, build nothing)', () => child(process.execPath, [script, '--fast-csv-rows', file])],
      ['pandas.read_csv (C engine, default float parser)', () => child('/usr/bin/python3', ['-c', PANDAS, file, 'default'])],
      ["pandas.read_csv (C engine, float_precision='round_trip')", () => child('/usr/bin/python3', ['-c', PANDAS, file, 'round_trip'])],
    ];
    for (const [name, run] of readers) {
      const before = load();
      const results = Array.from({ length: runs }, run);
      lastRoundTrip = results[0];
      const seconds = results.map((r) => r.seconds);
      const m = median(seconds);
      const rss = Math.max(...results.map((r) => r.maxRssMiB));
      const digest = results[0].digest ?? '—';
      const kinds = results[0].kinds ?? '—';
      const numbersDigest = results[0].numbers ?? '—';
      if (results[0].digest !== undefined) digests.add(digest);
      if (results.some((r) => r.rows !== rows)) throw new Error(`${name} read ${results[0].rows} rows`);
      console.log(`| ${name} | ${m.toFixed(2)} | ${Math.min(...seconds).toFixed(2)} | ${median(results.map((r) => r.cpuSeconds)).toFixed(2)} | ${((mib * 2 ** 20) / 1e6 / m).toFixed(0)} | ${rss.toFixed(0)} | ${kinds} | ${digest} | ${numbersDigest} | ${before} | ${load()} |`);
    }
    console.log(digests.size === 1 ? 'liftwise and fast-csv tables: identical digests' : 'liftwise and fast-csv tables DIFFER');
    const exact = lastRoundTrip;
    if (exact?.defaultWrong !== undefined) {
      console.log(`pandas' default float parser: ${exact.defaultWrong.toLocaleString('en')} of ${exact.cells.toLocaleString('en')} numeric cells differ from the correctly rounded value (at most ${exact.worstUlps} ulp)`);
    }
    if (digests.size !== 1) process.exitCode = 1;
    rmSync(file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
