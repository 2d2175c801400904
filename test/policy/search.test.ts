import { describe, expect, it } from 'vitest';
import { Random, SortedData, budgetedPolicyTree, exactBudgetTree, policyReward, searchPolicyTree, treeActions, type PolicyNode } from '../../src/index.js';

/** Every tree of depth ≤ d (every feature, every split between distinct values, every action per leaf), by enumeration. */
function bruteForce(x: Float64Array[], rewards: Float64Array[], rows: number[], depth: number, minLeaf: number): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let a = 0; a < rewards.length; a++) {
    let s = 0;
    for (const i of rows) s += rewards[a]![i]!;
    best = Math.max(best, s);
  }
  if (depth === 0) return best;
  for (let j = 0; j < x.length; j++) {
    const values = [...new Set(rows.map((i) => x[j]![i]!))].sort((p, q) => p - q);
    for (const t of values.slice(0, -1)) {
      const left = rows.filter((i) => x[j]![i]! <= t);
      const right = rows.filter((i) => x[j]![i]! > t);
      if (left.length < minLeaf || right.length < minLeaf) continue;
      best = Math.max(best, bruteForce(x, rewards, left, depth - 1, minLeaf) + bruteForce(x, rewards, right, depth - 1, minLeaf));
    }
  }
  return best;
}

function randomData(n: number, p: number, k: number, seed: number) {
  const rng = new Random(seed);
  // Few distinct values, so ties between rows are common.
  const x = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => (j === 0 ? rng.int(4) : Math.round(rng.normal() * 4) / 4)));
  const rewards = Array.from({ length: k }, () => Float64Array.from({ length: n }, () => rng.normal()));
  return { x, rewards };
}

function depthOf(t: PolicyNode): number {
  return t.kind === 'leaf' ? 0 : 1 + Math.max(depthOf(t.left), depthOf(t.right));
}

describe('exact policy-tree search', () => {
  it('finds the brute-force optimum for depth 1, 2 and 3 on small data (ties, 2 and 3 actions, min leaf sizes)', () => {
    for (let seed = 0; seed < 12; seed++) {
      const n = 14 + (seed % 5);
      const k = 2 + (seed % 2);
      const { x, rewards } = randomData(n, 3, k, seed);
      const sorted = new SortedData(x, n);
      const rows = Array.from({ length: n }, (_, i) => i);
      for (const depth of [1, 2, 3]) {
        for (const minLeaf of [1, 3]) {
          const tree = searchPolicyTree(sorted, rewards, { depth, minLeafSize: minLeaf, search: 'exact' });
          const expected = bruteForce(x, rewards, rows, depth, minLeaf);
          expect(tree.reward).toBeCloseTo(expected, 10);
          // The reported reward is the reward of the actions the tree gives.
          expect(policyReward(treeActions(tree, x, n), rewards)).toBeCloseTo(expected, 10);
          expect(depthOf(tree)).toBeLessThanOrEqual(depth);
        }
      }
    }
  });

  it('recovers a planted rule: action 1 exactly where x0 > 0.5 and x1 ≤ 0', () => {
    const rng = new Random(3);
    const n = 400;
    const x = [Float64Array.from({ length: n }, () => rng.uniform()), Float64Array.from({ length: n }, () => rng.normal()), Float64Array.from({ length: n }, () => rng.normal())];
    const r0 = new Float64Array(n);
    const r1 = Float64Array.from({ length: n }, (_, i) => (x[0]![i]! > 0.5 && x[1]![i]! <= 0 ? 1 : -1) + 0.3 * rng.normal());
    const tree = searchPolicyTree(new SortedData(x, n), [r0, r1], { depth: 2, minLeafSize: 10 });
    const actions = treeActions(tree, x, n);
    let agree = 0;
    for (let i = 0; i < n; i++) agree += actions[i] === (x[0]![i]! > 0.5 && x[1]![i]! <= 0 ? 1 : 0) ? 1 : 0;
    expect(agree / n).toBeGreaterThan(0.97);
  });

  it('the hybrid depth-3 search is never better than the exact one and keeps a depth-2 root', () => {
    for (let seed = 20; seed < 24; seed++) {
      const { x, rewards } = randomData(30, 3, 2, seed);
      const sorted = new SortedData(x, 30);
      const exact = searchPolicyTree(sorted, rewards, { depth: 3, search: 'exact' });
      const hybrid = searchPolicyTree(sorted, rewards, { depth: 3, search: 'hybrid' });
      expect(hybrid.reward).toBeLessThanOrEqual(exact.reward + 1e-9);
      expect(hybrid.reward).toBeGreaterThanOrEqual(searchPolicyTree(sorted, rewards, { depth: 2 }).reward - 1e-9);
    }
  });
});

