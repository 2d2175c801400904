/**
 * Acyclic directed mixed graphs (ADMGs): `a -> b` is a direct cause, `a <-> b`
 * a hidden common cause of a and b (a latent parent of both, projected out).
 *
 * Variables keep the order they were declared in; `order` is one topological
 * order of the directed part that breaks ties by that declaration order, so
 * every algorithm here (and every estimand printed) is deterministic. Vertex
 * sets are plain arrays kept in that topological order.
 */

export interface DirectedEdge {
  readonly from: string;
  readonly to: string;
}

export interface BidirectedEdge {
  readonly a: string;
  readonly b: string;
}

export class Admg {
  /** All variables in one topological order (ties broken by declaration order). */
  readonly order: readonly string[];
  private readonly position: ReadonlyMap<string, number>;
  private readonly pa: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly ch: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly sib: ReadonlyMap<string, ReadonlySet<string>>;

  /**
   * @param variables declared variables (edges may name more; they are added in order of appearance)
   * @param directed  `from -> to` edges; must be acyclic (checked by the parser, which knows the lines)
   * @param rank      optional global rank to order by (subgraphs keep their parent's order)
   */
  constructor(
    variables: readonly string[],
    directed: readonly DirectedEdge[],
    bidirected: readonly BidirectedEdge[],
    rank?: ReadonlyMap<string, number>,
  ) {
    const declared: string[] = [];
    const seen = new Set<string>();
    const add = (v: string): void => {
      if (!seen.has(v)) {
        seen.add(v);
        declared.push(v);
      }
    };
    for (const v of variables) add(v);
    for (const e of directed) {
      add(e.from);
      add(e.to);
    }
    for (const e of bidirected) {
      add(e.a);
      add(e.b);
    }
    const pa = new Map<string, Set<string>>();
    const ch = new Map<string, Set<string>>();
    const sib = new Map<string, Set<string>>();
    for (const v of declared) {
      pa.set(v, new Set());
      ch.set(v, new Set());
      sib.set(v, new Set());
    }
    for (const e of directed) {
      pa.get(e.to)!.add(e.from);
      ch.get(e.from)!.add(e.to);
    }
    for (const e of bidirected) {
      if (e.a === e.b) continue;
      sib.get(e.a)!.add(e.b);
      sib.get(e.b)!.add(e.a);
    }
    this.pa = pa;
    this.ch = ch;
    this.sib = sib;
    const order = topologicalOrder(declared, pa, ch, rank);
    if (order === undefined) throw new RangeError('the directed edges have a cycle');
    this.order = order;
    this.position = new Map(order.map((v, i) => [v, i]));
  }

  get size(): number {
    return this.order.length;
  }

  has(v: string): boolean {
    return this.position.has(v);
  }

  /** Rank of v in the topological order. */
  rank(v: string): number {
    const r = this.position.get(v);
    if (r === undefined) throw new RangeError(`unknown variable '${v}'`);
    return r;
  }

  /** The given variables in topological order, without duplicates. */
  sorted(vars: Iterable<string>): string[] {
    return [...new Set(vars)].sort((a, b) => this.rank(a) - this.rank(b));
  }

  parents(v: string): string[] {
    return this.sorted(this.pa.get(v) ?? []);
  }

  children(v: string): string[] {
    return this.sorted(this.ch.get(v) ?? []);
  }

  /** Variables sharing a hidden common cause with v. */
  siblings(v: string): string[] {
    return this.sorted(this.sib.get(v) ?? []);
  }

  directedEdges(): DirectedEdge[] {
    const out: DirectedEdge[] = [];
    for (const to of this.order) for (const from of this.parents(to)) out.push({ from, to });
    return out;
  }

  bidirectedEdges(): BidirectedEdge[] {
    const out: BidirectedEdge[] = [];
    for (const a of this.order) for (const b of this.siblings(a)) if (this.rank(a) < this.rank(b)) out.push({ a, b });
    return out;
  }

