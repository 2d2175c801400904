/** Uplift methods by name, for the CLI, model files and scenarios. */
import type { z } from 'zod';
import { lazySchema } from '../util/schema.js';
import { preChecked } from '../learners/options-check.js';
import type { UpliftLearner, UpliftLearnerJSON, OutcomeKind } from './types.js';
import { TwoModel, twoModelOptionsSchema } from './two-model.js';
import { ClassTransformation, classTransformationOptionsSchema } from './class-transformation.js';
import { TransformedOutcome } from './transformed-outcome.js';
import { SLearner, sLearnerOptionsSchema } from './s-learner.js';
import { XLearner } from './x-learner.js';
import { UpliftRandomForest, upliftForestOptionsSchema } from './forest/uplift-forest.js';
import { DRLearner } from './dr-learner.js';
import { RLearner } from './r-learner.js';
import { crossFitOptionsSchema } from './cross-fit-learner.js';
import { propensityOptionsSchema } from './propensity.js';
import { BayesTreeUplift, type BayesTreeUpliftArgs } from './bart/learner.js';
import { bartOptionsSchema, bcfOptionsSchema } from './bart/options.js';
import { BootstrapUplift, setBootstrapFactories, type BootstrapUpliftArgs } from './bootstrap.js';
import type { LearnerSpec } from './learner-spec.js';
import type { LearnerTask } from '../learners/types.js';
import { checkMethodOptionsWith, type MethodArgs } from './method-args.js';
import { upliftErrors } from './messages.js';

export interface MethodContext {
  readonly seed: number;
  readonly outcomeKind: OutcomeKind;
  readonly armLabels: readonly string[];
  /** Method options, already validated against the entry's schema. */
  readonly options: Record<string, unknown>;
}

/** The one argument of a method's constructor: MethodArgs and the method's own options. */
export type MethodConstructorArgs = MethodArgs & Record<string, unknown>;

export interface UpliftMethodEntry {
  readonly name: string;
  readonly description: string;
  /** False when the method cannot take this outcome kind (class transformation needs 0/1). */
  accepts(outcome: OutcomeKind): boolean;
  /** The options schema (built on first use: see util/schema.ts); unknown keys are errors with their path. The constructor checks against the same one. */
  readonly options: () => z.ZodType<Record<string, unknown>>;
  /** True when the method can model a continuous dose read at levels. */
  readonly dose?: boolean;
  /** How the method takes categorical features when it does not use a base learner's choice. */
  readonly categorical?: 'onehot' | 'codes';
  /** True when the method has its own trees and takes no base learner (learner options given to it are its own options). */
  readonly ownModel?: boolean;
  /** True for entries that only read saved models (not a --method choice). */
  readonly hidden?: boolean;
  /** True when the method gives effect draws itself (bootstrapping it adds nothing). */
  readonly posterior?: boolean;
  /** The method's constructor: `new Method({ learner, task, seed, armLabels, ...options })`. */
  create(args: MethodConstructorArgs): UpliftLearner;
  fromJSON(json: UpliftLearnerJSON): UpliftLearner;
}

const outcomeTask = (kind: OutcomeKind): LearnerTask => (kind === 'binary' ? 'classification' : 'regression');
const none = lazySchema((z) => z.object({}).strict());

