/**
 * Closing the gap of the exact LP solvers' integer plans. With dual prices
 * (λ on the budget, μ per recipient) every plan x satisfies
 *   value(x) ≤ D(λ, μ) + Σ_i rc_i(x_i),   rc_i(k) = r_ik − max_k' r_ik' ≤ 0,
 * where r_ik = v_ik − λ·c_ik − μ·[k ≥ 1]. An arm whose reduced cost is below
 * −(D − incumbent) cannot be part of a better plan, so it is dropped; units
 * left with one arm are fixed. The few units left with a choice (the core)
 * go to highs as a small MIP; fixed units plus the core optimum is then the
 * optimum of the whole problem.
 */
import { highsBackend } from '../../solvers/highs.js';
import type { Prepared } from './prepare.js';
import { prepareProblem } from './prepare.js';
import { buildModel, choiceFromColumns } from './model.js';
import type { Progress } from '../util/progress.js';

export interface GapClosing {
  readonly choice: Int32Array;
  /** Objective of `choice` (in the prepared objective's terms). */
  readonly objective: number;
  /** Proven bound after the core solve. */
  readonly bound: number;
  readonly coreUnits: number;
  readonly coreColumns: number;
  /** False when the core MIP stopped at its time limit. */
  readonly solved: boolean;
}

export interface GapOptions {
  readonly budgetPrice: number;
  readonly recipientPrice: number;
  /** Give up (return undefined) when the core has more MIP columns than this. */
  readonly maxColumns: number;
  readonly timeLimit?: number;
  /** Absolute gap the core MIP may stop at. */
  readonly absoluteGap: number;
  readonly progress?: Progress;
}

/** Solves the core left by reduced-cost fixing around an incumbent, or undefined when the core is too large. */
export async function closeGap(prepared: Prepared, incumbent: Int32Array, options: GapOptions): Promise<GapClosing | undefined> {
  const { input, budget, cap } = prepared;
  const { n, arms: K, values, costs } = input;
  const lambda = budget === Infinity ? 0 : options.budgetPrice;
  const mu = cap === Infinity ? 0 : options.recipientPrice;
  const reduced = (i: number, k: number): number => values[i * K + k]! - lambda * costs[i * K + k]! - (k === 0 ? 0 : mu);
  const isAllowed = (i: number, k: number): boolean => k === 0 || input.allowed === undefined || input.allowed[i * K + k] !== 0;

  // The Lagrangian bound D(λ, μ) at exactly these prices, and each unit's best reduced value.
  const best = new Float64Array(n);
  let dual = (lambda > 0 ? lambda * budget : 0) + (mu > 0 ? mu * cap : 0);
  let incumbentValue = 0;
  for (let i = 0; i < n; i++) {
    let b = -Infinity;
    for (let k = 0; k < K; k++) if (isAllowed(i, k)) b = Math.max(b, reduced(i, k));
    best[i] = b;
    dual += b;
    incumbentValue += values[i * K + incumbent[i]!]!;
  }
  const slack = dual - incumbentValue + 1e-9 * Math.max(1, Math.abs(dual));

  // Keep the arms within `slack` of each unit's best; fix units with one arm left.
  const keep = new Uint8Array(n * K);
  const coreUnits: number[] = [];
  const fixed = new Int32Array(n);
  let coreColumns = 0;
  let fixedValue = 0;
  let fixedCost = 0;
  let fixedRecipients = 0;
  for (let i = 0; i < n; i++) {
    let kept = 0;
    let only = 0;
    for (let k = 0; k < K; k++) {
      if (isAllowed(i, k) && reduced(i, k) >= best[i]! - slack) {
        keep[i * K + k] = 1;
        kept++;
        only = k;
      }
    }
    if (kept >= 2) {
      coreUnits.push(i);
      coreColumns += kept - keep[i * K]!;
      continue;
    }
    fixed[i] = only;
    fixedValue += values[i * K + only]!;
    fixedCost += costs[i * K + only]!;
    if (only !== 0) fixedRecipients++;
  }
  if (coreColumns > options.maxColumns) return undefined;

  const m = coreUnits.length;
  const subValues = new Float64Array(m * K);
  const subCosts = new Float64Array(m * K);
  const subEligible = new Uint8Array(m * K);
  coreUnits.forEach((i, u) => {
    subValues.set(values.subarray(i * K, (i + 1) * K), u * K);
    subCosts.set(costs.subarray(i * K, (i + 1) * K), u * K);
    // Arm 0 stays allowed even when dropped: extra options never make the core's optimum wrong.
    subEligible.set(keep.subarray(i * K, (i + 1) * K), u * K);
  });
  const budgetLeft = budget - fixedCost;
  const capLeft = cap - fixedRecipients;
  const plan = fixed.slice();
  const result = { coreUnits: m, coreColumns };
  // The fixed units alone break a limit: no plan beats the incumbent.
  if (budgetLeft < -1e-9 * Math.max(1, budget) || capLeft < 0) {
    return { choice: incumbent, objective: incumbentValue, bound: incumbentValue, solved: true, ...result };
  }
  if (m === 0) {
    const objective = fixedValue;
    const better = objective > incumbentValue;
    return { choice: better ? plan : incumbent, objective: Math.max(objective, incumbentValue), bound: Math.max(objective, incumbentValue), solved: true, ...result };
  }
  const sub = prepareProblem({
    units: m,
    arms: K,
    values: subValues,
    costs: subCosts,
    eligible: subEligible,
    ...(budget === Infinity ? {} : { budget: Math.max(budgetLeft, 0) }),
    ...(cap === Infinity ? {} : { maxRecipients: Math.min(capLeft, m) }),
  });
  const built = buildModel(sub);
  const mip = await highsBackend.solve(built.model, {
    integer: true,
    mipGap: 0,
    mipAbsoluteGap: options.absoluteGap,
    ...(options.timeLimit === undefined ? {} : { timeLimit: options.timeLimit }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  if (mip.x === undefined) {
    // No better plan inside the core (infeasible), or none found in time.
    const solved = mip.status === 'infeasible';
    return { choice: incumbent, objective: incumbentValue, bound: solved ? incumbentValue : dual, solved, ...result };
  }
  const coreChoice = choiceFromColumns(built, m, mip.x);
  coreUnits.forEach((i, u) => {
    plan[i] = coreChoice[u]!;
  });
  let objective = 0;
  for (let i = 0; i < n; i++) objective += values[i * K + plan[i]!]!;
  const coreBound = Number.isFinite(mip.bound) ? fixedValue + mip.bound : dual;
  const better = objective > incumbentValue;
  const finalObjective = better ? objective : incumbentValue;
  return {
    choice: better ? plan : incumbent,
    objective: finalObjective,
    bound: Math.max(finalObjective, Math.min(dual, Math.max(coreBound, incumbentValue))),
    solved: mip.status === 'optimal',
    ...result,
  };
}
