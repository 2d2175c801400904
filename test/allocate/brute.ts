/**
 * The reference for allocation tests: enumerate every plan of a tiny problem
 * (K^n of them) and keep the best one that keeps every rule. The rule checks
 * here are written from the problem's documentation, apart from the code
 * under test.
 */
import type { AllocationProblem } from '../../src/allocate/problem.js';

export function bruteForce(problem: AllocationProblem): { objective: number; choice: Int32Array } | undefined {
  const { units: n, arms: K } = problem;
  const choice = new Int32Array(n);
  let best: { objective: number; choice: Int32Array } | undefined;
  const total = K ** n;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let i = 0; i < n; i++) {
      choice[i] = c % K;
      c = Math.floor(c / K);
    }
    if (!keepsRules(problem, choice)) continue;
    const objective = objectiveOf(problem, choice);
    if (best === undefined || objective > best.objective + 1e-12) best = { objective, choice: choice.slice() };
  }
  return best;
}

export function objectiveOf(problem: AllocationProblem, choice: Int32Array): number {
  const K = problem.arms;
  let z = 0;
  for (let i = 0; i < problem.units; i++) {
    const j = i * K + choice[i]!;
    z += problem.values[j]! - (problem.objective === 'profit' ? problem.costs[j]! : 0);
  }
  return z;
}

export function keepsRules(problem: AllocationProblem, choice: Int32Array): boolean {
  const { units: n, arms: K, values, costs } = problem;
  let spend = 0;
  let treated = 0;
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < n; i++) {
    const k = choice[i]!;
    if (k > 0 && problem.eligible !== undefined && problem.eligible[i * K + k] === 0) return false;
    if (k > 0 && problem.onlyWhereValueExceedsCost === true && !(values[i * K + k]! - values[i * K]! > costs[i * K + k]! - costs[i * K]!)) return false;
    spend += costs[i * K + k]!;
    counts[k]!++;
    if (k > 0) treated++;
  }
  if (problem.budget !== undefined && spend > problem.budget + 1e-9) return false;
  if (problem.maxRecipients !== undefined && treated > problem.maxRecipients) return false;
  if (problem.minRecipients !== undefined && treated < problem.minRecipients) return false;
  for (const b of problem.extraBudgets ?? []) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const k = choice[i]!;
      if (b.arms === undefined || b.arms.includes(k)) s += (b.costs ?? costs)[i * K + k]!;
    }
    if (s > b.limit + 1e-9) return false;
  }
  for (const limit of problem.armLimits ?? []) {
    if (limit.min !== undefined && counts[limit.arm]! < limit.min) return false;
    if (limit.max !== undefined && counts[limit.arm]! > limit.max) return false;
  }
  for (const rule of problem.segmentRules ?? []) {
    for (let code = 0; code < rule.levels.length; code++) {
      if (rule.level !== undefined && rule.levels[code] !== rule.level) continue;
      let size = 0;
      let inSegment = 0;
      for (let i = 0; i < n; i++) {
        if (rule.codes[i] !== code) continue;
        size++;
        if (choice[i] !== 0) inSegment++;
      }
      if (size === 0) continue;
      if (rule.minShare !== undefined && inSegment < rule.minShare * size - 1e-9) return false;
      if (rule.maxShare !== undefined && inSegment > rule.maxShare * size + 1e-9) return false;
    }
  }
  return true;
}