const methods: UpliftMethodEntry[] = [
  {
    name: 'two-model',
    description: 'one model per arm (T-learner); uplift = f_k(x) − f_0(x)',
    accepts: () => true,
    options: twoModelOptionsSchema,
    create: (args) => new TwoModel(args),
    fromJSON: (json) => TwoModel.fromJSON(json),
  },
  {
    name: 'class-transformation',
    description: 'one classifier on z = [y = t]; uplift = 2·P(z = 1) − 1 (needs a 50/50 split)',
    accepts: (outcome) => outcome === 'binary',
    options: classTransformationOptionsSchema,
    create: (args) => new ClassTransformation(args),
    fromJSON: (json) => ClassTransformation.fromJSON(json),
  },
  {
    name: 'transformed-outcome',
    description: 'a regression on z = y·(t − p)/(p(1 − p)); right for any split and numeric outcomes',
    accepts: () => true,
    options: propensityOptionsSchema,
    create: (args) => new TransformedOutcome(args),
    fromJSON: (json) => TransformedOutcome.fromJSON(json),
  },
  {
    name: 's-learner',
    description: 'one model with the treatment (or a dose) as a feature; uplift = f(x, k) − f(x, control)',
    accepts: () => true,
    dose: true,
    options: sLearnerOptionsSchema,
    create: (args) => new SLearner(args),
    fromJSON: (json) => SLearner.fromJSON(json),
  },
  {
    name: 'x-learner',
    description: 'outcome models per arm, imputed effects regressed per arm, blended by the propensity',
    accepts: () => true,
    options: propensityOptionsSchema,
    create: (args) => new XLearner(args),
    fromJSON: (json) => XLearner.fromJSON(json),
  },
  {
    name: 'dr-learner',
    description: 'doubly robust scores from cross-fitted outcome and propensity models, regressed on x (observational data)',
    accepts: () => true,
    options: crossFitOptionsSchema,
    create: (args) => new DRLearner(args),
    fromJSON: (json) => DRLearner.fromJSON(json),
  },
  {
    name: 'r-learner',
    description: 'Robinson residuals of cross-fitted models; weighted regression of the effect (Nie–Wager R-learner)',
    accepts: () => true,
    options: crossFitOptionsSchema,
    create: (args) => new RLearner(args),
    fromJSON: (json) => RLearner.fromJSON(json),
  },
  {
    name: 'uplift-forest',
    description: 'causalml-style uplift random forest splitting on the effect itself (KL, ED, Chi, DDP criteria)',
    accepts: (outcome) => outcome === 'binary',
    categorical: 'codes',
    ownModel: true,
    options: upliftForestOptionsSchema,
    create: (args) => new UpliftRandomForest(args),
    fromJSON: (json) => UpliftRandomForest.fromJSON(json),
  },
  {
    name: 'bart',
    posterior: true,
    description: 'Bayesian additive regression trees with the treatment as a feature (bartCause); posterior effect draws',
    accepts: () => true,
    ownModel: true,
    options: bartOptionsSchema,
    create: (args) => new BayesTreeUplift({ ...args, method: 'bart' } as BayesTreeUpliftArgs),
    fromJSON: (json) => BayesTreeUplift.fromJSON(json),
  },
  {
    name: 'bcf',
    posterior: true,
    description: 'Bayesian causal forest: prognostic forest with the propensity + a regularised effect forest per arm; posterior draws',
    accepts: () => true,
    ownModel: true,
    options: bcfOptionsSchema,
    create: (args) => new BayesTreeUplift({ ...args, method: 'bcf' } as BayesTreeUpliftArgs),
    fromJSON: (json) => BayesTreeUplift.fromJSON(json),
  },
  {
    name: 'bootstrap',
    hidden: true,
    description: 'bootstrap refits of a point learner (made by fit --bootstrap B)',
    accepts: () => true,
    options: none,
    create: (args) => new BootstrapUplift(args as unknown as BootstrapUpliftArgs),
    fromJSON: (json) => BootstrapUplift.fromJSON(json),
  },
];

/**
 * An unfitted method learner from the registry's parts: the base learner spec
 * (for a method with its own trees, the spec's options are that method's
 * options, checked here), the context (seed, outcome, arm labels) and method
 * options already checked by `parseMethodOptions`.
 */
export function createUpliftLearner(entry: UpliftMethodEntry, base: LearnerSpec, ctx: MethodContext): UpliftLearner {
  const shared: MethodArgs = { task: outcomeTask(ctx.outcomeKind), armLabels: ctx.armLabels };
  if (entry.ownModel === true) {
    // Learner options (an options file, --trees) and method options together, as the method's options.
    const own = { seed: ctx.seed, ...checkMethodOptionsWith(entry.name, entry.options, { ...(base.options ?? {}), ...ctx.options }) };
    return entry.create(preChecked({ ...own, ...shared }));
  }
  return entry.create(preChecked({ ...ctx.options, learner: base, seed: ctx.seed, ...shared }));
}

setBootstrapFactories({
  create: (job, seed) => createUpliftLearner(upliftMethod(job.method), job.base, { ...job.context, seed }),
  fromJSON: (json) => upliftLearnerFromJSON(json),
  checkPointMethod: (name, options) => {
    const entry = upliftMethod(name);
    if (entry.posterior === true || entry.hidden === true) throw upliftErrors.bootstrapPosterior(name);
    return parseMethodOptions(entry, options);
  },
});

/** Adds an uplift method, or replaces the one of the same name. */
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

/** Validates method options, naming every problem, the first one's field path as the location. */
export function parseMethodOptions(entry: UpliftMethodEntry, options: unknown): Record<string, unknown> {
  return checkMethodOptionsWith(entry.name, entry.options, options);
}

export function upliftLearnerFromJSON(json: UpliftLearnerJSON): UpliftLearner {
  return upliftMethod(json.method).fromJSON(json);
}
