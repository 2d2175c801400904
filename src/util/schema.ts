/**
 * zod, loaded on first use, and one way to turn a zod error into liftwise's.
 *
 * Why lazy: importing zod costs a command about 0.13 s on a quiet 2-core machine
 * (bench/cli-startup.bench.mjs), and most calls — a fit with default options,
 * `score`, `allocate` — never validate an options object. Schemas are therefore
 * built by `lazySchema(build)` on their first use, and zod is loaded then. Every
 * module that validates with zod goes through `zod()`, so one copy of zod is loaded.
 */
import { createRequire } from 'node:module';
import type { z } from 'zod';
import { formatPath } from '../errors.js';

/** The zod namespace type, for helpers that build parts of a schema. */
export type Zod = typeof z;

const require = createRequire(import.meta.url);
let loaded: Zod | undefined;

/** The zod namespace (`z`), loaded on the first call. */
export function zod(): Zod {
  loaded ??= (require('zod') as { z: Zod }).z;
  return loaded;
}

/**
 * A schema built on first use: `const options = lazySchema((z) => z.object({ ... }))`, then `options()`.
 *
 * @example
 * const point = lazySchema((z) => z.object({ x: z.number() }));
 * point().safeParse({ x: 1 }).success; // true
 */
export function lazySchema<T>(build: (z: Zod) => T): () => T {
  let schema: T | undefined;
  return () => {
    schema ??= build(zod());
    return schema;
  };
}

/** One problem zod found, with its field path. */
export interface SchemaIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/** Every issue of a zod error, with symbol keys spelled as strings. */
export function schemaIssues(error: z.ZodError): SchemaIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
}

/**
 * The text of all issues: the first issue's message (its path is the error's
 * location), then each further issue with its own path, up to `limit` in all.
 *
 * @example
 * issuesText([{ path: ['l2'], message: 'Too small' }, { path: ['seed'], message: 'Expected number' }]); // 'Too small; seed: Expected number'
 */
export function issuesText(issues: readonly SchemaIssue[], limit = 5): string {
  const shown = issues.slice(0, limit).map((issue, k) => (k === 0 || issue.path.length === 0 ? issue.message : `${formatPath(issue.path)}: ${issue.message}`));
  const more = issues.length > limit ? ` (and ${issues.length - limit} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * Validates `value`; on failure calls `fail(text, path)` with every issue's text
 * and the first issue's path, and throws what it returns.
 *
 * @example
 * const point = lazySchema((z) => z.object({ x: z.number() }));
 * parseOrThrow(point(), { x: 2 }, (text) => new Error(text)); // { x: 2 }
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, fail: (text: string, path: ReadonlyArray<string | number>) => Error): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = schemaIssues(parsed.error);
  throw fail(issuesText(issues), issues[0]?.path ?? []);
}
