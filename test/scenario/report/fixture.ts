/**
 * Report data from a simulated campaign: a real Qini curve (metrics/qiniCurve)
 * of a noisy ranking by the true uplift, the perfect and random curves, and a
 * budget frontier computed here by treating customers in order of true uplift
 * (each costs `unitCost · multiplier`), so every drawn number has a known truth.
 */
import { simulateCampaign } from '../../../src/causal/campaign.js';
import { perfectQiniCurve, qiniAucScore, qiniCurve } from '../../../src/metrics/index.js';
import type { ReportData } from '../../../src/scenario/index.js';
import { Random } from '../../../src/util/random.js';

export interface Fixture {
  readonly data: ReportData;
  /** Points of the model's Qini curve before thinning. */
  readonly qiniPoints: number;
  readonly multipliers: readonly number[];
}

export function campaignReport(options: { n?: number; multipliers?: readonly number[]; frontierPoints?: number } = {}): Fixture {
  const n = options.n ?? 5000;
  const multipliers = options.multipliers ?? [1, 1.25, 1.5];
  const frontierPoints = options.frontierPoints ?? 12;
  const campaign = simulateCampaign({ n, seed: 11 });
  const visit = (campaign.table.columns.get('visit') as { values: Float64Array }).values;
  const channel = campaign.table.columns.get('channel') as { codes: Int32Array; levels: readonly string[] };
  const treated = Float64Array.from(campaign.arm);
  const rng = new Random(7);
  const score = campaign.trueUplift.map((u) => u + 0.05 * rng.normal());
  const model = qiniCurve(visit, score, treated);
  const perfect = perfectQiniCurve(visit, treated);
  const end = perfect.y[perfect.y.length - 1]!;

  // Customers in order of true uplift; a plan with budget B treats the first floor(B / cost).
  const order = Array.from(campaign.trueUplift.keys()).sort((a, b) => campaign.trueUplift[b]! - campaign.trueUplift[a]!);
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i]! + campaign.trueUplift[order[i]!]!;
  const maxBudget = n / 4;
  const names = multipliers.map((m, k) => (k === 0 ? 'base' : `cost × ${m}`));
  const frontier = multipliers.map((m, k) => ({
    variation: names[k]!,
    points: Array.from({ length: frontierPoints }, (_, j) => {
      const budget = (maxBudget * j) / (frontierPoints - 1);
      const count = Math.floor(budget / m);
      const incremental = cumulative[count]!;
      const spend = count * m;
      // The base variation carries a ±10 % interval, the others none.
      return k === 0 ? { spend, incremental, lower: 0.9 * incremental, upper: 1.1 * incremental } : { spend, incremental };
    }),
  }));

  const segments: Array<{ variation: string; segment: string; treated: number; total: number }> = [];
  const totals = new Array<number>(channel.levels.length).fill(0);
  for (let i = 0; i < n; i++) totals[channel.codes[i]!]!++;
  multipliers.forEach((m, k) => {
    const counts = new Array<number>(channel.levels.length).fill(0);
    const count = Math.floor(maxBudget / 2 / m);
    for (let i = 0; i < count; i++) counts[channel.codes[order[i]!]!]!++;
    channel.levels.forEach((level, l) => segments.push({ variation: names[k]!, segment: level, treated: counts[l]!, total: totals[l]! }));
  });

  const data: ReportData = {
    title: 'E-mail campaign',
    subtitle: `simulated campaign, ${n} customers`,
    generatedAt: '2026-11-21',
    qini: {
      curves: [
        { name: 'model', x: model.x, y: model.y },
        { name: 'random', x: [0, n], y: [0, end], dashed: true },
        { name: 'perfect', x: perfect.x, y: perfect.y, dashed: true },
      ],
      auc: qiniAucScore(visit, score, treated),
    },
    frontier,
    segments,
    variations: {
      columns: ['variation', 'cost multiplier', 'recipients', 'expected incremental', 'gap'],
      rows: multipliers.map((m, k) => [names[k]!, m, Math.floor(maxBudget / m), cumulative[Math.floor(maxBudget / m)]!, null]),
    },
    notes: ['The solver stopped at its time limit in one variation.'],
    labels: { spend: 'Spend (EUR)', incremental: 'Expected incremental visits', qiniX: 'Customers targeted', qiniY: 'Incremental visits', segment: 'Channel' },
  };
  return { data, qiniPoints: model.x.length, multipliers };
}