/** The best tree within a budget, by enumerating every tree and labelling. */
function bruteForceBudget(x: Float64Array[], rewards: Float64Array[], cost: number[], budget: number, depth: number): number {
  const n = rewards[0]!.length;
  // Enumerate partitions into leaves, then every labelling of the leaves.
  const partitions: number[][][] = [];
  const grow = (rows: number[], d: number): number[][][] => {
    const out: number[][][] = [[rows]];
    if (d === 0) return out;
    for (let j = 0; j < x.length; j++) {
      const values = [...new Set(rows.map((i) => x[j]![i]!))].sort((p, q) => p - q);
      for (const t of values.slice(0, -1)) {
        const ls = grow(rows.filter((i) => x[j]![i]! <= t), d - 1);
        const rs = grow(rows.filter((i) => x[j]![i]! > t), d - 1);
        for (const l of ls) for (const r of rs) out.push([...l, ...r]);
      }
    }
    return out;
  };
  partitions.push(...grow(Array.from({ length: n }, (_, i) => i), depth));
  let best = Number.NEGATIVE_INFINITY;
  const k = rewards.length;
  for (const leaves of partitions) {
    const combos = k ** leaves.length;
    for (let c = 0; c < combos; c++) {
      let code = c;
      let value = 0;
      let spend = 0;
      for (const leaf of leaves) {
        const a = code % k;
        code = Math.floor(code / k);
        for (const i of leaf) {
          value += rewards[a]![i]!;
          spend += cost[a]!;
        }
      }
      if (spend <= budget + 1e-9 && value > best) best = value;
    }
  }
  return best;
}

describe('budgeted policy trees', () => {
  it('stay within the budget, and the bound covers the brute-force optimum within the limits', () => {
    for (let seed = 0; seed < 6; seed++) {
      const n = 12;
      const { x, rewards } = randomData(n, 2, 2, 100 + seed);
      for (let i = 0; i < n; i++) rewards[1]![i]! += 0.8; // treating mostly pays, so the budget binds
      const cost = [0, 1];
      const budget = 5;
      const sorted = new SortedData(x, n);
      const r = budgetedPolicyTree(sorted, rewards, { costs: cost.map((c) => new Float64Array(n).fill(c)), budget }, { depth: 2 }, true);
      const truth = bruteForceBudget(x, rewards, cost, budget, 2);
      expect(r.spend).toBeLessThanOrEqual(budget);
      expect(r.value).toBeLessThanOrEqual(truth + 1e-9);
      expect(r.bound!).toBeGreaterThanOrEqual(truth - 1e-9);
      expect(r.gap).toBeCloseTo(r.bound! - r.value, 12);
    }
  });

  it('one treated arm: the count-indexed search finds the brute-force optimum within the budget exactly', () => {
    for (let seed = 0; seed < 10; seed++) {
      const n = 13;
      const { x, rewards } = randomData(n, 2, 2, 300 + seed);
      for (let i = 0; i < n; i++) rewards[1]![i]! += 0.6;
      const sorted = new SortedData(x, n);
      for (const depth of [1, 2]) {
        for (const budget of [0, 3, 6, 13]) {
          const r = exactBudgetTree(sorted, rewards, depth, 1, budget);
          expect(r.value).toBeCloseTo(bruteForceBudget(x, rewards, [0, 1], budget, depth), 10);
          const actions = treeActions(r.tree, x, n);
          expect(actions.reduce((a, b) => a + b, 0)).toBe(r.treated);
          expect(r.treated).toBeLessThanOrEqual(budget);
          expect(policyReward(actions, rewards)).toBeCloseTo(r.value, 10);
        }
      }
    }
  });

  it('a loose budget gives the unconstrained tree with gap 0; a recipient cap is kept', () => {
    const n = 200;
    const { x, rewards } = randomData(n, 3, 3, 9);
    const sorted = new SortedData(x, n);
    const costs = [0, 1, 2].map((c) => new Float64Array(n).fill(c));
    const free = searchPolicyTree(sorted, rewards, { depth: 2 });
    const loose = budgetedPolicyTree(sorted, rewards, { costs, budget: 1e9 }, { depth: 2 }, true);
    expect(loose.value).toBeCloseTo(free.reward, 10);
    expect(loose.gap).toBe(0);
    const capped = budgetedPolicyTree(sorted, rewards, { costs, maxRecipients: 40 }, { depth: 2 }, true);
    expect(capped.recipients).toBeLessThanOrEqual(40);
    expect(capped.bound!).toBeGreaterThanOrEqual(capped.value);
  });
});
