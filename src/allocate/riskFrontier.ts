/**
 * The efficient frontier of expected value against downside for one budget:
 * the plans maximising (1 − λ)·mean + λ·CVaR_α for λ from 0 (today's mean
 * plan) to 1 (the pure CVaR plan). Each point is a supported efficient plan:
 * no plan has both a larger mean and a larger CVaR_α. It answers "how much
 * expected value do I give up for a safer plan?".
 */
import type { AllocationProblem } from './problem.js';
import { cvarOf, type PlanDraws, type RiskSolveOptions } from './risk.js';
import { solveRiskAllocation } from './riskSolve.js';
import { hasPlan, type PlanStatus } from './plan.js';

export interface RiskFrontierPoint {
  /** λ, the weight on CVaR. */
  readonly weight: number;
  /** Mean over draws of the plan's objective. */
  readonly mean: number;
  /** CVaR_α over draws of the plan's objective. */
  readonly cvar: number;
  /** The blended objective's proven bound and the plan's gap to it. */
  readonly bound: number;
  readonly gap: number;
  readonly status: PlanStatus;
  readonly spend: number;
  readonly recipients: number;
  readonly choice: Int32Array;
}

/**
 * @example
 * // Two units, budget for one: unit 0's effect is 1 in every draw, unit 1's is 4.4 or −2 (mean 1.2).
 * const problem = { units: 2, arms: 2, values: Float64Array.of(0, 1, 0, 1.2), costs: Float64Array.of(0, 1, 0, 1), budget: 1 };
 * const draws = { count: 4, kind: 'posterior' as const, values: Float64Array.of(0, 1, 0, 4.4, 0, 1, 0, -2, 0, 1, 0, 4.4, 0, 1, 0, -2) };
 * const points = await riskFrontier(problem, { draws }, 0.5);
 * // Mean falls and CVaR rises along λ = 0, 0.25, …, 1: from unit 1 to the sure unit 0.
 * points.map((p) => [p.mean, p.cvar]); // [[1.2, -2], [1, 1], [1, 1], [1, 1], [1, 1]]
 */
export async function riskFrontier(
  problem: AllocationProblem,
  planDraws: PlanDraws,
  alpha: number,
  weights: readonly number[] = [0, 0.25, 0.5, 0.75, 1],
  options: RiskSolveOptions = {},
): Promise<RiskFrontierPoint[]> {
  const points: RiskFrontierPoint[] = [];
  for (const weight of weights) {
    const plan = await solveRiskAllocation(problem, planDraws, { kind: 'cvar', alpha, weight }, options);
    // Infeasible (then at every weight), or no plan within the time limit: the frontier ends here.
    if (!hasPlan(plan)) return points;
    const totals = plan.riskReport.drawObjective;
    let mean = 0;
    for (let s = 0; s < totals.length; s++) mean += totals[s]!;
    mean /= totals.length;
    points.push({
      weight,
      mean,
      cvar: cvarOf(totals, alpha),
      bound: plan.bound,
      gap: plan.gap,
      status: plan.status,
      spend: plan.spend,
      recipients: plan.recipients,
      choice: plan.choice,
    });
  }
  return points;
}
