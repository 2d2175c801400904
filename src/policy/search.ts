/**
 * Policy-tree search over rewards (Athey & Wager 2021; R's policytree): find
 * the tree of depth ≤ d whose leaves each assign one action and that
 * maximises Σ_i reward[action(x_i)][i]. The rewards are doubly robust scores
 * (nuisance.ts), possibly minus priced costs (budget.ts).
 *
 * Exact search is policytree's: every split of every feature at every
 * distinct value, children solved recursively; depth 1 is one sorted sweep
 * per feature with running reward sums per action (O(p·n·K)), so depth 2 is
 * O(p²·n²·K) and depth 3 O(p³·n³·K). Rows are kept in one global order per
 * feature and a subset is a membership mask, so no sub-problem re-sorts.
 * The hybrid search (policytree's hybrid_policy_tree with search depth 2)
 * keeps the first split of the best depth-2 tree and recurses on the
 * children: used for depth 3 on data too large for the exact search.
 */

export interface NumericSplit {
  readonly feature: number;
  /** Rows with x ≤ threshold go left. */
  readonly threshold: number;
}

export type PolicyNode =
  | { readonly kind: 'leaf'; readonly action: number; readonly rows: number; readonly reward: number }
  | {
      readonly kind: 'split';
      readonly feature: number;
      readonly threshold: number;
      readonly left: PolicyNode;
      readonly right: PolicyNode;
      readonly rows: number;
      readonly reward: number;
    };

export interface SearchData {
  readonly n: number;
  /** Feature columns (numeric; categorical levels as 0/1 indicator columns). No NaN. */
  readonly x: readonly Float64Array[];
  /** Reward per action, each of length n. */
  readonly rewards: readonly Float64Array[];
}

export interface SearchOptions {
  readonly depth: number;
  /** Fewest rows in a leaf (default 1). */
  readonly minLeafSize?: number;
  /** 'exact', 'hybrid' or 'auto' (default: exact unless depth ≥ 3 and n·p > 2000). */
  readonly search?: 'exact' | 'hybrid' | 'auto';
  /** Called once per root candidate (for progress). */
  readonly onStep?: () => void;
}

/**
 * Rows sorted by each feature (ties by row index), computed once per data
 * set, and each row's threshold bin: a split may separate two rows only when
 * their bins differ. With every distinct value a threshold (the default) the
 * bin is the value's rank; with `maxThresholds` T the candidates are T − 1
 * quantiles of the feature, which bounds the work on large data (the search
 * is then exact over trees with those thresholds).
 */
export class SortedData {
  readonly n: number;
  readonly p: number;
  readonly x: readonly Float64Array[];
  readonly order: Int32Array[];
  readonly bin: Int32Array[];

  constructor(x: readonly Float64Array[], n: number, maxThresholds?: number) {
    this.n = n;
    this.p = x.length;
    this.x = x;
    this.order = x.map((col) => {
      const o = Int32Array.from({ length: n }, (_, i) => i);
      o.sort((a, b) => col[a]! - col[b]! || a - b);
      return o;
    });
    this.bin = x.map((col, j) => {
      const order = this.order[j]!;
      const bin = new Int32Array(n);
      if (maxThresholds === undefined) {
        let b = 0;
        for (let o = 0; o < n; o++) {
          if (o > 0 && col[order[o]!]! > col[order[o - 1]!]!) b++;
          bin[order[o]!] = b;
        }
        return bin;
      }
      const cuts: number[] = [];
      for (let q = 1; q < maxThresholds; q++) {
        const c = col[order[Math.min(n - 1, Math.floor((q * n) / maxThresholds))]!]!;
        if (cuts.length === 0 || c > cuts[cuts.length - 1]!) cuts.push(c);
      }
      // bin = number of cut points strictly below the value (values ≤ cut k fall left of it).
      let k = 0;
      for (let o = 0; o < n; o++) {
        const v = col[order[o]!]!;
        while (k < cuts.length && cuts[k]! < v) k++;
        bin[order[o]!] = k;
      }
      return bin;
    });
  }
}

