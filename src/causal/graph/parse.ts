/**
 * Reads a causal graph from text: one statement per line or several separated
 * by ';', `#` (or `//`) comments. A statement is a chain of variables joined by
 * `->`, `<-` or `<->` (`a -> b <-> c` is two edges), or a lone variable name.
 * dagitty's `dag { … }` block is accepted too: the wrapper, node attributes in
 * `[…]` and quoted names are understood, so a graph copied from dagitty.net reads as is.
 */
import { promises as fs } from 'node:fs';
import { Admg, type BidirectedEdge, type DirectedEdge } from './admg.js';
import { graphErrors } from './messages.js';

const NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

export interface ParsedGraph {
  readonly graph: Admg;
  /** Line of each variable's first mention (1-based), for messages about queries. */
  readonly lines: ReadonlyMap<string, number>;
}

/** Reads and parses a graph file. */
export async function readGraph(file: string): Promise<ParsedGraph> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw graphErrors.unreadable(file, e instanceof Error ? e.message.replace(/^[A-Z]+: /, '') : String(e));
  }
  return parseGraph(text, file);
}

/** Parses graph text; `file` only names the source in messages. */
export function parseGraph(text: string, file?: string): ParsedGraph {
  const variables: string[] = [];
  const lines = new Map<string, number>();
  const directed: DirectedEdge[] = [];
  const bidirected: BidirectedEdge[] = [];
  const children = new Map<string, Set<string>>();
  const declare = (name: string, line: number): string => {
    const v = unquote(name);
    if (!NAME.test(v)) throw graphErrors.badName(file, line, v);
    if (!lines.has(v)) {
      lines.set(v, line);
      variables.push(v);
      children.set(v, new Set());
    }
    return v;
  };
  const addDirected = (from: string, to: string, line: number): void => {
    if (from === to) throw graphErrors.selfLoop(file, line, from);
    if (children.get(from)!.has(to)) return;
    const back = directedPath(children, to, from);
    if (back !== undefined) throw graphErrors.cycle(file, line, [from, ...back]);
    children.get(from)!.add(to);
    directed.push({ from, to });
  };

  const physical = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < physical.length; i++) {
    const lineNo = i + 1;
    let body = stripComment(physical[i]!);
    // dagitty wrapper: 'dag {' opens, '}' closes; both may share a line with statements.
    body = body.replace(/^\s*(strict\s+)?(dag|pdag|mag|pag)\s*(\w+\s*)?\{/i, ' ').replace(/\}\s*$/, ' ');
    body = body.replace(/\[[^\]]*\]/g, ' ');
    for (const raw of body.split(';')) {
      const statement = raw.trim();
      if (statement === '' || statement === '{' || statement === '}') continue;
      if (/^(bb|graph|node|edge)\s*=/.test(statement)) continue; // dagitty layout attributes
      const parts = statement.split(/\s*(<->|->|<-|--)\s*/);
      if (parts.length === 1) {
        // dagitty lists several nodes on one line: 'x y z'.
        for (const name of statement.split(/\s+/)) declare(name, lineNo);
        continue;
      }
      if (parts.length % 2 === 0) throw graphErrors.syntax(file, lineNo, statement);
      for (let k = 0; k + 2 < parts.length; k += 2) {
        const leftText = parts[k]!.trim();
        const arrow = parts[k + 1]!;
        const rightText = parts[k + 2]!.trim();
        if (leftText === '' || rightText === '' || arrow === '--') throw graphErrors.syntax(file, lineNo, statement);
        const left = declare(leftText, lineNo);
        const right = declare(rightText, lineNo);
        if (arrow === '->') addDirected(left, right, lineNo);
        else if (arrow === '<-') addDirected(right, left, lineNo);
        else {
          if (left === right) throw graphErrors.selfLoop(file, lineNo, left);
          bidirected.push({ a: left, b: right });
        }
      }
    }
  }
  if (variables.length === 0) throw graphErrors.empty(file);
  return { graph: new Admg(variables, directed, bidirected), lines };
}

function stripComment(line: string): string {
  let cut = line.length;
  const hash = line.indexOf('#');
  if (hash >= 0) cut = hash;
  const slashes = line.indexOf('//');
  if (slashes >= 0 && slashes < cut) cut = slashes;
  return line.slice(0, cut);
}

function unquote(name: string): string {
  const t = name.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** A directed path from → … → to (as the list of its variables), if any. */
function directedPath(children: ReadonlyMap<string, ReadonlySet<string>>, from: string, to: string): string[] | undefined {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift()!;
    if (v === to) {
      const path: string[] = [];
      for (let u: string | null = v; u !== null; u = previous.get(u)!) path.push(u);
      return path.reverse();
    }
    for (const c of children.get(v) ?? []) {
      if (!previous.has(c)) {
        previous.set(c, v);
        queue.push(c);
      }
    }
  }
  return undefined;
}
