// Writes customers.csv for the discount scenario (run after `npm run build`): 12,000 customers of a
// randomised test that sent a 0, 10, 20 or 30 % discount. Seeded; the purchase probability is
//   σ(−2 − 0.05·recency + 0.3·log(history/100) + 0.3·web + s·d − 0.0004·d²),  d = discount in %,
// where the sensitivity s = 0.02 + 0.05·newbie + 0.03·[recency ≤ 4]: newcomers and recent
// customers respond to discounts, loyal long-lapsed ones hardly at all.
import { writeTable, createTable, numericColumn, categoricalColumn, Random } from '../../dist/src/index.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const rng = new Random(404);
const n = 12000;
const cols = { id: [], recency: [], history: [], newbie: [], channel: [], discount: [], purchase: [] };
const levels = [0, 10, 20, 30];
for (let i = 0; i < n; i++) {
  const recency = 1 + rng.int(12);
  const history = Math.round(Math.exp(4.6 + 0.8 * rng.normal()) * 100) / 100;
  const newbie = rng.bernoulli(0.4);
  const channel = rng.uniform() < 0.5 ? 'Web' : rng.uniform() < 0.6 ? 'Phone' : 'Multichannel';
  const d = levels[rng.int(4)];
  const s = 0.02 + 0.05 * newbie + 0.03 * (recency <= 4 ? 1 : 0);
  const eta = -2 - 0.05 * recency + 0.3 * Math.log(history / 100) + (channel === 'Web' ? 0.3 : 0) + s * d - 0.0004 * d * d;
  cols.id.push(i + 1);
  cols.recency.push(recency);
  cols.history.push(history);
  cols.newbie.push(newbie);
  cols.channel.push(channel);
  cols.discount.push(d);
  cols.purchase.push(rng.bernoulli(1 / (1 + Math.exp(-eta))));
}
await writeTable(
  join(here, 'customers.csv'),
  createTable([
    numericColumn('id', cols.id),
    numericColumn('recency', cols.recency),
    numericColumn('history', cols.history),
    numericColumn('newbie', cols.newbie),
    categoricalColumn('channel', cols.channel),
    numericColumn('discount', cols.discount),
    numericColumn('purchase', cols.purchase),
  ]),
);
console.log('wrote customers.csv');
