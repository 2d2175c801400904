/**
 * The expression language of model nodes, parsed without eval:
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | power
 *   power   := postfix ('^' unary)?
 *   postfix := primary ('[' expr ']')*
 *   primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
 *
 * Names refer to other nodes; `a[tank]` looks up a group index, `beta[2]` takes
 * the second element (1-based, as in the reported names). Calls are either
 * functions (exp, log, inv_logit, dot, sum, …) or, in a `dist` field, a
 * distribution such as `Normal(mu, sigma)`.
 *
 * @example
 * parseExpression('abar + sigma * z[tank]'); // { op: 'bin', fn: '+', left: { op: 'ref', name: 'abar' } }
 */

export type Expr =
  | { readonly op: 'num'; readonly value: number; readonly pos: number }
  | { readonly op: 'ref'; readonly name: string; readonly pos: number }
  | { readonly op: 'index'; readonly target: Expr; readonly index: Expr; readonly pos: number }
  | { readonly op: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly pos: number }
  | { readonly op: 'neg'; readonly arg: Expr; readonly pos: number }
  | { readonly op: 'bin'; readonly fn: '+' | '-' | '*' | '/' | '^'; readonly left: Expr; readonly right: Expr; readonly pos: number };

/** A syntax error with the 0-based character position it was found at. */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

type Token =
  | { kind: 'num'; value: number; pos: number }
  | { kind: 'name'; text: string; pos: number }
  | { kind: 'sym'; text: string; pos: number }
  | { kind: 'end'; pos: number };

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const num = NUMBER.exec(rest);
    if (num !== null) {
      tokens.push({ kind: 'num', value: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name !== null) {
      tokens.push({ kind: 'name', text: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    if ('+-*/^()[],'.includes(ch)) {
      tokens.push({ kind: 'sym', text: ch, pos: i });
      i++;
      continue;
    }
    throw new ExpressionSyntaxError(`unexpected character '${ch}'`, i);
  }
  tokens.push({ kind: 'end', pos: source.length });
  return tokens;
}

/** Parses an expression; throws ExpressionSyntaxError with a position. */
export function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
  let k = 0;
  const peek = (): Token => tokens[k]!;
  const isSym = (text: string): boolean => {
    const t = peek();
    return t.kind === 'sym' && t.text === text;
  };
  const describe = (t: Token): string =>
    t.kind === 'end' ? 'the end' : t.kind === 'num' ? `number ${t.value}` : `'${t.kind === 'name' ? t.text : t.text}'`;
  const expect = (text: string): void => {
    if (!isSym(text)) throw new ExpressionSyntaxError(`expected '${text}' but found ${describe(peek())}`, peek().pos);
    k++;
  };

  const expr = (): Expr => {
    let left = term();
    while (isSym('+') || isSym('-')) {
      const t = tokens[k++] as { text: '+' | '-'; pos: number };
      left = { op: 'bin', fn: t.text, left, right: term(), pos: t.pos };
    }
    return left;
  };
  const term = (): Expr => {
    let left = unary();
    while (isSym('*') || isSym('/')) {
      const t = tokens[k++] as { text: '*' | '/'; pos: number };
      left = { op: 'bin', fn: t.text, left, right: unary(), pos: t.pos };
    }
    return left;
  };
  const unary = (): Expr => {
    if (isSym('-')) {
      const pos = peek().pos;
      k++;
      const arg = unary();
      return arg.op === 'num' ? { op: 'num', value: -arg.value, pos } : { op: 'neg', arg, pos };
    }
    if (isSym('+')) {
      k++;
      return unary();
    }
    return power();
  };
  const power = (): Expr => {
    const base = postfix();
    if (isSym('^')) {
      const pos = peek().pos;
      k++;
      return { op: 'bin', fn: '^', left: base, right: unary(), pos };
    }
    return base;
  };
  const postfix = (): Expr => {
    let target = primary();
    while (isSym('[')) {
      const pos = peek().pos;
      k++;
      const index = expr();
      expect(']');
      target = { op: 'index', target, index, pos };
    }
    return target;
  };
  const primary = (): Expr => {
    const t = peek();
    if (t.kind === 'num') {
      k++;
      return { op: 'num', value: t.value, pos: t.pos };
    }
    if (t.kind === 'name') {
      k++;
      if (isSym('(')) {
        k++;
        const args: Expr[] = [];
        if (!isSym(')')) {
          args.push(expr());
          while (isSym(',')) {
            k++;
            args.push(expr());
          }
        }
        expect(')');
        return { op: 'call', fn: t.text, args, pos: t.pos };
      }
      return { op: 'ref', name: t.text, pos: t.pos };
    }
    if (isSym('(')) {
      k++;
      const inner = expr();
      expect(')');
      return inner;
    }
    throw new ExpressionSyntaxError(`expected a number, a name or '(' but found ${describe(t)}`, t.pos);
  };

  const result = expr();
  if (peek().kind !== 'end') throw new ExpressionSyntaxError(`unexpected ${describe(peek())}`, peek().pos);
  return result;
}

/** Prints an expression back as source text (fully parenthesised where precedence needs it). */
export function formatExpression(e: Expr): string {
  const prec = (x: Expr): number => (x.op === 'bin' ? (x.fn === '+' || x.fn === '-' ? 1 : x.fn === '^' ? 3 : 2) : 4);
  const wrap = (x: Expr, min: number): string => (prec(x) < min ? `(${formatExpression(x)})` : formatExpression(x));
  switch (e.op) {
    case 'num':
      return String(e.value);
    case 'ref':
      return e.name;
    case 'index':
      return `${wrap(e.target, 4)}[${formatExpression(e.index)}]`;
    case 'call':
      return `${e.fn}(${e.args.map(formatExpression).join(', ')})`;
    case 'neg':
      return `-${wrap(e.arg, 3)}`;
    case 'bin': {
      const p = prec(e);
      // Left-associative: the right operand of - and / needs brackets at equal precedence.
      const rightMin = e.fn === '-' || e.fn === '/' ? p + 1 : e.fn === '^' ? p : p;
      return `${wrap(e.left, e.fn === '^' ? p + 1 : p)} ${e.fn} ${wrap(e.right, rightMin)}`;
    }
  }
}

/** Names an expression refers to (nodes it depends on), function and distribution names excluded. */
export function referencedNames(e: Expr, into: Set<string> = new Set()): Set<string> {
  switch (e.op) {
    case 'num':
      break;
    case 'ref':
      into.add(e.name);
      break;
    case 'index':
      referencedNames(e.target, into);
      referencedNames(e.index, into);
      break;
    case 'call':
      for (const a of e.args) referencedNames(a, into);
      break;
    case 'neg':
      referencedNames(e.arg, into);
      break;
    case 'bin':
      referencedNames(e.left, into);
      referencedNames(e.right, into);
      break;
  }
  return into;
}

/** Is `name` a plain identifier a node may be called? */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
