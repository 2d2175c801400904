/**
 * A vector value on the tape: its values and, when something upstream is a
 * parameter, its adjoint (∂target/∂value), both allocated once per compiled
 * model. A Var of length 1 broadcasts against any length.
 */
export class Var {
  readonly length: number;
  readonly value: Float64Array;
  /** Null when the value does not depend on parameters (data, or folded constants). */
  readonly adj: Float64Array | null;
  /** True for data and for expressions over data only (folded once when a model compiles). */
  readonly constant: boolean;

  private constructor(value: Float64Array, adj: Float64Array | null, constant: boolean) {
    this.length = value.length;
    this.value = value;
    this.adj = adj;
    this.constant = constant;
  }

  /** A constant: data, or an expression over data folded at compile time. */
  static constant(values: Float64Array): Var {
    return new Var(values, null, true);
  }

  /** A value recomputed on every evaluation; with an adjoint when gradients are wanted. */
  static computed(length: number, withGradient: boolean): Var {
    return new Var(new Float64Array(length), withGradient ? new Float64Array(length) : null, false);
  }
}

/** The read stride of `v` inside a loop of length n: 0 broadcasts a scalar. */
export function strideOf(v: Var, n: number): number {
  return v.length === 1 && n !== 1 ? 0 : 1;
}
