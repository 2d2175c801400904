/**
 * The plain-data description of a model: a list of named nodes. It is what
 * a JSON model file holds once its columns are bound to a table, what a
 * worker thread receives to rebuild the model, and what observe / do edit.
 * Expressions and distributions are strings in the language of expression.ts.
 */

/** Numbers as a typed array or a plain array (JSON). */
export type Numbers = Float64Array | readonly number[];

/** Constant values: a vector, or a row-major matrix when `shape` is given (used by `dot`). */
export interface DataNodeSpec {
  readonly kind: 'data';
  readonly name: string;
  readonly values: Numbers;
  /** [rows, cols] for a matrix. */
  readonly shape?: readonly [number, number];
}

/** A group index per unit (`tank`, `school`): codes 0..levels−1, used as `a[tank]`. */
export interface GroupNodeSpec {
  readonly kind: 'group';
  readonly name: string;
  readonly codes: Int32Array | readonly number[];
  readonly levels: number;
  /** Names of the levels, for reports. */
  readonly labels?: readonly string[];
}

/** A free random variable with a prior: sampled by NUTS. */
export interface ParamNodeSpec {
  readonly kind: 'param';
  readonly name: string;
  /** e.g. 'Normal(abar, sigma)'. */
  readonly dist: string;
  /** Number of elements, or the name of a group (one element per level). Omit for a scalar or to take the arguments' length. */
  readonly shape?: number | string;
  /** Bounds override the distribution's support (constants only). */
  readonly lower?: number;
  readonly upper?: number;
  /**
   * For a Normal(mean, scale) prior: sample `<name>_z ~ Normal(0, 1)` and define
   * `<name> = mean + scale * <name>_z`, which removes the funnel of a centred hierarchy.
   */
  readonly noncentered?: boolean;
}

/** A random variable with observed values: the likelihood. */
export interface ObservedNodeSpec {
  readonly kind: 'observed';
  readonly name: string;
  readonly dist: string;
  readonly values: Numbers;
}

/** A value computed from other nodes. */
export interface DeterministicNodeSpec {
  readonly kind: 'deterministic';
  readonly name: string;
  readonly expr: string;
  /** Report it in draws (default true). */
  readonly track?: boolean;
}

export type NodeSpec = DataNodeSpec | GroupNodeSpec | ParamNodeSpec | ObservedNodeSpec | DeterministicNodeSpec;

export interface ModelSpec {
  readonly nodes: readonly NodeSpec[];
  /** Names of nodes replaced by do(); their descendants are recomputed in predictive draws. */
  readonly interventions?: readonly string[];
  /** The model file the spec came from, for messages. */
  readonly source?: string;
}
