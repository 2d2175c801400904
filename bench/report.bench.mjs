// Scenario report: time to render the whole HTML (three vega-lite charts to SVG in Node)
// for a 50,000-row Qini curve (simulated campaign, real qiniCurve / perfectQiniCurve)
// and 5 variations × 50 frontier points, plus segments and the table. Also renders the
// Qini chart once without thinning, to show what the M4 rule saves. No peer: nothing
// else renders this report, so the numbers stand alone.
import { simulateCampaign } from '../dist/src/causal/campaign.js';
import { perfectQiniCurve, qiniAucScore, qiniCurve } from '../dist/src/metrics/index.js';
import { renderReport } from '../dist/src/scenario/index.js';
import { qiniSpec } from '../dist/src/scenario/report/specs.js';
import { renderSvg } from '../dist/src/scenario/report/svg.js';
import { Random } from '../dist/src/util/random.js';

const n = 50_000;
const campaign = simulateCampaign({ n, seed: 2026 });
const visit = campaign.table.columns.get('visit').values;
const channel = campaign.table.columns.get('channel');
const t = Float64Array.from(campaign.arm);
const rng = new Random(1);
const score = campaign.trueUplift.map((u) => u + 0.05 * rng.normal());
const model = qiniCurve(visit, score, t);
const perfect = perfectQiniCurve(visit, t);
const end = perfect.y[perfect.y.length - 1];

const order = Array.from(campaign.trueUplift.keys()).sort((a, b) => campaign.trueUplift[b] - campaign.trueUplift[a]);
const cumulative = new Float64Array(n + 1);
for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i] + campaign.trueUplift[order[i]];
const multipliers = [1, 1.1, 1.25, 1.5, 2];
const names = multipliers.map((m) => `cost × ${m}`);
const frontier = multipliers.map((m, k) => ({
  variation: names[k],
  points: Array.from({ length: 50 }, (_, j) => {
    const count = Math.floor((j * n) / 4 / 49 / m);
    const v = cumulative[count];
    return k < 2 ? { spend: count * m, incremental: v, lower: 0.9 * v, upper: 1.1 * v } : { spend: count * m, incremental: v };
  }),
}));
const segments = [];
for (const [k, m] of multipliers.entries()) {
  const counts = new Map();
  for (let i = 0; i < Math.floor(n / 8 / m); i++) {
    const level = channel.levels[channel.codes[order[i]]];
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  for (const [l, level] of channel.levels.entries()) {
    let total = 0;
    for (let i = 0; i < n; i++) if (channel.codes[i] === l) total++;
    segments.push({ variation: names[k], segment: level, treated: counts.get(level) ?? 0, total });
  }
}
const data = {
  title: 'Report benchmark',
  generatedAt: '2026-11-21',
  qini: {
    curves: [
      { name: 'model', x: model.x, y: model.y },
      { name: 'random', x: [0, n], y: [0, end], dashed: true },
      { name: 'perfect', x: perfect.x, y: perfect.y, dashed: true },
    ],
    auc: qiniAucScore(visit, score, t),
  },
  frontier,
  segments,
  variations: {
    columns: ['variation', 'recipients', 'expected incremental'],
    rows: multipliers.map((m, k) => [names[k], Math.floor(n / 4 / m), cumulative[Math.floor(n / 4 / m)]]),
  },
};

let t0 = performance.now();
const html = await renderReport(data);
const cold = performance.now() - t0;
const times = [];
for (let r = 0; r < 5; r++) {
  t0 = performance.now();
  await renderReport(data);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const drawn = (html.match(/drawn with ([\d,]+) of its ([\d,]+) points/) ?? []).slice(1).join(' of ');

// The Qini chart alone, thinned (as the report draws it) and with all 50,001 points.
const full = { name: 'model', dashed: false, x: model.x, y: model.y, finitePoints: model.x.length };
async function qiniOnly(curve) {
  const times = [];
  let svg = '';
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    svg = await renderSvg(qiniSpec([curve], {}), { id: 'q', title: 'q', description: 'q' });
    times.push(performance.now() - start);
  }
  return { ms: times.sort((a, b) => a - b)[1], bytes: svg.length };
}
const { downsampleCurve } = await import('../dist/src/scenario/index.js');
const thin = downsampleCurve(model.x, model.y, 600);
const thinOnly = await qiniOnly({ ...full, x: thin.x, y: thin.y });
const fullOnly = await qiniOnly(full);

console.log(`Qini curve of ${n.toLocaleString('en')} rows (${model.x.length.toLocaleString('en')} points, drawn: ${drawn}), 5 variations × 50 frontier points (2 with intervals), 5 × 3 segment bars`);
console.log('| what | ms | HTML / SVG bytes |');
console.log('| --- | ---: | ---: |');
console.log(`| renderReport, first call in the process (cold) | ${cold.toFixed(0)} | ${html.length.toLocaleString('en')} |`);
console.log(`| renderReport, median of 5 warm calls | ${times[2].toFixed(0)} | ${html.length.toLocaleString('en')} |`);
console.log(`| Qini chart alone, thinned to ${thin.x.length.toLocaleString('en')} points (median of 3) | ${thinOnly.ms.toFixed(0)} | ${thinOnly.bytes.toLocaleString('en')} |`);
console.log(`| Qini chart alone, all ${model.x.length.toLocaleString('en')} points (median of 3) | ${fullOnly.ms.toFixed(0)} | ${fullOnly.bytes.toLocaleString('en')} |`);
