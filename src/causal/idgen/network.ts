/**
 * ID-GEN (Rahman, Jordan & Kocaoglu 2024): the identification plan compiled
 * into a sampling network of conditional models, one per factor, wired in the
 * order the recursion dictates.
 *
 * Every step draws one variable (or, for the observed joint, a block of
 * variables taken from one resampled data row) and reads only variables that
 * come earlier in the graph's topological order. That is what makes the
 * product of line 4 samplable: its factors' steps are merged by that order, so a
 * factor reads the draws of another as they are made. A line-3 variable is
 * drawn from its data marginal (the estimand does not depend on its value).
 * A factor P_D(v | ·) of a distribution D from which earlier variables were
 * summed out (the napkin's ratio) has no model of the data to stand on: its
 * model is trained on draws of D pushed through the network built so far, with
 * D's fixed inputs taken from data rows — ID-GEN's training on samples.
 */
import type { Admg } from '../graph/admg.js';
import { conditional, type Dist, type Plan } from '../graph/identify.js';
import { Random } from '../../util/random.js';
import { type ConditionalModel, type ConditionalOptions, fitConditional } from './conditional.js';
import type { VariableData } from './variables.js';

type Source = { readonly slot: number } | { readonly input: string };

type Step =
  | { readonly kind: 'rows'; readonly vars: readonly string[]; readonly slots: readonly number[]; readonly rank: number }
  | {
      readonly kind: 'model';
      readonly variable: string;
      readonly model: ConditionalModel;
      readonly features: readonly Source[];
      readonly slot: number;
      readonly rank: number;
    };

/** A compiled piece of the network: its steps in draw order and the slots of the variables it yields. */
export interface Fragment {
  readonly steps: readonly Step[];
  readonly outputs: ReadonlyMap<string, number>;
  readonly slotCount: number;
}

export interface NetworkOptions extends ConditionalOptions {
  /** Draws used to train a model on samples (ratio factors). Default: the data's row count, at most 100 000. */
  readonly trainingDraws?: number;
}

/** Inputs a fragment reads that no step of it writes. */
export function inputsOf(fragment: Fragment): string[] {
  const out = new Set<string>();
  for (const s of fragment.steps) if (s.kind === 'model') for (const f of s.features) if ('input' in f) out.add(f.input);
  return [...out];
}

/** Human-readable list of the network's steps (for --json and the report). */
export function describeNetwork(fragment: Fragment): Array<{ variable: string; given: string[]; how: string }> {
  return fragment.steps.map((s) =>
    s.kind === 'rows'
      ? { variable: s.vars.join(', '), given: [], how: 'resampled data rows' }
      : {
          variable: s.variable,
          given: s.features.map((f) => ('input' in f ? f.input : `#${f.slot}`)),
          how: s.model.features.length === 0 ? 'empirical distribution' : 'conditional model',
        },
  );
}

export class NetworkCompiler {
  private slots = 0;
  private readonly models = new Map<string, ConditionalModel>();
  private readonly rng: Random;

  constructor(
    private readonly graph: Admg,
    private readonly data: VariableData,
    private readonly options: NetworkOptions,
  ) {
    this.rng = new Random(options.seed ^ 0x5bd1e995);
  }

  compile(plan: Plan): Fragment {
    const fragment = this.plan(plan);
    return { ...fragment, slotCount: this.slots };
  }

  private newSlot(): number {
    return this.slots++;
  }

