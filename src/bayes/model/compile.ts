/**
 * Compiles a resolved model into a LogDensityTarget: the log density of the
 * free parameters on the unconstrained space (priors + likelihood +
 * log-Jacobians) and its gradient by reverse-mode differentiation over a
 * static tape of vector ops. Every buffer is allocated here, once; an
 * evaluation allocates nothing.
 */
import { DensityOp, ParamOp, type EvalState } from '../ad/density.js';
import { NormalLinearOp } from '../ad/fused.js';
import type { Op } from '../ad/ops.js';
import { Var } from '../ad/var.js';
import { describeSupport, inSupport } from '../distributions/index.js';
import type { LogDensityTarget } from '../target.js';
import { transformFor, type Transform } from '../transforms/index.js';
import type { ResolvedModel, ResolvedRandom } from './graph.js';
import { expressionLength, lowerExpression, randomNodeLength, type LowerContext } from './lower.js';
import { fuseNormalLinear } from './fuse.js';
import { modelErrors } from './messages.js';

export interface CompileOptions {
  /**
   * Compile `y ~ Normal(linear predictor, σ)` over data columns to one op that works on
   * sufficient statistics (default true). Turn off to evaluate op by op.
   */
  readonly fuse?: boolean;
}

/** A free parameter's place in the unconstrained vector. */
export interface FreeParameter {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
  /** Reported as 'name' rather than 'name[1]'. */
  readonly scalar: boolean;
  readonly transform: Transform;
}

interface Reported {
  readonly name: string;
  readonly value: Var;
  readonly scalar: boolean;
}

/** Names of a node's elements as reported in draws: 'sigma', or 'a[1]', 'a[2]', … */
export function elementNames(name: string, length: number, scalar: boolean): string[] {
  if (scalar) return [name];
  return Array.from({ length }, (_, i) => `${name}[${i + 1}]`);
}

/**
 * The compiled log density of a model.
 *
 * @example
 * const target = new Model()
 *   .param('mu', 'Normal(0, 10)')
 *   .param('sigma', 'HalfNormal(5)')
 *   .observed('y', 'Normal(mu, sigma)', [1.2, 0.4, 2.2])
 *   .compile();
 * const grad = new Float64Array(target.dim);
 * target.dim; // 2 (mu, and sigma on the log scale)
 * target.logDensityGradient(new Float64Array(target.dim), grad); // -11.0536 (at mu = 0, sigma = 1: log N(0 | 0, 10) + log HalfNormal(1 | 5) + Σ log N(y | 0, 1))
 */
export class CompiledModel implements LogDensityTarget {
  readonly dim: number;
  readonly parameterNames: readonly string[];
  readonly parameters: readonly FreeParameter[];
  private readonly state: EvalState;
  private readonly tape: readonly Op[];
  /** Ops only reported quantities need (deterministics nothing else depends on). */
  private readonly reportTape: readonly Op[];
  private readonly adjoints: readonly Float64Array[];
  private readonly reported: readonly Reported[];
  private readonly scratch: Float64Array;

