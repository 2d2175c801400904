/**
 * Fitting a readable policy from a table: cross-fitted doubly robust scores
 * (uplift/nuisance.ts), the exact (or hybrid) tree search over them, and with
 * costs and a budget the Lagrangian search with its bound (budget.ts). The
 * rule is compared with the unit-by-unit plan the allocation layer makes from
 * cross-fitted effect estimates under the same limits, both valued with the
 * same doubly robust scores, so "the rule gets 91 % of the unit plan's gain"
 * compares like with like.
 */
import type { Table } from '../data/table.js';
import { lineOfRow } from '../data/table.js';
import { FeatureEncoder } from '../data/features.js';
import { binaryOutcome, encodeTreatment, numericOutcome, requireColumn, type ArmEncoding } from '../data/roles.js';
import { makeLearner, type LearnerSpec } from '../uplift/learner-spec.js';
import { crossFitNuisance, crossFitPredict, doublyRobustScores } from '../uplift/nuisance.js';
import { overlapDiagnostics, type OverlapReport } from '../uplift/overlap.js';
import { upliftWarnings } from '../uplift/messages.js';
import type { OutcomeKind } from '../uplift/types.js';
import { armSeed } from '../uplift/types.js';
import { solveAllocation } from '../allocate/solve.js';
import type { Progress } from '../util/progress.js';
import { silentProgress } from '../util/progress.js';
import { budgetedPolicyTree } from './budget.js';
import { exactBudgetTree } from './exact-budget.js';
import { type PolicyNode, SortedData, searchKind, searchPolicyTree, treeActions } from './search.js';
import type { RuleNode, RuleSplit } from './rule.js';
import { policyErrors } from './messages.js';

export const POLICY_FORMAT = 'liftwise-policy';
export const POLICY_VERSION = 1;

export interface PolicySpec {
  readonly treatment: string;
  readonly outcome: string;
  readonly features?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  readonly control?: string | undefined;
  /** Treated arms to consider (default all); rows of other arms are left out. */
  readonly treated?: readonly string[] | undefined;
  /** 1, 2 or 3. */
  readonly depth: number;
  /** Fewest rows in a leaf (default max(1, ⌊n/100⌋)). */
  readonly minLeafSize?: number | undefined;
  readonly search?: 'exact' | 'hybrid' | 'auto' | undefined;
  /**
   * Candidate thresholds per feature: 'all' distinct values, or at most this many quantiles.
   * Default: all when rows × encoded features ≤ 20 000, else 64.
   */
  readonly thresholds?: number | 'all' | undefined;
  /** Outcome-model base learner (default 'linear-cv'). */
  readonly learner?: LearnerSpec | undefined;
  readonly propensity?: 'model' | 'constant' | undefined;
  readonly propensityLearner?: LearnerSpec | undefined;
  readonly folds?: number | undefined;
  readonly clip?: number | undefined;
  readonly seed?: number | undefined;
  /** Cost of one unit of each arm, by label (control defaults to 0), or one number for every treated arm. */
  readonly costs?: Readonly<Record<string, number>> | number | undefined;
  readonly budget?: number | undefined;
  readonly maxRecipients?: number | undefined;
}

export interface PolicyEstimates {
  readonly rows: number;
  /** Mean doubly robust outcome per row under the rule, and under control for everyone. */
  readonly meanOutcome: number;
  readonly meanControlOutcome: number;
  /** Σ (Γ_rule − Γ_control): the estimated total gain of the rule over treating no one. */
  readonly totalGain: number;
  /** Rows per arm under the rule. */
  readonly rowsPerArm: Record<string, number>;
}

export interface PolicyJSON {
  readonly format: typeof POLICY_FORMAT;
  readonly version: number;
  readonly createdBy: string;
  readonly treatment: ArmEncoding;
  readonly outcome: { readonly column: string; readonly kind: OutcomeKind };
  readonly features: readonly string[];
  readonly depth: number;
  readonly minLeafSize: number;
  readonly search: 'exact' | 'hybrid';
  /** Candidate thresholds per feature the search used ('all' distinct values, or a number of quantiles). */
  readonly thresholds: number | 'all';
  readonly tree: RuleNode;
  readonly estimates: PolicyEstimates;
  readonly limits: {
    readonly costs: Record<string, number>;
    readonly budget: number | null;
    readonly maxRecipients: number | null;
    readonly spend: number;
    readonly recipients: number;
    /** Upper bound on the value Σ Γ of any tree of this depth within the limits (null: no limits, or a hybrid search). */
    readonly bound: number | null;
    readonly gap: number | null;
    readonly budgetPrice: number | null;
    readonly recipientPrice: number | null;
    readonly searches: number;
  } | null;
  readonly comparison: {
    /** Estimated total gain of the unit-by-unit plan (allocation layer, same limits, cross-fitted effects). */
    readonly unitPlanGain: number;
    readonly ruleGain: number;
    /** ruleGain / unitPlanGain (null when the unit plan gains nothing). */
    readonly share: number | null;
    readonly unitPlanStatus: string;
  };
  readonly overlap: OverlapReport | null;
  readonly warnings: readonly string[];
}

