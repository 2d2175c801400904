/**
 * Forward simulation of a model, draw by draw: the engine behind predictive
 * draws and effect (CATE) draws. Every node gets a role:
 *
 *   input    its values are copied in from a posterior draw
 *   sample   drawn from its distribution given its (recomputed) parents
 *   mean     set to its expectation given its parents (the outcome of an effect)
 *   data / observed values / deterministic expressions are computed as usual.
 *
 * The program is lowered once onto the same vector ops as the log density
 * (no gradients), so a pass over all units allocates nothing.
 */
import type { Op } from '../ad/ops.js';
import { Var, strideOf } from '../ad/var.js';
import type { DensityCall, Family } from '../distributions/family.js';
import type { Random } from '../../util/random.js';
import type { ResolvedModel, ResolvedNode } from '../model/graph.js';
import { expressionLength, lowerExpression, randomNodeLength, type LowerContext } from '../model/lower.js';
import { modelErrors } from '../model/messages.js';

export type NodeRole = 'input' | 'sample' | 'mean';

/** Holds the random stream the sample ops read; swapped per draw. */
export interface RngSlot {
  rng: Random | undefined;
}

class DrawOp implements Op {
  readonly out: Var;
  private readonly call: DensityCall;

  constructor(
    readonly family: Family,
    args: readonly Var[],
    length: number,
    private readonly slot: RngSlot,
    private readonly expectation: boolean,
  ) {
    this.out = Var.computed(length, false);
    this.call = {
      n: length,
      x: this.out.value,
      xs: 1,
      gx: null,
      a: args.map((a) => a.value),
      as: args.map((a) => strideOf(a, length)),
      ga: args.map(() => null),
    };
  }

  forward(): number {
    if (this.expectation) this.family.mean(this.call, this.out.value);
    else this.family.sample(this.slot.rng!, this.call, this.out.value);
    return 0;
  }

  backward(): void {}
}

export interface ForwardNode {
  readonly name: string;
  readonly kind: ResolvedNode['kind'];
  readonly role: NodeRole | undefined;
  readonly value: Var | undefined;
  /** Reported without an index (a scalar parameter). */
  readonly scalar: boolean;
}

/**
 * A model lowered for forward passes. `roles` gives the role of random nodes
 * (missing: observed nodes keep their values, free parameters are inputs);
 * `keep` limits the program to these nodes and their ancestors.
 */
export class ForwardProgram {
  readonly nodes: ReadonlyMap<string, ForwardNode>;
  private readonly ops: readonly Op[];
  readonly slot: RngSlot = { rng: undefined };

  constructor(model: ResolvedModel, roles: ReadonlyMap<string, NodeRole>, keep?: ReadonlySet<string>) {
    const ops: Op[] = [];
    const ctx: LowerContext = {
      source: model.source,
      vars: new Map(),
      groups: new Map(),
      matrices: new Map(),
      withGradient: false,
      known: model.declared,
      emit(op) {
        ops.push(op);
      },
    };
    const included = keep === undefined ? undefined : ancestorsOf(model, keep);
    const nodes = new Map<string, ForwardNode>();
    for (const node of model.nodes) {
      if (included !== undefined && !included.has(node.name)) continue;
      const path = node.path;
      switch (node.kind) {
        case 'data': {
          if (node.matrix !== undefined) {
            ctx.matrices.set(node.name, { values: node.values, ...node.matrix });
            nodes.set(node.name, { name: node.name, kind: node.kind, role: undefined, value: undefined, scalar: false });
            break;
          }
          // A data node given the role 'input' is a slot the caller rewrites (the treatment of an effect), so it is not folded.
          const role = roles.get(node.name) === 'input' ? 'input' : undefined;
          let v = Var.constant(node.values);
          if (role === 'input') {
            v = Var.computed(node.values.length, false);
            v.value.set(node.values);
          }
          ctx.vars.set(node.name, v);
          nodes.set(node.name, { name: node.name, kind: node.kind, role, value: v, scalar: false });
          break;
        }
        case 'group':
          ctx.groups.set(node.name, { codes: node.codes, levels: node.levels });
          nodes.set(node.name, { name: node.name, kind: node.kind, role: undefined, value: undefined, scalar: false });
          break;
        case 'deterministic': {
          const v = lowerExpression(ctx, node.expr, [...path, 'expr']);
          ctx.vars.set(node.name, v);
          nodes.set(node.name, { name: node.name, kind: node.kind, role: undefined, value: v, scalar: v.length === 1 });
          break;
        }
        case 'param':
        case 'observed': {
          const role = roles.get(node.name) ?? (node.kind === 'param' ? 'input' : undefined);
          // Arguments are only computed when the node is drawn; otherwise only their lengths matter.
          const drawn = role === 'sample' || role === 'mean';
          const args = node.args.map((a) => (drawn ? lowerExpression(ctx, a, [...path, 'dist']) : undefined));
          const lengthFrom =
            node.lengthOf?.map((a) => expressionLength(ctx, a, [...path, 'dist'])) ??
            node.args.map((a, k) => args[k]?.length ?? expressionLength(ctx, a, [...path, 'dist']));
          // A drawn observed node takes its length from its arguments (new units may differ from the data it was fitted to).
          const argsBroadcast = lengthFrom.some((l) => l !== 1);
          const shape = node.kind === 'observed' ? (drawn && argsBroadcast ? undefined : node.values!.length) : node.shape;
          const { length, scalar } = randomNodeLength(ctx, path, node.name, shape, lengthFrom);
          let v: Var;
          if (role === undefined) {
            v = Var.constant(node.values!);
          } else if (role === 'input') {
            v = Var.computed(length, false);
          } else {
            if (role === 'sample' && node.family.name === 'Flat') throw modelErrors.flatPredictive(node.name);
            const op = new DrawOp(node.family, args as Var[], length, this.slot, role === 'mean');
            ops.push(op);
            v = op.out;
          }
          ctx.vars.set(node.name, v);
          nodes.set(node.name, { name: node.name, kind: node.kind, role, value: v, scalar: node.kind === 'param' && scalar });
          break;
        }
      }
    }
    this.nodes = nodes;
    this.ops = ops;
  }

  /** Runs every op once, sampling from `rng`. */
  run(rng: Random | undefined): void {
    this.slot.rng = rng;
    const ops = this.ops;
    for (let i = 0; i < ops.length; i++) ops[i]!.forward(false);
  }

  /** The buffer of a node (an input to fill, or a result to read). */
  value(name: string): Float64Array {
    const v = this.nodes.get(name)?.value;
    if (v === undefined) throw new RangeError(`node '${name}' has no value in this program`);
    return v.value;
  }
}

/** Children lists of the value-dependency graph. */
export function childrenOf(model: ResolvedModel): Map<string, string[]> {
  const children = new Map<string, string[]>(model.nodes.map((n) => [n.name, []]));
  for (const n of model.nodes) for (const p of n.parents) children.get(p)?.push(n.name);
  return children;
}

/** The given nodes and everything downstream of them. */
export function descendantsOf(model: ResolvedModel, roots: Iterable<string>): Set<string> {
  const children = childrenOf(model);
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (out.has(n)) continue;
    out.add(n);
    for (const c of children.get(n) ?? []) stack.push(c);
  }
  return out;
}

/** The given nodes and everything they depend on (ordering-only dependencies included). */
export function ancestorsOf(model: ResolvedModel, roots: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (out.has(n)) continue;
    out.add(n);
    const node = model.byName.get(n);
    if (node === undefined) continue;
    for (const p of [...node.parents, ...(node.after ?? [])]) stack.push(p);
  }
  return out;
}
