/**
 * Declaring a structural causal model as named nodes. A Model is immutable:
 * every builder method, observe() and do() return a new one.
 *
 * @example
 * // Multilevel tadpoles (Statistical Rethinking m13.2)
 * const frogs = await readTable('../shared/data/rethinking/reedfrogs.csv');
 * const density = (frogs.columns.get('density') as NumericColumn).values, surv = (frogs.columns.get('surv') as NumericColumn).values;
 * const m = new Model()
 *   .group('tank', Int32Array.from({ length: 48 }, (_, i) => i))
 *   .data('density', density)
 *   .param('abar', 'Normal(0, 1.5)')
 *   .param('sigma', 'Exponential(1)')
 *   .param('a', 'Normal(abar, sigma)', { shape: 'tank' })
 *   .observed('surv', 'BinomialLogit(density, a[tank])', surv);
 * const target = m.compile(); // a LogDensityTarget for the sampler
 * target.dim; // 50 (abar, sigma and 48 tank intercepts)
 */
import type { LogDensityTarget, TargetSource } from '../target.js';
import { CompiledModel, type CompileOptions } from './compile.js';
import { isIdentifier } from './expression.js';
import { resolveModel } from './graph.js';
import { modelErrors } from './messages.js';
import type { ModelSpec, NodeSpec, Numbers, ParamNodeSpec } from './spec.js';
import { workerScriptUrl } from '../../util/workers.js';

export const MODEL_FORMAT = 'liftwise-bayes-model';
export const MODEL_VERSION = 1;

export interface ParamOptions {
  /** Number of elements, or a group name (one per level). */
  readonly shape?: number | string;
  readonly lower?: number;
  readonly upper?: number;
}

/** A Model as plain JSON: also a valid, self-contained model file. */
export interface ModelJSON {
  readonly format: typeof MODEL_FORMAT;
  readonly version: typeof MODEL_VERSION;
  readonly nodes: readonly unknown[];
  readonly interventions?: readonly string[];
}

export class Model {
  readonly spec: ModelSpec;
  private compiled: CompiledModel | undefined;

  constructor(spec: ModelSpec = { nodes: [] }) {
    this.spec = spec;
  }

  get nodes(): readonly NodeSpec[] {
    return this.spec.nodes;
  }

  /** Names of the nodes replaced by do(). */
  get interventions(): readonly string[] {
    return this.spec.interventions ?? [];
  }

  /** The node called `name`, or undefined. */
  node(name: string): NodeSpec | undefined {
    return this.spec.nodes.find((n) => n.name === name);
  }

  /** Constant values (a vector; with `shape: [rows, cols]` a row-major matrix for dot()). */
  data(name: string, values: Numbers | number, options: { shape?: readonly [number, number] } = {}): Model {
    const v = typeof values === 'number' ? Float64Array.of(values) : Float64Array.from(values);
    return this.with({ kind: 'data', name, values: v, ...(options.shape === undefined ? {} : { shape: options.shape }) });
  }

  /**
   * A group index per unit. Strings become levels in order of first appearance;
   * numbers are codes 0..levels−1 (levels defaults to the largest code + 1).
   */
  group(name: string, values: readonly string[] | Int32Array | readonly number[], options: { levels?: number } = {}): Model {
    if (values.length > 0 && typeof values[0] === 'string') {
      const labels: string[] = [];
      const index = new Map<string, number>();
      const codes = new Int32Array(values.length);
      (values as readonly string[]).forEach((v, i) => {
        let c = index.get(v);
        if (c === undefined) {
          c = labels.length;
          labels.push(v);
          index.set(v, c);
        }
        codes[i] = c;
      });
      return this.with({ kind: 'group', name, codes, levels: labels.length, labels });
    }
    const codes = Int32Array.from(values as ArrayLike<number>);
    let max = -1;
    for (let i = 0; i < codes.length; i++) max = Math.max(max, codes[i]!);
    return this.with({ kind: 'group', name, codes, levels: options.levels ?? max + 1 });
  }

  /** A free random variable with prior `dist`, e.g. 'Normal(0, 1.5)'. */
  param(name: string, dist: string, options: ParamOptions = {}): Model {
    return this.with({ kind: 'param', name, dist, ...options });
  }

