/**
 * The boundary between Bayesian models and the sampler.
 *
 * A model compiles to a LogDensityTarget on the unconstrained space; the
 * sampler (NUTS) only ever sees this interface. Chains run in worker threads,
 * so a target must also be rebuildable inside a worker from a TargetSource:
 * a module URL, the name of an exported factory, and structured-clonable
 * arguments (the model's JSON spec and data, say).
 */

export interface LogDensityTarget {
  /** Number of unconstrained coordinates. */
  readonly dim: number;
  /**
   * Log density at `theta` (unconstrained, Jacobian included), up to a constant.
   * Writes ∂/∂theta into `grad` (length `dim`). Returns -Infinity or NaN outside the support.
   */
  logDensityGradient(theta: Float64Array, grad: Float64Array): number;
  /** Names of the constrained parameter values reported in draws, e.g. 'abar', 'a[1]'. */
  readonly parameterNames: readonly string[];
  /** Writes the constrained parameter values (length parameterNames.length) for an unconstrained point. */
  constrain(theta: Float64Array, out: Float64Array): void;
}

/** How a worker thread rebuilds a target: `(await import(module))[exportName](args)`. */
export interface TargetSource {
  /** File URL of an ES module (compiled JavaScript). */
  readonly module: string;
  /** Name of an exported function `(args) => LogDensityTarget | Promise<LogDensityTarget>`. */
  readonly exportName: string;
  /** Structured-clonable arguments for that function. */
  readonly args: unknown;
}
