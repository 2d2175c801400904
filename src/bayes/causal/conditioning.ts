/**
 * observe() and do() on models, with PyMC's semantics (reference §9): each
 * returns a new Model and leaves the original untouched.
 */
import { Model } from '../model/model.js';
import { modelErrors } from '../model/messages.js';
import { resolveModel } from '../model/graph.js';
import type { NodeSpec, Numbers } from '../model/spec.js';
import { ForwardProgram } from './forward.js';

/** A value for do(): a constant, constants per unit, or an expression over other nodes. */
export type InterventionValue = number | Numbers | string;

/**
 * Turns free random variables into observed ones holding `values`.
 *
 * @example
 * const prior = new Model().param('mu', 'Normal(0, 1)').param('y', 'Normal(mu, 1)', { shape: 3 });
 * const posterior = observe(prior, { y: [0.2, -0.1, 0.5] });
 * posterior.compile().dim; // 1 (mu: y is data now)
 * prior.compile().dim; // 4 (prior is unchanged)
 */
export function observe(model: Model, values: Readonly<Record<string, Numbers>>): Model {
  const lengths = nodeLengths(model);
  let nodes = [...model.nodes];
  for (const [name, given] of Object.entries(values)) {
    const i = nodes.findIndex((n) => n.name === name);
    if (i < 0) throw modelErrors.noNode(name, nodes.map((n) => n.name), 'observe');
    const node = nodes[i]!;
    if (node.kind !== 'param') throw modelErrors.cannotObserve(name, node.kind);
    const v = Float64Array.from(given);
    const expected = lengths.get(name)!;
    if (v.length !== expected) throw modelErrors.observeLength(name, expected, v.length);
    const replacement: NodeSpec = { kind: 'observed', name, dist: node.dist, values: v };
    nodes = nodes.map((n, k) => (k === i ? replacement : n));
  }
  return new Model({ ...model.spec, nodes });
}

/**
 * do(): each named node is replaced by the given value. It loses its prior and
 * the influence of its parents (which stay in the model); a constant becomes
 * data, an expression becomes a deterministic node. Predictive draws from the
 * result recompute every descendant of the replaced nodes.
 *
 * `do` is a reserved word, so the function is called `intervene` and is also
 * exported as `do`.
 *
 * @example
 * const model = new Model()
 *   .observed('dose_observed', 'Normal(1, 1)', [0.5, 1.5])
 *   .observed('dose', 'Normal(dose_observed, 0.1)', [0.5, 1.6])
 *   .param('b', 'Normal(0, 1)')
 *   .observed('y', 'Normal(b * dose, 1)', [0.4, 1.4]);
 * const treated = intervene(model, { dose: 1 });
 * treated.nodes.find((n) => n.name === 'dose')!.kind; // 'data'
 * const shifted = intervene(model, { dose: 'dose_observed + 0.5' });
 * shifted.nodes.find((n) => n.name === 'dose')!.kind; // 'deterministic'
 * model.nodes.find((n) => n.name === 'dose')!.kind; // 'observed' (the original is untouched)
 */
export function intervene(model: Model, interventions: Readonly<Record<string, InterventionValue>>): Model {
  let nodes = [...model.nodes];
  const replaced = new Set(model.interventions);
  for (const [name, value] of Object.entries(interventions)) {
    const i = nodes.findIndex((n) => n.name === name);
    if (i < 0) throw modelErrors.noNode(name, nodes.map((n) => n.name), 'do');
    if (nodes[i]!.kind === 'group') throw modelErrors.cannotIntervene(name);
    let replacement: NodeSpec;
    if (typeof value === 'string') {
      replacement = { kind: 'deterministic', name, expr: value, track: false };
    } else if (typeof value === 'number') {
      replacement = { kind: 'data', name, values: Float64Array.of(value) };
    } else if (value !== null && typeof value === 'object' && typeof (value as ArrayLike<number>).length === 'number') {
      replacement = { kind: 'data', name, values: Float64Array.from(value) };
    } else {
      throw modelErrors.interveneValue(name);
    }
    nodes = nodes.map((n, k) => (k === i ? replacement : n));
    replaced.add(name);
  }
  return new Model({ ...model.spec, nodes, interventions: [...replaced] });
}

/** Length of every vector node (matrices: rows; groups: units), without fitting anything. */
export function nodeLengths(model: Model): Map<string, number> {
  const resolved = resolveModel(model.spec);
  const program = new ForwardProgram(resolved, new Map());
  const out = new Map<string, number>();
  for (const node of resolved.nodes) {
    const v = program.nodes.get(node.name)?.value;
    if (v !== undefined) out.set(node.name, v.length);
    else if (node.kind === 'group') out.set(node.name, node.codes.length);
    else if (node.kind === 'data') out.set(node.name, node.matrix?.rows ?? node.values.length);
  }
  return out;
}
