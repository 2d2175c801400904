/**
 * Reads a scenario file (YAML or JSON), validates it, and resolves its paths
 * relative to the file. Problems name the field path and, where the parser
 * knows it, the line.
 */
import { promises as fs } from 'node:fs';
import { dirname, resolve, isAbsolute } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { scenarioSchema, type ScenarioSpec } from './spec.js';
import { scenarioErrors } from './messages.js';
import { formatPath } from '../errors.js';

export interface LoadedScenario {
  readonly file: string;
  /** Directory the scenario's relative paths start from. */
  readonly dir: string;
  readonly spec: ScenarioSpec;
}

/** Parses and validates scenario text; `file` is used for messages and relative paths. */
export function parseScenario(text: string, file: string): LoadedScenario {
  const lineCounter = new LineCounter();
  // JSON is valid YAML 1.2, so one parser serves both and gives line numbers for either.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const line = error.pos[0] === undefined ? undefined : lineCounter.linePos(error.pos[0]).line;
    throw scenarioErrors.syntax(file, line, error.message.split('\n')[0]!);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The yaml library refuses alias expansions that would blow up (a "billion laughs" file).
    const reason = e instanceof Error ? e.message : String(e);
    if (/alias/i.test(reason)) throw scenarioErrors.syntax(file, undefined, 'too many aliases expand (more than 100 copies); write the values out instead of nesting aliases');
    throw scenarioErrors.syntax(file, undefined, reason.split('\n')[0]!);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // An unknown key is best shown on its own line.
    const keys = 'keys' in issue ? (issue.keys as string[]) : [];
    const linePath = keys.length > 0 ? [...path, keys[0]!] : path;
    throw scenarioErrors.invalid(file, lineOf(doc, lineCounter, linePath), path, describeIssue(issue, path));
  }
  return { file, dir: dirname(resolve(file)), spec: parsed.data };
}

export async function loadScenario(file: string): Promise<LoadedScenario> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw scenarioErrors.notFound(file);
    throw scenarioErrors.unreadable(file, code ?? String(e));
  }
  return parseScenario(text, file);
}

/** A path from the scenario file, resolved against its directory. */
export function scenarioPath(scenario: LoadedScenario, path: string): string {
  return isAbsolute(path) ? path : resolve(scenario.dir, path);
}

/** The line of the deepest node on `path` that exists in the document. */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: ReadonlyArray<string | number>): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      // For a key that is present, point at the key's line: the node range starts at its value.
      return counter.linePos(node.range[0]).line;
    }
  }
  return undefined;
}

function describeIssue(issue: { code: string; message: string; keys?: readonly string[] }, path: ReadonlyArray<string | number>): string {
  if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) {
    const where = path.length === 0 ? 'the top level' : formatPath(path);
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} in ${where}`;
  }
  return issue.message;
}