function looksBinary(table: Table, column: string): boolean {
  const c = requireColumn(table, column, 'outcome');
  if (c.kind !== 'numeric') return false;
  for (const v of c.values) if (!Number.isNaN(v) && v !== 0 && v !== 1) return false;
  return true;
}

/** The splits each encoded column stands for: a numeric column, or one level of a categorical one. */
function encodedSplits(encoder: FeatureEncoder): Array<{ column: string; level: string | null }> {
  const out: Array<{ column: string; level: string | null }> = [];
  for (const f of encoder.features) {
    if (f.kind === 'numeric') out.push({ column: f.name, level: null });
    else for (const level of f.levels) out.push({ column: f.name, level });
  }
  return out;
}

/**
 * @example
 * // The e-mail's true effect is positive up to recency 8 and negative after.
 * const { table } = simulateCampaign({ n: 2000, seed: 1, shape: 'step' });
 * const policy = await fitPolicy(table, { treatment: 'treatment', control: 'control', outcome: 'visit', features: ['recency'], depth: 1, seed: 1 });
 * policy.tree.split; // { column: 'recency', kind: 'numeric', threshold: 9 } (the truth's cut is 8; 2000 noisy rows)
 * [policy.tree.left.action, policy.tree.right.action]; // ['email', 'control']
 */
