/**
 * Identification of P(y | do(x)) and P(y | do(x), z) in an ADMG: the ID and IDC
 * algorithms of Shpitser & Pearl (2006), built on Tian & Pearl's (2002)
 * c-component factorisation.
 *
 * The recursion returns a *plan*: the tree of its steps (line 1 marginal,
 * line 3 free variables, line 4 product over districts, line 6 c-factor) over
 * the distributions it threads through (the observed joint, its marginals, and
 * line 7's kernels). The estimand expression is read off the plan, and the
 * ID-GEN sampler (src/causal/idgen) walks the same plan with conditional models
 * in place of probabilities, so what is printed is what is sampled.
 * When line 5 fails, the hedge it found (two c-forests F' ⊂ F) is returned.
 */
import type { Admg } from './admg.js';
import { mSeparated } from './separation.js';
import { type Expr, freeIn, primeBound, prob, product, ratio, sum } from './estimand.js';

/** A distribution the recursion works on. */
export type Dist =
  /** The observed joint of `vars` (the data's marginal; `vars` is ancestral in the graph). */
  | { readonly kind: 'observed'; readonly vars: readonly string[] }
  /** Line 7: Π_{v ∈ vars} P_of(v | its predecessors in of), the others held at given values. */
  | { readonly kind: 'kernel'; readonly of: Dist; readonly vars: readonly string[] }
  /** Line 2: the marginal of `of` over `vars`. */
  | { readonly kind: 'marginal'; readonly of: Dist; readonly vars: readonly string[] };

/** One step of the recursion; `keep` are the variables it yields, the call's treatments are its inputs. */
export type Plan =
  /** Line 1: Σ_{V∖keep} P. */
  | { readonly kind: 'marginal'; readonly dist: Dist; readonly keep: readonly string[] }
  /** Line 3: the body does not depend on the values of `vars` (added to the intervention). */
  | { readonly kind: 'free'; readonly vars: readonly string[]; readonly body: Plan }
  /** Line 4: Σ_{over} Π factors, each factor the effect on one district of G ∖ X. */
  | { readonly kind: 'product'; readonly factors: readonly Plan[]; readonly over: readonly string[]; readonly keep: readonly string[] }
  /** Line 6: Σ_{district ∖ keep} Π_{v ∈ district} P_dist(v | v's predecessors in dist). */
  | { readonly kind: 'cfactor'; readonly dist: Dist; readonly district: readonly string[]; readonly keep: readonly string[] };

/** Two c-forests that prove P(y | do(x)) is not identifiable (Shpitser & Pearl 2006, Thm 4). */
export interface Hedge {
  /** F: a c-component that contains treatment variables. */
  readonly f: readonly string[];
  /** F' ⊂ F: the part of F outside the treatments, a c-component itself. */
  readonly fPrime: readonly string[];
  /** The common root set of both forests (variables without children inside F'). */
  readonly roots: readonly string[];
  /** Treatment variables in F. */
  readonly treatments: readonly string[];
}

export interface Query {
  readonly outcome: readonly string[];
  readonly treatment: readonly string[];
  readonly given?: readonly string[];
}

export type Identification =
  | {
      readonly identifiable: true;
      readonly query: Query;
      /** P(outcome ∪ given' | do(treatment ∪ moved)) where `moved` are given variables IDC turned into actions. */
      readonly plan: Plan;
      /** Given variables that IDC's rule 2 turned into treatments (their values are still those conditioned on). */
      readonly moved: readonly string[];
      /** Given variables still conditioned on after IDC (the plan yields outcome ∪ conditioned). */
      readonly conditioned: readonly string[];
      readonly estimand: Expr;
    }
  | { readonly identifiable: false; readonly query: Query; readonly hedge: Hedge };

class HedgeFound extends Error {
  constructor(readonly hedge: Hedge) {
    super('hedge');
  }
}

/**
 * Identifies P(outcome | do(treatment)) or, with `given`, P(outcome | do(treatment), given).
 * Variables must be in the graph and the three sets disjoint (the caller checks, naming the flags).
 */
