/**
 * Tape ops at the ends of the graph: a free parameter read from the
 * unconstrained vector through its transform, and a log-density term.
 * A density term adds its gradient straight into its inputs' adjoints while
 * it computes the value (one pass), since ∂target/∂term is always 1.
 */
import type { DensityCall, Family } from '../distributions/family.js';
import type { Transform } from '../transforms/index.js';
import type { Op } from './ops.js';
import { Var, strideOf } from './var.js';

/** The unconstrained point and its gradient for the evaluation in progress. */
export interface EvalState {
  theta: Float64Array;
  grad: Float64Array;
}

const EMPTY = Var.constant(new Float64Array(0));

/** x = transform(theta[offset .. offset + n)); contributes the log-Jacobian. */
export class ParamOp implements Op {
  readonly out: Var;

  constructor(
    readonly transform: Transform,
    readonly offset: number,
    length: number,
    private readonly state: EvalState,
    withGradient: boolean,
  ) {
    this.out = Var.computed(length, withGradient);
  }

  forward(): number {
    return this.transform.forward(this.state.theta, this.offset, this.out.length, this.out.value);
  }

  backward(): void {
    this.transform.backward(this.state.theta, this.offset, this.out.length, this.out.adj!, this.state.grad);
  }
}

/** Σ log p(x | args) for one node, normalising constants included. */
export class DensityOp implements Op {
  readonly out = EMPTY;
  private readonly withGrad: DensityCall;
  private readonly withoutGrad: DensityCall;
  /** Data-only part, computed once when x and the data arguments are constant. */
  private readonly fixedTerm: number | undefined;
  /** The whole term when nothing in it depends on parameters. */
  private readonly constantValue: number | undefined;

  constructor(
    readonly family: Family,
    readonly x: Var,
    readonly args: readonly Var[],
  ) {
    const n = x.length;
    const base = {
      n,
      x: x.value,
      xs: strideOf(x, n),
      a: args.map((v) => v.value),
      as: args.map((v) => strideOf(v, n)),
    };
    this.withoutGrad = { ...base, gx: null, ga: args.map(() => null) };
    this.withGrad = { ...base, gx: x.adj, ga: args.map((v) => v.adj) };
    const dataArgsConstant = (family.dataArgs ?? []).every((i) => args[i]!.constant);
    this.fixedTerm = family.dataTerm !== undefined && x.constant && dataArgsConstant ? family.dataTerm(this.withoutGrad) : undefined;
    this.constantValue = x.constant && args.every((v) => v.constant) ? this.evaluate(false) : undefined;
  }

  forward(withGradient: boolean): number {
    return this.constantValue ?? this.evaluate(withGradient);
  }

  private evaluate(withGradient: boolean): number {
    const call = withGradient ? this.withGrad : this.withoutGrad;
    const lp = this.family.logDensity(call);
    if (this.family.dataTerm === undefined) return lp;
    return lp + (this.fixedTerm ?? this.family.dataTerm(call));
  }

  backward(): void {}
}