export async function fitPolicy(table: Table, spec: PolicySpec, options: { progress?: Progress } = {}): Promise<PolicyJSON> {
  const progress = options.progress ?? silentProgress;
  if (!Number.isInteger(spec.depth) || spec.depth < 1 || spec.depth > 3) throw policyErrors.badDepth(spec.depth);
  const treatment = encodeTreatment(table, spec.treatment, { control: spec.control, treated: spec.treated });
  const labels = treatment.encoding.arms;
  const k = labels.length;
  const rows = Int32Array.from({ length: table.nRows }, (_, i) => i).filter((r) => treatment.arm[r]! >= 0);
  const kind: OutcomeKind = looksBinary(table, spec.outcome) ? 'binary' : 'continuous';
  const y = kind === 'binary' ? binaryOutcome(table, spec.outcome, rows) : numericOutcome(table, spec.outcome, rows);
  const excluded = new Set([spec.treatment, spec.outcome, ...(spec.exclude ?? [])]);
  const features = spec.features ?? table.names.filter((n) => !excluded.has(n));
  const encoder = FeatureEncoder.fit(table, features, { categorical: 'onehot' });
  const full = encoder.transform(table);
  const x = full.columns.map((c) => Float64Array.from(rows, (r) => c[r]!));
  const splits = encodedSplits(encoder);
  for (let j = 0; j < x.length; j++) {
    const col = x[j]!;
    for (let i = 0; i < col.length; i++) {
      if (Number.isNaN(col[i]!)) throw policyErrors.missingFeature(table.source, lineOfRow(table, rows[i]!), splits[j]!.column);
    }
  }
  const n = rows.length;
  const minLeafSize = spec.minLeafSize ?? Math.max(1, Math.floor(n / 100));
  if (!Number.isInteger(minLeafSize) || minLeafSize < 1) throw policyErrors.badMinLeaf(minLeafSize);
  const costs = armCosts(spec.costs, labels);
  if ((spec.budget !== undefined || spec.maxRecipients !== undefined) && spec.costs === undefined && spec.budget !== undefined) {
    throw policyErrors.budgetNeedsCost();
  }
  if (spec.budget !== undefined && !(spec.budget >= 0)) throw policyErrors.badLimit('budget', spec.budget);
  if (spec.maxRecipients !== undefined && !(spec.maxRecipients >= 0)) throw policyErrors.badLimit('maxRecipients', spec.maxRecipients);

  // --- doubly robust scores ---
  const seed = spec.seed ?? 0;
  const X = { nRows: n, columns: x, names: full.names, categories: x.map(() => 0) };
  const arm = Int32Array.from(rows, (r) => treatment.arm[r]!);
  const outcomeLearner = spec.learner ?? { name: 'linear-cv' };
  progress.start('cross-fitting outcome and propensity models', 1);
  const cf = crossFitNuisance(
    X,
    arm,
    y,
    {
      outcome: outcomeLearner,
      outcomeTask: kind === 'binary' ? 'classification' : 'regression',
      propensity: spec.propensity === 'constant' ? 'constant' : (spec.propensityLearner ?? { name: 'logistic' }),
      folds: spec.folds ?? 5,
      clip: spec.clip ?? 0.01,
      seed,
    },
    'policy',
  );
  progress.tick();
  progress.stop();
  const warnings: string[] = [];
  if (cf.clipped > 0) warnings.push(upliftWarnings.propensityClipped(cf.clipped, n, cf.clip));
  const overlap = spec.propensity === 'constant' ? null : overlapDiagnostics(cf.propensity, arm, labels);
  if (overlap !== null) warnings.push(...overlap.warnings);
  const gamma = doublyRobustScores(cf, arm, y);

  // --- tree search ---
  const thresholds = spec.thresholds ?? (n * x.length <= 20_000 ? 'all' : 64);
  const sorted = new SortedData(x, n, thresholds === 'all' ? undefined : thresholds);
  const searchOptions = { depth: spec.depth, minLeafSize, search: spec.search ?? 'auto' } as const;
  const kindUsed = searchKind(searchOptions, n, x.length);
  const costRows = costs.map((c) => new Float64Array(n).fill(c));
  const limited = spec.budget !== undefined || spec.maxRecipients !== undefined;
  progress.start(`searching policy trees of depth ${spec.depth} (${kindUsed})`, limited ? 1 : x.length);
  let tree: PolicyNode;
  let limits: PolicyJSON['limits'] = null;
  const exactBudget = limited && k === 2 && spec.depth <= 2 && kindUsed === 'exact' && costs[0] === 0;
  if (exactBudget) {
    // One treated arm, cost per treated row: both limits are "at most C treated rows", searched exactly.
    const byBudget = spec.budget === undefined || costs[1]! === 0 ? n : Math.floor(spec.budget / costs[1]! + 1e-9);
    const C = Math.min(n, byBudget, spec.maxRecipients ?? n);
    const r = exactBudgetTree(sorted, gamma, spec.depth, minLeafSize, C);
    tree = r.tree;
    limits = {
      costs: Object.fromEntries(labels.map((l, a) => [l, costs[a]!])),
      budget: spec.budget ?? null,
      maxRecipients: spec.maxRecipients ?? null,
      spend: r.treated * costs[1]!,
      recipients: r.treated,
      bound: r.value,
      gap: 0,
      budgetPrice: null,
      recipientPrice: null,
      searches: 1,
    };
  } else if (limited) {
    const r = budgetedPolicyTree(
      sorted,
      gamma,
      { costs: costRows, budget: spec.budget, maxRecipients: spec.maxRecipients },
      searchOptions,
      kindUsed === 'exact',
    );
    tree = r.tree;
    limits = {
      costs: Object.fromEntries(labels.map((l, a) => [l, costs[a]!])),
      budget: spec.budget ?? null,
      maxRecipients: spec.maxRecipients ?? null,
      spend: r.spend,
      recipients: r.recipients,
      bound: r.bound,
      gap: r.gap,
      budgetPrice: Number.isNaN(r.budgetPrice) ? null : r.budgetPrice,
      recipientPrice: Number.isNaN(r.recipientPrice) ? null : r.recipientPrice,
      searches: r.searches,
    };
  } else {
    tree = searchPolicyTree(sorted, gamma, { ...searchOptions, onStep: () => progress.tick() });
  }
  progress.stop();
  const actions = treeActions(tree, x, n);
  if (limits === null && spec.costs !== undefined) {
    let spend = 0;
    let recipients = 0;
    for (const a of actions) {
      spend += costs[a]!;
      if (a !== 0) recipients++;
    }
    limits = {
      costs: Object.fromEntries(labels.map((l, a) => [l, costs[a]!])),
      budget: null,
      maxRecipients: null,
      spend,
      recipients,
      bound: null,
      gap: null,
      budgetPrice: null,
      recipientPrice: null,
      searches: 1,
    };
  }

  // --- the unit-by-unit plan under the same limits, from cross-fitted effects ---
  const effects = gamma.slice(1).map((g, j) =>
    crossFitPredict(
      (f) => makeLearner(outcomeLearner, 'regression', armSeed(seed, 7000 + 10 * j + f)),
      X,
      Float64Array.from(g, (v, i) => v - gamma[0]![i]!),
      cf.fold,
      cf.folds,
      undefined,
      'policy',
      `the effect model of arm ${j + 1}`,
    ),
  );
  const values = new Float64Array(n * k);
  const planCosts = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let a = 1; a < k; a++) values[i * k + a] = effects[a - 1]![i]!;
    for (let a = 0; a < k; a++) planCosts[i * k + a] = costs[a]!;
  }
  const plan = await solveAllocation({
    units: n,
    arms: k,
    armLabels: labels,
    values,
    costs: planCosts,
    ...(spec.budget === undefined ? {} : { budget: spec.budget }),
    ...(spec.maxRecipients === undefined ? {} : { maxRecipients: spec.maxRecipients }),
  });
  const gainOf = (choice: ArrayLike<number>): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += gamma[choice[i]!]![i]! - gamma[0]![i]!;
    return s;
  };
  const ruleGain = gainOf(actions);
  const unitPlanGain = plan.status === 'infeasible' ? Number.NaN : gainOf(plan.choice);

  let controlSum = 0;
  for (let i = 0; i < n; i++) controlSum += gamma[0]![i]!;
  const rowsPerArm: Record<string, number> = Object.fromEntries(labels.map((l) => [l, 0]));
  for (const a of actions) rowsPerArm[labels[a]!]!++;
  return {
    format: POLICY_FORMAT,
    version: POLICY_VERSION,
    createdBy: 'liftwise 0.1.0',
    treatment: treatment.encoding,
    outcome: { column: spec.outcome, kind },
    features: [...features],
    depth: spec.depth,
    minLeafSize,
    search: kindUsed,
    thresholds,
    tree: toRule(tree, x, gamma, labels, splits),
    estimates: {
      rows: n,
      meanOutcome: (controlSum + ruleGain) / n,
      meanControlOutcome: controlSum / n,
      totalGain: ruleGain,
      rowsPerArm,
    },
    limits,
    comparison: {
      unitPlanGain,
      ruleGain,
      share: unitPlanGain > 0 ? ruleGain / unitPlanGain : null,
      unitPlanStatus: plan.status,
    },
    overlap,
    warnings,
  };
}

