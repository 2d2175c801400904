/** Uplift methods by name, for the CLI, model files and scenarios. */
import { z } from 'zod';
import type { UpliftLearner, UpliftLearnerJSON, OutcomeKind } from './types.js';
import { TwoModel } from './two-model.js';
import { ClassTransformation } from './class-transformation.js';
import { TransformedOutcome } from './transformed-outcome.js';
import { SLearner } from './s-learner.js';
import { XLearner } from './x-learner.js';
import { UpliftForestLearner } from './forest-method.js';
import { makeLearner, type LearnerSpec } from './learner-spec.js';
import { upliftErrors } from './messages.js';

export interface MethodContext {
  readonly seed: number;
  readonly outcomeKind: OutcomeKind;
  readonly armLabels: readonly string[];
  /** Method options, already validated against the entry's schema. */
  readonly options: Record<string, unknown>;
}

export interface UpliftMethodEntry {
  readonly name: string;
  readonly description: string;
  /** False when the method cannot take this outcome kind (class transformation needs 0/1). */
  accepts(outcome: OutcomeKind): boolean;
  /** Options the method takes (validated; unknown keys are errors with their path). */
  readonly options: z.ZodType<Record<string, unknown>>;
  /** True when the method can model a continuous dose read at levels. */
  readonly dose?: boolean;
  /** How the method takes categorical features when it does not use a base learner's choice. */
  readonly categorical?: 'onehot' | 'codes';
  /** True when the method has its own trees and takes no base learner. */
  readonly ownModel?: boolean;
  create(base: LearnerSpec, context: MethodContext): UpliftLearner;
  fromJSON(json: UpliftLearnerJSON): UpliftLearner;
}

const outcomeTask = (kind: OutcomeKind) => (kind === 'binary' ? 'classification' : 'regression');
const propensityOptions = { propensity: z.enum(['constant', 'model']), clip: z.number().gt(0).lt(0.5) };
const none = z.object({}).strict();

/** The uplift forest's option names (UpliftRandomForestOptions); values are checked by the forest. */
const upliftForestOptionNames = z
  .object(
    Object.fromEntries(
      [
        'nEstimators', 'criterion', 'maxFeatures', 'maxDepth', 'minSamplesLeaf', 'minSamplesTreatment', 'nReg',
        'normalization', 'honesty', 'estimationSampleSize', 'thresholds', 'maxBins', 'seed', 'threads',
      ].map((k) => [k, z.unknown()]),
    ),
  )
  .partial()
  .strict() as z.ZodType<Record<string, unknown>>;

function parseOptionNames(method: string, schema: z.ZodType<Record<string, unknown>>, options: unknown): Record<string, unknown> {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw upliftErrors.badOptions(method, issue.message, issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
}

const methods: UpliftMethodEntry[] = [
  {
    name: 'two-model',
    description: 'one model per arm (T-learner); uplift = f_k(x) − f_0(x)',
    accepts: () => true,
    options: none,
    create: (base, ctx) => new TwoModel(makeLearner(base, outcomeTask(ctx.outcomeKind), ctx.seed), { seed: ctx.seed }),
    fromJSON: (json) => TwoModel.fromJSON(json),
  },
  {
    name: 'class-transformation',
    description: 'one classifier on z = [y = t]; uplift = 2·P(z = 1) − 1 (needs a 50/50 split)',
    accepts: (outcome) => outcome === 'binary',
    options: z.object({ balanceTolerance: z.number().min(0).max(0.5) }).partial().strict(),
    create: (base, ctx) =>
      new ClassTransformation(makeLearner(base, 'classification', ctx.seed), {
        seed: ctx.seed,
        armLabels: ctx.armLabels,
        ...(ctx.options as { balanceTolerance?: number }),
      }),
    fromJSON: (json) => ClassTransformation.fromJSON(json),
  },
  {
    name: 'transformed-outcome',
    description: 'a regression on z = y·(t − p)/(p(1 − p)); right for any split and numeric outcomes',
    accepts: () => true,
    options: z.object(propensityOptions).partial().strict(),
    create: (base, ctx) => new TransformedOutcome(base, { seed: ctx.seed, ...ctx.options }),
    fromJSON: (json) => TransformedOutcome.fromJSON(json),
  },
  {
    name: 's-learner',
    description: 'one model with the treatment (or a dose) as a feature; uplift = f(x, k) − f(x, control)',
    accepts: () => true,
    dose: true,
    options: z.object({ levels: z.array(z.number()).min(2) }).partial().strict(),
    create: (base, ctx) =>
      new SLearner(base, { seed: ctx.seed, task: outcomeTask(ctx.outcomeKind), ...(ctx.options as { levels?: number[] }) }),
    fromJSON: (json) => SLearner.fromJSON(json),
  },
  {
    name: 'x-learner',
    description: 'outcome models per arm, imputed effects regressed per arm, blended by the propensity',
    accepts: () => true,
    options: z.object(propensityOptions).partial().strict(),
    create: (base, ctx) => new XLearner(base, { seed: ctx.seed, task: outcomeTask(ctx.outcomeKind), ...ctx.options }),
    fromJSON: (json) => XLearner.fromJSON(json),
  },
  {
    name: 'uplift-forest',
    description: 'causalml-style uplift random forest splitting on the effect itself (KL, ED, Chi, DDP criteria)',
    accepts: (outcome) => outcome === 'binary',
    categorical: 'codes',
    ownModel: true,
    // Unknown names are refused here; the forest checks the values itself and names the field at fault.
    options: upliftForestOptionNames,
    create: (base, ctx) =>
      new UpliftForestLearner({ seed: ctx.seed, ...parseOptionNames('uplift-forest', upliftForestOptionNames, base.options), ...ctx.options }),
    fromJSON: (json) => UpliftForestLearner.fromJSON(json),
  },
];

export function registerUpliftMethod(entry: UpliftMethodEntry): void {
  const i = methods.findIndex((m) => m.name === entry.name);
  if (i >= 0) methods[i] = entry;
  else methods.push(entry);
}

export function upliftMethodNames(): string[] {
  return methods.map((m) => m.name);
}

export function upliftMethod(name: string): UpliftMethodEntry {
  const entry = methods.find((m) => m.name === name);
  if (entry === undefined) throw upliftErrors.unknownMethod(name, upliftMethodNames());
  return entry;
}

/** Validates method options, reporting the first problem with its field path. */
export function parseMethodOptions(entry: UpliftMethodEntry, options: unknown): Record<string, unknown> {
  return parseOptionNames(entry.name, entry.options, options);
}

export function upliftLearnerFromJSON(json: UpliftLearnerJSON): UpliftLearner {
  return upliftMethod(json.method).fromJSON(json);
}
