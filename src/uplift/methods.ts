/** Uplift methods by name, for the CLI, model files and scenarios. */
import type { z } from 'zod';
import { lazySchema, parseOrThrow } from '../util/schema.js';
import type { UpliftLearner, UpliftLearnerJSON, OutcomeKind } from './types.js';
import { TwoModel } from './two-model.js';
import { ClassTransformation } from './class-transformation.js';
import { TransformedOutcome } from './transformed-outcome.js';
import { SLearner } from './s-learner.js';
import { XLearner } from './x-learner.js';
import { UpliftForestLearner } from './forest-method.js';
import { DRLearner } from './dr-learner.js';
import { RLearner } from './r-learner.js';
import { BayesTreeUplift } from './bart/learner.js';
import { bartOptionsSchema, bcfOptionsSchema } from './bart/options.js';
import { BootstrapUplift, setBootstrapFactories } from './bootstrap.js';
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
  /** The options schema (built on first use: see util/schema.ts). */
  readonly options: () => z.ZodType<Record<string, unknown>>;
  /** True when the method can model a continuous dose read at levels. */
  readonly dose?: boolean;
  /** How the method takes categorical features when it does not use a base learner's choice. */
  readonly categorical?: 'onehot' | 'codes';
  /** True when the method has its own trees and takes no base learner. */
  readonly ownModel?: boolean;
  /** True for entries that only read saved models (not a --method choice). */
  readonly hidden?: boolean;
  /** True when the method gives effect draws itself (bootstrapping it adds nothing). */
  readonly posterior?: boolean;
  create(base: LearnerSpec, context: MethodContext): UpliftLearner;
  fromJSON(json: UpliftLearnerJSON): UpliftLearner;
}

const outcomeTask = (kind: OutcomeKind) => (kind === 'binary' ? 'classification' : 'regression');
type OptionsSchema = () => z.ZodType<Record<string, unknown>>;
const propensityOptions = lazySchema((z) => z.object({ propensity: z.enum(['constant', 'model']), clip: z.number().gt(0).lt(0.5) }).partial().strict());
const none = lazySchema((z) => z.object({}).strict());
const crossFitOptions = lazySchema((z) => {
  const learnerSpec = z.object({ name: z.string(), options: z.record(z.string(), z.unknown()).optional() }).strict();
  return z
    .object({
      folds: z.number().int().min(2).max(50),
      propensity: z.enum(['constant', 'model']),
      propensityLearner: learnerSpec,
      outcomeLearner: learnerSpec,
      clip: z.number().min(0).lt(0.5),
    })
    .partial()
    .strict();
});

/** The uplift forest's option names (UpliftRandomForestOptions); values are checked by the forest. */
const upliftForestOptionNames = lazySchema(
  (z) =>
    z
      .object(
        Object.fromEntries(
          [
            'nEstimators', 'criterion', 'maxFeatures', 'maxDepth', 'minSamplesLeaf', 'minSamplesTreatment', 'nReg',
            'normalization', 'honesty', 'estimationSampleSize', 'thresholds', 'maxBins', 'seed', 'threads',
          ].map((k) => [k, z.unknown()]),
        ),
      )
      .partial()
      .strict() as z.ZodType<Record<string, unknown>>,
);

