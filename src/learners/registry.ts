/**
 * The learner registry: names the CLI and model files use, mapped to
 * constructors, option schemas and loaders. Options are validated with zod so
 * a typo in an options file is reported with its field path.
 */
import type { z } from 'zod';
import { lazySchema, parseOrThrow, type Zod } from '../util/schema.js';
import type { BaseLearner, LearnerJSON, LearnerTask } from './types.js';
import { LogisticRegression, RidgeRegression } from './linear.js';
import { MlCart, MlRandomForest } from './ml-adapters.js';
import { learnerErrors } from './messages.js';
import { boostingEntry, forestEntry } from './trees/entries.js';
import { LinearCV } from './linear-cv.js';

export interface LearnerEntry {
  readonly name: string;
  readonly tasks: readonly LearnerTask[];
  /** One line for --help. */
  readonly description: string;
  /** The options schema (built on first use: see util/schema.ts). */
  readonly options: () => z.ZodType<object>;
  /** How categorical features reach this learner: one-hot columns (default) or integer codes it splits on. */
  readonly categorical?: 'onehot' | 'codes';
  create(task: LearnerTask, options: object): BaseLearner;
  fromJSON(json: LearnerJSON): BaseLearner;
}

/** The fitting options every linear learner shares (the penalty is chosen apart). */
const linearFitShape = (z: Zod) => ({
  standardize: z.boolean(),
  fitIntercept: z.boolean(),
  maxIter: z.number().int().positive(),
  tol: z.number().positive(),
  seed: z.number().int(),
});

/** Options of the linear learners (their constructors check the same ranges, with the same codes). */
export const linearOptionsSchema = lazySchema((z) => z.object({ l2: z.number().nonnegative(), ...linearFitShape(z) }).partial().strict());

const entries: LearnerEntry[] = [
  // The fast histogram ensembles are listed first: they are the defaults to reach for.
  forestEntry,
  boostingEntry,
  {
    name: 'logistic',
    tasks: ['classification'],
    description: 'L2-regularised logistic regression on standardised features',
    options: linearOptionsSchema,
    create: (_task, options) => new LogisticRegression(options),
    fromJSON: (json) => LogisticRegression.fromJSON(json),
  },
  {
    name: 'linear',
    tasks: ['classification', 'regression'],
    description: 'linear models: logistic regression for 0/1 targets, ridge regression otherwise',
    options: linearOptionsSchema,
    create: (task, options) => (task === 'classification' ? new LogisticRegression(options) : new RidgeRegression(options)),
    fromJSON: (json) => (json.task === 'classification' ? LogisticRegression.fromJSON(json) : RidgeRegression.fromJSON(json)),
  },
  {
    name: 'linear-cv',
    tasks: ['classification', 'regression'],
    description: 'linear models with the L2 penalty chosen by K-fold cross-validation (small or noisy data)',
    options: lazySchema((z) =>
      z.object({ l2Grid: z.array(z.number().nonnegative()).min(1), folds: z.number().int().min(2), ...linearFitShape(z) }).partial().strict(),
    ),
    create: (task, options) => new LinearCV(task, options),
    fromJSON: (json) => LinearCV.fromJSON(json),
  },
  {
    name: 'ml-random-forest',
    tasks: ['classification', 'regression'],
    description: 'ml-random-forest (slow beyond a few thousand rows; features sampled once per tree)',
    options: lazySchema((z) =>
      z
        .object({
          nEstimators: z.number().int().positive(),
          maxFeatures: z.number().positive(),
          maxDepth: z.number().int().positive(),
          minNumSamples: z.number().int().positive(),
          useSampleBagging: z.boolean(),
          probability: z.enum(['regression', 'votes']),
          seed: z.number().int(),
        })
        .partial()
        .strict(),
    ),
    create: (task, options) => new MlRandomForest(task, options),
    fromJSON: (json) => MlRandomForest.fromJSON(json),
  },
  {
    name: 'ml-cart',
    tasks: ['classification', 'regression'],
    description: 'one ml-cart CART tree (O(n²) per split: small data only)',
    options: lazySchema((z) =>
      z.object({ maxDepth: z.number().int().positive(), minNumSamples: z.number().int().positive(), seed: z.number().int() }).partial().strict(),
    ),
    create: (task, options) => new MlCart(task, options),
    fromJSON: (json) => MlCart.fromJSON(json),
  },
];

/** Adds a learner (used by the tree-ensemble module to add 'forest' and 'boosting'). */
export function registerLearner(entry: LearnerEntry): void {
  const i = entries.findIndex((e) => e.name === entry.name);
  if (i >= 0) entries[i] = entry;
  else entries.push(entry);
}

export function learnerNames(): string[] {
  return entries.map((e) => e.name);
}

export function learnerEntry(name: string): LearnerEntry {
  const entry = entries.find((e) => e.name === name);
  if (entry === undefined) throw learnerErrors.unknownLearner(name, learnerNames());
  return entry;
}

/**
 * Creates an unfitted learner by name, validating its options. `complete`
 * adds liftwise's own settings (uplift defaults, a seed) to the checked
 * options: they are not user input and are checked against the same schemas
 * by test/learners/conformance.test.ts, so a call whose user options are empty
 * does not load zod (bench/cli-startup: about 0.13 s per CLI call).
 *
 * @example
 * const learner = createLearner('logistic', 'classification', { l2: 0.5 });
 */
export function createLearner(name: string, task: LearnerTask, options: unknown = {}, complete: (checked: object) => object = (o) => o): BaseLearner {
  const entry = learnerEntry(name);
  if (!entry.tasks.includes(task)) {
    const hint = name === 'logistic' && task === 'regression' ? " (use 'linear' for a regression)" : '';
    throw learnerErrors.wrongTask(name, task + hint);
  }
  return entry.create(task, complete(checkLearnerOptions(entry, options)));
}

/**
 * The learner's options checked against its schema; every issue is named, the
 * first one's field path is the error's location. An empty object is valid for
 * every learner, so it is not checked (and zod is not loaded for it).
 */
export function checkLearnerOptions(entry: LearnerEntry, options: unknown): object {
  const value = options ?? {};
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return {};
  return parseOrThrow(entry.options(), value, (text, path) => learnerErrors.badOptions(entry.name, text, path));
}

/** Rebuilds a fitted learner from its JSON form. */
export function learnerFromJSON(json: LearnerJSON): BaseLearner {
  if (typeof json !== 'object' || json === null || typeof json.learner !== 'string') {
    throw learnerErrors.badModelState('(unknown)', 'a learner entry has no name');
  }
  const entry = learnerEntry(json.learner);
  if (json.task !== 'classification' && json.task !== 'regression') {
    throw learnerErrors.badModelState(json.learner, `unknown task '${String(json.task)}'`);
  }
  return entry.fromJSON(json);
}
