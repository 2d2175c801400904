// Streaming plan vs in-memory plan where the Lagrangian leaves a duality gap: few units (12-2000) with lumpy
// costs (50-2049) against budget 97.3 per unit and a cap of 13 %, 10 seeds each, 3 shards. Counts the problems
// where the streaming allocation's value is below the in-memory allocate's, and the largest shortfall.
// Usage: node bench/scale-gap.bench.mjs
const { createTable, numericColumn, categoricalColumn, takeRows } = await import('../dist/src/data/table.js');
const { Random } = await import('../dist/src/util/random.js');
const { solveAllocation } = await import('../dist/src/allocate/solve.js');
const { allocateStream } = await import('../dist/src/scale/allocate-stream.js');
const { TableRunner } = await import('../dist/src/scale/local.js');
const { allocationShardOf } = await import('../dist/src/scale/shard.js');

const spec = { valuePerOutcome: 100, objective: 'value', onlyProfitable: false, costCol: ['cost'] };
console.log('| units | problems | stream below in-memory | largest shortfall (share of value) | largest stream gap | largest in-memory gap |');
console.log('|---|---|---|---|---|---|');
for (const n of [12, 30, 60, 150, 2000]) {
  let below = 0;
  let worst = 0;
  let streamGap = 0;
  let memoryGap = 0;
  for (let seed = 1; seed <= 10; seed++) {
    const rng = new Random(seed * 1000 + n);
    const cols = [categoricalColumn('id', Array.from({ length: n }, (_, i) => `u${i}`))];
    for (let k = 1; k <= 3; k++) cols.push(numericColumn(`uplift_a${k}`, Array.from({ length: n }, () => rng.normal() * 0.02 + 0.008 * k)));
    cols.push(numericColumn('cost', Array.from({ length: n }, () => 50 + rng.int(2000))));
    const table = createTable(cols);
    const whole = allocationShardOf(table, 'whole', spec);
    const budget = n * 97.3;
    const cap = Math.floor(n * 0.13);
    const memory = await solveAllocation({ units: n, arms: whole.input.arms, values: whole.values, costs: whole.input.costs, budget, objective: 'value', maxRecipients: cap });
    const cut = (s) => Math.floor((n * s) / 3);
    const runner = new TableRunner([0, 1, 2].map((s) => allocationShardOf(takeRows(table, Array.from({ length: cut(s + 1) - cut(s) }, (_, i) => cut(s) + i)), `part-${s}`, spec)));
    const stream = await allocateStream(runner, { budget, cap });
    const shortfall = (memory.objective - stream.objective) / Math.abs(memory.objective);
    if (shortfall > 1e-12) below++;
    worst = Math.max(worst, shortfall);
    streamGap = Math.max(streamGap, stream.relativeGap);
    memoryGap = Math.max(memoryGap, memory.relativeGap ?? 0);
  }
  console.log(`| ${n} | 10 | ${below} | ${worst.toExponential(2)} | ${streamGap.toExponential(2)} | ${memoryGap.toExponential(2)} |`);
}
