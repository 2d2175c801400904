/**
 * The one runner for `@example` blocks in doc comments (src/ and solvers/).
 *
 * A block runs as the body of an async function with the public API (src/index.ts)
 * and the exports of its own module in scope, in a fresh folder holding small
 * fixture files. Its imports say where other names come from: names imported from
 * 'liftwise' must be in the public entry, names from 'liftwise/internals' are taken
 * from src/internals.ts, a relative path is resolved from the example's file.
 * A line `expr; // expected` is a check when `expected` is a literal (JSON, or a JS
 * literal such as `{ kind: 'cvar', alpha: 0.1 }`), a typed array (`Int32Array [1, 0]`),
 * `NaN` or `throws CODE`: numbers must agree to the decimals written (so `// 0.333`
 * checks three decimals); other trailing comments are prose. Every example has at
 * least one check.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface ExampleBlock {
  /** Repository-relative path of the source file. */
  readonly file: string;
  /** 1-based line of the `@example` tag. */
  readonly line: number;
  /** The example's code, comment markers removed. */
  readonly code: string;
  /** `file#n` (the n-th example of the file): its name in test output and in the list of examples that do not run yet (line numbers would move with every edit above). */
  readonly id: string;
}

/** Every @example block under the given folders. */
export function findExamples(root: string, folders: readonly string[]): ExampleBlock[] {
  const out: ExampleBlock[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(...examplesIn(root, path));
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return out;
}

function examplesIn(root: string, path: string): ExampleBlock[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const file = relative(root, path);
  const out: ExampleBlock[] = [];
  lines.forEach((text, i) => {
    if (!/^\s*\*\s*@example\s*$/.test(text)) return;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (/^\s*\*\//.test(l) || /^\s*\*\s*@\w+/.test(l)) break;
      body.push(l.replace(/^\s*\* ?/, ''));
    }
    const code = body.join('\n').replace(/^```\w*\n|```\s*$/g, '').trim();
    out.push({ file, line: i + 1, code, id: `${file}#${out.length + 1}` });
  });
  return out;
}

export type Expectation = { kind: 'value'; value: unknown; text: string; type?: string } | { kind: 'nan' } | { kind: 'throws'; code: string };

const TYPED_ARRAYS = ['Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array'];

/** A check line's expected value, or undefined when the comment is prose. */
export function expectation(comment: string): Expectation | undefined {
  const text = comment.trim();
  if (text.startsWith('throws ')) return { kind: 'throws', code: text.split(/\s+/)[1]! };
  if (/^NaN\b/.test(text)) return { kind: 'nan' };
  // "0.5 (the share)" checks 0.5; a comment that is not a literal is prose.
  const head = text.replace(/\s+\(.*\)$/, '');
  const typed = /^([A-Z][a-z]+\d*Array)\s+(\[.*\])$/.exec(head);
  if (typed !== null && TYPED_ARRAYS.includes(typed[1]!)) {
    const value = literalValue(typed[2]!);
    return value === undefined ? undefined : { kind: 'value', value: value.value, text: typed[2]!, type: typed[1]! };
  }
  const value = literalValue(head);
  return value === undefined ? undefined : { kind: 'value', value: value.value, text: head };
}

/**
 * The value of a JS literal (numbers, strings, true/false/null/undefined, NaN,
 * ±Infinity, arrays and objects of them), read from its syntax tree: nothing in
 * a comment is evaluated. Undefined when the text is anything else (prose).
 */
export function literalValue(text: string): { value: unknown } | undefined {
  const file = ts.createSourceFile('check.ts', `(${text});`, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  if ((file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0 || file.statements.length !== 1) return undefined;
  const statement = file.statements[0]!;
  if (!ts.isExpressionStatement(statement)) return undefined;
  const fail = Symbol('not a literal');
  const read = (node: ts.Expression): unknown => {
    if (ts.isParenthesizedExpression(node)) return read(node.expression);
    if (ts.isNumericLiteral(node)) return Number(node.text);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (node.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isIdentifier(node)) return node.text === 'NaN' ? Number.NaN : node.text === 'Infinity' ? Number.POSITIVE_INFINITY : node.text === 'undefined' ? undefined : fail;
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
      const v = read(node.operand);
      return typeof v === 'number' ? -v : fail;
    }
    if (ts.isArrayLiteralExpression(node)) {
      const out = node.elements.map(read);
      return out.includes(fail) ? fail : out;
    }
    if (ts.isObjectLiteralExpression(node)) {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) {
        if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name))) return fail;
        const v = read(p.initializer);
        if (v === fail) return fail;
        out[p.name.text] = v;
      }
      return out;
    }
    return fail;
  };
  const value = read(statement.expression);
  return value === fail ? undefined : { value };
}

