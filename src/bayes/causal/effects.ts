/**
 * Per-unit causal effects from posterior draws:
 *   τ_i⁽ˢ⁾ = E[Y | do(T = t), x_i, θ⁽ˢ⁾] − E[Y | do(T = 0), x_i, θ⁽ˢ⁾]
 * with expectations, not noisy outcome draws (reference §9). Random nodes
 * between T and Y (mediators) are integrated out by Monte Carlo, with the
 * same random numbers for every arm so that differences stay sharp.
 */
import { Random } from '../../util/random.js';
import { effectsFromDraws, type Effects } from '../../effects/effects.js';
import type { DrawsArray } from '../sampler/result.js';
import { resolveModel } from '../model/graph.js';
import type { Model } from '../model/model.js';
import { modelErrors } from '../model/messages.js';
import { intervene } from './conditioning.js';
import { ForwardProgram, ancestorsOf, descendantsOf, type NodeRole } from './forward.js';
import { DrawReader, withData, type NewData } from './predictive.js';

export interface EffectOptions {
  /** The node intervened on. */
  readonly treatment: string;
  /** The node whose expectation is compared (a random node, or a deterministic one). */
  readonly outcome: string;
  /** Replacement values for data / observed / group nodes (e.g. new units). */
  readonly data?: NewData;
  /** Monte Carlo draws per posterior draw when random nodes lie between treatment and outcome (100). */
  readonly mediatorDraws?: number;
  readonly seed?: number;
}

/**
 * A dense row-major array with its shape, e.g. [draws, units] or [draws, units, arms].
 * Per-arm effects for planning travel as `Effects` (posteriorEffects); this
 * shape stays for CATE draws ([S, n]) and the raw arrays of armEffects.
 */
export interface EffectDraws {
  readonly values: Float64Array;
  readonly shape: readonly number[];
}

/**
 * E[Y | do(T = arm_k), x_i, θ⁽ˢ⁾] for every draw s, unit i and arm k: shape [S, n, K].
 *
 * @example
 * import { paintLineData, paintLineModel } from 'liftwise/internals';
 * // The paint line (true ATE of dilution on coating: −0.421), 100 batches, one short chain.
 * const model = paintLineModel(paintLineData(100, 1));
 * const fit = await sample(model, { chains: 1, warmup: 200, draws: 100, seed: 1 });
 * const e = expectedOutcomes(model, fit, { treatment: 'dilution', outcome: 'coating', arms: [0, 1] });
 * e.shape; // [100, 100, 2] (draws × units × arms)
 */
export function expectedOutcomes(model: Model, posterior: DrawsArray, options: EffectOptions & { readonly arms: readonly number[] }): EffectDraws {
  const { treatment, outcome, arms } = options;
  const base = withData(model, options.data);
  const names = base.nodes.map((n) => n.name);
  if (!names.includes(treatment)) throw modelErrors.noNode(treatment, names, 'effect treatment');
  if (!names.includes(outcome)) throw modelErrors.noNode(outcome, names, 'effect outcome');
  const intervened = intervene(base, { [treatment]: arms[0] ?? 0 });
  const resolved = resolveModel(intervened.spec);
  const outcomeNode = resolved.byName.get(outcome)!;
  if (outcomeNode.kind === 'data' || outcomeNode.kind === 'group') throw modelErrors.notRandom(outcome, outcomeNode.kind, 'outcome');
  const downstream = descendantsOf(resolved, [treatment]);
  if (!downstream.has(outcome)) throw modelErrors.noDescendant(treatment, outcome);

  const roles = new Map<string, NodeRole>([[treatment, 'input']]);
  const upstreamOfOutcome = ancestorsOf(resolved, [outcome]);
  let mediators = 0;
  for (const name of downstream) {
    const node = resolved.byName.get(name)!;
    if (name === outcome || !(node.kind === 'param' || node.kind === 'observed')) continue;
    roles.set(name, 'sample');
    if (upstreamOfOutcome.has(name)) mediators++;
  }
  if (outcomeNode.kind === 'param' || outcomeNode.kind === 'observed') roles.set(outcome, 'mean');
  const program = new ForwardProgram(resolved, roles, new Set([outcome]));
  const reader = new DrawReader(program, posterior);
  const treatmentBuffer = program.value(treatment);
  const result = program.value(outcome);
  const S = reader.total;
  const n = result.length;
  const K = arms.length;
  const values = new Float64Array(S * n * K);
  const reps = mediators > 0 ? Math.max(1, options.mediatorDraws ?? 100) : 1;
  const seeds = new Random(options.seed ?? 0);
  for (let s = 0; s < S; s++) {
    reader.load(s);
    const drawSeed = seeds.nextUint32();
    for (let k = 0; k < K; k++) {
      treatmentBuffer.fill(arms[k]!);
      const base = s * n * K + k;
      for (let r = 0; r < reps; r++) {
        // Common random numbers: arm k sees the same mediator noise as arm 0.
        program.run(mediators > 0 ? new Random(drawSeed * 4096 + r) : undefined);
        for (let i = 0; i < n; i++) values[base + i * K] = values[base + i * K]! + result[i]! / reps;
      }
    }
  }
  return { values, shape: [S, n, K] };
}

