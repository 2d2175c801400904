/**
 * The contract every probability distribution implements.
 *
 * Densities are vectorised: one call sums the log density of n elements whose
 * value and arguments each have length n or 1. A length-1 operand is read with
 * stride 0, so broadcasting costs no branch and no copy. Gradients are added
 * (never assigned) into the adjoint arrays that are not null, with the same
 * strides, so a scalar argument collects the sum over all n elements.
 */
import type { Random } from '../../util/random.js';

/** Where a distribution puts its mass; chooses the unconstraining transform and the data checks. */
export type Support =
  | 'real'
  | 'positive'
  | 'unit'
  /** Between the first two arguments (Uniform). */
  | 'interval'
  | 'binary'
  | 'count'
  /** 0..N where N is the first argument (Binomial). */
  | 'bounded-count'
  /** Improper: any real (Flat). */
  | 'flat';

/** One vectorised density evaluation; allocated once per compiled node and reused. */
export interface DensityCall {
  n: number;
  x: Float64Array;
  /** Stride of x: 1, or 0 for a broadcast scalar. */
  xs: number;
  /** Adjoint of x, or null when x needs no gradient. */
  gx: Float64Array | null;
  a: Float64Array[];
  as: number[];
  ga: Array<Float64Array | null>;
}

export interface Family {
  /** Name as written in a model: 'Normal', 'BinomialLogit', … */
  readonly name: string;
  /** Argument names in order, for messages. */
  readonly params: readonly string[];
  readonly discrete: boolean;
  readonly support: Support;
  /** Indexes of arguments that must be data (constants), e.g. the trials of a Binomial. */
  readonly dataArgs?: readonly number[];
  /** Σ log p(x_i | args_i), normalising constants included; adds ∂/∂x and ∂/∂args into non-null adjoints. */
  logDensity(c: DensityCall): number;
  /**
   * The part of the log density that depends only on x and on data arguments
   * (log-binomial coefficients, log x!). `logDensity` leaves it out, so a
   * compiled model can compute it once when those are constant.
   */
  dataTerm?(c: DensityCall): number;
  /** Fills out[0..n) with independent draws. */
  sample(rng: Random, c: DensityCall, out: Float64Array): void;
  /** Fills out[0..n) with the expectation E[x | args] (NaN where it does not exist). */
  mean(c: DensityCall, out: Float64Array): void;
}

/** A DensityCall over caller-owned arrays, strides derived from lengths (1 → broadcast). */
export function densityCall(n: number, x: Float64Array, args: readonly Float64Array[]): DensityCall {
  return {
    n,
    x,
    xs: x.length === 1 && n !== 1 ? 0 : 1,
    gx: null,
    a: [...args],
    as: args.map((arg) => (arg.length === 1 && n !== 1 ? 0 : 1)),
    ga: args.map(() => null),
  };
}
