// The streaming allocation (src/scale) gives the in-memory solver's plan, unit for unit, whatever the sharding:
// budget only and budget + recipient cap, 10^4 to 10^6 units × 4 arms, costs per unit or per arm, seeded data.
import { describe, expect, it } from 'vitest';
import { createTable, numericColumn, categoricalColumn, takeRows, type Column, type Table } from '../../src/data/table.js';
import { Random } from '../../src/util/random.js';
import { solveAllocation } from '../../src/allocate/solve.js';
import { allocateStream } from '../../src/scale/allocate-stream.js';
import { TableRunner } from '../../src/scale/local.js';
import { allocationShardOf, type AllocateSpec } from '../../src/scale/shard.js';

const ARMS = 4;

function scores(n: number, seed: number, rounded: boolean): Table {
  const rng = new Random(seed);
  const cols: Column[] = [categoricalColumn('id', Array.from({ length: n }, (_, i) => `u${i}`))];
  for (let k = 1; k <= ARMS; k++) {
    cols.push(numericColumn(`uplift_a${k}`, Array.from({ length: n }, () => {
      const u = rng.normal() * 0.02 + 0.008 * k;
      return rounded ? Math.round(u * 1000) / 1000 : u;
    })));
  }
  cols.push(numericColumn('cost', Array.from({ length: n }, () => 1 + rng.int(40) / 10)));
  return createTable(cols);
}

/** Cuts the table into shards of uneven sizes. */
function shardsOf(table: Table, count: number, seed: number): Table[] {
  const rng = new Random(seed);
  const cuts = [0];
  for (let s = 1; s < count; s++) cuts.push(Math.floor(table.nRows * (s + rng.uniform() * 0.8 - 0.4) / count));
  cuts.push(table.nRows);
  cuts.sort((a, b) => a - b);
  return cuts.slice(0, -1).map((from, s) => takeRows(table, Array.from({ length: cuts[s + 1]! - from }, (_, i) => from + i)));
}

async function compare(table: Table, shardCount: number, spec: AllocateSpec, budget: number, cap: number | undefined) {
  const whole = allocationShardOf(table, 'whole', spec);
  const memory = await solveAllocation({ units: whole.n, arms: whole.input.arms, values: whole.values, costs: whole.input.costs, budget, objective: spec.objective, ...(cap === undefined ? {} : { maxRecipients: cap }) });
  const runner = new TableRunner(shardsOf(table, shardCount, 9).map((t, s) => allocationShardOf(t, `part-${s}`, spec)));
  const stream = await allocateStream(runner, { budget, cap: cap ?? Infinity });
  const choice = new Int32Array(whole.n);
  let at = 0;
  for (const c of runner.choices) {
    choice.set(c, at);
    at += c.length;
  }
  let differing = 0;
  for (let i = 0; i < whole.n; i++) if (choice[i] !== memory.choice[i]) differing++;
  return { memory, stream, differing };
}

describe('streaming allocation = in-memory plan', () => {
  const perUnit: AllocateSpec = { valuePerOutcome: 100, objective: 'value', onlyProfitable: false, costCol: ['cost'] };
  const perArm: AllocateSpec = { valuePerOutcome: 100, objective: 'value', onlyProfitable: false, cost: '1,1.5,2,3' };

  it.each([
    ['10^4, budget + cap, cost per unit', 10_000, 3, perUnit, 0.3, 0.08],
    ['10^4, budget only, cost per arm', 10_000, 5, perArm, 0.25, undefined],
    ['10^5, budget + cap, cost per arm', 100_000, 7, perArm, 0.5, 0.1],
    ['10^5, budget + cap, cost per unit, rounded scores (many ties)', 100_000, 4, perUnit, 0.3, 0.1],
  ])('%s', async (_label, n, shards, spec, budgetPerUnit, capShare) => {
    const table = scores(n as number, n as number, String(_label).includes('rounded'));
    const budget = (n as number) * (budgetPerUnit as number);
    const cap = capShare === undefined ? undefined : Math.floor((n as number) * (capShare as number));
    const { memory, stream, differing } = await compare(table, shards as number, spec as AllocateSpec, budget, cap);
    expect(differing).toBe(0);
    expect(stream.objective).toBeCloseTo(memory.objective, 6);
    expect(stream.recipients).toBe(memory.recipients);
    expect(stream.bound).toBeGreaterThanOrEqual(stream.objective);
    expect(stream.bound).toBeCloseTo(memory.bound, 6);
    if (cap !== undefined) expect(stream.recipients).toBeLessThanOrEqual(cap);
    expect(stream.spend).toBeLessThanOrEqual(budget);
  }, 60_000);

  // Few units with large, lumpy costs: the Lagrangian's plan leaves a duality gap (0.1–36 % of the objective
  // before reduced-cost fixing), which the in-memory allocate closes with its core search; so does the stream.
  it.each([12, 30, 60, 150])('%i units with lumpy costs: the gap closed to the in-memory plan\'s value', async (n) => {
    for (let seed = 1; seed <= 10; seed++) {
      const rng = new Random(seed * 1000 + n);
      const cols: Column[] = [categoricalColumn('id', Array.from({ length: n }, (_, i) => `u${i}`))];
      for (let k = 1; k <= 3; k++) cols.push(numericColumn(`uplift_a${k}`, Array.from({ length: n }, () => rng.normal() * 0.02 + 0.008 * k)));
      cols.push(numericColumn('cost', Array.from({ length: n }, () => 50 + rng.int(2000))));
      const { memory, stream } = await compare(createTable(cols), 3, perUnit, n * 97.3, Math.floor(n * 0.13));
      expect(stream.objective).toBeCloseTo(memory.objective, 9);
      expect(stream.bound).toBeGreaterThanOrEqual(stream.objective - 1e-9);
      expect(stream.relativeGap).toBeLessThanOrEqual(Math.max(memory.relativeGap ?? 0, 1e-4) + 1e-12);
      expect(stream.spend).toBeLessThanOrEqual(n * 97.3);
      expect(stream.recipients).toBeLessThanOrEqual(Math.floor(n * 0.13));
    }
  });

  it('3·10^5 units, budget + cap: the sample windows and fused fix give the histogram passes plan in fewer passes', async () => {
    const n = 300_000;
    const spec = perUnit;
    const shards = shardsOf(scores(n, 8, false), 6, 3).map((t, s) => allocationShardOf(t, `part-${s}`, spec));
    const run = async (sample: boolean) => {
      const runner = new TableRunner(shards);
      const plan = await allocateStream(runner, { budget: n * 0.3, cap: Math.floor(n * 0.1), sample });
      return { plan, choices: runner.choices.flatMap((c) => Array.from(c)) };
    };
    const [withSample, histogramOnly] = [await run(true), await run(false)];
    expect(withSample.choices).toEqual(histogramOnly.choices);
    expect(withSample.plan.objective).toBe(histogramOnly.plan.objective);
    expect(withSample.plan.passes).toBeLessThan(histogramOnly.plan.passes);
  }, 60_000);

  it('10^6 units, budget + cap, 16 shards: the same plan, certified, with at most a fraction of the units in memory', async () => {
    const n = 1_000_000;
    const table = scores(n, 6, false);
    const { memory, stream, differing } = await compare(table, 16, perUnit, n * 0.3, Math.floor(n * 0.1));
    expect(differing).toBe(0);
    expect(stream.relativeGap).toBeLessThan(1e-4);
    expect(stream.objective).toBeCloseTo(memory.objective, 4);
    expect(stream.coreUnits).toBeLessThan(n / 4);
  }, 120_000);
});
