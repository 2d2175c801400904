// Writes examples/graph/frontdoor.csv: 20 000 customers from a model with a hidden confounder u.
// True effect of the coupon on the purchase rate: (0.4 + 0.15 · south) · (0.8 − 0.1),
// i.e. 0.28 in the north, 0.385 in the south, 0.3325 overall.
import { simulate, writeTable } from '../../dist/src/index.js';

const bern = (p, rng) => (rng.uniform() < p ? 1 : 0);
const model = [
  { name: 'u', latent: true, f: (_, r) => bern(0.5, r) },
  { name: 'region', levels: ['north', 'south'], f: (_, r) => bern(0.5, r) },
  { name: 'x', f: (v, r) => bern(0.15 + 0.6 * v.u + 0.1 * v.region, r) },
  { name: 'm', f: (v, r) => bern(0.1 + 0.7 * v.x, r) },
  { name: 'y', f: (v, r) => bern(0.05 + (0.4 + 0.15 * v.region) * v.m + 0.35 * v.u, r) },
];
await writeTable(new URL('./frontdoor.csv', import.meta.url).pathname, simulate(model, 20000, 1));