  /** The subgraph induced by `vars` (edges among them only), same order. */
  induced(vars: Iterable<string>): Admg {
    const keep = new Set(vars);
    return new Admg(
      this.order.filter((v) => keep.has(v)),
      this.directedEdges().filter((e) => keep.has(e.from) && keep.has(e.to)),
      this.bidirectedEdges().filter((e) => keep.has(e.a) && keep.has(e.b)),
      this.position,
    );
  }

  /**
   * The graph with the edges into `into` removed (directed and bidirected: G with X barred)
   * and the directed edges out of `outOf` removed (G with Z underlined).
   */
  mutilated(into: Iterable<string>, outOf: Iterable<string> = []): Admg {
    const cutIn = new Set(into);
    const cutOut = new Set(outOf);
    return new Admg(
      this.order,
      this.directedEdges().filter((e) => !cutIn.has(e.to) && !cutOut.has(e.from)),
      this.bidirectedEdges().filter((e) => !cutIn.has(e.a) && !cutIn.has(e.b)),
      this.position,
    );
  }

  /** Ancestors of the set, the set included. */
  ancestors(vars: Iterable<string>): string[] {
    return this.sorted(closure(vars, (v) => this.pa.get(v) ?? []));
  }

  /** Descendants of the set, the set included. */
  descendants(vars: Iterable<string>): string[] {
    return this.sorted(closure(vars, (v) => this.ch.get(v) ?? []));
  }

  /** The district (c-component) of v: variables linked to it by bidirected paths. */
  district(v: string): string[] {
    return this.sorted(closure([v], (u) => this.sib.get(u) ?? []));
  }

  /** All districts, each in topological order, listed by their first variable. */
  districts(): string[][] {
    const done = new Set<string>();
    const out: string[][] = [];
    for (const v of this.order) {
      if (done.has(v)) continue;
      const d = this.district(v);
      for (const u of d) done.add(u);
      out.push(d);
    }
    return out;
  }

  /** Variables that come before v in the topological order, restricted to `among` when given. */
  predecessors(v: string, among?: Iterable<string>): string[] {
    const r = this.rank(v);
    const pool = among === undefined ? this.order : this.sorted(among);
    return pool.filter((u) => this.rank(u) < r);
  }

  /** Graph text in liftwise's own format (one edge per line). */
  toText(): string {
    const lines: string[] = [];
    const mentioned = new Set<string>();
    for (const e of this.directedEdges()) {
      lines.push(`${e.from} -> ${e.to}`);
      mentioned.add(e.from).add(e.to);
    }
    for (const e of this.bidirectedEdges()) {
      lines.push(`${e.a} <-> ${e.b}`);
      mentioned.add(e.a).add(e.b);
    }
    for (const v of this.order) if (!mentioned.has(v)) lines.push(v);
    return lines.join('\n');
  }
}

function closure(start: Iterable<string>, next: (v: string) => Iterable<string>): Set<string> {
  const out = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (out.has(v)) continue;
    out.add(v);
    for (const u of next(v)) if (!out.has(u)) stack.push(u);
  }
  return out;
}

/** Kahn's algorithm, always taking the ready variable of lowest rank (declaration order by default). */
function topologicalOrder(
  declared: readonly string[],
  pa: ReadonlyMap<string, ReadonlySet<string>>,
  ch: ReadonlyMap<string, ReadonlySet<string>>,
  rank?: ReadonlyMap<string, number>,
): string[] | undefined {
  const key = new Map(declared.map((v, i) => [v, rank?.get(v) ?? i]));
  const indegree = new Map(declared.map((v) => [v, pa.get(v)!.size]));
  const ready = declared.filter((v) => indegree.get(v) === 0);
  const out: string[] = [];
  while (ready.length > 0) {
    let best = 0;
    for (let i = 1; i < ready.length; i++) if (key.get(ready[i]!)! < key.get(ready[best]!)!) best = i;
    const v = ready.splice(best, 1)[0]!;
    out.push(v);
    for (const c of ch.get(v)!) {
      const d = indegree.get(c)! - 1;
      indegree.set(c, d);
      if (d === 0) ready.push(c);
    }
  }
  return out.length === declared.length ? out : undefined;
}
