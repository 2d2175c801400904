/**
 * Checks an allocation problem before any solver sees it, and names the
 * field at fault: shapes, finite values, non-negative costs and budgets, a cap
 * no larger than n, and rules that contradict each other whatever the data
 * (a minimum above its maximum, minimums that need more recipients than the
 * cap allows). Rules that only fail for these data (not enough budget for a
 * minimum) are infeasibility, explained by `explain.ts`.
 */
import type { AllocationProblem } from './problem.js';
import { armLabel } from './problem.js';
import { allocateErrors } from './messages.js';

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/**
 * Throws an InputError (exit code 2) naming the first field that is wrong.
 *
 * @example
 * validateProblem({ units: 1, arms: 2, values: Float64Array.of(0, 1), costs: Float64Array.of(0, 1), budget: -1 }); // throws E_NEGATIVE_BUDGET
 */
export function validateProblem(problem: AllocationProblem): void {
  const { units: n, arms: K } = problem;
  if (!isCount(n) || n < 1) throw allocateErrors.badCount('units', n, 'a whole number ≥ 1');
  if (!isCount(K) || K < 2) throw allocateErrors.badCount('arms', K, 'a whole number ≥ 2 (arm 0 = no treatment, and at least one treatment)');
  if (problem.armLabels !== undefined && problem.armLabels.length !== K) {
    throw allocateErrors.badLength('armLabels', problem.armLabels.length, K, 'one label per arm');
  }
  checkMatrix(problem, 'values', problem.values, false);
  checkMatrix(problem, 'costs', problem.costs, true);
  if (problem.budget !== undefined) checkBudget(['budget'], problem.budget);
  if (problem.eligible !== undefined && problem.eligible.length !== n * K) {
    throw allocateErrors.badLength('eligible', problem.eligible.length, n * K, `units × arms = ${n} × ${K}`);
  }
  const cap = problem.maxRecipients;
  if (cap !== undefined) {
    if (!isCount(cap)) throw allocateErrors.capNotCount(cap);
    if (cap > n) throw allocateErrors.capAboveUnits(cap, n);
  }
  problem.extraBudgets?.forEach((b, j) => {
    const at = ['extraBudgets', j];
    if (typeof b.name !== 'string' || b.name === '') throw allocateErrors.badExtraBudget([...at, 'name'], 'every extra budget needs a name');
    checkBudget([...at, 'limit'], b.limit);
    if (b.costs !== undefined) checkMatrix(problem, `extraBudgets[${j}].costs`, b.costs, true);
    b.arms?.forEach((a, m) => {
      if (!Number.isInteger(a) || a < 0 || a >= K) throw allocateErrors.unknownArm([...at, 'arms', m], a, K);
    });
  });
  checkArmLimits(problem);
  checkSegmentRules(problem);
}

function checkMatrix(problem: AllocationProblem, field: string, data: Float64Array, isCost: boolean): void {
  const { units: n, arms: K } = problem;
  if (!(data instanceof Float64Array)) throw allocateErrors.badCount(field, typeof data, 'a Float64Array');
  if (data.length !== n * K) throw allocateErrors.badLength(field, data.length, n * K, `units × arms = ${n} × ${K}, row-major`);
  for (let idx = 0; idx < data.length; idx++) {
    const x = data[idx]!;
    // One comparison per entry on the hot path; the message work only on failure.
    if (isCost ? x >= 0 && x < Infinity : x > -Infinity && x < Infinity) continue;
    const unit = Math.floor(idx / K);
    const arm = armLabel(problem, idx % K);
    if (isCost && x < 0) throw allocateErrors.negativeCost(field, unit, arm, x);
    throw allocateErrors.notFinite(field, unit, arm, x);
  }
}

function checkBudget(field: ReadonlyArray<string | number>, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw allocateErrors.negativeBudget(field, value);
}

