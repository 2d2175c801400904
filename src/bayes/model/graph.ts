/**
 * Resolves a ModelSpec into a checked graph: names valid and unique,
 * expressions parsed, non-centred parameters expanded, data checked, nodes in
 * dependency order. Lengths are checked later, when expressions are lowered.
 */
import type { Family } from '../distributions/index.js';
import { familyByName, families } from '../distributions/index.js';
import { ExpressionSyntaxError, formatExpression, isIdentifier, parseExpression, referencedNames, type Expr } from './expression.js';
import { functionNames } from './functions.js';
import { modelErrors } from './messages.js';
import type { ModelSpec, NodeSpec } from './spec.js';

type Path = ReadonlyArray<string | number>;

interface Base {
  readonly name: string;
  /** Field path of the spec node this came from, e.g. ['nodes', 3]. */
  readonly path: Path;
  /** Names this node's value depends on directly. */
  readonly parents: readonly string[];
  /** Names that must be placed first although the value does not depend on them. */
  readonly after?: readonly string[];
}

export interface ResolvedData extends Base {
  readonly kind: 'data';
  readonly values: Float64Array;
  readonly matrix: { readonly rows: number; readonly cols: number } | undefined;
}
export interface ResolvedGroup extends Base {
  readonly kind: 'group';
  readonly codes: Int32Array;
  readonly levels: number;
}
export interface ResolvedRandom extends Base {
  readonly kind: 'param' | 'observed';
  readonly family: Family;
  readonly args: readonly Expr[];
  readonly distText: string;
  /** Observed values (observed nodes only). */
  readonly values: Float64Array | undefined;
  readonly shape: number | string | undefined;
  readonly lower: number | undefined;
  readonly upper: number | undefined;
  /** Without a shape: take the broadcast length of these expressions (the raw node of a non-centred parameter). */
  readonly lengthOf?: readonly Expr[];
}
export interface ResolvedDeterministic extends Base {
  readonly kind: 'deterministic';
  readonly expr: Expr;
  readonly track: boolean;
}

export type ResolvedNode = ResolvedData | ResolvedGroup | ResolvedRandom | ResolvedDeterministic;

export interface ResolvedModel {
  /** Nodes in dependency order (parents first; ties keep spec order). */
  readonly nodes: readonly ResolvedNode[];
  readonly byName: ReadonlyMap<string, ResolvedNode>;
  /** Spec order of nodes (for reporting parameters in the order they were declared). */
  readonly declared: readonly string[];
  readonly source: string | undefined;
  readonly interventions: readonly string[];
}

const reserved = new Set<string>([...functionNames, ...families.keys()]);

export function parseAt(source: string | undefined, path: Path, text: string): Expr {
  try {
    return parseExpression(text);
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) throw modelErrors.syntax(source, path, text, e.position, e.message);
    throw e;
  }
}

/** Parses a `dist` field: a call of a known distribution. */
export function parseDistribution(source: string | undefined, path: Path, text: string): { family: Family; args: Expr[] } {
  const e = parseAt(source, path, text);
  const known = [...families.keys()];
  if (e.op !== 'call') throw modelErrors.notDistribution(source, path, text, known);
  const family = familyByName(e.fn);
  if (family === undefined) throw modelErrors.notDistribution(source, path, e.fn, known);
  if (e.args.length !== family.params.length) throw modelErrors.arity(source, path, family.name, family.params, e.args.length);
  return { family, args: [...e.args] };
}

const toFloat64 = (v: Float64Array | readonly number[]): Float64Array => (v instanceof Float64Array ? v : Float64Array.from(v));

