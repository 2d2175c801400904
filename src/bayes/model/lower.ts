/**
 * Lowers an expression to ops on the tape, checking lengths as it goes.
 * Sub-expressions over constants only are evaluated once, here, and never
 * reach the tape (so `log(earn)` or `height * male` cost nothing per step).
 */
import { BinaryOp, GatherOp, MatVecOp, SumOp, UnaryOp, type Op } from '../ad/ops.js';
import { Var } from '../ad/var.js';
import { families } from '../distributions/index.js';
import { formatExpression, type Expr } from './expression.js';
import { functionNames, specialFunctions, unaryByName } from './functions.js';
import { modelErrors } from './messages.js';

type Path = ReadonlyArray<string | number>;

export interface GroupValue {
  readonly codes: Int32Array;
  readonly levels: number;
}
export interface MatrixValue {
  readonly values: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** What names mean while lowering, and where new ops go. */
export interface LowerContext {
  readonly source: string | undefined;
  readonly vars: Map<string, Var>;
  readonly groups: Map<string, GroupValue>;
  readonly matrices: Map<string, MatrixValue>;
  readonly withGradient: boolean;
  /** All node names, for "unknown name" messages. */
  readonly known: readonly string[];
  /** Appends a non-constant op to the program; `inputs` lets the caller trace dependencies. */
  emit(op: Op, inputs: readonly Var[]): void;
}

/** Runs `op` now when its inputs are constant (folding), else puts it on the tape. */
export function applyOp(ctx: LowerContext, op: Op, inputs: readonly Var[]): Var {
  if (inputs.every((v) => v.constant)) {
    op.forward(false);
    return Var.constant(op.out.value);
  }
  ctx.emit(op, inputs);
  return op.out;
}

export function constantVar(value: number): Var {
  return Var.constant(Float64Array.of(value));
}

function broadcastLength(ctx: LowerContext, path: Path, e: Expr, a: number, b: number): number {
  if (a === b || b === 1) return a;
  if (a === 1) return b;
  throw modelErrors.lengthMismatch(ctx.source, path, `in '${formatExpression(e)}'`, a, b);
}

/** Lowers `e`; errors name `path` (the node's field) and the offending sub-expression. */
export function lowerExpression(ctx: LowerContext, e: Expr, path: Path): Var {
  switch (e.op) {
    case 'num':
      return constantVar(e.value);
    case 'ref': {
      const v = ctx.vars.get(e.name);
      if (v !== undefined) return v;
      if (ctx.groups.has(e.name)) throw modelErrors.groupAsValue(ctx.source, path, e.name);
      if (ctx.matrices.has(e.name)) throw modelErrors.matrixAsValue(ctx.source, path, e.name);
      throw modelErrors.unknownName(ctx.source, path, e.name, ctx.known);
    }
    case 'neg': {
      const a = lowerExpression(ctx, e.arg, path);
      return applyOp(ctx, new UnaryOp('neg', a, ctx.withGradient), [a]);
    }
    case 'bin': {
      const a = lowerExpression(ctx, e.left, path);
      const b = lowerExpression(ctx, e.right, path);
      broadcastLength(ctx, path, e, a.length, b.length);
      return applyOp(ctx, new BinaryOp(e.fn, a, b, ctx.withGradient), [a, b]);
    }
    case 'index':
      return lowerIndex(ctx, e, path);
    case 'call':
      return lowerCall(ctx, e, path);
  }
}

function lowerIndex(ctx: LowerContext, e: Extract<Expr, { op: 'index' }>, path: Path): Var {
  const target = lowerExpression(ctx, e.target, path);
  const targetText = formatExpression(e.target);
  const index = e.index;
  if (index.op === 'ref' && ctx.groups.has(index.name)) {
    const group = ctx.groups.get(index.name)!;
    if (target.length !== group.levels) {
      throw modelErrors.groupLevels(ctx.source, path, targetText, target.length, index.name, group.levels);
    }
    // One unit per level in level order (a tank per row): the lookup is the identity.
    if (isIdentity(group.codes, target.length)) return target;
    return applyOp(ctx, new GatherOp(target, group.codes, ctx.withGradient), [target]);
  }
  if (index.op === 'num' && Number.isInteger(index.value)) {
    if (index.value < 1 || index.value > target.length) {
      throw modelErrors.indexOutOfRange(ctx.source, path, targetText, index.value, target.length);
    }
    return applyOp(ctx, new GatherOp(target, Int32Array.of(index.value - 1), ctx.withGradient), [target]);
  }
  throw modelErrors.badIndex(ctx.source, path, formatExpression(index));
}

function lowerCall(ctx: LowerContext, e: Extract<Expr, { op: 'call' }>, path: Path): Var {
  if (families.has(e.fn)) throw modelErrors.distInExpression(ctx.source, path, e.fn);
  const unary = unaryByName.get(e.fn);
  if (unary !== undefined) {
    if (e.args.length !== 1) throw modelErrors.arity(ctx.source, path, e.fn, 1, e.args.length);
    const a = lowerExpression(ctx, e.args[0]!, path);
    return applyOp(ctx, new UnaryOp(unary, a, ctx.withGradient), [a]);
  }
  const arity = specialFunctions.get(e.fn);
  if (arity === undefined) throw modelErrors.unknownFunction(ctx.source, path, e.fn, functionNames);
  if (e.args.length !== arity) throw modelErrors.arity(ctx.source, path, e.fn, arity, e.args.length);
  switch (e.fn) {
    case 'pow': {
      const a = lowerExpression(ctx, e.args[0]!, path);
      const b = lowerExpression(ctx, e.args[1]!, path);
      broadcastLength(ctx, path, e, a.length, b.length);
      return applyOp(ctx, new BinaryOp('^', a, b, ctx.withGradient), [a, b]);
    }
    case 'sum': {
      const a = lowerExpression(ctx, e.args[0]!, path);
      return applyOp(ctx, new SumOp(a, ctx.withGradient), [a]);
    }
    case 'mean': {
      const a = lowerExpression(ctx, e.args[0]!, path);
      const s = applyOp(ctx, new SumOp(a, ctx.withGradient), [a]);
      const n = constantVar(a.length);
      return applyOp(ctx, new BinaryOp('/', s, n, ctx.withGradient), [s, n]);
    }
    default: {
      // dot(X, b): matrix times vector, or the inner product of two vectors.
      const first = e.args[0]!;
      const b = lowerExpression(ctx, e.args[1]!, path);
      if (first.op === 'ref' && ctx.matrices.has(first.name)) {
        const m = ctx.matrices.get(first.name)!;
        if (b.length !== m.cols) {
          throw modelErrors.lengthMismatch(ctx.source, path, `in '${formatExpression(e)}' (matrix columns vs coefficients)`, m.cols, b.length);
        }
        return applyOp(ctx, new MatVecOp(m.values, m.rows, m.cols, b, ctx.withGradient), [b]);
      }
      const a = lowerExpression(ctx, first, path);
      if (a.length !== b.length) throw modelErrors.lengthMismatch(ctx.source, path, `in '${formatExpression(e)}'`, a.length, b.length);
      const product = applyOp(ctx, new BinaryOp('*', a, b, ctx.withGradient), [a, b]);
      return applyOp(ctx, new SumOp(product, ctx.withGradient), [product]);
    }
  }
}

function isIdentity(codes: Int32Array, length: number): boolean {
  if (codes.length !== length) return false;
  for (let i = 0; i < length; i++) if (codes[i] !== i) return false;
  return true;
}

/** The length an expression would have, without putting anything on the tape. */
export function expressionLength(ctx: LowerContext, e: Expr, path: Path): number {
  return lowerExpression({ ...ctx, emit: () => undefined }, e, path).length;
}

/** The length of a random node: its shape, else the broadcast length of its arguments. */
export function randomNodeLength(
  ctx: LowerContext,
  path: Path,
  name: string,
  shape: number | string | undefined,
  argLengths: readonly number[],
): { length: number; scalar: boolean } {
  let length: number;
  let scalar = false;
  if (typeof shape === 'number') length = shape;
  else if (typeof shape === 'string') {
    const group = ctx.groups.get(shape);
    if (group === undefined) throw modelErrors.badShape(ctx.source, [...path, 'shape'], shape);
    length = group.levels;
  } else {
    length = argLengths.reduce((acc, l) => (acc === l || l === 1 ? acc : acc === 1 ? l : -1), 1);
    if (length === -1) {
      const lens = argLengths.filter((l) => l !== 1);
      throw modelErrors.lengthMismatch(ctx.source, [...path, 'dist'], `arguments of '${name}'`, lens[0]!, lens.find((l) => l !== lens[0])!);
    }
    scalar = length === 1;
  }
  for (const l of argLengths) {
    if (l !== 1 && l !== length) throw modelErrors.lengthMismatch(ctx.source, [...path, 'dist'], `'${name}' and an argument of its distribution`, length, l);
  }
  return { length, scalar };
}
