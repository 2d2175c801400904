// Writes the roll-out scenario's data (run after `npm run build`):
//   pilot_panel.csv — weekly sales of 3 regions × 60 stores × 40 weeks; in each region half the
//                     stores got the new layout from week 20 (true effects: north 0.8, south 0.2,
//                     west 0.5 k$ per week), with N(0, 1) noise, seeded;
//   stores.csv      — 240 stores still to renovate: id, region, renovation cost (k$).
// The panel follows the seed blog post's process (store effects, a trend, a feature x with 1.1).
import { simulatePanel, panelToTable, writeTable, createTable, numericColumn, categoricalColumn, Random } from '../../dist/src/index.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const regions = [
  ['north', 0.8],
  ['south', 0.2],
  ['west', 0.5],
];
const store = [], region = [], week = [], sales = [], x = [], treated = [], treatment = [];
regions.forEach(([name, effect], r) => {
  const panel = panelToTable(simulatePanel({ individuals: 60, periods: 40, treatmentStart: 20, effect, noiseSd: 1, seed: 100 + r }));
  const col = (c) => panel.columns.get(c).values;
  const [u, p, y, xx, tr, d] = ['unit', 'period', 'y', 'x', 'treated', 'treatment'].map(col);
  for (let i = 0; i < panel.nRows; i++) {
    store.push(`${name}-${u[i] + 1}`);
    region.push(name);
    week.push(p[i] + 1);
    sales.push(Math.round((10 + y[i]) * 1e4) / 1e4);
    x.push(Math.round(xx[i] * 1e4) / 1e4);
    treated.push(tr[i]);
    treatment.push(d[i]);
  }
});
await writeTable(
  join(here, 'pilot_panel.csv'),
  createTable([
    categoricalColumn('store', store),
    categoricalColumn('region', region),
    numericColumn('week', week),
    numericColumn('sales', sales),
    numericColumn('footfall_index', x),
    numericColumn('pilot', treated),
    numericColumn('new_layout', treatment),
  ]),
);
const rng = new Random(7);
const ids = [], where = [], cost = [];
for (let i = 0; i < 240; i++) {
  ids.push(`S${String(i + 1).padStart(3, '0')}`);
  where.push(regions[i % 3][0]);
  cost.push(Math.round((4 + 8 * rng.uniform()) * 100) / 100);
}
await writeTable(join(here, 'stores.csv'), createTable([categoricalColumn('id', ids), categoricalColumn('region', where), numericColumn('renovation_cost', cost)]));
console.log('wrote pilot_panel.csv and stores.csv');