/** Checks and orders the nodes of a spec. */
export function resolveModel(spec: ModelSpec): ResolvedModel {
  const source = spec.source;
  const expanded: ResolvedNode[] = [];
  const declared: string[] = [];
  const seen = new Set<string>();

  const claim = (name: string, path: Path): void => {
    if (typeof name !== 'string' || !isIdentifier(name)) throw modelErrors.badName(source, [...path, 'name'], String(name));
    if (reserved.has(name)) throw modelErrors.reservedName(source, [...path, 'name'], name);
    if (seen.has(name)) throw modelErrors.duplicateName(source, [...path, 'name'], name);
    seen.add(name);
    declared.push(name);
  };

  spec.nodes.forEach((node: NodeSpec, i: number) => {
    const path: Path = ['nodes', i];
    claim(node.name, path);
    switch (node.kind) {
      case 'data': {
        const values = toFloat64(node.values);
        let matrix: ResolvedData['matrix'];
        if (node.shape !== undefined) {
          const [rows, cols] = node.shape;
          if (rows * cols !== values.length) throw modelErrors.matrixShape(source, [...path, 'shape'], node.name, rows, cols, values.length);
          matrix = { rows, cols };
        }
        for (let k = 0; k < values.length; k++) {
          if (!Number.isFinite(values[k]!)) throw modelErrors.badValue(source, [...path, 'values'], node.name, k, values[k]!, 'a finite number');
        }
        expanded.push({ kind: 'data', name: node.name, path, parents: [], values, matrix });
        break;
      }
      case 'group': {
        const codes = node.codes instanceof Int32Array ? node.codes : Int32Array.from(node.codes);
        if (!Number.isInteger(node.levels) || node.levels < 1) throw modelErrors.badShape(source, [...path, 'levels'], node.levels);
        for (let k = 0; k < codes.length; k++) {
          const c = node.codes[k]!;
          if (!Number.isInteger(c) || c < 0 || c >= node.levels) {
            throw modelErrors.badGroupCode(source, [...path, 'codes'], node.name, k, c, node.levels);
          }
        }
        expanded.push({ kind: 'group', name: node.name, path, parents: [], codes, levels: node.levels });
        break;
      }
      case 'param':
      case 'observed': {
        const { family, args } = parseDistribution(source, [...path, 'dist'], node.dist);
        const shape = node.kind === 'param' ? node.shape : undefined;
        if (shape !== undefined && !(typeof shape === 'string' || (Number.isInteger(shape) && shape >= 1))) {
          throw modelErrors.badShape(source, [...path, 'shape'], shape);
        }
        const lower = node.kind === 'param' ? node.lower : undefined;
        const upper = node.kind === 'param' ? node.upper : undefined;
        const parents = new Set<string>();
        for (const a of args) referencedNames(a, parents);
        if (typeof shape === 'string') parents.add(shape);
        if (node.kind === 'param' && node.noncentered === true) {
          if (family.name !== 'Normal') {
            throw modelErrors.noncenteredNeedsNormal(source, [...path, 'dist'], node.name, node.dist);
          }
          const raw = `${node.name}_z`;
          claim(raw, path);
          declared.pop(); // report the raw node where its owner was declared
          declared.splice(declared.length - 1, 0, raw);
          const [mean, scale] = args as [Expr, Expr];
          expanded.push({
            kind: 'param',
            name: raw,
            path,
            parents: typeof shape === 'string' ? [shape] : [],
            ...(shape === undefined ? { after: [...parents], lengthOf: [mean, scale] } : {}),
            family,
            args: [{ op: 'num', value: 0, pos: 0 }, { op: 'num', value: 1, pos: 0 }],
            distText: 'Normal(0, 1)',
            values: undefined,
            shape,
            lower: undefined,
            upper: undefined,
          });
          const exprText = `${formatExpression(mean)} + (${formatExpression(scale)}) * ${raw}`;
          const exprParents = new Set<string>([raw]);
          referencedNames(mean, exprParents);
          referencedNames(scale, exprParents);
          expanded.push({
            kind: 'deterministic',
            name: node.name,
            path,
            parents: [...exprParents],
            expr: parseExpression(exprText),
            track: true,
          });
          break;
        }
        let values: Float64Array | undefined;
        if (node.kind === 'observed') {
          values = toFloat64(node.values);
          for (let k = 0; k < values.length; k++) {
            if (Number.isNaN(values[k]!)) {
              throw modelErrors.badValue(source, [...path, 'values'], node.name, k, NaN, 'a number (observed values cannot be missing)');
            }
          }
        }
        expanded.push({
          kind: node.kind,
          name: node.name,
          path,
          parents: [...parents],
          family,
          args,
          distText: node.dist,
          values,
          shape,
          lower,
          upper,
        });
        break;
      }
      case 'deterministic': {
        const expr = parseAt(source, [...path, 'expr'], node.expr);
        expanded.push({ kind: 'deterministic', name: node.name, path, parents: [...referencedNames(expr)], expr, track: node.track !== false });
        break;
      }
      default: {
        const kind = (node as { kind?: unknown }).kind;
        throw modelErrors.badKind(source, [...path, 'kind'], kind);
      }
    }
  });

  const byName = new Map(expanded.map((n) => [n.name, n]));
  for (const node of expanded) {
    for (const p of [...node.parents, ...(node.after ?? [])]) {
      if (!byName.has(p)) {
        const field = node.kind === 'deterministic' ? 'expr' : node.kind === 'data' || node.kind === 'group' ? 'name' : 'dist';
        throw modelErrors.unknownName(source, [...node.path, field], p, declared);
      }
    }
  }
  const ordered = topologicalOrder(expanded, source);
  return {
    nodes: ordered,
    byName: new Map(ordered.map((n) => [n.name, n])),
    declared,
    source,
    interventions: spec.interventions ?? [],
  };
}

/** Kahn's algorithm, stable in spec order; a cycle is an error naming its nodes. */
function topologicalOrder(nodes: readonly ResolvedNode[], source: string | undefined): ResolvedNode[] {
  const index = new Map(nodes.map((n, i) => [n.name, i]));
  const deps = (n: ResolvedNode): string[] => [...new Set([...n.parents, ...(n.after ?? [])])];
  const pending = nodes.map((n) => deps(n).filter((p) => index.has(p)).length);
  const children: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    for (const p of deps(n)) {
      const j = index.get(p);
      if (j !== undefined) children[j]!.push(i);
    }
  });
  const done: ResolvedNode[] = [];
  const placed = new Array<boolean>(nodes.length).fill(false);
  // Repeatedly take the first node (in spec order) whose parents are all placed.
  let progress = true;
  while (done.length < nodes.length && progress) {
    progress = false;
    for (let i = 0; i < nodes.length; i++) {
      if (placed[i] || pending[i]! > 0) continue;
      placed[i] = true;
      done.push(nodes[i]!);
      for (const c of children[i]!) pending[c]!--;
      progress = true;
      break;
    }
  }
  if (done.length < nodes.length) {
    const stuck = nodes.filter((_, i) => !placed[i]);
    const cycle = findCycle(stuck);
    throw modelErrors.cycle(source, stuck[0]!.path, cycle);
  }
  return done;
}

function findCycle(stuck: readonly ResolvedNode[]): string[] {
  const byName = new Map(stuck.map((n) => [n.name, n]));
  let current = stuck[0]!;
  const trail: string[] = [];
  while (!trail.includes(current.name)) {
    trail.push(current.name);
    const next = [...current.parents, ...(current.after ?? [])].map((p) => byName.get(p)).find((n) => n !== undefined);
    if (next === undefined) break;
    current = next;
  }
  const start = trail.indexOf(current.name);
  return [...trail.slice(start), current.name].reverse();
}