export function identify(graph: Admg, query: Query): Identification {
  const y = graph.sorted(query.outcome);
  const x = graph.sorted(query.treatment);
  let z = graph.sorted(query.given ?? []);
  // IDC (Shpitser & Pearl 2006, Fig. 4): move each given w that rule 2 allows into the intervention.
  let actions = [...x];
  const moved: string[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const w of z) {
      const rest = z.filter((u) => u !== w);
      if (mSeparated(graph.mutilated(actions, [w]), y, [w], [...actions, ...rest])) {
        actions = graph.sorted([...actions, w]);
        moved.push(w);
        z = rest;
        progress = true;
        break;
      }
    }
  }
  try {
    const observed: Dist = { kind: 'observed', vars: graph.order };
    const plan = id(graph.sorted([...y, ...z]), actions, observed, graph, graph);
    let estimand = planExpr(plan, graph);
    if (z.length > 0) estimand = ratio(estimand, sum(y, estimand));
    estimand = primeBound(estimand, new Set([...actions, ...z, ...freeIn(estimand)]));
    return { identifiable: true, query, plan, moved, conditioned: z, estimand };
  } catch (e) {
    if (e instanceof HedgeFound) return { identifiable: false, query, hedge: e.hedge };
    throw e;
  }
}

/** The ID recursion (Shpitser & Pearl 2006, Fig. 3), lines 1–7. */
function id(y: readonly string[], x: readonly string[], dist: Dist, g: Admg, root: Admg): Plan {
  const v = g.order;
  // Line 1: nothing to intervene on.
  if (x.length === 0) return { kind: 'marginal', dist, keep: y };
  // Line 2: only ancestors of Y matter.
  const anY = g.ancestors(y);
  if (anY.length < v.length) {
    const keep = new Set(anY);
    return id(
      y,
      x.filter((u) => keep.has(u)),
      marginalise(dist, anY),
      g.induced(anY),
      root,
    );
  }
  // Line 3: intervene also on what cannot reach Y once X is fixed.
  const anYBar = new Set(g.mutilated(x).ancestors(y));
  const w = v.filter((u) => !x.includes(u) && !anYBar.has(u));
  if (w.length > 0) return { kind: 'free', vars: w, body: id(y, g.sorted([...x, ...w]), dist, g, root) };
  // Line 4: one factor per district of G ∖ X.
  const rest = v.filter((u) => !x.includes(u));
  const districts = g.induced(rest).districts();
  if (districts.length > 1) {
    return {
      kind: 'product',
      keep: y,
      over: rest.filter((u) => !y.includes(u)),
      factors: districts.map((s) =>
        id(
          s,
          v.filter((u) => !s.includes(u)),
          dist,
          g,
          root,
        ),
      ),
    };
  }
  const s = districts[0]!;
  const whole = g.districts();
  // Line 5: G is one district and S is all of it but X — a hedge.
  if (whole.length === 1) {
    const roots = s.filter((u) => !g.children(u).some((c) => s.includes(c)));
    throw new HedgeFound({ f: v, fPrime: s, roots, treatments: x });
  }
  // Line 6: S is a district of G.
  if (whole.some((d) => d.length === s.length && d.every((u) => s.includes(u)))) {
    return { kind: 'cfactor', dist, district: s, keep: y };
  }
  // Line 7: S lies inside a larger district S' of G.
  const sPrime = whole.find((d) => s.every((u) => d.includes(u)))!;
  return id(
    y,
    x.filter((u) => sPrime.includes(u)),
    { kind: 'kernel', of: dist, vars: sPrime },
    g.induced(sPrime),
    root,
  );
}

function marginalise(dist: Dist, keep: readonly string[]): Dist {
  if (keep.length === dist.vars.length) return dist;
  if (dist.kind === 'observed') return { kind: 'observed', vars: keep };
  if (dist.kind === 'marginal') return { kind: 'marginal', of: dist.of, vars: keep };
  return { kind: 'marginal', of: dist, vars: keep };
}

/** The variables a distribution ranges over, including values its kernel holds fixed (`of`'s). */
export function scope(dist: Dist): readonly string[] {
  return dist.kind === 'kernel' ? dist.of.vars : dist.vars;
}

