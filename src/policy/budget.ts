/**
 * The best policy tree under a budget (and a recipient cap), with a bound.
 *
 * Trees are a finite set, so Lagrangian duality gives a bound for free: for
 * prices λ ≥ 0 (per unit of spend) and μ ≥ 0 (per recipient),
 *   OPT ≤ max_tree Σ_i (Γ − λ·c − μ·1{treated})[action_i][i] + λ·B + μ·M,
 * and the inner max is exactly what the tree search computes. We search the
 * prices by bisection (the spend of the priced optimum falls as λ rises),
 * keep the best tree that keeps every limit among those found, and report
 * the smallest bound seen and the gap between them. The bound holds only when
 * the search is exact (hybrid depth-3 search gives no bound).
 */
import { type PolicyNode, policyReward, type SortedData, searchPolicyTree, type SearchOptions, treeActions } from './search.js';

export interface BudgetLimits {
  /** Cost of each action for each row (action 0 usually costs 0). */
  readonly costs: readonly Float64Array[];
  readonly budget?: number | undefined;
  readonly maxRecipients?: number | undefined;
  /** Bisection steps per price (default 14). */
  readonly iterations?: number;
}

export interface BudgetedTree {
  readonly tree: PolicyNode;
  /** Σ reward of the tree's actions. */
  readonly value: number;
  readonly spend: number;
  readonly recipients: number;
  /** Upper bound on the value of any tree of this depth that keeps the limits (null when the search is not exact). */
  readonly bound: number | null;
  /** bound − value (null without a bound). */
  readonly gap: number | null;
  readonly budgetPrice: number;
  readonly recipientPrice: number;
  /** Tree searches run. */
  readonly searches: number;
}

interface Evaluated {
  tree: PolicyNode;
  value: number;
  spend: number;
  recipients: number;
  lambda: number;
  mu: number;
}