/** Per-arm costs from labels; control 0 unless given. */
function armCosts(costs: Readonly<Record<string, number>> | number | undefined, labels: readonly string[]): number[] {
  const out = labels.map(() => 0);
  if (costs === undefined) return out;
  if (typeof costs === 'number') {
    if (!(costs >= 0) || !Number.isFinite(costs)) throw policyErrors.badCost(String(costs), labels);
    return labels.map((_, a) => (a === 0 ? 0 : costs));
  }
  for (const [arm, c] of Object.entries(costs)) {
    const a = labels.indexOf(arm);
    if (a < 0) throw policyErrors.unknownCostArm(arm, labels);
    if (!(c >= 0) || !Number.isFinite(c)) throw policyErrors.badCost(`${arm}=${c}`, labels);
    out[a] = c;
  }
  return out;
}

/** The search's tree with named splits and per-leaf rows and mean gain over control. */
function toRule(
  tree: PolicyNode,
  x: readonly Float64Array[],
  gamma: readonly Float64Array[],
  labels: readonly string[],
  splits: ReadonlyArray<{ column: string; level: string | null }>,
): RuleNode {
  const n = gamma[0]!.length;
  const build = (node: PolicyNode, rows: number[]): RuleNode => {
    if (node.kind === 'leaf') {
      let gain = 0;
      for (const i of rows) gain += gamma[node.action]![i]! - gamma[0]![i]!;
      return { action: labels[node.action]!, rows: rows.length, gain: rows.length === 0 ? 0 : gain / rows.length };
    }
    const s = splits[node.feature]!;
    const split: RuleSplit =
      s.level === null ? { column: s.column, kind: 'numeric', threshold: node.threshold } : { column: s.column, kind: 'level', level: s.level };
    const col = x[node.feature]!;
    const left = rows.filter((i) => col[i]! <= node.threshold);
    const right = rows.filter((i) => col[i]! > node.threshold);
    return { split, left: build(node.left, left), right: build(node.right, right), rows: rows.length };
  };
  return build(
    tree,
    Array.from({ length: n }, (_, i) => i),
  );
}