  private plan(p: Plan): Omit<Fragment, 'slotCount'> {
    switch (p.kind) {
      case 'marginal': {
        const f = this.dist(p.dist);
        return { steps: f.steps, outputs: pick(f.outputs, p.keep) };
      }
      case 'free': {
        const slots = p.vars.map(() => this.newSlot());
        const rows: Step = { kind: 'rows', vars: p.vars, slots, rank: -1 };
        const body = this.plan(p.body);
        const bound = new Map(p.vars.map((v, k) => [v, slots[k]!]));
        return { steps: [rows, ...resolve(body.steps, bound)], outputs: body.outputs };
      }
      case 'product': {
        const factors = p.factors.map((f) => this.plan(f));
        const all = new Map<string, number>();
        for (const f of factors) for (const [v, s] of f.outputs) all.set(v, s);
        const steps = factors.flatMap((f) => resolve(f.steps, all));
        // Stable merge by topological rank: a step only reads variables ranked before it.
        const ordered = steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.rank - b.s.rank || a.i - b.i);
        return { steps: ordered.map((o) => o.s), outputs: pick(all, p.keep) };
      }
      case 'cfactor': {
        const local = new Map<string, number>();
        const steps: Step[] = [];
        for (const v of p.district) {
          const step = this.factorStep(p.dist, v, local);
          steps.push(step);
          local.set(v, step.slot);
        }
        return { steps, outputs: pick(local, p.keep) };
      }
    }
  }

  /** A fragment drawing all of dist.vars (a kernel reads its held variables as inputs). */
  private dist(d: Dist): Omit<Fragment, 'slotCount'> {
    switch (d.kind) {
      case 'observed': {
        const slots = d.vars.map(() => this.newSlot());
        return { steps: [{ kind: 'rows', vars: d.vars, slots, rank: -1 }], outputs: new Map(d.vars.map((v, k) => [v, slots[k]!])) };
      }
      case 'kernel': {
        const local = new Map<string, number>();
        const steps: Step[] = [];
        for (const v of d.vars) {
          const step = this.factorStep(d.of, v, local);
          steps.push(step);
          local.set(v, step.slot);
        }
        return { steps, outputs: local };
      }
      case 'marginal': {
        const f = this.dist(d.of);
        return { steps: f.steps, outputs: pick(f.outputs, d.vars) };
      }
    }
  }

  /** The step drawing v from P_dist(v | v's predecessors in dist); `local` maps variables drawn so far to slots. */
  private factorStep(dist: Dist, v: string, local: ReadonlyMap<string, number>): Step & { kind: 'model' } {
    const c = conditional(dist, v, this.graph);
    const source = (u: string): Source => (local.has(u) ? { slot: local.get(u)! } : { input: u });
    const rank = this.graph.rank(v);
    if (c.kind === 'observed') {
      const model = this.observedModel(v, c.given);
      return { kind: 'model', variable: v, model, features: c.given.map(source), slot: this.newSlot(), rank };
    }
    const { model, features } = this.trainedOnDraws(c.dist, v, c.given);
    return { kind: 'model', variable: v, model, features: features.map(source), slot: this.newSlot(), rank };
  }

  private observedModel(v: string, given: readonly string[]): ConditionalModel {
    const key = `observed|${v}|${given.join(',')}`;
    let model = this.models.get(key);
    if (model === undefined) {
      model = fitConditional(
        this.data.specs.get(v)!,
        this.data.values.get(v)!,
        given.map((g) => this.data.specs.get(g)!),
        given.map((g) => this.data.values.get(g)!),
        { ...this.options, seed: this.options.seed + this.models.size },
      );
      this.models.set(key, model);
    }
    return model;
  }

  /** P_dist(v | given, dist's held inputs ranked before v), fitted on draws of dist. */
  private trainedOnDraws(dist: Dist, v: string, given: readonly string[]): { model: ConditionalModel; features: string[] } {
    const key = `draws|${JSON.stringify(dist)}|${v}|${given.join(',')}`;
    const fragment = this.dist(dist);
    const held = inputsOf({ ...fragment, slotCount: 0 }).filter((u) => this.graph.rank(u) < this.graph.rank(v));
    const features = this.graph.sorted([...given, ...held]);
    let model = this.models.get(key);
    if (model === undefined) {
      const n = Math.min(this.options.trainingDraws ?? this.data.nRows, 100_000);
      // Held inputs come from data rows, so the model is trained where the data lives.
      const rows = new Int32Array(n);
      for (let i = 0; i < n; i++) rows[i] = this.rng.int(this.data.nRows);
      const inputs = new Map<string, Float64Array>();
      for (const u of inputsOf({ ...fragment, slotCount: 0 })) inputs.set(u, gather(this.data.values.get(u)!, rows));
      const slots = runSteps(fragment.steps, this.slots, inputs, n, this.rng, this.data);
      const column = (u: string): Float64Array => (fragment.outputs.has(u) ? slots[fragment.outputs.get(u)!]! : inputs.get(u)!);
      model = fitConditional(
        this.data.specs.get(v)!,
        column(v),
        features.map((u) => this.data.specs.get(u)!),
        features.map(column),
        { ...this.options, seed: this.options.seed + this.models.size },
      );
      this.models.set(key, model);
    }
    return { model, features };
  }
}

/** Draws n joint samples through the network; returns every slot's values. */
export function runSteps(
  steps: readonly Step[],
  slotCount: number,
  inputs: ReadonlyMap<string, Float64Array>,
  n: number,
  rng: Random,
  data: VariableData,
): Array<Float64Array | undefined> {
  const slots: Array<Float64Array | undefined> = new Array(slotCount);
  for (const step of steps) {
    if (step.kind === 'rows') {
      const rows = new Int32Array(n);
      for (let i = 0; i < n; i++) rows[i] = rng.int(data.nRows);
      step.vars.forEach((v, k) => {
        slots[step.slots[k]!] = gather(data.values.get(v)!, rows);
      });
      continue;
    }
    const columns = step.features.map((f) => {
      const c = 'slot' in f ? slots[f.slot] : inputs.get(f.input);
      if (c === undefined) throw new Error(`network step ${step.variable} reads ${'slot' in f ? `slot ${f.slot}` : f.input} before it is drawn`);
      return c;
    });
    slots[step.slot] = step.model.sample(columns, n, rng);
  }
  return slots;
}

function gather(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

function pick(outputs: ReadonlyMap<string, number>, keep: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of keep) {
    const s = outputs.get(v);
    if (s !== undefined) out.set(v, s);
  }
  return out;
}

function resolve(steps: readonly Step[], bound: ReadonlyMap<string, number>): Step[] {
  return steps.map((s) =>
    s.kind === 'rows'
      ? s
      : { ...s, features: s.features.map((f) => ('input' in f && bound.has(f.input) ? { slot: bound.get(f.input)! } : f)) },
  );
}
