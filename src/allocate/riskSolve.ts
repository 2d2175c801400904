/**
 * The entry point of risk-aware allocation: the mean, CVaR or quantile plan
 * over effect draws (a module of its own so that risk.ts and riskQuantile.ts
 * do not import each other).
 */
import type { EffectDraws3 } from '../effects/effects.js';
import type { AllocationProblem } from './problem.js';
import { InputError } from '../errors.js';
import { drawObjective, solveCvar, type PlanDraws, type RiskObjective, type RiskPlan, type RiskSolveOptions } from './risk.js';
import { solveQuantile } from './riskQuantile.js';
import { solveAllocation } from './solve.js';

/**
 * The plan that maximises the risk objective over the draws, with its proven
 * bound and gap (in the risk objective's units).
 *
 * @example
 * // Two units, budget for one: unit 0's effect is 1 in every draw, unit 1's is 4.4 or −2 (mean 1.2).
 * const problem = { units: 2, arms: 2, values: Float64Array.of(0, 1, 0, 1.2), costs: Float64Array.of(0, 1, 0, 1), budget: 1 };
 * const draws = { count: 4, kind: 'posterior' as const, values: Float64Array.of(0, 1, 0, 4.4, 0, 1, 0, -2, 0, 1, 0, 4.4, 0, 1, 0, -2) };
 * const plan = await solveRiskAllocation(problem, { draws, scale: 1 }, { kind: 'cvar', alpha: 0.5 });
 * plan.choice; // Int32Array [1, 0] (the sure unit, though unit 1's mean is larger)
 * plan.objective; // 1 (mean of the worst 50 % of draws of the plan's value)
 * plan.bound; // 1 (no plan under the rules has a larger CVaR)
 */
export async function solveRiskAllocation(
  problem: AllocationProblem,
  planDraws: PlanDraws,
  risk: RiskObjective,
  options: RiskSolveOptions = {},
): Promise<RiskPlan> {
  checkDraws(problem, planDraws.draws);
  const objectiveOf = drawObjective(problem, planDraws);
  if (risk.kind === 'mean') {
    const plan = await solveAllocation(problem, options);
    return { ...plan, riskReport: { risk, iterations: 0, openUnits: 0, drawObjective: objectiveOf(plan.choice) } };
  }
  if (risk.kind === 'quantile') return solveQuantile(problem, planDraws, risk, options, objectiveOf);
  return solveCvar(problem, planDraws, risk, options, objectiveOf);
}

function checkDraws(problem: AllocationProblem, draws: EffectDraws3): void {
  const expected = draws.count * problem.units * problem.arms;
  if (draws.values.length !== expected) {
    throw new InputError(
      'E_EFFECTS_SHAPE',
      `${draws.values.length} draw values for ${draws.count} draws × ${problem.units} units × ${problem.arms} arms (${expected})`,
      { path: ['draws'] },
    );
  }
}

