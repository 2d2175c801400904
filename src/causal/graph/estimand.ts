/**
 * Estimand expressions: probabilities of observed variables combined by sums,
 * products and ratios, printed as text and LaTeX and given as a JSON tree.
 *
 * A summed variable that shares its name with one bound outside (a treatment
 * value, or an enclosing sum) is renamed with a prime, as in the front-door
 * formula Σ_m P(m | x) Σ_x' P(y | m, x') P(x').
 */

export type Expr =
  | { readonly type: 'prob'; readonly vars: readonly string[]; readonly given: readonly string[] }
  | { readonly type: 'sum'; readonly over: readonly string[]; readonly body: Expr }
  | { readonly type: 'product'; readonly factors: readonly Expr[] }
  | { readonly type: 'ratio'; readonly numerator: Expr; readonly denominator: Expr }
  | { readonly type: 'one' };

export const ONE: Expr = { type: 'one' };

export function prob(vars: readonly string[], given: readonly string[] = []): Expr {
  return vars.length === 0 ? ONE : { type: 'prob', vars: [...vars], given: [...given] };
}

/** A product, flattened, without factors equal to one. */
export function product(factors: readonly Expr[]): Expr {
  const flat: Expr[] = [];
  for (const f of factors) {
    if (f.type === 'one') continue;
    if (f.type === 'product') flat.push(...f.factors);
    else flat.push(f);
  }
  if (flat.length === 0) return ONE;
  if (flat.length === 1) return flat[0]!;
  // Sums last, so the printed Σ reaches to the end of its own factor without parentheses.
  const ordered = [...flat.filter((f) => f.type !== 'sum'), ...flat.filter((f) => f.type === 'sum')];
  return { type: 'product', factors: ordered };
}

export function ratio(numerator: Expr, denominator: Expr): Expr {
  if (denominator.type === 'one') return numerator;
  return { type: 'ratio', numerator, denominator };
}

/**
 * Σ over `over` of body, simplified: a summed variable that appears in exactly
 * one factor, and there among the probability's own variables, is marginalised
 * into that factor (Σ_w P(w, y | z) = P(y | z)); a factor left with no variable is 1.
 */
export function sum(over: readonly string[], body: Expr): Expr {
  let current = body;
  let all = [...over];
  // Σ_a Σ_b f = Σ_{a,b} f, so the inner variables are simplified too.
  if (current.type === 'sum' && !current.over.some((v) => over.includes(v))) {
    all = [...all, ...current.over];
    current = current.body;
  }
  let vars = all.filter((v) => mentions(current, v));
  let changed = true;
  while (changed && vars.length > 0) {
    changed = false;
    for (const v of vars) {
      const factors = current.type === 'product' ? current.factors : [current];
      const holders = factors.filter((f) => mentions(f, v));
      if (holders.length !== 1) continue;
      const only = holders[0]!;
      if (only.type !== 'prob' || !only.vars.includes(v) || only.given.includes(v)) continue;
      const reduced = prob(
        only.vars.filter((u) => u !== v),
        only.given,
      );
      current = product(factors.map((f) => (f === only ? reduced : f)));
      vars = vars.filter((u) => u !== v);
      changed = true;
      break;
    }
  }
  if (vars.length === 0) return current;
  if (current.type === 'sum') return { type: 'sum', over: [...vars, ...current.over], body: current.body };
  return { type: 'sum', over: vars, body: current };
}

/** Does the expression mention v (free or bound)? */
export function mentions(e: Expr, v: string): boolean {
  switch (e.type) {
    case 'prob':
      return e.vars.includes(v) || e.given.includes(v);
    case 'sum':
      return e.over.includes(v) || mentions(e.body, v);
    case 'product':
      return e.factors.some((f) => mentions(f, v));
    case 'ratio':
      return mentions(e.numerator, v) || mentions(e.denominator, v);
    case 'one':
      return false;
  }
}