  constructor(model: ResolvedModel, options: CompileOptions = {}) {
    const state: EvalState = { theta: new Float64Array(0), grad: new Float64Array(0) };
    const ops: Op[] = [];
    const inputsOf = new Map<Op, readonly Var[]>();
    const ctx: LowerContext = {
      source: model.source,
      vars: new Map(),
      groups: new Map(),
      matrices: new Map(),
      withGradient: true,
      known: model.declared,
      emit(op, inputs) {
        ops.push(op);
        inputsOf.set(op, inputs);
      },
    };
    const free = new Map<string, FreeParameter>();
    const paramOps: ParamOp[] = [];
    const tracked = new Map<string, Reported>();
    let offset = 0;

    for (const node of model.nodes) {
      switch (node.kind) {
        case 'data':
          if (node.matrix !== undefined) ctx.matrices.set(node.name, { values: node.values, ...node.matrix });
          else ctx.vars.set(node.name, varOfConstant(node.values));
          break;
        case 'group':
          ctx.groups.set(node.name, { codes: node.codes, levels: node.levels });
          break;
        case 'deterministic': {
          const v = lowerExpression(ctx, node.expr, [...node.path, 'expr']);
          ctx.vars.set(node.name, v);
          if (node.track) tracked.set(node.name, { name: node.name, value: v, scalar: v.length === 1 });
          break;
        }
        case 'param': {
          const args = node.args.map((a) => lowerExpression(ctx, a, [...node.path, 'dist']));
          const lengthFrom = node.lengthOf?.map((a) => expressionLength(ctx, a, [...node.path, 'dist'])) ?? args.map((a) => a.length);
          const { length, scalar } = randomNodeLength(ctx, node.path, node.name, node.shape, lengthFrom);
          if (node.family.discrete) throw modelErrors.discreteParameter(model.source, [...node.path, 'dist'], node.name, node.family.name);
          checkConstantArguments(model, node, args);
          const transform = transformOf(model, node, args);
          const op = new ParamOp(transform, offset, length, state, true);
          ctx.emit(op, []);
          paramOps.push(op);
          free.set(node.name, { name: node.name, offset, length, scalar, transform });
          offset += length;
          ctx.vars.set(node.name, op.out);
          if (node.family.name !== 'Flat') {
            const density = new DensityOp(node.family, op.out, args);
            ctx.emit(density, [op.out, ...args]);
          }
          break;
        }
        case 'observed': {
          const x = varOfConstant(node.values!);
          const fused = options.fuse === false ? undefined : fuseNormalLinear(ctx, node, x, [...node.path, 'dist']);
          if (fused !== undefined) {
            checkObserved(model, node, x, []);
            ctx.vars.set(node.name, x);
            ctx.emit(fused.op, fused.inputs);
            break;
          }
          const args = node.args.map((a) => lowerExpression(ctx, a, [...node.path, 'dist']));
          randomNodeLength(ctx, node.path, node.name, x.length, args.map((a) => a.length));
          checkConstantArguments(model, node, args);
          checkObserved(model, node, x, args);
          ctx.vars.set(node.name, x);
          ctx.emit(new DensityOp(node.family, x, args), args);
          break;
        }
      }
    }

    // Ops that feed no density term only serve reported deterministics: run them in constrain() alone.
    const producers = new Map<Var, Op>();
    for (const op of ops) producers.set(op.out, op);
    const needed = new Set<Op>();
    const stack: Op[] = ops.filter((op) => op instanceof DensityOp || op instanceof ParamOp || op instanceof NormalLinearOp);
    while (stack.length > 0) {
      const op = stack.pop()!;
      if (needed.has(op)) continue;
      needed.add(op);
      for (const input of inputsOf.get(op) ?? []) {
        const p = producers.get(input);
        if (p !== undefined && !needed.has(p)) stack.push(p);
      }
    }
    this.tape = ops.filter((op) => needed.has(op));
    this.reportTape = ops.filter((op) => !needed.has(op));
    this.adjoints = this.tape.map((op) => op.out.adj).filter((a): a is Float64Array => a !== null && a.length > 0);
    this.state = state;
    this.dim = offset;

    // Report free parameters, then tracked deterministics, each in declaration order.
    const parameters = model.declared.map((n) => free.get(n)).filter((p): p is FreeParameter => p !== undefined);
    this.parameters = parameters;
    const reported: Reported[] = [];
    for (const p of parameters) reported.push({ name: p.name, value: ctx.vars.get(p.name)!, scalar: p.scalar });
    for (const n of model.declared) {
      const t = tracked.get(n);
      if (t !== undefined) reported.push(t);
    }
    this.reported = reported;
    this.parameterNames = reported.flatMap((r) => elementNames(r.name, r.value.length, r.scalar));
    this.scratch = new Float64Array(this.dim);
  }

  logDensityGradient(theta: Float64Array, grad: Float64Array): number {
    const state = this.state;
    state.theta = theta;
    state.grad = grad;
    grad.fill(0);
    const adjoints = this.adjoints;
    for (let i = 0; i < adjoints.length; i++) adjoints[i]!.fill(0);
    const tape = this.tape;
    let lp = 0;
    for (let i = 0; i < tape.length; i++) lp += tape[i]!.forward(true);
    if (Number.isNaN(lp) || lp === -Infinity) return lp;
    for (let i = tape.length - 1; i >= 0; i--) tape[i]!.backward();
    return lp;
  }

  /** Number of ops evaluated per gradient (after constant folding); for tests and benchmarks. */
  get tapeLength(): number {
    return this.tape.length;
  }

  /** The log density alone (no gradient work). */
  logDensity(theta: Float64Array): number {
    this.state.theta = theta;
    this.state.grad = this.scratch;
    let lp = 0;
    for (const op of this.tape) lp += op.forward(false);
    return lp;
  }

  constrain(theta: Float64Array, out: Float64Array): void {
    this.state.theta = theta;
    for (const op of this.tape) op.forward(false);
    for (const op of this.reportTape) op.forward(false);
    let k = 0;
    for (const r of this.reported) {
      const v = r.value.value;
      for (let i = 0; i < v.length; i++) out[k++] = v[i]!;
    }
  }

