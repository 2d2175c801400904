// Writes a draws file and its scores CSV for `liftwise allocate --draws` to read, until `liftwise score --draws-out`
// writes them from a fitted model: 2,000 customers of the simulated e-mail campaign (known effects), two arms, and
// 200 normal-approximation draws per customer and arm around a noisy estimate of the true uplift (the regions'
// estimates share their noise, as a segment-level model's would).
// Run after `npm run build`:  node examples/draws-file.mjs [OUT_DIR]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateCampaign, effectsFromDraws, writeDrawsFile } from '../dist/src/index.js';
import { Random } from '../dist/src/util/random.js';

const out = process.argv[2] ?? '.';
const n = 2000;
const S = 200;
const { table, trueUplift } = simulateCampaign({ n, arms: ['email', 'coupon'], seed: 3 });
const zip = table.columns.get('zip_code');
const regionOf = (i) => zip.levels[zip.codes[i]];
const rng = new Random(4);
// Rural estimates are four times as uncertain as the others (fewer customers there).
const sd = (i) => (regionOf(i) === 'Rural' ? 0.08 : 0.02);
const shared = new Map(['Urban', 'Surburban', 'Rural'].map((r) => [r, Float64Array.from({ length: S }, () => rng.normal())]));
const estimate = Float64Array.from(trueUplift, (t, j) => t + sd(Math.floor(j / 2)) * rng.normal());
const values = new Float64Array(S * n * 3);
for (let s = 0; s < S; s++) {
  for (let i = 0; i < n; i++) {
    const z = shared.get(regionOf(i))[s];
    for (let k = 1; k < 3; k++) values[(s * n + i) * 3 + k] = estimate[i * 2 + k - 1] + sd(i) * (0.7 * z + 0.7 * rng.normal());
  }
}
const effects = effectsFromDraws(['none', 'email', 'coupon'], S, values, 'normal-approximation');
const ids = Array.from({ length: n }, (_, i) => `c${i + 1}`);
await writeDrawsFile(join(out, 'campaign.draws'), effects, { ids, idColumn: 'id' });
const lines = ['id,zip_code,uplift_email,uplift_coupon,cost_email,cost_coupon'];
for (let i = 0; i < n; i++) lines.push(`${ids[i]},${regionOf(i)},${effects.mean[i * 3 + 1].toFixed(6)},${effects.mean[i * 3 + 2].toFixed(6)},0.25,1`);
writeFileSync(join(out, 'campaign-scores.csv'), `${lines.join('\n')}\n`);
console.log(`wrote ${join(out, 'campaign.draws')} and ${join(out, 'campaign-scores.csv')} (${n} customers, ${S} draws)`);