/**
 * The conditional P_dist(v | B) for B = v's predecessors among dist.vars: how each
 * kind of distribution answers it. For the observed joint B is reduced to the
 * district of v in G[B ∪ {v}] and that district's parents (Tian & Pearl 2002, Lemma 1).
 */
export type Conditional =
  | { readonly kind: 'observed'; readonly target: string; readonly given: readonly string[] }
  /** Needs P_of(target | given) of a marginal with earlier variables summed out: the ratio case. */
  | { readonly kind: 'ratio'; readonly target: string; readonly given: readonly string[]; readonly dist: Dist };

export function conditional(dist: Dist, v: string, graph: Admg): Conditional {
  switch (dist.kind) {
    case 'observed': {
      const before = graph.predecessors(v, dist.vars);
      const sub = graph.induced([...before, v]);
      const district = sub.district(v);
      const given = new Set<string>(district);
      for (const d of district) for (const p of sub.parents(d)) given.add(p);
      given.delete(v);
      return { kind: 'observed', target: v, given: graph.sorted(given) };
    }
    case 'kernel':
      return conditional(dist.of, v, graph);
    case 'marginal': {
      const summedBefore = dist.of.vars.some((u) => !dist.vars.includes(u) && graph.rank(u) < graph.rank(v));
      if (!summedBefore) return conditional(dist.of, v, graph);
      return { kind: 'ratio', target: v, given: graph.predecessors(v, dist.vars), dist };
    }
  }
}

/** The joint of a distribution as an expression. */
function jointExpr(dist: Dist, graph: Admg): Expr {
  switch (dist.kind) {
    case 'observed':
      return prob(dist.vars);
    case 'kernel':
      return product(dist.vars.map((v) => conditionalExpr(conditional(dist.of, v, graph), graph)));
    case 'marginal':
      return sum(
        dist.of.vars.filter((u) => !dist.vars.includes(u)),
        jointExpr(dist.of, graph),
      );
  }
}

function conditionalExpr(c: Conditional, graph: Admg): Expr {
  if (c.kind === 'observed') return prob([c.target], c.given);
  const joint = jointExpr(c.dist, graph);
  const scopeVars = c.dist.vars;
  const numerator = sum(
    scopeVars.filter((u) => u !== c.target && !c.given.includes(u)),
    joint,
  );
  const denominator = sum(
    scopeVars.filter((u) => !c.given.includes(u)),
    joint,
  );
  return ratio(numerator, denominator);
}

export function planExpr(plan: Plan, graph: Admg): Expr {
  switch (plan.kind) {
    case 'marginal':
      return sum(
        plan.dist.vars.filter((u) => !plan.keep.includes(u)),
        jointExpr(plan.dist, graph),
      );
    case 'free':
      return planExpr(plan.body, graph);
    case 'product':
      return sum(
        plan.over,
        product(plan.factors.map((f) => planExpr(f, graph))),
      );
    case 'cfactor':
      return sum(
        plan.district.filter((u) => !plan.keep.includes(u)),
        product(plan.district.map((v) => conditionalExpr(conditional(plan.dist, v, graph), graph))),
      );
  }
}

/** Variables line 3 set to arbitrary values anywhere in the plan. */
export function freeVariables(plan: Plan): string[] {
  switch (plan.kind) {
    case 'free':
      return [...plan.vars, ...freeVariables(plan.body)];
    case 'product':
      return plan.factors.flatMap(freeVariables);
    default:
      return [];
  }
}

/** The hedge in words, for messages and reports. */
export function describeHedge(hedge: Hedge): string {
  const set = (vs: readonly string[]): string => `{${vs.join(', ')}}`;
  return (
    `hedge F = ${set(hedge.f)}, F' = ${set(hedge.fPrime)}: both are c-components (every variable linked to the others ` +
    `by hidden common causes) with the same roots ${set(hedge.roots)}; F holds the treatment ${set(hedge.treatments)} and ` +
    `F' does not, so two causal models that agree on every observed distribution disagree on the effect (Shpitser & Pearl 2006, Theorem 4)`
  );
}
