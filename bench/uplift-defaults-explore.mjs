// The in-process search behind src/uplift/learner-defaults.ts: fits each member of a grid of method × learner ×
// settings on the simulated campaigns and prints one JSON line per fit with its plan score (20 % budget, fresh
// holdout) and the correlation of estimated and true effects. Not run by `npm run bench` (it takes hours here).
// Usage: node bench/uplift-defaults-explore.mjs GRID [campaign,campaign] [seed,seed]
//   GRID: a JSON array of {method, learner, learnerOptions, label}, or grid1..grid4 of bench/uplift-defaults-grids.json
//   (the rounds of the search, in order; round 1 ran before the uplift-context defaults existed).
import { readFileSync } from 'node:fs';
import { CAMPAIGNS, makeCampaign, scoreMember } from './lib/uplift-campaigns.mjs';

const named = JSON.parse(readFileSync(new URL('./uplift-defaults-grids.json', import.meta.url), 'utf8'));
const members = named[process.argv[2]] ?? JSON.parse(process.argv[2]);
const campaigns = process.argv[3] && process.argv[3] !== '' ? CAMPAIGNS.filter((c) => process.argv[3].split(',').includes(c.name)) : CAMPAIGNS;
const seeds = (process.argv[4] ?? '1').split(',').map(Number);
for (const spec of campaigns) {
  for (const seed of seeds) {
    const c = makeCampaign(spec, seed);
    for (const m of members) {
      if (m.method === 'uplift-forest' && spec.outcome !== 'binary') continue;
      const r = scoreMember(c, m);
      console.log(JSON.stringify({ c: spec.name, seed, m: m.label ?? `${m.method}/${m.learner}`, score: +r.score.toFixed(3), corr: +r.corr.toFixed(3), s: +r.seconds.toFixed(2) }));
    }
  }
}