function checkArmLimits(problem: AllocationProblem): void {
  const { units: n, arms: K } = problem;
  let treatedMins = 0;
  let allMins = 0;
  problem.armLimits?.forEach((limit, j) => {
    const at = ['armLimits', j];
    if (!Number.isInteger(limit.arm) || limit.arm < 0 || limit.arm >= K) throw allocateErrors.unknownArm([...at, 'arm'], limit.arm, K);
    const what = `the limits for arm '${armLabel(problem, limit.arm)}'`;
    if (limit.min !== undefined && !isCount(limit.min)) throw allocateErrors.badLimitCount([...at, 'min'], limit.min);
    if (limit.max !== undefined && !isCount(limit.max)) throw allocateErrors.badLimitCount([...at, 'max'], limit.max);
    if (limit.min !== undefined && limit.max !== undefined && limit.min > limit.max) {
      throw allocateErrors.minAboveMax([...at, 'min'], what, limit.min, limit.max);
    }
    if (limit.min !== undefined && limit.min > n) throw allocateErrors.minAboveUnits([...at, 'min'], what, limit.min, n);
    allMins += limit.min ?? 0;
    if (limit.arm !== 0) treatedMins += limit.min ?? 0;
  });
  if (allMins > n) throw allocateErrors.minsAboveUnits(['armLimits'], allMins, n);
  const cap = problem.maxRecipients;
  if (cap !== undefined && treatedMins > cap) throw allocateErrors.minsAboveCap(['armLimits'], 'the arm minimums', treatedMins, cap);
}

function checkSegmentRules(problem: AllocationProblem): void {
  const n = problem.units;
  problem.segmentRules?.forEach((rule, j) => {
    const at = ['segmentRules', j];
    if (!(rule.codes instanceof Int32Array) || rule.codes.length !== n) {
      throw allocateErrors.badLength(`segmentRules[${j}].codes`, rule.codes?.length ?? 0, n, 'one segment code per unit');
    }
    if (rule.minShare === undefined && rule.maxShare === undefined) throw allocateErrors.emptySegmentRule(at);
    for (const key of ['minShare', 'maxShare'] as const) {
      const share = rule[key];
      if (share !== undefined && !(typeof share === 'number' && share >= 0 && share <= 1)) {
        throw allocateErrors.badShare([...at, key], share);
      }
    }
    if (rule.minShare !== undefined && rule.maxShare !== undefined && rule.minShare > rule.maxShare) {
      throw allocateErrors.minAboveMax([...at, 'minShare'], `the share rule on column '${rule.column}'`, rule.minShare, rule.maxShare);
    }
    if (rule.level !== undefined && !rule.levels.includes(rule.level)) {
      throw allocateErrors.unknownSegment([...at, 'level'], rule.column, rule.level, rule.levels);
    }
    const cap = problem.maxRecipients;
    if (cap !== undefined && rule.minShare !== undefined) {
      let need = 0;
      for (const segment of segmentsOf(rule)) need += minCount(rule.minShare, segment.size);
      if (need > cap) throw allocateErrors.minsAboveCap([...at, 'minShare'], `the segment minimums on column '${rule.column}'`, need, cap);
    }
  });
}

/** The segments a rule applies to, with their codes and sizes. */
export function segmentsOf(rule: {
  readonly codes: Int32Array;
  readonly levels: readonly string[];
  readonly level?: string;
}): Array<{ code: number; name: string; size: number }> {
  const sizes = new Int32Array(rule.levels.length);
  for (let i = 0; i < rule.codes.length; i++) {
    const c = rule.codes[i]!;
    if (c >= 0 && c < sizes.length) sizes[c]!++;
  }
  const out: Array<{ code: number; name: string; size: number }> = [];
  rule.levels.forEach((name, code) => {
    if (rule.level !== undefined && rule.level !== name) return;
    if (sizes[code]! > 0) out.push({ code, name, size: sizes[code]! });
  });
  return out;
}

/** Whole units a minimum share asks for: ⌈share·size⌉ (with a little slack for round-off). */
export function minCount(share: number, size: number): number {
  return Math.ceil(share * size - 1e-9);
}

/** Whole units a maximum share allows: ⌊share·size⌋. */
export function maxCount(share: number, size: number): number {
  return Math.floor(share * size + 1e-9);
}
