// Issue 3: a 100-tree forest on 1,000,000 rows × 20 features must fit in under 60 s and 2 GiB.
// Each configuration runs in a child process so its peak RSS (getrusage maxrss, which includes
// worker threads) is its own. Also: scoring time, and a 500-tree model's JSON size and load time.
// Also: the round trip of a hand-off between two threads through Atomics (what a split of one tree's
// histogram work over worker threads would pay per node).
// Usage: node bench/trees-1m.bench.mjs [rows]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { Worker, isMainThread, workerData } from 'node:worker_threads';

const script = fileURLToPath(import.meta.url);

if (!isMainThread) {
  // Echo worker of the hand-off probe: waits for a new value in slot 0, answers it in slot 1.
  const a = new Int32Array(workerData);
  let last = 0;
  for (;;) {
    Atomics.wait(a, 0, last);
    const v = Atomics.load(a, 0);
    if (v < 0) break;
    last = v;
    Atomics.store(a, 1, v);
    Atomics.notify(a, 1);
  }
} else if (process.argv[2] === '--child') {
  const [, , , task, threadsText, rowsText] = process.argv;
  const { RandomForest } = await import('../dist/src/learners/trees/forest.js');
  const { Random } = await import('../dist/src/util/random.js');
  const n = Number(rowsText);
  const p = 20;
  // y depends on 5 of the 20 features (a threshold, an interaction, a smooth term) plus label noise.
  const rng = new Random(1);
  const columns = Array.from({ length: p }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) columns[j][i] = rng.normal();
    const z = columns[0][i] + (columns[1][i] > 0.5 ? 1 : -0.5) + columns[2][i] * columns[3][i] + Math.sin(2 * columns[4][i]);
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
  }
  const X = { nRows: n, columns, names: columns.map((_, j) => `x${j}`), categories: columns.map(() => 0) };
  const threads = Number(threadsText);
  if (task === 'fit') {
    const options = { nEstimators: 100, maxDepth: 12, minSamplesLeaf: 20, seed: 0, threads };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const forest = new RandomForest({ task: 'classification', ...options }).fit(X, y);
    const fitSeconds = (performance.now() - t0) / 1000;
    // CPU time of all threads: on a shared machine it shows the work apart from waiting for a core.
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const t1 = performance.now();
    const m = Math.min(n, 100_000);
    const probe = { ...X, nRows: m, columns: columns.map((c) => c.subarray(0, m)) };
    forest.predict(probe);
    const predictSeconds = (performance.now() - t1) / 1000;
    const maxRssMiB = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ fitSeconds, cpuSeconds, predictSeconds, maxRssMiB, nodes: forest.toJSON().state.trees.feature.length }));
  } else {
    // A 500-tree model: size and load time of its JSON, predictions identical after reload.
    const sub = { ...X, nRows: 50_000, columns: columns.map((c) => c.subarray(0, 50_000)) };
    const forest = new RandomForest({ task: 'classification', nEstimators: 500, maxDepth: 10, minSamplesLeaf: 5, seed: 0, threads }).fit(sub, y.subarray(0, 50_000));
    const text = JSON.stringify(forest.toJSON());
    let loadMs = Infinity;
    let loaded;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      loaded = RandomForest.fromJSON(JSON.parse(text));
      loadMs = Math.min(loadMs, performance.now() - t0);
    }
    const a = forest.predict(sub);
    const b = loaded.predict(sub);
    let same = true;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) same = false;
    console.log(JSON.stringify({ trees: forest.nTrees, jsonMiB: text.length / 2 ** 20, loadMs, identical: same }));
  }
  process.exit(0);
}

if (isMainThread && process.argv[2] !== '--child') {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const run = (args) => {
    const r = spawnSync(process.execPath, [script, '--child', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  const load = () => loadavg().map((v) => v.toFixed(2)).join(', ');
  console.log(`Random forest, ${rows.toLocaleString('en')} rows × 20 features, 100 trees, depth 12, min 20 rows per leaf, sqrt features:`);
  console.log('| threads | fit s (wall) | fit CPU s (all threads) | predict 100k rows s | peak RSS MiB | nodes | under 60 s and 2 GiB | load average before | after |');
  console.log('|---:|---:|---:|---:|---:|---:|---|---|---|');
  for (const threads of [1, 2]) {
    const before = load();
    const r = run(['fit', String(threads), String(rows)]);
    const ok = r.fitSeconds < 60 && r.maxRssMiB < 2048;
    console.log(`| ${threads} | ${r.fitSeconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${r.predictSeconds.toFixed(2)} | ${r.maxRssMiB.toFixed(0)} | ${r.nodes} | ${ok ? 'yes' : 'NO'} | ${before} | ${load()} |`);
  }
  const s = run(['serialize', '2', '50000']);
  console.log(`\n500-tree forest (50,000 rows, depth 10): JSON ${s.jsonMiB.toFixed(1)} MiB, JSON.parse + fromJSON ${s.loadMs.toFixed(0)} ms (best of 5), predictions bit-identical after reload: ${s.identical}`);

  // Hand-off probe: main thread posts a value, the worker echoes it; median of 20 batches of 500 round trips.
  const sab = new SharedArrayBuffer(8);
  const a = new Int32Array(sab);
  const worker = new Worker(new URL(import.meta.url), { workerData: sab });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const batches = [];
  let v = 0;
  for (let b = 0; b < 20; b++) {
    const t0 = performance.now();
    for (let k = 0; k < 500; k++) {
      v++;
      Atomics.store(a, 0, v);
      Atomics.notify(a, 0);
      while (Atomics.load(a, 1) !== v) Atomics.wait(a, 1, v - 1, 50);
    }
    batches.push(((performance.now() - t0) / 500) * 1000);
  }
  Atomics.store(a, 0, -1);
  Atomics.notify(a, 0);
  await worker.terminate();
  batches.sort((x, y) => x - y);
  console.log(`thread hand-off round trip (Atomics.notify/wait): median ${batches[10].toFixed(1)} µs, fastest batch ${batches[0].toFixed(1)} µs (load average ${load()})`);
}