export function budgetedPolicyTree(
  sorted: SortedData,
  rewards: readonly Float64Array[],
  limits: BudgetLimits,
  options: SearchOptions,
  exact: boolean,
): BudgetedTree {
  const n = sorted.n;
  const B = limits.budget ?? Number.POSITIVE_INFINITY;
  const M = limits.maxRecipients ?? Number.POSITIVE_INFINITY;
  const steps = limits.iterations ?? 14;
  let searches = 0;
  let best: Evaluated | undefined;
  let bound = Number.POSITIVE_INFINITY;

  const evaluate = (lambda: number, mu: number): Evaluated => {
    const priced = rewards.map((r, a) => {
      const c = limits.costs[a]!;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = r[i]! - lambda * c[i]! - (a === 0 ? 0 : mu);
      return out;
    });
    const tree = searchPolicyTree(sorted, priced, options);
    searches++;
    const actions = treeActions(tree, sorted.x, n);
    let spend = 0;
    let recipients = 0;
    for (let i = 0; i < n; i++) {
      spend += limits.costs[actions[i]!]![i]!;
      if (actions[i] !== 0) recipients++;
    }
    const e = { tree, value: policyReward(actions, rewards), spend, recipients, lambda, mu };
    relabel(tree, lambda, mu);
    const dual = policyReward(actions, priced) + (lambda > 0 ? lambda * B : 0) + (mu > 0 ? mu * M : 0);
    // A price on a limit that is absent (infinite) gives no bound; λ = 0 there.
    if (dual < bound) bound = dual;
    if (spend <= B * (1 + 1e-12) && recipients <= M && (best === undefined || e.value > best.value)) best = e;
    return e;
  };

  /**
   * The priced optimum often overshoots or undershoots the budget; keeping its
   * splits and choosing the leaves' actions afresh (every labelling, when there
   * are few) finds trees the prices alone cannot reach.
   */
  const relabel = (tree: PolicyNode, lambda: number, mu: number): void => {
    const leaves: Array<{ node: PolicyNode; rows: number[] }> = [];
    const walk = (node: PolicyNode, rows: number[]): void => {
      if (node.kind === 'leaf') leaves.push({ node, rows });
      else {
        const col = sorted.x[node.feature]!;
        walk(node.left, rows.filter((i) => col[i]! <= node.threshold));
        walk(node.right, rows.filter((i) => col[i]! > node.threshold));
      }
    };
    walk(
      tree,
      Array.from({ length: n }, (_, i) => i),
    );
    const k = rewards.length;
    const L = leaves.length;
    if (k ** L > 100_000) return;
    const val = leaves.map(({ rows }) => rewards.map((r) => rows.reduce((acc, i) => acc + r[i]!, 0)));
    const cost = leaves.map(({ rows }) => limits.costs.map((c) => rows.reduce((acc, i) => acc + c[i]!, 0)));
    const size = leaves.map(({ rows }) => rows.length);
    const labels = new Int32Array(L);
    for (let code = 0; code < k ** L; code++) {
      let c = code;
      let v = 0;
      let sp = 0;
      let rec = 0;
      for (let l = 0; l < L; l++) {
        const a = c % k;
        c = Math.floor(c / k);
        labels[l] = a;
        v += val[l]![a]!;
        sp += cost[l]![a]!;
        if (a !== 0) rec += size[l]!;
      }
      if (sp <= B * (1 + 1e-12) && rec <= M && (best === undefined || v > best.value)) {
        const chosen = Array.from(labels);
        let at = 0;
        const rebuild = (node: PolicyNode): PolicyNode => {
          if (node.kind === 'leaf') {
            const a = chosen[at]!;
            const r = val[at++]![a]!;
            return { kind: 'leaf', action: a, rows: node.rows, reward: r };
          }
          const left = rebuild(node.left);
          const right = rebuild(node.right);
          return { ...node, left, right, reward: left.reward + right.reward };
        };
        best = { tree: rebuild(tree), value: v, spend: sp, recipients: rec, lambda, mu };
      }
    }
  };

  // Price scale: rewards per unit of cost (and per recipient).
  let maxReward = 0;
  for (const r of rewards) for (const v of r) maxReward = Math.max(maxReward, Math.abs(v));
  let maxCost = 0;
  for (const c of limits.costs) for (const v of c) maxCost = Math.max(maxCost, v);

  /** Bisection on λ for a fixed μ; returns the spend-feasible evaluation at the smallest price found. */
  const solveLambda = (mu: number): Evaluated => {
    const first = evaluate(0, mu);
    if (first.spend <= B || !Number.isFinite(B) || maxCost === 0) return first;
    let lo = 0;
    let hi = (2 * maxReward) / maxCost + 1e-12;
    let atHi = evaluate(hi, mu);
    // Every treated row is worth less than its cost at λ = 2·max|Γ|/max c; double if costs vary and it is not yet enough.
    for (let t = 0; t < 30 && atHi.spend > B; t++) {
      lo = hi;
      hi *= 2;
      atHi = evaluate(hi, mu);
    }
    for (let t = 0; t < steps; t++) {
      const mid = (lo + hi) / 2;
      const e = evaluate(mid, mu);
      if (e.spend <= B) {
        hi = mid;
        atHi = e;
      } else lo = mid;
    }
    return atHi;
  };

  const atZero = solveLambda(0);
  if (atZero.recipients > M) {
    let lo = 0;
    let hi = 2 * maxReward + 1e-12;
    let atHi = solveLambda(hi);
    for (let t = 0; t < 30 && atHi.recipients > M; t++) {
      lo = hi;
      hi *= 2;
      atHi = solveLambda(hi);
    }
    const outer = Math.max(6, Math.ceil(steps / 2));
    for (let t = 0; t < outer; t++) {
      const mid = (lo + hi) / 2;
      const e = solveLambda(mid);
      if (e.recipients <= M) hi = mid;
      else lo = mid;
    }
  }
  if (best === undefined) {
    // The all-control tree keeps every limit when action 0 costs nothing; it is the fallback.
    const actions = new Int32Array(n);
    let spend = 0;
    for (let i = 0; i < n; i++) spend += limits.costs[0]![i]!;
    const value = policyReward(actions, rewards);
    best = { tree: { kind: 'leaf', action: 0, rows: n, reward: value }, value, spend, recipients: 0, lambda: Number.NaN, mu: Number.NaN };
  }
  const b = exact ? bound : null;
  return {
    tree: best.tree,
    value: best.value,
    spend: best.spend,
    recipients: best.recipients,
    bound: b,
    gap: b === null ? null : Math.max(0, b - best.value),
    budgetPrice: best.lambda,
    recipientPrice: best.mu,
    searches,
  };
}
