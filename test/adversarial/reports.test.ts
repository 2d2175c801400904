/**
 * Adversarial inputs, kind "reports": the scenario report tells the truth —
 * the base plan is always there, every arm and every model gets its Qini
 * curve on a readable scale, frontiers under rules are real frontiers with
 * random targeting beside them, and numbers read as people read them.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenarioSpec, type ScenarioResult } from '../../src/scenario/run.js';
import { formatGap, reportData } from '../../src/scenario/output.js';
import { renderReport } from '../../src/scenario/report/index.js';
import { parseScenario } from '../../src/scenario/load.js';
import { checkScenario } from '../../src/scenario/validate.js';
import { solveVariation } from '../../src/scenario/variation.js';
import { solveAllocation } from '../../src/allocate/solve.js';
import { Random } from '../../src/util/random.js';
import { type Fixture, makeFixture } from './messages-fixtures.js';

let fx: Fixture;
let result: ScenarioResult;
const spec = () => ({
  name: 'report truth',
  data: { file: 'campaign.csv', id: 'id', treatment: 'treatment', control: 'control', outcome: 'visit', features: ['recency', 'history', 'channel'], holdout: 0.4 },
  model: { kind: 'uplift', method: 'two-model', learner: 'logistic' },
  arms: [
    { name: 'email', cost: 0.25 },
    { name: 'coupon', cost: 0.6 },
  ],
  valuePerOutcome: 10,
  constraints: { budget: 20 },
  reportSegment: 'channel',
  // No `base` listed (as in the README's example): the base plan must still be solved.
  variations: [
    { name: 'fair', constraints: { segments: [{ column: 'channel', minShare: 0.1 }] } },
    { name: 'trees', model: { learner: 'forest', options: { nEstimators: 10, maxDepth: 3 } } },
  ],
});

beforeAll(async () => {
  fx = await makeFixture(1500);
  result = await runScenarioSpec(spec(), fx.dir);
});

describe('the report tells the truth', () => {
  it('solves the base plan first when variations are listed without it', () => {
    expect(result.variations.map((v) => v.name)).toEqual(['base', 'fair', 'trees']);
    expect(result.variations[0]!.budget).toBe(20);
  });

  it('draws a Qini chart for every arm with a curve for every distinct model, and names each variation’s model', () => {
    const data = reportData(result, '2026-12-02');
    expect(data.qiniCharts!.map((c) => c.title)).toEqual(["Arm 'email'", "Arm 'coupon'"]);
    for (const chart of data.qiniCharts!) {
      expect(chart.curves.map((c) => c.name)).toEqual([
        'two-model logistic (base, fair)',
        's-learner forest (trees)',
        'random',
        'perfect',
      ]);
      expect(chart.aucs).toHaveLength(2);
    }
    expect(data.subtitle).toContain('two-model with logistic on 900 rows (base, fair); s-learner with forest on 900 rows (trees)');
  });

  it('scales the y axis to the model and random curves and says how high the clipped perfect curve goes', async () => {
    const data = reportData(result, '2026-12-02');
    const chart = data.qiniCharts![0]!;
    const perfect = chart.curves.find((c) => c.name === 'perfect')!;
    expect(perfect.scale).toBe(false);
    const peak = (ys: ArrayLike<number>) => Math.max(...Array.from(ys));
    const modelTop = Math.max(...chart.curves.filter((c) => c.scale !== false).map((c) => peak(c.y)));
    // The perfect curve is above the others: fitted to it, they would be squeezed into the bottom.
    expect(peak(perfect.y)).toBeGreaterThan(modelTop);
    const html = await renderReport(data);
    expect(html).toMatch(/The perfect curve rises to [\d,.]+, off the top of the chart/);
    expect(html).toContain('<figure class="chart" id="qini-2-chart">');
  });

  it('gives a frontier under rules enough points, from the smallest feasible budget, and random targeting', async () => {
    const fair = result.variations.find((v) => v.name === 'fair')!;
    expect(fair.frontier.length).toBeGreaterThanOrEqual(12);
    const lowest = fair.frontier[0]!.budget;
    expect(lowest).toBeGreaterThan(0);
    // Just below the first point the rules cannot hold: the frontier starts where plans start.
    const scenario = parseScenario(JSON.stringify(spec()), join(fx.dir, '(scenario object)'));
    const { data } = await checkScenario(scenario);
    const n = data.planRows.length;
    const channel = data.planTable.columns.get('channel')!;
    const below = lowest - 0.02 * 20;
    if (below > 0 && channel.kind === 'categorical') {
      const K = 3;
      const costs = new Float64Array(n * K);
      for (let i = 0; i < n; i++) {
        costs[i * K + 1] = 0.25;
        costs[i * K + 2] = 0.6;
      }
      const codes = Int32Array.from(data.planRows, (r) => channel.codes[r]!);
      const plan = await solveAllocation({
        units: n,
        arms: K,
        values: new Float64Array(n * K).fill(1),
        costs,
        budget: below,
        segmentRules: [{ column: 'channel', codes, levels: [...channel.levels], minShare: 0.1 }],
      });
      expect(plan.status).toBe('infeasible');
    }
    const report = reportData(result, '2026-12-02');
    const random = report.frontier.find((f) => f.variation === 'random targeting')!;
    expect(random.dashed).toBe(true);
    // Random targeting: the mean effect per unit of spend, a straight line from 0.
    const base = result.variations[0]!;
    expect(random.points[0]).toEqual({ spend: 0, incremental: 0 });
    expect(random.points[1]!.spend).toBeCloseTo(20, 9);
    expect(random.points[1]!.incremental).toBeLessThan(base.expectedIncremental);
  });

  it('prints gaps as people read them', () => {
    expect([formatGap(1e-4), formatGap(0), formatGap(0.0123), formatGap(3e-6), formatGap(1e-14)]).toEqual(['0.01 %', '0 %', '1.23 %', '0.0003 %', '0 %']);
    const rows = reportData(result, '2026-12-02').variations.rows;
    for (const row of rows) expect(row[7]).toMatch(/^\d+(\.\d+)? %$/);
  });

  it('fills the interval of every frontier point where the model has draws', async () => {
    const scenario = parseScenario(JSON.stringify({ ...spec(), variations: [] }), join(fx.dir, '(scenario object)'));
    const { data } = await checkScenario(scenario);
    const n = data.planRows.length;
    const K = 3;
    const S = 200;
    const rng = new Random(4);
    const effect = new Float64Array(n * K);
    for (let i = 0; i < n; i++) {
      effect[i * K + 1] = 0.05 + 0.1 * rng.uniform();
      effect[i * K + 2] = 0.1 + 0.1 * rng.uniform();
    }
    const values = new Float64Array(S * n * K);
    for (let s = 0; s < S; s++) for (let j = 0; j < n * K; j++) values[s * n * K + j] = effect[j]! === 0 ? 0 : effect[j]! + 0.02 * rng.normal();
    const v = await solveVariation(scenario, data, { effects: { arms: ['none', 'email', 'coupon'], units: n, mean: effect, draws: { count: S, values, kind: 'posterior' } }, qini: [], warnings: [], description: 'drawn' }, undefined, []);
    expect(v.interval).toBeDefined();
    expect(v.frontier.length).toBe(25);
    for (const p of v.frontier) {
      expect(p.lower).toBeLessThanOrEqual(p.incremental + 1e-9);
      expect(p.upper).toBeGreaterThanOrEqual(p.incremental - 1e-9);
    }
  });
});