/**
 * Effects of each arm against arms[0] (no treatment), shape [S, n, K]: the
 * S×n×K effect draws the allocation layer takes; the arm-0 slice is 0.
 */
export function armEffects(model: Model, posterior: DrawsArray, options: EffectOptions & { readonly arms: readonly number[] }): EffectDraws {
  const e = expectedOutcomes(model, posterior, options);
  const [S, n, K] = e.shape as [number, number, number];
  const v = e.values;
  for (let row = 0; row < S * n; row++) {
    const b = row * K;
    const baseline = v[b]!;
    for (let k = 0; k < K; k++) v[b + k] = v[b + k]! - baseline;
  }
  return e;
}

/**
 * The posterior effects of each arm against arms[0] as the one Effects type
 * (src/effects): `labels` name the arms (default the arm values as text), the
 * mean is the posterior mean and the draws are the posterior's (kind
 * 'posterior'). What problemFromEffects, planValue and the draws file take.
 *
 * @example
 * import { paintLineData, paintLineModel } from 'liftwise/internals';
 * // The paint line (true ATE of dilution on coating: −0.421), 100 batches, one short chain.
 * const model = paintLineModel(paintLineData(100, 1));
 * const fit = await sample(model, { chains: 1, warmup: 200, draws: 100, seed: 1 });
 * const e = posteriorEffects(model, fit, { treatment: 'dilution', outcome: 'coating', arms: [0, 1], labels: ['none', 'diluted'] });
 * e.draws?.count; // 100
 * [e.mean[0], e.mean[1]]; // [0, -0.353] (unit 0: no treatment, diluted)
 */
export function posteriorEffects(
  model: Model,
  posterior: DrawsArray,
  options: EffectOptions & { readonly arms: readonly number[]; readonly labels?: readonly string[] },
): Effects {
  const { labels, ...rest } = options;
  const draws = armEffects(model, posterior, rest);
  return effectsFromDraws(labels ?? options.arms.map(String), draws.shape[0]!, draws.values, 'posterior');
}

/**
 * CATE draws, shape [S, n]: E[Y | do(T = treated), x_i] − E[Y | do(T = control), x_i]
 * for every posterior draw s and unit i (treated 1, control 0 by default).
 *
 * @example
 * import { paintLineData, paintLineModel } from 'liftwise/internals';
 * // The paint line (true ATE of dilution on coating: −0.421), 100 batches, one short chain.
 * const model = paintLineModel(paintLineData(100, 1));
 * const fit = await sample(model, { chains: 1, warmup: 200, draws: 100, seed: 1 });
 * const tau = cate(model, fit, { treatment: 'dilution', outcome: 'coating' });
 * tau.shape; // [100, 100] (draws × units: tau.values[s * units + i])
 * hdi(averageEffect(tau), 0.94); // [-0.445, -0.291] (the ATE's 94 % interval; the truth is −0.421)
 */
export function cate(
  model: Model,
  posterior: DrawsArray,
  options: EffectOptions & { readonly treated?: number; readonly control?: number },
): EffectDraws {
  const e = expectedOutcomes(model, posterior, { ...options, arms: [options.control ?? 0, options.treated ?? 1] });
  const [S, n] = e.shape as [number, number, number];
  const out = new Float64Array(S * n);
  for (let j = 0; j < S * n; j++) out[j] = e.values[2 * j + 1]! - e.values[2 * j]!;
  return { values: out, shape: [S, n] };
}

/**
 * The posterior mean of effect draws over the first axis: [S, n, K] → n·K
 * (the `values` layout of an allocation problem), [S, n] → n.
 *
 * @example
 * import { paintLineData, paintLineModel } from 'liftwise/internals';
 * // The paint line (true ATE of dilution on coating: −0.421), 100 batches, one short chain.
 * const model = paintLineModel(paintLineData(100, 1));
 * const fit = await sample(model, { chains: 1, warmup: 200, draws: 100, seed: 1 });
 * const values = meanOverDraws(armEffects(model, fit, { treatment: 'dilution', outcome: 'coating', arms: [0, 1] }));
 * values.length; // 200 (units × arms, arm 0 first)
 * [values[0], values[1]]; // [0, -0.353] (unit 0: no treatment, dilution)
 */
export function meanOverDraws(effects: EffectDraws): Float64Array {
  const S = effects.shape[0]!;
  const width = effects.values.length / S;
  const out = new Float64Array(width);
  for (let s = 0; s < S; s++) {
    const base = s * width;
    for (let j = 0; j < width; j++) out[j] = out[j]! + effects.values[base + j]!;
  }
  for (let j = 0; j < width; j++) out[j] = out[j]! / S;
  return out;
}

/** Average over units of CATE draws: one ATE per posterior draw. */
export function averageEffect(effects: EffectDraws): Float64Array {
  const [S, n] = effects.shape as [number, number];
  const out = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += effects.values[s * n + i]!;
    out[s] = sum / n;
  }
  return out;
}
