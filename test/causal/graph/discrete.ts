/**
 * Test helper: a random binary structural model over an ADMG (one latent coin per
 * bidirected edge), its observed joint and its interventional distributions by
 * exact enumeration, and a numeric evaluator of estimand expressions against the
 * observed joint. An estimand is right when it evaluates to the interventional truth.
 */
import type { Admg } from '../../../src/causal/graph/admg.js';
import type { Expr } from '../../../src/causal/graph/estimand.js';
import { Random } from '../../../src/util/random.js';

export interface BinaryScm {
  readonly graph: Admg;
  readonly latents: Array<{ a: string; b: string; p: number }>;
  /** For each variable: P(v = 1) per configuration of (parents, its latents) as a bit index. */
  readonly tables: Map<string, Float64Array>;
}

export function randomBinaryScm(graph: Admg, seed: number): BinaryScm {
  const rng = new Random(seed);
  const latents = graph.bidirectedEdges().map((e) => ({ a: e.a, b: e.b, p: 0.2 + 0.6 * rng.uniform() }));
  const tables = new Map<string, Float64Array>();
  for (const v of graph.order) {
    const inputs = graph.parents(v).length + latents.filter((l) => l.a === v || l.b === v).length;
    const t = new Float64Array(1 << inputs);
    // Strong, varied dependence so that confounding is visible.
    for (let i = 0; i < t.length; i++) t[i] = 0.05 + 0.9 * rng.uniform();
    tables.set(v, t);
  }
  return { graph, latents, tables };
}

/** P(all observed | do(fixed)) as a map from the bit pattern over graph.order to probability. */
export function distribution(scm: BinaryScm, fixed: ReadonlyMap<string, number> = new Map()): Float64Array {
  const order = scm.graph.order;
  const out = new Float64Array(1 << order.length);
  const nl = scm.latents.length;
  for (let u = 0; u < 1 << nl; u++) {
    let pu = 1;
    for (let k = 0; k < nl; k++) pu *= (u >> k) & 1 ? scm.latents[k]!.p : 1 - scm.latents[k]!.p;
    // Enumerate observed values in topological order.
    const walk = (i: number, bits: number, p: number): void => {
      if (p === 0) return;
      if (i === order.length) {
        out[bits] = out[bits]! + p;
        return;
      }
      const v = order[i]!;
      let index = 0;
      let shift = 0;
      for (const parent of scm.graph.parents(v)) index |= ((bits >> order.indexOf(parent)) & 1) << shift++;
      for (let k = 0; k < nl; k++) {
        const l = scm.latents[k]!;
        if (l.a === v || l.b === v) index |= ((u >> k) & 1) << shift++;
      }
      const p1 = scm.tables.get(v)![index]!;
      const f = fixed.get(v);
      if (f !== undefined) walk(i + 1, bits | (f << i), p);
      else {
        walk(i + 1, bits, p * (1 - p1));
        walk(i + 1, bits | (1 << i), p * p1);
      }
    };
    walk(0, 0, pu);
  }
  return out;
}

/** Σ of the joint over patterns matching `assignment` on the named variables. */
export function marginal(order: readonly string[], joint: Float64Array, assignment: ReadonlyMap<string, number>): number {
  let mask = 0;
  let want = 0;
  for (const [v, value] of assignment) {
    const i = order.indexOf(v);
    if (i < 0) throw new Error(`unknown ${v}`);
    mask |= 1 << i;
    want |= value << i;
  }
  let s = 0;
  for (let b = 0; b < joint.length; b++) if ((b & mask) === want) s += joint[b]!;
  return s;
}

/** Evaluates an estimand at an assignment of its free variables (primed names are their own variables). */
export function evaluate(e: Expr, order: readonly string[], joint: Float64Array, values: ReadonlyMap<string, number>): number {
  const base = (name: string): string => name.replace(/'+$/, '');
  const valueAt = (name: string): number => {
    const v = values.get(name);
    if (v === undefined) throw new Error(`no value for ${name}`);
    return v;
  };
  switch (e.type) {
    case 'one':
      return 1;
    case 'prob': {
      const all = new Map<string, number>();
      const given = new Map<string, number>();
      for (const v of e.given) {
        all.set(base(v), valueAt(v));
        given.set(base(v), valueAt(v));
      }
      for (const v of e.vars) all.set(base(v), valueAt(v));
      const den = marginal(order, joint, given);
      return den === 0 ? 0 : marginal(order, joint, all) / den;
    }
    case 'product':
      return e.factors.reduce((acc, f) => acc * evaluate(f, order, joint, values), 1);
    case 'ratio':
      return evaluate(e.numerator, order, joint, values) / evaluate(e.denominator, order, joint, values);
    case 'sum': {
      let total = 0;
      for (let b = 0; b < 1 << e.over.length; b++) {
        const inner = new Map(values);
        e.over.forEach((v, k) => inner.set(v, (b >> k) & 1));
        total += evaluate(e.body, order, joint, inner);
      }
      return total;
    }
  }
}
