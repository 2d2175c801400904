/**
 * m-separation (d-separation for graphs with bidirected edges), by the
 * augmented ("moral") graph of the ancestral set (Richardson 2003): X and Y are
 * m-separated by Z exactly when Z separates them in the undirected graph over
 * An(X ∪ Y ∪ Z) that joins every pair of variables inside one district D
 * together with D's parents (a collider path runs only through such a set).
 */
import type { Admg } from './admg.js';

export function mSeparated(graph: Admg, xs: Iterable<string>, ys: Iterable<string>, zs: Iterable<string> = []): boolean {
  const x = new Set(xs);
  const y = new Set(ys);
  const z = new Set(zs);
  for (const v of x) if (y.has(v)) return false;
  const ancestral = graph.induced(graph.ancestors([...x, ...y, ...z]));
  const adjacent = new Map<string, Set<string>>(ancestral.order.map((v) => [v, new Set<string>()]));
  const join = (a: string, b: string): void => {
    if (a === b) return;
    adjacent.get(a)!.add(b);
    adjacent.get(b)!.add(a);
  };
  for (const e of ancestral.directedEdges()) join(e.from, e.to);
  for (const district of ancestral.districts()) {
    const members = new Set(district);
    for (const v of district) for (const p of ancestral.parents(v)) members.add(p);
    const list = [...members];
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) join(list[i]!, list[j]!);
  }
  // Search from X avoiding Z; reaching Y means connected.
  const seen = new Set<string>();
  const stack = [...x].filter((v) => !z.has(v));
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (y.has(v)) return false;
    for (const u of adjacent.get(v) ?? []) if (!seen.has(u) && !z.has(u)) stack.push(u);
  }
  return true;
}