class Searcher {
  private readonly k: number;
  private readonly cum: Float64Array;
  private readonly tot: Float64Array;

  constructor(
    private readonly data: SortedData,
    private readonly rewards: readonly Float64Array[],
    private readonly minLeaf: number,
  ) {
    this.k = rewards.length;
    this.cum = new Float64Array(this.k);
    this.tot = new Float64Array(this.k);
  }

  /** The best single action for the rows in the mask. */
  leaf(mask: Uint8Array, count: number): PolicyNode {
    const tot = new Float64Array(this.k);
    for (let i = 0; i < this.data.n; i++) {
      if (mask[i] === 0) continue;
      for (let a = 0; a < this.k; a++) tot[a]! += this.rewards[a]![i]!;
    }
    let best = 0;
    for (let a = 1; a < this.k; a++) if (tot[a]! > tot[best]!) best = a;
    return { kind: 'leaf', action: best, rows: count, reward: tot[best]! };
  }

  /** Best tree of depth ≤ 1 by one sorted sweep per feature. */
  depthOne(mask: Uint8Array, count: number): PolicyNode {
    const { k, cum, tot, rewards } = this;
    const leaf = this.leaf(mask, count);
    if (count < 2 * this.minLeaf) return leaf;
    tot.fill(0);
    for (let i = 0; i < this.data.n; i++) {
      if (mask[i] === 0) continue;
      for (let a = 0; a < k; a++) tot[a]! += rewards[a]![i]!;
    }
    let bestValue = leaf.reward;
    let bestFeature = -1;
    let bestThreshold = 0;
    for (let j = 0; j < this.data.p; j++) {
      const order = this.data.order[j]!;
      const col = this.data.x[j]!;
      const bin = this.data.bin[j]!;
      cum.fill(0);
      let m = 0;
      let prev = -1;
      for (let o = 0; o < order.length; o++) {
        const r = order[o]!;
        if (mask[r] === 0) continue;
        // A split between prev and r: only where the value changes.
        if (prev >= 0 && bin[r]! > bin[prev]! && m >= this.minLeaf && count - m >= this.minLeaf) {
          let l = cum[0]!;
          let rr = tot[0]! - cum[0]!;
          for (let a = 1; a < k; a++) {
            if (cum[a]! > l) l = cum[a]!;
            const v = tot[a]! - cum[a]!;
            if (v > rr) rr = v;
          }
          if (l + rr > bestValue + 1e-12 * Math.abs(bestValue)) {
            bestValue = l + rr;
            bestFeature = j;
            bestThreshold = col[prev]!;
          }
        }
        for (let a = 0; a < k; a++) cum[a]! += rewards[a]![r]!;
        m++;
        prev = r;
      }
    }
    if (bestFeature < 0) return leaf;
    return this.splitAt(bestFeature, bestThreshold, mask, count, 0);
  }

  /** Best tree of depth ≤ depth, exhaustively. */
  exact(depth: number, mask: Uint8Array, count: number, onStep?: () => void): PolicyNode {
    if (depth === 0) return this.leaf(mask, count);
    if (depth === 1) return this.depthOne(mask, count);
    let best = this.exact(depth - 1, mask, count);
    if (count < 2 * this.minLeaf) return best;
    const n = this.data.n;
    const left = new Uint8Array(n);
    const right = new Uint8Array(n);
    for (let j = 0; j < this.data.p; j++) {
      onStep?.();
      const order = this.data.order[j]!;
      const col = this.data.x[j]!;
      const bin = this.data.bin[j]!;
      left.fill(0);
      right.set(mask);
      let m = 0;
      let prev = -1;
      for (let o = 0; o < order.length; o++) {
        const r = order[o]!;
        if (mask[r] === 0) continue;
        if (prev >= 0 && bin[r]! > bin[prev]! && m >= this.minLeaf && count - m >= this.minLeaf) {
          const l = this.exact(depth - 1, left, m);
          const rr = this.exact(depth - 1, right, count - m);
          if (l.reward + rr.reward > best.reward + 1e-12 * Math.abs(best.reward)) {
            best = { kind: 'split', feature: j, threshold: col[prev]!, left: l, right: rr, rows: count, reward: l.reward + rr.reward };
          }
        }
        left[r] = 1;
        right[r] = 0;
        m++;
        prev = r;
      }
    }
    return best;
  }

