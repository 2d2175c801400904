/**
 * Why no plan exists, in the user's terms. Quick checks come first (each
 * names one rule and the number it needs: a minimum that costs more than the
 * budget, a minimum with too few eligible units); otherwise the LP
 * relaxation's irreducible infeasible subsystem names the rules that
 * conflict together (from highs, or by a deletion filter over the rules with
 * the sifting LP).
 */
import { highsBackend } from '../../solvers/backends/highs.js';
import type { LinearResult } from '../../solvers/backends/lp-model.js';
import type { BuiltModel } from './model.js';
import type { Prepared } from './prepare.js';
import type { Infeasibility } from './plan.js';
import { infeasibleTexts, ruleTexts } from './messages.js';
import type { QuickContext } from './rules/kind.js';
import { budgetTexts } from './rules/budget.js';
import { eligibilityTexts } from './rules/eligibility.js';
import { RULE_KINDS } from './rules/registry.js';
import type { RuleRows } from './rule-rows.js';
import type { KnapsackInput } from '../../solvers/knapsack/hulls.js';
import { solveCoupledLP } from '../../solvers/core/sifting.js';

/**
 * Data-dependent conflicts found without solving, or undefined: each rule
 * kind's quick check (rules/*.ts, in registry order) against what any plan
 * spends at least.
 */
export function quickInfeasibility(prepared: Prepared): Infeasibility | undefined {
  const { problem, input, budget } = prepared;
  const { n, arms: K, costs } = input;
  const allowed = (i: number, k: number): boolean => k === 0 || input.allowed === undefined || input.allowed[i * K + k] !== 0;
  // Each unit's cheapest allowed arm: what any plan spends at least.
  const cheapest = new Float64Array(n);
  let base = 0;
  for (let i = 0; i < n; i++) {
    let c = costs[i * K]!;
    for (let k = 1; k < K; k++) if (allowed(i, k)) c = Math.min(c, costs[i * K + k]!);
    cheapest[i] = c;
    base += c;
  }
  const budgetText = budgetTexts.rule(budget);
  let treatedExtra: Float64Array | undefined;
  const context: QuickContext = {
    problem,
    n,
    K,
    costs,
    budget,
    budgetText,
    cheapest,
    base,
    allowed,
    treatedExtra() {
      if (treatedExtra === undefined) {
        treatedExtra = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let c = Infinity;
          for (let k = 1; k < K; k++) if (allowed(i, k)) c = Math.min(c, costs[i * K + k]!);
          treatedExtra[i] = c < Infinity ? c - cheapest[i]! : NaN;
        }
      }
      return treatedExtra;
    },
    minimumCost(rule, count, extra) {
      const eligible = extra.filter((x) => !Number.isNaN(x)).sort();
      if (eligible.length < count) {
        return { need: NaN, why: { message: infeasibleTexts.notEnoughEligible(rule, eligible.length), rules: [rule, eligibilityTexts.rule()] } };
      }
      let need = 0;
      for (let j = 0; j < count; j++) need += eligible[j]!;
      if (base + need > budget * (1 + 1e-12)) {
        return { need, why: { message: infeasibleTexts.minCostAboveBudget(rule, base + need, budgetText), rules: [rule, budgetText] } };
      }
      return { need };
    },
  };
  for (const kind of RULE_KINDS) {
    const why = kind.quickInfeasibility?.(context);
    if (why !== undefined) return why;
  }
  return undefined;
}

/**
 * Explains an infeasible model: the rules in an irreducible infeasible
 * subsystem of its LP relaxation (from highs), or, when the relaxation is
 * feasible, that only whole units make it infeasible.
 */
export async function explainInfeasible(built: BuiltModel, solverName: string, known?: LinearResult): Promise<Infeasibility> {
  const hasConflict = known !== undefined && (known.conflictRows !== undefined || known.conflictCols !== undefined);
  const lp = hasConflict ? known : await highsBackend.solve(built.model, { integer: false, explainInfeasible: true });
  if (!hasConflict && lp.status === 'optimal') return { message: infeasibleTexts.integerOnly(), rules: [] };
  if (lp.conflictRows === undefined && lp.conflictCols === undefined) {
    return { message: infeasibleTexts.unexplained(solverName), rules: [] };
  }
  const ruleIds = new Set<number>();
  for (const r of lp.conflictRows ?? []) ruleIds.add(built.rowRule[r]!);
  // Column bounds (0 ≤ x ≤ 1) in the subsystem are "one arm per unit" too (rule 0).
  if ((lp.conflictCols?.length ?? 0) > 0) ruleIds.add(0);
  // The side rules first, "one arm per unit" last.
  const rules = [...ruleIds].sort((a, b) => (a === 0 ? 1 : b === 0 ? -1 : a - b)).map((id) => built.rules[id]!);
  return { message: infeasibleTexts.conflict(rules), rules };
}

/**
 * Explains an infeasible LP relaxation by a deletion filter over the rules:
 * drop one rule at a time and keep it dropped when the rest are still
 * infeasible. What is left is an irreducible set of rules that cannot hold
 * together. Each test is the sifting LP, which answers "feasible" from a
 * small LP over a few units, so the filter stays fast at sizes where an IIS
 * from highs over the whole model takes minutes. Returns undefined when the
 * deadline passes first.
 */
export async function explainByDeletion(input: KnapsackInput, rules: RuleRows, deadline = Infinity): Promise<Infeasibility | undefined> {
  let kept = rules.rows.map((_, r) => r);
  for (const r of rules.rows.keys()) {
    const trial = kept.filter((q) => q !== r);
    const lp = await solveCoupledLP({ ...input, rows: trial.map((q) => rules.rows[q]!) }, { deadline });
    if (lp.status === 'time-limit') return undefined;
    if (lp.status === 'infeasible') kept = trial;
  }
  const texts = [...kept.map((q) => rules.texts[q]!), ruleTexts.oneArm()];
  return { message: infeasibleTexts.conflict(texts), rules: texts };
}
