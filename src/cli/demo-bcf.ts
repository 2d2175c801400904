/**
 * The demo's uncertainty section: a Bayesian causal forest fitted on part of
 * the training customers, a plan chosen on its posterior mean, and that
 * plan's predicted extra visits with a 94 % posterior interval (planValue)
 * set against the true extra visits the simulation knows.
 */
import type { Table } from '../data/table.js';
import { takeRows } from '../data/table.js';
import { UpliftModel } from '../uplift/model.js';
import { planValue } from '../effects/planValue.js';
import { problemFromEffects } from '../allocate/from-effects.js';
import { solveAllocation } from '../allocate/solve.js';
import type { AllocationProblem } from '../allocate/problem.js';
import type { Progress } from '../util/progress.js';
import { secondsSince } from './common.js';

export interface BcfPlanReport {
  readonly rows: number;
  readonly fitSeconds: number;
  readonly draws: number;
  readonly predictedExtraVisits: number;
  readonly interval: readonly [number, number];
  readonly probabilityPositive: number;
  readonly trueExtraVisits: number;
}

/**
 * @param arms treated arm labels in the problem's column order (1..K−1)
 * @param trueVisits true extra visits of a choice
 */
export async function bcfPlan(options: {
  train: Table;
  holdout: Table;
  rows: number;
  seed: number;
  arms: readonly string[];
  problem: AllocationProblem;
  valuePerVisit: number;
  trueVisits: (choice: Int32Array) => number;
  progress: Progress;
}): Promise<BcfPlanReport> {
  const { train, holdout, problem } = options;
  // Every k-th training customer, so the Bayesian fit stays a few seconds.
  const step = Math.max(1, Math.floor(train.nRows / options.rows));
  const picked = Int32Array.from({ length: Math.floor(train.nRows / step) }, (_, i) => i * step);
  const started = performance.now();
  const model = UpliftModel.fit(
    takeRows(train, picked),
    {
      treatment: 'treatment',
      outcome: 'visit',
      exclude: ['id'],
      method: 'bcf',
      seed: options.seed,
      methodOptions: { chains: 2, warmup: 100, draws: 100, keep: 200 },
    },
    { progress: options.progress },
  );
  const fitSeconds = secondsSince(started);
  const fitted = model.effects(holdout);
  // Columns in the problem's arm order.
  const K = problem.arms;
  const order = [0, ...options.arms.map((a) => fitted.arms.indexOf(a))];
  const n = fitted.units;
  const S = fitted.draws!.count;
  const mean = new Float64Array(n * K);
  const draws = new Float64Array(S * n * K);
  for (let i = 0; i < n; i++) for (let k = 1; k < K; k++) mean[i * K + k] = fitted.mean[i * K + order[k]!]!;
  for (let s = 0; s < S; s++) {
    for (let i = 0; i < n; i++) for (let k = 1; k < K; k++) draws[(s * n + i) * K + k] = fitted.draws!.values[(s * n + i) * K + order[k]!]!;
  }
  const effects = { arms: ['none', ...options.arms], units: n, mean, draws: { count: S, values: draws, kind: 'posterior' as const } };
  // The demo's problem has a budget and nothing else: the same problem on the posterior mean.
  const bcfProblem = problemFromEffects(effects, {
    valuePerOutcome: options.valuePerVisit,
    costs: problem.costs,
    rules: problem.budget === undefined ? {} : { budget: problem.budget },
  });
  const plan = await solveAllocation(bcfProblem);
  const value = planValue(effects, plan.choice, { level: 0.94 });
  return {
    rows: picked.length,
    fitSeconds,
    draws: S,
    predictedExtraVisits: value.mean,
    interval: value.interval!,
    probabilityPositive: value.probabilityPositive!,
    trueExtraVisits: options.trueVisits(plan.choice),
  };
}
