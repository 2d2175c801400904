/**
 * The exact best policy tree of depth ≤ 2 under a budget and a recipient cap,
 * for one treated arm with a cost per treated unit. Then both limits are one:
 * at most C = min(⌊B / c⌋, M) treated rows, and the search carries, for each
 * subset, the best value of every depth-≤1 tree by its number of treated
 * rows (an array indexed by count, prefix-maximised). A split's children
 * combine in O(rows), so the budgeted search costs what the unconstrained
 * one does: O(p²·n²). The Lagrangian search (budget.ts) covers the rest
 * (several arms, depth 3) with a bound instead.
 */
import type { PolicyNode, SortedData } from './search.js';

interface Frontier {
  /** best[t] = best value with at most t treated rows (t = 0..m). */
  readonly best: Float64Array;
  /** How best[t] is reached: arg[t] indexes the candidate lists below. */
  readonly arg: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** 0: leaf control, 1: leaf treated, 2: split, left treated, 3: split, right treated, 4: split, none, 5: split, both. */
  readonly shape: Uint8Array;
}

export interface ExactBudgetResult {
  readonly tree: PolicyNode;
  readonly value: number;
  readonly treated: number;
}

/**
 * @param rewards [Γ_control, Γ_treated]
 * @param maxTreated C, the most rows the tree may treat
 */
export function exactBudgetTree(sorted: SortedData, rewards: readonly Float64Array[], depth: number, minLeafSize: number, maxTreated: number): ExactBudgetResult {
  const n = sorted.n;
  const r0 = rewards[0]!;
  const r1 = rewards[1]!;
  const minLeaf = Math.max(1, minLeafSize);
  const C = Math.max(0, Math.min(n, Math.floor(maxTreated)));

  const frontier = (mask: Uint8Array, m: number, withSplits: boolean): Frontier => {
    const best = new Float64Array(m + 1).fill(Number.NEGATIVE_INFINITY);
    const arg = new Int32Array(m + 1).fill(-1);
    const feature = new Int32Array(m + 1).fill(-1);
    const threshold = new Float64Array(m + 1);
    const shape = new Uint8Array(m + 1);
    let s0 = 0;
    let s1 = 0;
    for (let i = 0; i < n; i++) {
      if (mask[i] === 0) continue;
      s0 += r0[i]!;
      s1 += r1[i]!;
    }
    const offer = (t: number, v: number, f: number, thr: number, sh: number): void => {
      if (v > best[t]! + 1e-12 * Math.abs(v)) {
        best[t] = v;
        feature[t] = f;
        threshold[t] = thr;
        shape[t] = sh;
      }
    };
    offer(0, s0, -1, 0, 0);
    offer(m, s1, -1, 0, 1);
    if (withSplits && m >= 2 * minLeaf) {
      for (let j = 0; j < sorted.p; j++) {
        const order = sorted.order[j]!;
        const bin = sorted.bin[j]!;
        const col = sorted.x[j]!;
        let c0 = 0;
        let c1 = 0;
        let k = 0;
        let prev = -1;
        for (let o = 0; o < n; o++) {
          const r = order[o]!;
          if (mask[r] === 0) continue;
          if (prev >= 0 && bin[r]! > bin[prev]! && k >= minLeaf && m - k >= minLeaf) {
            offer(k, c1 + (s0 - c0), j, col[prev]!, 2);
            offer(m - k, c0 + (s1 - c1), j, col[prev]!, 3);
          }
          c0 += r0[r]!;
          c1 += r1[r]!;
          k++;
          prev = r;
        }
      }
    }
    // Prefix maximum: "at most t treated".
    let bestAt = 0;
    for (let t = 0; t <= m; t++) {
      if (best[t]! > best[bestAt]!) bestAt = t;
      arg[t] = bestAt;
    }
    const pm = new Float64Array(m + 1);
    for (let t = 0; t <= m; t++) pm[t] = best[arg[t]!]!;
    return { best: pm, arg, feature, threshold, shape };
  };

  const rowsOf = (mask: Uint8Array): number => mask.reduce((a, b) => a + b, 0);

  const build = (mask: Uint8Array, f: Frontier, t: number): PolicyNode => {
    const at = f.arg[t]!;
    const m = rowsOf(mask);
    const sh = f.shape[at]!;
    if (sh <= 1) {
      let v = 0;
      for (let i = 0; i < n; i++) if (mask[i] === 1) v += (sh === 1 ? r1 : r0)[i]!;
      return { kind: 'leaf', action: sh, rows: m, reward: v };
    }
    const j = f.feature[at]!;
    const thr = f.threshold[at]!;
    const col = sorted.x[j]!;
    let lv0 = 0;
    let lv1 = 0;
    let rv0 = 0;
    let rv1 = 0;
    let ml = 0;
    for (let i = 0; i < n; i++) {
      if (mask[i] === 0) continue;
      if (col[i]! <= thr) {
        lv0 += r0[i]!;
        lv1 += r1[i]!;
        ml++;
      } else {
        rv0 += r0[i]!;
        rv1 += r1[i]!;
      }
    }
    const leftTreated = sh === 2 || sh === 5;
    const rightTreated = sh === 3 || sh === 5;
    const left: PolicyNode = { kind: 'leaf', action: leftTreated ? 1 : 0, rows: ml, reward: leftTreated ? lv1 : lv0 };
    const right: PolicyNode = { kind: 'leaf', action: rightTreated ? 1 : 0, rows: m - ml, reward: rightTreated ? rv1 : rv0 };
    return { kind: 'split', feature: j, threshold: thr, left, right, rows: m, reward: left.reward + right.reward };
  };

  const all = new Uint8Array(n).fill(1);
  const top = frontier(all, n, depth >= 1);
  let bestValue = top.best[C]!;
  let bestTree: () => PolicyNode = () => build(all, top, C);
  let bestTreated = top.arg[C]!;
  if (depth >= 2 && n >= 2 * minLeaf) {
    const left = new Uint8Array(n);
    const right = new Uint8Array(n);
    for (let j = 0; j < sorted.p; j++) {
      const order = sorted.order[j]!;
      const bin = sorted.bin[j]!;
      const col = sorted.x[j]!;
      left.fill(0);
      right.fill(1);
      let k = 0;
      let prev = -1;
      for (let o = 0; o < n; o++) {
        const r = order[o]!;
        if (prev >= 0 && bin[r]! > bin[prev]! && k >= minLeaf && n - k >= minLeaf) {
          const fl = frontier(left, k, true);
          const fr = frontier(right, n - k, true);
          for (let tl = 0; tl <= Math.min(k, C); tl++) {
            const tr = Math.min(n - k, C - tl);
            const v = fl.best[tl]! + fr.best[tr]!;
            if (v > bestValue + 1e-12 * Math.abs(bestValue)) {
              bestValue = v;
              const [lMask, rMask, lt, rt, thr, feat] = [Uint8Array.from(left), Uint8Array.from(right), tl, tr, col[prev]!, j];
              bestTreated = fl.arg[tl]! + fr.arg[tr]!;
              bestTree = () => {
                const lNode = build(lMask, fl, lt);
                const rNode = build(rMask, fr, rt);
                return { kind: 'split', feature: feat, threshold: thr, left: lNode, right: rNode, rows: n, reward: lNode.reward + rNode.reward };
              };
            }
          }
        }
        left[r] = 1;
        right[r] = 0;
        k++;
        prev = r;
      }
    }
  }
  return { tree: bestTree(), value: bestValue, treated: bestTreated };
}
