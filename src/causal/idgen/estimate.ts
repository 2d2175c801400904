/**
 * Interventional estimates from ID-GEN draws: E[y | do(x)] per arm, quantiles,
 * effects between arms, per-segment conditional effects (IDC), each with a
 * percentile bootstrap interval (the data rows are resampled and every
 * conditional model refitted, so the interval carries the models' estimation
 * error), beside the naive E[y | x] from the same rows.
 */
import type { Admg } from '../graph/admg.js';
import { describeHedge, identify, type Identification } from '../graph/identify.js';
import { toText } from '../graph/estimand.js';
import { graphErrors } from '../graph/messages.js';
import { Random } from '../../util/random.js';
import { featureMatrix } from '../../data/features.js';
import { RidgeRegression } from '../../learners/linear.js';
import type { Effects } from '../../effects/effects.js';
import type { ConditionalLearner } from './conditional.js';
import { type Fragment, inputsOf, NetworkCompiler, runSteps } from './network.js';
import { numericValue, takeVariableRows, type VariableData } from './variables.js';

export interface SamplingOptions {
  /** Conditional models: 'linear' (default) or 'boosting'. */
  readonly learner?: ConditionalLearner;
  /** Residuals of numeric variables: 'binned' by fitted mean (default) or 'pooled'. */
  readonly residuals?: 'binned' | 'pooled';
  readonly seed?: number;
  /** Draws of the outcome per arm (default 100 000). */
  readonly draws?: number;
  /** Bootstrap replicates for intervals (default 50; 0 for none). */
  readonly bootstrap?: number;
  /** Draws per arm in each bootstrap replicate (default min(draws, 20 000)). */
  readonly bootstrapDraws?: number;
  /** Interval level (default 0.95). */
  readonly level?: number;
  /** Receives (replicates done, total) while bootstrapping. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One intervention: variable → internal value (a level code or a number). */
export type Assignment = ReadonlyMap<string, number>;

/** Draws of an identified query's variables (outcome ∪ conditioned ones) under interventions, from fitted models. */
export class InterventionSampler {
  readonly fragment: Fragment;
  readonly inputs: readonly string[];

  constructor(
    readonly graph: Admg,
    readonly identification: Identification & { identifiable: true },
    readonly data: VariableData,
    options: { learner: ConditionalLearner; seed: number; residuals?: 'binned' | 'pooled' },
  ) {
    this.fragment = new NetworkCompiler(graph, data, options).compile(identification.plan);
    this.inputs = inputsOf(this.fragment);
  }

