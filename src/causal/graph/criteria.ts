/**
 * Covariate adjustment: the back-door and front-door criteria, with the
 * minimal sets that satisfy them.
 *
 * Back-door (Pearl 1993, for sets X, Y): Z holds no descendant of X and
 * m-separates X from Y once the edges out of X are removed. In a graph with
 * bidirected edges this is Pearl's criterion read with m-separation.
 * Front-door (Pearl 1995, for singletons as in the literature, here for sets):
 * Z intercepts every directed path from X to Y, X and Z share no open back-door
 * path, and X blocks every back-door path from Z to Y.
 *
 * Minimal sets are found by enumerating subsets of the candidates in order of
 * size (a minimal set is never a superset of another valid one); candidates are
 * restricted to An(X ∪ Y), which holds every minimal set. Enumeration stops at
 * ENUMERATION_LIMIT subsets and then reports one set made minimal by removal.
 */
import type { Admg } from './admg.js';
import { mSeparated } from './separation.js';

const ENUMERATION_LIMIT = 1 << 16;

export interface AdjustmentSets {
  /** Minimal valid sets, smallest first; empty when none exists. */
  readonly sets: string[][];
  /** False when enumeration stopped early (then `sets` holds one minimal set). */
  readonly complete: boolean;
}

export function isBackdoorSet(graph: Admg, x: readonly string[], y: readonly string[], z: readonly string[]): boolean {
  const descendants = new Set(graph.descendants(x));
  if (z.some((v) => descendants.has(v) || y.includes(v))) return false;
  return mSeparated(graph.mutilated([], x), x, y, z);
}

export function backdoorSets(graph: Admg, x: readonly string[], y: readonly string[]): AdjustmentSets {
  const descendants = new Set(graph.descendants(x));
  const candidates = graph.ancestors([...x, ...y]).filter((v) => !descendants.has(v) && !y.includes(v));
  return minimalSets(candidates, (z) => isBackdoorSet(graph, x, y, z));
}

export function isFrontdoorSet(graph: Admg, x: readonly string[], y: readonly string[], z: readonly string[]): boolean {
  if (z.length === 0 || z.some((v) => x.includes(v) || y.includes(v))) return false;
  // (i) every directed path X → Y passes through Z: no Y is reachable from X once Z is removed.
  const withoutZ = graph.induced(graph.order.filter((v) => !z.includes(v)));
  const reach = new Set(withoutZ.descendants(x));
  if (y.some((v) => reach.has(v))) return false;
  // (ii) no open back-door path X … Z: X ⊥ Z in the graph without X's outgoing edges.
  if (!mSeparated(graph.mutilated([], x), x, z)) return false;
  // (iii) back-door paths Z … Y blocked by X.
  return mSeparated(graph.mutilated([], z), z, y, x);
}

export function frontdoorSets(graph: Admg, x: readonly string[], y: readonly string[]): AdjustmentSets {
  // Mediators lie on directed paths from X to Y.
  const between = new Set(graph.descendants(x));
  const candidates = graph.ancestors(y).filter((v) => between.has(v) && !x.includes(v) && !y.includes(v));
  return minimalSets(candidates, (z) => isFrontdoorSet(graph, x, y, z));
}

function minimalSets(candidates: readonly string[], valid: (z: string[]) => boolean): AdjustmentSets {
  const found: string[][] = [];
  let tried = 0;
  for (let size = 0; size <= candidates.length; size++) {
    for (const subset of combinations(candidates, size)) {
      if (++tried > ENUMERATION_LIMIT) return { sets: found.length > 0 ? found : shrink(candidates, valid), complete: false };
      if (found.some((f) => f.every((v) => subset.includes(v)))) continue;
      if (valid(subset)) found.push(subset);
    }
  }
  return { sets: found, complete: true };
}

/** One minimal set by dropping variables from the full candidate set while it stays valid. */
function shrink(candidates: readonly string[], valid: (z: string[]) => boolean): string[][] {
  if (!valid([...candidates])) return [];
  let current = [...candidates];
  for (const v of candidates) {
    const without = current.filter((u) => u !== v);
    if (valid(without)) current = without;
  }
  return [current];
}

function* combinations(items: readonly string[], size: number): Generator<string[]> {
  const index = Array.from({ length: size }, (_, i) => i);
  if (size > items.length) return;
  while (true) {
    yield index.map((i) => items[i]!);
    let k = size - 1;
    while (k >= 0 && index[k] === items.length - size + k) k--;
    if (k < 0) return;
    index[k]!++;
    for (let j = k + 1; j < size; j++) index[j] = index[j - 1]! + 1;
  }
}
