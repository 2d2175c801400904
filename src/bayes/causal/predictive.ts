/**
 * Posterior predictive draws, also under interventions and for new data.
 *
 * A node is "volatile" when it was intervened on, is an observed node asked
 * for, or its data changed (then its descendants are); every descendant of a
 * volatile node is volatile too. A free parameter asked for is copied from the
 * posterior unless it is volatile (as PyMC does). Volatile random nodes are drawn afresh from their
 * distribution given their recomputed parents, deterministic nodes are always
 * recomputed, and only non-volatile free parameters take their posterior
 * values. That is what pymc issue 6977 asks for: a node downstream of an
 * intervention never keeps its stale posterior value.
 */
import { Random } from '../../util/random.js';
import type { DrawsArray } from '../sampler/result.js';
import { resolveModel, type ResolvedModel } from '../model/graph.js';
import { Model } from '../model/model.js';
import { modelErrors } from '../model/messages.js';
import type { NodeSpec, Numbers } from '../model/spec.js';
import { ForwardProgram, descendantsOf, type NodeRole } from './forward.js';

/** New values for data, observed or group nodes (e.g. the covariates of new units). */
export type NewData = Readonly<Record<string, Numbers | number>>;

export interface PredictiveOptions {
  /** Nodes to return (default: every observed node). */
  readonly nodes?: readonly string[];
  /** Seed of the draws (0). */
  readonly seed?: number;
  /** Replacement values for data / observed / group nodes. */
  readonly data?: NewData;
}

/** Draws of one node: values[draw · length + i]. */
export interface NodeDraws {
  readonly draws: number;
  readonly length: number;
  readonly values: Float64Array;
}

/** The model with some data, observed or group nodes given new values. */
export function withData(model: Model, data: NewData | undefined): Model {
  if (data === undefined || Object.keys(data).length === 0) return model;
  const names = model.nodes.map((n) => n.name);
  const nodes = model.nodes.map((node): NodeSpec => {
    const given = data[node.name];
    if (given === undefined) return node;
    const values = typeof given === 'number' ? Float64Array.of(given) : Float64Array.from(given);
    switch (node.kind) {
      case 'data':
        if (node.shape !== undefined) {
          const cols = node.shape[1];
          return { ...node, values, shape: [values.length / cols, cols] };
        }
        return { ...node, values };
      case 'observed':
        return { ...node, values };
      case 'group':
        return { ...node, codes: Int32Array.from(values) };
      default:
        throw modelErrors.cannotObserve(node.name, node.kind);
    }
  });
  for (const name of Object.keys(data)) if (!names.includes(name)) throw modelErrors.noNode(name, names, 'new data');
  return new Model({ ...model.spec, nodes });
}

/** Copies a posterior draw's values into the program's input nodes. */
export class DrawReader {
  private readonly targets: Float64Array[] = [];
  private readonly columns: Int32Array[] = [];

  constructor(
    program: ForwardProgram,
    private readonly posterior: DrawsArray,
  ) {
    const index = new Map(posterior.parameterNames.map((n, i) => [n, i]));
    for (const node of program.nodes.values()) {
      if (node.role !== 'input' || node.kind !== 'param') continue;
      const buffer = node.value!.value;
      const cols = new Int32Array(buffer.length);
      for (let i = 0; i < buffer.length; i++) {
        const name = node.scalar ? node.name : `${node.name}[${i + 1}]`;
        const c = index.get(name);
        if (c === undefined) {
          if (index.has(node.name) || index.has(`${node.name}[1]`)) {
            const fitted = posterior.parameterNames.filter((n) => n === node.name || n.startsWith(`${node.name}[`)).length;
            throw modelErrors.predictiveLength(node.name, fitted, buffer.length);
          }
          throw modelErrors.drawsMissing(name, posterior.parameterNames);
        }
        cols[i] = c;
      }
      this.targets.push(buffer);
      this.columns.push(cols);
    }
  }

  get total(): number {
    return this.posterior.chains * this.posterior.draws;
  }

  /** Loads draw `row` (chain-major) into the inputs. */
  load(row: number): void {
    const values = this.posterior.values;
    const base = row * this.posterior.parameterNames.length;
    for (let k = 0; k < this.targets.length; k++) {
      const t = this.targets[k]!;
      const cols = this.columns[k]!;
      for (let i = 0; i < t.length; i++) t[i] = values[base + cols[i]!]!;
    }
  }
}