/** A named import of an example: `import { a, b as c } from 'liftwise'`. */
export interface ExampleImport {
  readonly from: string;
  readonly names: ReadonlyArray<{ readonly imported: string; readonly local: string }>;
}

const IMPORT = /^\s*import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"];?[ \t]*$/gm;

/** The example's named imports (type-only imports bring nothing into scope). */
export function importsOf(code: string): ExampleImport[] {
  const out: ExampleImport[] = [];
  for (const m of code.matchAll(IMPORT)) {
    if (m[1] !== undefined) continue;
    const names = m[2]!
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '' && !n.startsWith('type '))
      .map((n) => {
        const [imported, local] = n.split(/\s+as\s+/);
        return { imported: imported!, local: local ?? imported! };
      });
    out.push({ from: m[3]!, names });
  }
  return out;
}

/** Decimals written in a number's text (1e-9 → 9, 0.333 → 3, 12 → 0). */
function decimalsOf(text: string): number {
  const m = /e-(\d+)$/i.exec(text);
  if (m !== null) return Number(m[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

/** Whether `got` matches `want` (numbers to the decimals written in `text`). */
export function matches(got: unknown, want: unknown, text: string, type?: string): boolean {
  if (type !== undefined && (got as object | null)?.constructor?.name !== type) return false;
  if (typeof want === 'number' && Number.isNaN(want)) return typeof got === 'number' && Number.isNaN(got);
  if (typeof want === 'number') {
    if (got === want) return true;
    const g = typeof got === 'bigint' ? Number(got) : got;
    if (typeof g !== 'number') return false;
    const numbers = text.match(/-?\d+(\.\d+)?(e-?\d+)?/gi) ?? [String(want)];
    const d = Math.max(0, ...numbers.map(decimalsOf));
    return Math.abs(g - want) <= 0.5 * 10 ** -Math.min(d, 15) + 1e-12 * Math.abs(want);
  }
  if (Array.isArray(want)) {
    const g = ArrayBuffer.isView(got) ? Array.from(got as unknown as ArrayLike<unknown>) : got;
    return Array.isArray(g) && g.length === want.length && want.every((w, i) => matches(g[i], w, typeof w === 'number' ? text : JSON.stringify(w)));
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object') return false;
    return Object.entries(want).every(([k, w]) => matches((got as Record<string, unknown>)[k], w, typeof w === 'number' ? text : JSON.stringify(w)));
  }
  return got === want;
}

/**
 * The example as an async function body: check lines become calls of
 * `__check(() => expr, index)`; everything else runs as written.
 */
export function compile(code: string): { body: string; checks: Array<Expectation & { line: string }> } {
  const checks: Array<Expectation & { line: string }> = [];
  const withChecks = code
    // Imports are resolved by the caller (importsOf) and their names passed in scope.
    .replace(IMPORT, '')
    .split('\n')
    .map((line) => {
      const m = /;\s*\/\/(.*)$/.exec(line);
      if (m === null || line.trimStart().startsWith('//')) return line;
      const want = expectation(m[1]!);
      if (want === undefined) return line;
      checks.push({ ...want, line });
      return `await __check(async () => (${line.slice(0, m.index)}), ${checks.length - 1});`;
    })
    .join('\n');
  // Examples are TypeScript (`as`, `!`, type annotations): strip the types, keep the code.
  const wrapped = `async function __example() {\n${withChecks}\n}`;
  const js = ts.transpileModule(wrapped, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const body = js.slice(js.indexOf('{') + 1, js.lastIndexOf('}'));
  return { body, checks };
}
