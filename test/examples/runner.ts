/**
 * The one runner for `@example` blocks in doc comments (src/ and solvers/).
 *
 * A block runs as the body of an async function with the public API (src/index.ts)
 * and the exports of its own module in scope, in a fresh folder holding small
 * fixture files. A line `expr; // expected` is a check when `expected` is JSON,
 * `NaN` or `throws CODE`: numbers must agree to the decimals written (so
 * `// 0.333` checks three decimals); other trailing comments are prose.
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

/** A check line's expected value, or undefined when the comment is prose. */
export function expectation(comment: string): { kind: 'value'; value: unknown; text: string } | { kind: 'nan' } | { kind: 'throws'; code: string } | undefined {
  const text = comment.trim();
  if (text.startsWith('throws ')) return { kind: 'throws', code: text.split(/\s+/)[1]! };
  if (/^NaN\b/.test(text)) return { kind: 'nan' };
  // "0.5 (the share)" checks 0.5; a comment that is not JSON is prose.
  const head = text.replace(/\s+\(.*\)$/, '').replace(/'/g, '"');
  try {
    return { kind: 'value', value: JSON.parse(head), text: head };
  } catch {
    return undefined;
  }
}

/** Decimals written in a number's text (1e-9 → 9, 0.333 → 3, 12 → 0). */
function decimalsOf(text: string): number {
  const m = /e-(\d+)$/i.exec(text);
  if (m !== null) return Number(m[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

/** Whether `got` matches `want` (numbers to the decimals written in `text`). */
export function matches(got: unknown, want: unknown, text: string): boolean {
  if (typeof want === 'number') {
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
export function compile(code: string): { body: string; checks: Array<NonNullable<ReturnType<typeof expectation>> & { line: string }> } {
  const checks: Array<NonNullable<ReturnType<typeof expectation>> & { line: string }> = [];
  const withChecks = code
    .split('\n')
    // The API is in scope already: imports of liftwise (or of a module by path) are dropped.
    .filter((line) => !/^\s*import\s.*\sfrom\s+['"]/.test(line))
    .map((line) => {
      const at = line.indexOf('; //');
      if (at < 0 || line.trimStart().startsWith('//')) return line;
      const want = expectation(line.slice(at + 4));
      if (want === undefined) return line;
      checks.push({ ...want, line });
      return `await __check(async () => (${line.slice(0, at)}), ${checks.length - 1});`;
    })
    .join('\n');
  // Examples are TypeScript (`as`, `!`, type annotations): strip the types, keep the code.
  const wrapped = `async function __example() {\n${withChecks}\n}`;
  const js = ts.transpileModule(wrapped, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const body = js.slice(js.indexOf('{') + 1, js.lastIndexOf('}'));
  return { body, checks };
}