/** Variables that occur outside every sum over them. */
export function freeIn(e: Expr, bound: ReadonlySet<string> = new Set()): Set<string> {
  const out = new Set<string>();
  const visit = (f: Expr, b: ReadonlySet<string>): void => {
    switch (f.type) {
      case 'prob':
        for (const v of [...f.vars, ...f.given]) if (!b.has(v)) out.add(v);
        return;
      case 'sum':
        visit(f.body, new Set([...b, ...f.over]));
        return;
      case 'product':
        for (const g of f.factors) visit(g, b);
        return;
      case 'ratio':
        visit(f.numerator, b);
        visit(f.denominator, b);
        return;
      case 'one':
        return;
    }
  };
  visit(e, bound);
  return out;
}

/** Renames summed variables that clash with names bound outside them (x → x', x''). */
export function primeBound(e: Expr, bound: ReadonlySet<string>): Expr {
  switch (e.type) {
    case 'prob':
    case 'one':
      return e;
    case 'product':
      return { type: 'product', factors: e.factors.map((f) => primeBound(f, bound)) };
    case 'ratio':
      return { type: 'ratio', numerator: primeBound(e.numerator, bound), denominator: primeBound(e.denominator, bound) };
    case 'sum': {
      const inner = new Set(bound);
      const renames = new Map<string, string>();
      for (const v of e.over) {
        let name = v;
        while (inner.has(name)) name = `${name}'`;
        if (name !== v) renames.set(v, name);
        inner.add(name);
      }
      const body = renames.size === 0 ? e.body : rename(e.body, renames);
      return { type: 'sum', over: e.over.map((v) => renames.get(v) ?? v), body: primeBound(body, inner) };
    }
  }
}

function rename(e: Expr, map: ReadonlyMap<string, string>): Expr {
  const r = (v: string): string => map.get(v) ?? v;
  switch (e.type) {
    case 'prob':
      return { type: 'prob', vars: e.vars.map(r), given: e.given.map(r) };
    case 'one':
      return e;
    case 'product':
      return { type: 'product', factors: e.factors.map((f) => rename(f, map)) };
    case 'ratio':
      return { type: 'ratio', numerator: rename(e.numerator, map), denominator: rename(e.denominator, map) };
    case 'sum': {
      // An inner sum over the same name shadows the outer one.
      const inner = new Map([...map].filter(([k]) => !e.over.includes(k)));
      return { type: 'sum', over: e.over, body: rename(e.body, inner) };
    }
  }
}

/** Plain text: Σ_{m} P(m | x) · Σ_{x'} P(y | x', m) · P(x'). */
export function toText(e: Expr): string {
  switch (e.type) {
    case 'one':
      return '1';
    case 'prob':
      return e.given.length === 0 ? `P(${e.vars.join(', ')})` : `P(${e.vars.join(', ')} | ${e.given.join(', ')})`;
    case 'sum':
      return `Σ_{${e.over.join(', ')}} ${toText(e.body)}`;
    case 'product':
      return e.factors
        .map((f, i) => (f.type === 'ratio' || (f.type === 'sum' && i < e.factors.length - 1) ? `(${toText(f)})` : toText(f)))
        .join(' · ');
    case 'ratio':
      return `[${toText(e.numerator)}] / [${toText(e.denominator)}]`;
  }
}

/** LaTeX: \sum_{m} P(m \mid x) \sum_{x'} P(y \mid x', m) P(x'). */
export function toLatex(e: Expr): string {
  switch (e.type) {
    case 'one':
      return '1';
    case 'prob': {
      const vars = e.vars.map(latexName).join(', ');
      return e.given.length === 0 ? `P(${vars})` : `P(${vars} \\mid ${e.given.map(latexName).join(', ')})`;
    }
    case 'sum':
      return `\\sum_{${e.over.map(latexName).join(', ')}} ${toLatex(e.body)}`;
    case 'product':
      return e.factors.map((f) => (f.type === 'sum' ? `\\left(${toLatex(f)}\\right)` : toLatex(f))).join(' ');
    case 'ratio':
      return `\\frac{${toLatex(e.numerator)}}{${toLatex(e.denominator)}}`;
  }
}

function latexName(name: string): string {
  const primes = /'*$/.exec(name)![0];
  const base = name.slice(0, name.length - primes.length);
  const escaped = base.replace(/[_&%$#{}]/g, (c) => `\\${c}`);
  return (base.length > 1 ? `\\mathit{${escaped}}` : escaped) + primes;
}
