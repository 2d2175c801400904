// The seeded campaign both plan-honesty and risk-calibration plan on (issue 14): simulateCampaign (binary visit,
// randomised e-mail vs control) with N customers split 50/50 (systematic), learners fitted on the training half and
// plans made over the holdout half; per-unit costs 0.5 + U(0, 1) (arm 0 free), budget 20 % of the holdout's total cost.
// The truth of a plan is Σ trueUplift over its treated holdout customers. `shape` is simulateCampaign's effect shape
// (default 'hillstrom': the same campaign, bit for bit, as before the option); `outcome` 'numeric' makes the outcome
// column 'spend' (dollars) instead of the 0/1 'visit'; `budgetShare` of the holdout's total cost is the budget; `arms`
// the treated arms (default ['email']; more arms: a plan chooses among them).
const dist = new URL('../../dist/', import.meta.url);
const { Random } = await import(new URL('src/util/random.js', dist).href);
const { simulateCampaign } = await import(new URL('src/causal/campaign.js', dist).href);
const { systematicSplit } = await import(new URL('src/data/split.js', dist).href);
const { takeRows } = await import(new URL('src/data/table.js', dist).href);

export function planCampaign(N, seed, shape = 'hillstrom', outcome = 'binary', budgetShare = 0.2, arms = ['email']) {
  const campaign = simulateCampaign({ n: N, seed: 500 + seed, arms, shape, outcome });
  const K = arms.length + 1;
  const split = systematicSplit(N, 0.5);
  const train = takeRows(campaign.table, split.train);
  const holdout = takeRows(campaign.table, split.test);
  const n = holdout.nRows;
  const rng = new Random(900 + seed);
  // Treated arm k costs k·(0.5 + U(0, 1)) (one uniform per unit and arm, arm 1 first: one arm draws what it always did);
  // the budget is a share of what treating everyone with arm 1 would cost.
  const costs = new Float64Array(n * K);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 1; k < K; k++) costs[i * K + k] = k * (0.5 + rng.uniform());
    total += costs[i * K + 1];
  }
  // True uplift of treated arm k for holdout unit i at tau[i·(K − 1) + k − 1] (campaign arm order: control, ...arms).
  const tau = new Float64Array(n * (K - 1));
  for (let i = 0; i < n; i++) for (let k = 1; k < K; k++) tau[i * (K - 1) + k - 1] = campaign.trueUplift[split.test[i] * (K - 1) + k - 1];
  const assigned = Int32Array.from(split.test, (r) => campaign.arm[r]);
  const visits = holdout.columns.get(campaign.outcome);
  const y = Float64Array.from({ length: n }, (_, i) => visits.values[i]);
  return { train, holdout, n, K, armLabels: campaign.arms, costs, budget: budgetShare * total, tau, assigned, y, outcome: campaign.outcome };
}