/**
 * Draws of `nodes` for every posterior draw.
 *
 * @example
 * import { paintLineData, paintLineModel } from 'liftwise/internals';
 * const model = paintLineModel(paintLineData(100, 1));
 * const fit = await sample(model, { chains: 1, warmup: 200, draws: 100, seed: 1 });
 * const treated = intervene(model, { dilution: 1 });
 * const pp = predictive(treated, fit, { nodes: ['coating'], seed: 2 });
 * pp.get('coating')!.values.length; // 10000 (draws × units)
 */
export function predictive(model: Model, posterior: DrawsArray, options: PredictiveOptions = {}): Map<string, NodeDraws> {
  const m = withData(model, options.data);
  const resolved = resolveModel(m.spec);
  const requested = options.nodes ?? resolved.nodes.filter((n) => n.kind === 'observed').map((n) => n.name);
  for (const name of requested) if (!resolved.byName.has(name)) throw modelErrors.noNode(name, resolved.declared, 'predictive');
  const changed = Object.keys(options.data ?? {});
  const replicated = requested.filter((name) => resolved.byName.get(name)!.kind === 'observed');
  const roles = volatileRoles(resolved, [...m.interventions, ...replicated], changed);
  const program = new ForwardProgram(resolved, roles, new Set(requested));
  const reader = new DrawReader(program, posterior);
  const rng = new Random(options.seed ?? 0);
  const total = reader.total;
  const out = new Map<string, NodeDraws>();
  const buffers = requested.map((name) => program.value(name));
  const results = buffers.map((b) => new Float64Array(total * b.length));
  for (let s = 0; s < total; s++) {
    reader.load(s);
    program.run(rng);
    buffers.forEach((b, k) => results[k]!.set(b, s * b.length));
  }
  requested.forEach((name, k) => out.set(name, { draws: total, length: buffers[k]!.length, values: results[k]! }));
  return out;
}

export interface PriorPredictiveOptions {
  /** Number of draws. */
  readonly draws: number;
  /** Nodes to return (default: every param and observed node). */
  readonly nodes?: readonly string[];
  readonly seed?: number;
  readonly data?: NewData;
}

/**
 * Draws from the prior: every random node is drawn from its distribution given
 * its parents (observed values are ignored), in dependency order.
 *
 * @example
 * const model = new Model().param('mu', 'Normal(0, 1)').observed('y', 'Normal(mu, 1)', [0.2, -0.1, 0.5]);
 * const prior = priorPredictive(model, { draws: 1000, nodes: ['y'], seed: 1 });
 * prior.get('y')!.values.length; // 3000 (draws × units)
 */
export function priorPredictive(model: Model, options: PriorPredictiveOptions): Map<string, NodeDraws> {
  const resolved = resolveModel(withData(model, options.data).spec);
  const random = resolved.nodes.filter((n) => n.kind === 'param' || n.kind === 'observed').map((n) => n.name);
  const requested = options.nodes ?? random;
  for (const name of requested) if (!resolved.byName.has(name)) throw modelErrors.noNode(name, resolved.declared, 'prior predictive');
  const roles = new Map<string, NodeRole>(random.map((name) => [name, 'sample']));
  const program = new ForwardProgram(resolved, roles, new Set(requested));
  const rng = new Random(options.seed ?? 0);
  const buffers = requested.map((name) => program.value(name));
  const results = buffers.map((b) => new Float64Array(options.draws * b.length));
  for (let s = 0; s < options.draws; s++) {
    program.run(rng);
    buffers.forEach((b, k) => results[k]!.set(b, s * b.length));
  }
  return new Map(requested.map((name, k) => [name, { draws: options.draws, length: buffers[k]!.length, values: results[k]! }]));
}

/**
 * Roles of random nodes: 'sample' for the volatile ones (the roots, and every
 * descendant of a root or of a changed node), otherwise the default (inputs
 * for parameters, observed values kept).
 */
export function volatileRoles(model: ResolvedModel, roots: readonly string[], changed: readonly string[]): Map<string, NodeRole> {
  const volatile = descendantsOf(model, roots);
  for (const name of descendantsOf(model, changed)) if (!changed.includes(name)) volatile.add(name);
  const roles = new Map<string, NodeRole>();
  for (const node of model.nodes) {
    if ((node.kind === 'param' || node.kind === 'observed') && volatile.has(node.name)) roles.set(node.name, 'sample');
  }
  return roles;
}