function parseOptionNames(method: string, schema: OptionsSchema, options: unknown): Record<string, unknown> {
  const value = options ?? {};
  // An empty object is valid for every method: not checked, so zod is not loaded for it.
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return {};
  return parseOrThrow(schema(), value, (text, path) => upliftErrors.badOptions(method, text, path));
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
    options: lazySchema((z) => z.object({ balanceTolerance: z.number().min(0).max(0.5) }).partial().strict()),
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
    options: propensityOptions,
    create: (base, ctx) => new TransformedOutcome(base, { seed: ctx.seed, ...ctx.options }),
    fromJSON: (json) => TransformedOutcome.fromJSON(json),
  },
  {
    name: 's-learner',
    description: 'one model with the treatment (or a dose) as a feature; uplift = f(x, k) − f(x, control)',
    accepts: () => true,
    dose: true,
    options: lazySchema((z) => z.object({ levels: z.array(z.number()).min(2) }).partial().strict()),
    create: (base, ctx) =>
      new SLearner(base, { seed: ctx.seed, task: outcomeTask(ctx.outcomeKind), ...(ctx.options as { levels?: number[] }) }),
    fromJSON: (json) => SLearner.fromJSON(json),
  },
  {
    name: 'x-learner',
    description: 'outcome models per arm, imputed effects regressed per arm, blended by the propensity',
    accepts: () => true,
    options: propensityOptions,
    create: (base, ctx) => new XLearner(base, { seed: ctx.seed, task: outcomeTask(ctx.outcomeKind), ...ctx.options }),
    fromJSON: (json) => XLearner.fromJSON(json),
  },
  {
    name: 'dr-learner',
    description: 'doubly robust scores from cross-fitted outcome and propensity models, regressed on x (observational data)',
    accepts: () => true,
    options: crossFitOptions,
    create: (base, ctx) =>
      new DRLearner(base, { seed: ctx.seed, task: outcomeTask(ctx.outcomeKind), armLabels: ctx.armLabels, ...ctx.options }),
    fromJSON: (json) => DRLearner.fromJSON(json),
  },
  {
    name: 'r-learner',
    description: 'Robinson residuals of cross-fitted models; weighted regression of the effect (Nie–Wager R-learner)',
    accepts: () => true,
    options: crossFitOptions,
    create: (base, ctx) =>
      new RLearner(base, { seed: ctx.seed, task: outcomeTask(ctx.outcomeKind), armLabels: ctx.armLabels, ...ctx.options }),
    fromJSON: (json) => RLearner.fromJSON(json),
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
  {
    name: 'bart',
    posterior: true,
    description: 'Bayesian additive regression trees with the treatment as a feature (bartCause); posterior effect draws',
    accepts: () => true,
    ownModel: true,
    options: bartOptionsSchema,
    create: (base, ctx) =>
      new BayesTreeUplift('bart', ctx.outcomeKind, { seed: ctx.seed, ...bayesTreeOptions('bart', bartOptionsSchema, base, ctx) }),
    fromJSON: (json) => BayesTreeUplift.fromJSON(json),
  },
  {
    name: 'bcf',
    posterior: true,
    description: 'Bayesian causal forest: prognostic forest with the propensity + a regularised effect forest per arm; posterior draws',
    accepts: () => true,
    ownModel: true,
    options: bcfOptionsSchema,
    create: (base, ctx) =>
      new BayesTreeUplift('bcf', ctx.outcomeKind, { seed: ctx.seed, ...bayesTreeOptions('bcf', bcfOptionsSchema, base, ctx) }),
    fromJSON: (json) => BayesTreeUplift.fromJSON(json),
  },
  {
    name: 'bootstrap',
    hidden: true,
    description: 'bootstrap refits of a point learner (made by fit --bootstrap B)',
    accepts: () => true,
    options: none,
    create: () => {
      throw upliftErrors.badOptions('bootstrap', 'use fit --bootstrap B with a point method', ['method']);
    },
    fromJSON: (json) => BootstrapUplift.fromJSON(json),
  },
];

setBootstrapFactories((job, seed) => upliftMethod(job.method).create(job.base, { ...job.context, seed }), (json) => upliftLearnerFromJSON(json));

/** Learner options (an options file, --trees) and method options together, checked against the method's schema. */
function bayesTreeOptions(name: string, schema: OptionsSchema, base: LearnerSpec, ctx: MethodContext): Record<string, unknown> {
  return parseOptionNames(name, schema, { ...(base.options ?? {}), ...ctx.options });
}

export function registerUpliftMethod(entry: UpliftMethodEntry): void {
  const i = methods.findIndex((m) => m.name === entry.name);
  if (i >= 0) methods[i] = entry;
  else methods.push(entry);
}

export function upliftMethodNames(): string[] {
  return methods.filter((m) => m.hidden !== true).map((m) => m.name);
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