  /** The unconstrained point for given constrained values of every free parameter (inits, tests). */
  unconstrain(values: Readonly<Record<string, number | ArrayLike<number>>>): Float64Array {
    const theta = new Float64Array(this.dim);
    for (const p of this.parameters) {
      const given = values[p.name];
      if (given === undefined) throw modelErrors.drawsMissing(p.name, Object.keys(values));
      const x = typeof given === 'number' ? new Float64Array(p.length).fill(given) : Float64Array.from(given);
      if (x.length !== p.length) throw modelErrors.observeLength(p.name, p.length, x.length);
      p.transform.inverse(x, p.length, theta, p.offset);
    }
    return theta;
  }
}

function varOfConstant(values: Float64Array): Var {
  return Var.constant(values);
}

/** Bounds from overrides, else from the prior's support; Uniform takes its constant limits. */
function transformOf(model: ResolvedModel, node: ResolvedRandom, args: readonly Var[]): Transform {
  let lower: number | undefined;
  let upper: number | undefined;
  switch (node.family.support) {
    case 'positive':
      lower = 0;
      break;
    case 'unit':
      lower = 0;
      upper = 1;
      break;
    case 'interval': {
      const [lo, hi] = args as [Var, Var];
      if (!lo.constant || !hi.constant || lo.length !== 1 || hi.length !== 1) {
        throw modelErrors.boundsNotConstant(model.source, [...node.path, 'dist'], node.name);
      }
      lower = lo.value[0]!;
      upper = hi.value[0]!;
      break;
    }
    default:
      break;
  }
  if (node.lower !== undefined) lower = node.lower;
  if (node.upper !== undefined) upper = node.upper;
  if (lower !== undefined && upper !== undefined && !(lower < upper)) {
    throw modelErrors.badBounds(model.source, node.path, node.name, lower, upper);
  }
  return transformFor(lower, upper);
}

/**
 * What each distribution argument must be, by its name in the families
 * (scales, rates and shapes are positive, probabilities lie in [0, 1], trials
 * are counts). Arguments that depend on parameters are checked by the density
 * itself (−∞ outside); constants are checked here, so Exponential(-1) is an
 * error naming the argument instead of a sampler that finds no start.
 */
const argumentDomains: Record<string, { test: (v: number) => boolean; need: string }> = {
  sigma: { test: (v) => v > 0, need: 'a number > 0' },
  rate: { test: (v) => v > 0, need: 'a number > 0' },
  nu: { test: (v) => v > 0, need: 'a number > 0' },
  alpha: { test: (v) => v > 0, need: 'a number > 0' },
  beta: { test: (v) => v > 0, need: 'a number > 0' },
  p: { test: (v) => v >= 0 && v <= 1, need: 'a probability in [0, 1]' },
  trials: { test: (v) => v >= 0 && Number.isInteger(v), need: 'a whole number ≥ 0' },
};

function checkConstantArguments(model: ResolvedModel, node: ResolvedRandom, args: readonly Var[]): void {
  node.family.params.forEach((param, i) => {
    const arg = args[i];
    const domain = argumentDomains[param];
    if (arg === undefined || !arg.constant || domain === undefined) return;
    for (const v of arg.value) {
      if (!domain.test(v)) throw modelErrors.badArgument(model.source, [...node.path, 'dist'], node.family.name, param, v, domain.need);
    }
  });
  if (node.family.support === 'interval') {
    const [lo, hi] = args;
    if (lo?.constant && hi?.constant && lo.length === 1 && hi.length === 1 && !(lo.value[0]! < hi.value[0]!)) {
      throw modelErrors.badBounds(model.source, [...node.path, 'dist'], node.name, lo.value[0]!, hi.value[0]!);
    }
  }
}

/** Observed values must lie in the support; data-only arguments (trials) must be constants. */
function checkObserved(model: ResolvedModel, node: ResolvedRandom, x: Var, args: readonly Var[]): void {
  const family = node.family;
  for (const i of family.dataArgs ?? []) {
    if (!args[i]!.constant) throw modelErrors.notData(model.source, [...node.path, 'dist'], family.name, family.params[i]!);
  }
  const trials = family.support === 'bounded-count' ? args[0]! : undefined;
  const values = x.value;
  for (let i = 0; i < values.length; i++) {
    const bound = trials === undefined ? Infinity : trials.value[trials.length === 1 ? 0 : i]!;
    if (!inSupport(family.support, values[i]!, bound)) {
      throw modelErrors.badValue(model.source, [...node.path, 'values'], node.name, i, values[i]!, describeSupport(family.support));
    }
  }
}
