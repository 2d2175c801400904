// The simulated campaigns issue 12's defaults and auto selection are measured on: shapes × outcome kinds ×
// randomised/confounded × sizes. Each campaign has a training sample of n customers and a fresh holdout of
// 20,000 customers from the same generator (another seed); plans are scored on the holdout's true effects.
import { simulateCampaign, takeRows, UpliftModel, planFromPredictions, planScore } from '../../dist/src/index.js';

export const HOLDOUT = 20_000;

/** name, shape, outcome, assignment, n. */
export const CAMPAIGNS = [
  { name: 'smooth-bin-rand-1e4', shape: 'smooth', outcome: 'binary', assignment: 'randomised', n: 10_000 },
  { name: 'step-bin-rand-1e4', shape: 'step', outcome: 'binary', assignment: 'randomised', n: 10_000 },
  { name: 'sparse-bin-rand-3e3', shape: 'sparse', outcome: 'binary', assignment: 'randomised', n: 3_000 },
  { name: 'categ-num-rand-1e4', shape: 'categorical', outcome: 'numeric', assignment: 'randomised', n: 10_000 },
  { name: 'hillstrom-bin-conf-1e4', shape: 'hillstrom', outcome: 'binary', assignment: 'confounded', n: 10_000 },
  { name: 'smooth-num-conf-1e4', shape: 'smooth', outcome: 'numeric', assignment: 'confounded', n: 10_000 },
  { name: 'step-num-rand-1e3', shape: 'step', outcome: 'numeric', assignment: 'randomised', n: 1_000 },
  { name: 'categ-bin-rand-1e5', shape: 'categorical', outcome: 'binary', assignment: 'randomised', n: 100_000 },
];

/** Training table, holdout table (features only matter) and the holdout's true effects. */
export function makeCampaign(spec, seed) {
  const options = { shape: spec.shape, outcome: spec.outcome, assignment: spec.assignment };
  const train = simulateCampaign({ ...options, n: spec.n, seed });
  const holdout = simulateCampaign({ ...options, n: HOLDOUT, seed: seed + 100_000 });
  return { spec, seed, train: train.table, outcome: train.outcome, holdout: holdout.table, truth: holdout.trueUplift };
}

/** The fit spec a user's `liftwise fit --treatment treatment --outcome <y> --exclude id` gives, plus overrides. */
export function fitSpec(campaign, member = {}) {
  return { treatment: 'treatment', outcome: campaign.outcome, exclude: ['id'], seed: campaign.seed, ...member };
}

/** Fits a member in process, plans 20 % of the holdout and scores it against the truth. */
export function scoreMember(campaign, member) {
  const t0 = performance.now();
  const model = UpliftModel.fit(campaign.train, fitSpec(campaign, member));
  const seconds = (performance.now() - t0) / 1000;
  const uplift = model.score(campaign.holdout).uplift[0];
  const plan = planScore(campaign.truth, planFromPredictions(uplift, 0.2), 0.2);
  return { score: plan.score, seconds, corr: correlation(uplift, campaign.truth), model };
}

export function correlation(a, b) {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

export { takeRows };