  /** Keeps the root split of the best depth-2 tree and recurses (policytree's hybrid search). */
  hybrid(depth: number, mask: Uint8Array, count: number, onStep?: () => void): PolicyNode {
    if (depth <= 2) return this.exact(depth, mask, count, onStep);
    const two = this.exact(2, mask, count, onStep);
    if (two.kind === 'leaf') return two;
    return this.splitAt(two.feature, two.threshold, mask, count, depth - 1, onStep);
  }

  /** A split at a given place with the best subtrees of the given depth below it. */
  splitAt(feature: number, threshold: number, mask: Uint8Array, count: number, childDepth: number, onStep?: () => void): PolicyNode {
    const n = this.data.n;
    const col = this.data.x[feature]!;
    const left = new Uint8Array(n);
    const right = new Uint8Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (mask[i] === 0) continue;
      if (col[i]! <= threshold) {
        left[i] = 1;
        m++;
      } else right[i] = 1;
    }
    const sub = (mk: Uint8Array, c: number): PolicyNode =>
      childDepth >= 3 ? this.hybrid(childDepth, mk, c, onStep) : this.exact(childDepth, mk, c);
    const l = sub(left, m);
    const r = sub(right, count - m);
    return { kind: 'split', feature, threshold, left: l, right: r, rows: count, reward: l.reward + r.reward };
  }
}

/** Which search a depth and data size get under 'auto'. */
export function searchKind(options: SearchOptions, n: number, p: number): 'exact' | 'hybrid' {
  const s = options.search ?? 'auto';
  if (s !== 'auto') return s;
  return options.depth >= 3 && n * p > 2000 ? 'hybrid' : 'exact';
}

/**
 * The best policy tree for the rewards.
 *
 * @example
 * // One feature 1..6; treating (arm 1) pays +1 where it exceeds 3 and −1 elsewhere; arm 0 pays 0.
 * const x = [Float64Array.of(1, 2, 3, 4, 5, 6)];
 * const rewards = [new Float64Array(6), Float64Array.of(-1, -1, -1, 1, 1, 1)];
 * const sorted = new SortedData(x, 6);
 * const tree = searchPolicyTree(sorted, rewards, { depth: 1, minLeafSize: 1 });
 * tree.reward; // 3 (the oracle's: treat exactly the rows above 3)
 * treeActions(tree, x, 6); // Int32Array [0, 0, 0, 1, 1, 1]
 */
export function searchPolicyTree(sorted: SortedData, rewards: readonly Float64Array[], options: SearchOptions): PolicyNode {
  const searcher = new Searcher(sorted, rewards, Math.max(1, options.minLeafSize ?? 1));
  const mask = new Uint8Array(sorted.n).fill(1);
  const kind = searchKind(options, sorted.n, sorted.p);
  return kind === 'exact'
    ? searcher.exact(options.depth, mask, sorted.n, options.onStep)
    : searcher.hybrid(options.depth, mask, sorted.n, options.onStep);
}

/** The action the tree gives each row of the columns. */
export function treeActions(tree: PolicyNode, x: readonly Float64Array[], n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let node = tree;
    while (node.kind === 'split') node = x[node.feature]![i]! <= node.threshold ? node.left : node.right;
    out[i] = node.action;
  }
  return out;
}

/** Σ_i reward[action_i][i]. */
export function policyReward(actions: Int32Array, rewards: readonly Float64Array[]): number {
  let s = 0;
  for (let i = 0; i < actions.length; i++) s += rewards[actions[i]!]![i]!;
  return s;
}