  /** n joint draws of the plan's variables with the inputs (treatments and moved segment variables) held at `values`. */
  draw(values: Assignment, n: number, rng: Random): Map<string, Float64Array> {
    const inputs = new Map<string, Float64Array>();
    for (const name of this.inputs) {
      const v = values.get(name);
      if (v === undefined) throw new Error(`the network needs a value for '${name}'`);
      inputs.set(name, new Float64Array(n).fill(v));
    }
    const slots = runSteps(this.fragment.steps, this.fragment.slotCount, inputs, n, rng, this.data);
    const out = new Map<string, Float64Array>();
    for (const [v, slot] of this.fragment.outputs) out.set(v, slots[slot]!);
    return out;
  }
}

/** Identifies P(outcome | do(x)) or refuses with the hedge (an input error: the question has no answer in the data). */
export function identifyOrRefuse(graph: Admg, outcome: string, treatment: readonly string[], given: readonly string[] = []) {
  const identification = identify(graph, { outcome: [outcome], treatment, given });
  if (!identification.identifiable) {
    const query = `P(${outcome} | do(${treatment.join(', ')})${given.length > 0 ? `, ${given.join(', ')}` : ''})`;
    throw graphErrors.notIdentifiable(query, describeHedge(identification.hedge));
  }
  return identification;
}

export interface Summary {
  readonly mean: number;
  readonly interval: readonly [number, number] | null;
}

export interface ArmResult {
  readonly name: string;
  readonly interventional: Summary & { readonly quantiles: ReadonlyArray<{ readonly p: number; readonly value: number }> };
  readonly naive: Summary & { readonly rows: number };
}

export interface SegmentResult {
  readonly level: string;
  readonly rows: number;
  /** E[y | do(arm), segment] per arm, in arm order. */
  readonly means: readonly Summary[];
  /** arm k − arm 0 within the segment, for k ≥ 1. */
  readonly effects: readonly Summary[];
}

export interface EffectsResult {
  readonly outcome: string;
  readonly estimand: string;
  readonly arms: readonly ArmResult[];
  /** arm k − arm 0 for k ≥ 1 (arm 0 is the comparison arm). */
  readonly contrasts: ReadonlyArray<{ readonly arm: string; readonly versus: string; readonly interventional: Summary; readonly naive: Summary }>;
  readonly segments?: {
    readonly variable: string;
    readonly results: readonly SegmentResult[];
    /** Bootstrap replicates of every segment's effects: replicate b, segment s, treated arm j at (b·S + s)·(K−1) + j. */
    readonly replicates: Float64Array;
  };
  readonly draws: number;
  readonly bootstrap: number;
  readonly level: number;
  /** Draws of the outcome under each arm (internal values), for writing samples. */
  readonly samples: readonly Float64Array[];
}

const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

/**
 * E[outcome | do(arm)] for every arm (and per segment of `by`), with bootstrap
 * intervals and the naive conditional means beside them. Arm 0 is the comparison arm.
 */
export function estimateEffects(
  graph: Admg,
  data: VariableData,
  query: { readonly outcome: string; readonly arms: readonly Assignment[]; readonly armNames: readonly string[]; readonly by?: string },
  options: SamplingOptions = {},
): EffectsResult {
  const seed = options.seed ?? 0;
  const learner = options.learner ?? 'linear';
  const residuals = options.residuals ?? 'binned';
  const draws = options.draws ?? 100_000;
  const bootstrap = options.bootstrap ?? 50;
  const level = options.level ?? 0.95;
  const bootDraws = options.bootstrapDraws ?? Math.min(draws, 20_000);
  if (data.nRows < 20) throw graphErrors.tooFewRows(data.nRows);
  const treatment = [...new Set(query.arms.flatMap((a) => [...a.keys()]))];
  const by = query.by;
  const identification = identifyOrRefuse(graph, query.outcome, treatment);
  const conditional = by === undefined ? undefined : identifyOrRefuse(graph, query.outcome, treatment, [by]);
  const ySpec = data.specs.get(query.outcome)!;
  const asNumber = numericValue(ySpec);
  if (Number.isNaN(asNumber(0))) {
    throw graphErrors.badOption('outcome', query.outcome, 'the outcome must be numeric or have numeric levels (0/1) to average it');
  }
  const bySpec = by === undefined ? undefined : data.specs.get(by)!;
  if (bySpec !== undefined && bySpec.kind !== 'categorical') {
    throw graphErrors.badOption('by', by, 'a segment variable must be categorical (text, 0/1, or named with --categorical)');
  }
  const segmentLevels = bySpec?.kind === 'categorical' ? bySpec.levels.length : 0;
  const moved = by !== undefined && conditional!.moved.includes(by);

  /** Means per arm (index 0) and per arm × segment, from one fitted network. */
  const means = (d: VariableData, n: number, rng: Random, keep?: Float64Array[]) => {
    const sampler = new InterventionSampler(graph, identification, d, { learner, seed, residuals });
    const bySampler = conditional === undefined ? undefined : new InterventionSampler(graph, conditional, d, { learner, seed, residuals });
    const overall: number[] = [];
    const bySegment: number[][] = [];
    query.arms.forEach((arm, k) => {
      const y = sampler.draw(arm, n, rng).get(query.outcome)!;
      keep?.push(y);
      overall.push(meanOf(y, asNumber));
      if (by === undefined || bySampler === undefined) return;
      const row: number[] = [];
      if (moved) {
        // Rule 2 made the segment an action: E[y | do(x), s] = E[y | do(x, s)].
        for (let s = 0; s < segmentLevels; s++) {
          const ys = bySampler.draw(new Map([...arm, [by, s]]), n, rng).get(query.outcome)!;
          row.push(meanOf(ys, asNumber));
        }
      } else {
        const joint = bySampler.draw(arm, n, rng);
        const yj = joint.get(query.outcome)!;
        const seg = joint.get(by)!;
        const sum = new Float64Array(segmentLevels);
        const count = new Float64Array(segmentLevels);
        for (let i = 0; i < n; i++) {
          sum[seg[i]!]! += asNumber(yj[i]!);
          count[seg[i]!]!++;
        }
        for (let s = 0; s < segmentLevels; s++) row.push(count[s]! > 0 ? sum[s]! / count[s]! : Number.NaN);
      }
      bySegment[k] = row;
    });
    return { overall, bySegment };
  };
  const numericTreatment = treatment.some((v) => data.specs.get(v)!.kind === 'numeric');
  const naive = (d: VariableData): number[] =>
    numericTreatment ? naiveByRegression(d, treatment, query.outcome, query.arms, asNumber) : query.arms.map((arm) => {
      const y = d.values.get(query.outcome)!;
      let s = 0;
      let c = 0;
      const cols = [...arm].map(([v, value]) => [d.values.get(v)!, value] as const);
      for (let i = 0; i < d.nRows; i++) {
        if (cols.every(([col, value]) => col[i] === value)) {
          s += asNumber(y[i]!);
          c++;
        }
      }
      return c > 0 ? s / c : Number.NaN;
    });
  const naiveRows = query.arms.map((arm) => {
    let c = 0;
    const cols = [...arm].map(([v, value]) => [data.values.get(v)!, value] as const);
    for (let i = 0; i < data.nRows; i++) if (cols.every(([col, value]) => col[i] === value)) c++;
    return c;
  });

  const rng = new Random(seed);
  const samples: Float64Array[] = [];
  const point = means(data, draws, rng, samples);
  const naivePoint = naive(data);

  // Bootstrap: resample rows, refit every model, redraw.
  const boot: Array<{ overall: number[]; bySegment: number[][]; naive: number[] }> = [];
  const bootRng = new Random(seed + 7919);
  for (let b = 0; b < bootstrap; b++) {
    const rows = new Int32Array(data.nRows);
    for (let i = 0; i < rows.length; i++) rows[i] = bootRng.int(data.nRows);
    const d = takeVariableRows(data, rows);
    boot.push({ ...means(d, bootDraws, bootRng.split()), naive: naive(d) });
    options.onProgress?.(b + 1, bootstrap);
  }
  const interval = (pick: (r: (typeof boot)[number]) => number): readonly [number, number] | null => {
    if (boot.length < 2) return null;
    const values = boot.map(pick).filter((v) => Number.isFinite(v));
    if (values.length < 2) return null;
    return [quantile(values, (1 - level) / 2), quantile(values, 1 - (1 - level) / 2)];
  };

  const arms: ArmResult[] = query.arms.map((_, k) => {
    const y = samples[k]!;
    const numbers = Float64Array.from(y, asNumber).sort();
    return {
      name: query.armNames[k]!,
      interventional: {
        mean: point.overall[k]!,
        interval: interval((r) => r.overall[k]!),
        quantiles: QUANTILES.map((p) => ({ p, value: quantileSorted(numbers, p) })),
      },
      naive: { mean: naivePoint[k]!, interval: interval((r) => r.naive[k]!), rows: numericTreatment ? data.nRows : naiveRows[k]! },
    };
  });
  const contrasts = query.arms.slice(1).map((_, j) => {
    const k = j + 1;
    return {
      arm: query.armNames[k]!,
      versus: query.armNames[0]!,
      interventional: { mean: point.overall[k]! - point.overall[0]!, interval: interval((r) => r.overall[k]! - r.overall[0]!) },
      naive: { mean: naivePoint[k]! - naivePoint[0]!, interval: interval((r) => r.naive[k]! - r.naive[0]!) },
    };
  });
  let segments: EffectsResult['segments'];
  if (by !== undefined && bySpec?.kind === 'categorical') {
    const segColumn = data.values.get(by)!;
    const counts = new Float64Array(segmentLevels);
    for (let i = 0; i < data.nRows; i++) counts[segColumn[i]!]!++;
    const results: SegmentResult[] = bySpec.levels.map((name, s) => {
      const pointMeans = query.arms.map((_, k) => point.bySegment[k]![s]!);
      if (pointMeans.some((m) => Number.isNaN(m))) throw graphErrors.noSegmentRows(by, name);
      return {
        level: name,
        rows: counts[s]!,
        means: pointMeans.map((mean, k) => ({ mean, interval: interval((r) => r.bySegment[k]![s]!) })),
        effects: pointMeans.slice(1).map((mean, j) => ({
          mean: mean - pointMeans[0]!,
          interval: interval((r) => r.bySegment[j + 1]![s]! - r.bySegment[0]![s]!),
        })),
      };
    });
    const treatedArms = query.arms.length - 1;
    const replicates = new Float64Array(boot.length * segmentLevels * treatedArms);
    boot.forEach((r, b) => {
      for (let s = 0; s < segmentLevels; s++)
        for (let j = 0; j < treatedArms; j++) {
          replicates[(b * segmentLevels + s) * treatedArms + j] = r.bySegment[j + 1]![s]! - r.bySegment[0]![s]!;
        }
    });
    segments = { variable: by, results, replicates };
  }
  return {
    outcome: query.outcome,
    estimand: toText(identification.estimand),
    arms,
    contrasts,
    ...(segments === undefined ? {} : { segments }),
    draws,
    bootstrap,
    level,
    samples,
  };
}

/** E[y | x] at each arm's x from a least-squares line in the treatments (a numeric treatment has no rows at exactly x). */
/**
 * Per-unit effects for the planner from per-segment ones: unit i gets its segment's
 * E[y | do(arm), s] − E[y | do(arm 0), s]; the bootstrap replicates become the draws
 * (kind 'bootstrap'), so a draws file or a risk-aware plan can use them.
 */
export function unitEffects(result: EffectsResult, segmentOfUnit: Float64Array): Effects {
  const segments = result.segments;
  if (segments === undefined) throw new RangeError('unitEffects needs a result estimated with `by`');
  const S = segments.results.length;
  const treated = result.arms.length - 1;
  const K = treated + 1;
  const n = segmentOfUnit.length;
  const mean = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    const s = segmentOfUnit[i]!;
    for (let j = 0; j < treated; j++) mean[i * K + j + 1] = segments.results[s]!.effects[j]!.mean;
  }
  const arms = result.arms.map((a) => a.name);
  const B = segments.replicates.length / Math.max(1, S * treated);
  if (B < 1 || !Number.isInteger(B)) return { arms, units: n, mean };
  const values = new Float64Array(B * n * K);
  for (let b = 0; b < B; b++)
    for (let i = 0; i < n; i++) {
      const s = segmentOfUnit[i]!;
      for (let j = 0; j < treated; j++) values[(b * n + i) * K + j + 1] = segments.replicates[(b * S + s) * treated + j]!;
    }
  return { arms, units: n, mean, draws: { count: B, values, kind: 'bootstrap' } };
}

function naiveByRegression(
  d: VariableData,
  treatment: readonly string[],
  outcome: string,
  arms: readonly Assignment[],
  asNumber: (v: number) => number,
): number[] {
  const y = Float64Array.from(d.values.get(outcome)!, asNumber);
  const model = new RidgeRegression({ l2: 1e-9 }).fit(featureMatrix(treatment.map((v) => d.values.get(v)!)), y);
  return arms.map((arm) => model.predict(featureMatrix(treatment.map((v) => Float64Array.of(arm.get(v) ?? 0))))[0]!);
}

function meanOf(y: Float64Array, asNumber: (v: number) => number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += asNumber(y[i]!);
  return s / y.length;
}

function quantile(values: number[], p: number): number {
  return quantileSorted(Float64Array.from(values).sort(), p);
}

/** Linear interpolation between order statistics (type 7, NumPy's default). */
function quantileSorted(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