  /**
   * A hierarchical Normal(mean, scale) parameter in non-centred form: samples
   * `<name>_z ~ Normal(0, 1)` and reports `<name> = mean + scale·<name>_z`.
   */
  nonCentered(name: string, dist: string, options: ParamOptions = {}): Model {
    const node: ParamNodeSpec = { kind: 'param', name, dist, ...options, noncentered: true };
    return this.with(node);
  }

  /** A random variable with observed values (a likelihood term). */
  observed(name: string, dist: string, values: Numbers): Model {
    return this.with({ kind: 'observed', name, dist, values: Float64Array.from(values) });
  }

  /** A value computed from other nodes; reported in draws unless `track: false`. */
  deterministic(name: string, expr: string, options: { track?: boolean } = {}): Model {
    return this.with({ kind: 'deterministic', name, expr, ...(options.track === undefined ? {} : { track: options.track }) });
  }

  /** Adds any node spec. */
  with(node: NodeSpec): Model {
    const path = ['nodes', this.spec.nodes.length];
    if (!isIdentifier(node.name)) throw modelErrors.badName(this.spec.source, [...path, 'name'], String(node.name));
    if (this.node(node.name) !== undefined) throw modelErrors.duplicateName(this.spec.source, [...path, 'name'], node.name);
    return new Model({ ...this.spec, nodes: [...this.spec.nodes, node] });
  }

  /** The compiled log density on the unconstrained space (cached: the model is immutable). */
  compile(options: CompileOptions = {}): CompiledModel {
    if (options.fuse === false) return new CompiledModel(resolveModel(this.spec), options);
    this.compiled ??= new CompiledModel(resolveModel(this.spec));
    return this.compiled;
  }

  /** Same as compile(), typed as the sampler's interface. */
  target(): LogDensityTarget {
    return this.compile();
  }

  /** How a worker thread rebuilds this model's target. */
  source(): TargetSource {
    return modelSource(this.spec);
  }

  toJSON(): ModelJSON {
    return {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      nodes: this.spec.nodes.map(nodeToJSON),
      ...(this.spec.interventions === undefined || this.spec.interventions.length === 0 ? {} : { interventions: [...this.spec.interventions] }),
    };
  }

  /** Inverse of toJSON (for self-contained specs; model files with columns go through loadModelFile). */
  static fromJSON(json: ModelJSON): Model {
    const nodes = json.nodes.map((n) => {
      const node = n as Record<string, unknown>;
      switch (node['kind']) {
        case 'data':
          return { ...node, values: Float64Array.from(node['values'] as number[]) } as NodeSpec;
        case 'group':
          return { ...node, codes: Int32Array.from(node['codes'] as number[]) } as NodeSpec;
        case 'observed':
          return { ...node, values: Float64Array.from(node['values'] as number[]) } as NodeSpec;
        default:
          return node as unknown as NodeSpec;
      }
    });
    return new Model({ nodes, ...(json.interventions === undefined ? {} : { interventions: [...json.interventions] }) });
  }
}

function nodeToJSON(node: NodeSpec): unknown {
  switch (node.kind) {
    case 'data':
      return { ...node, values: Array.from(node.values) };
    case 'group':
      return { ...node, codes: Array.from(node.codes) };
    case 'observed':
      return { ...node, values: Array.from(node.values) };
    default:
      return { ...node };
  }
}

/** Arguments of the worker factory: a spec of plain data (structured-clonable). */
export interface ModelTargetArgs {
  readonly spec: ModelSpec;
}

/** The worker-side factory: rebuilds a model's target from its spec. */
export function modelTarget(args: ModelTargetArgs): CompiledModel {
  return new CompiledModel(resolveModel(args.spec));
}

/** A TargetSource pointing at the compiled module that exports modelTarget. */
export function modelSource(spec: ModelSpec): TargetSource {
  return {
    module: workerScriptUrl(import.meta.url, './model.js').href,
    exportName: 'modelTarget',
    args: { spec } satisfies ModelTargetArgs,
  };
}
