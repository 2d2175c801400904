/**
 * The learner registry: names the CLI and model files use, mapped to
 * constructors, option schemas and loaders. Options are validated with zod so
 * a typo in an options file is reported with its field path.
 */
import { z } from 'zod';
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
  readonly options: z.ZodType<object>;
  /** How categorical features reach this learner: one-hot columns (default) or integer codes it splits on. */
  readonly categorical?: 'onehot' | 'codes';
  create(task: LearnerTask, options: object): BaseLearner;
  fromJSON(json: LearnerJSON): BaseLearner;
}

const seed = z.number().int();
const positiveInt = z.number().int().positive();

const linearOptions = z
  .object({
    l2: z.number().nonnegative(),
    standardize: z.boolean(),
    fitIntercept: z.boolean(),
    maxIter: positiveInt,
    tol: z.number().positive(),
    seed,
  })
  .partial()
  .strict();

const entries: LearnerEntry[] = [
  // The fast histogram ensembles are listed first: they are the defaults to reach for.
  forestEntry,
  boostingEntry,
  {
    name: 'logistic',
    tasks: ['classification'],
    description: 'L2-regularised logistic regression on standardised features',
    options: linearOptions,
    create: (_task, options) => new LogisticRegression(options),
    fromJSON: (json) => LogisticRegression.fromJSON(json),
  },
  {
    name: 'linear',
    tasks: ['classification', 'regression'],
    description: 'linear models: logistic regression for 0/1 targets, ridge regression otherwise',
    options: linearOptions,
    create: (task, options) => (task === 'classification' ? new LogisticRegression(options) : new RidgeRegression(options)),
    fromJSON: (json) => (json.task === 'classification' ? LogisticRegression.fromJSON(json) : RidgeRegression.fromJSON(json)),
  },
  {
    name: 'linear-cv',
    tasks: ['classification', 'regression'],
    description: 'linear models with the L2 penalty chosen by K-fold cross-validation (small or noisy data)',
    options: z
      .object({
        l2Grid: z.array(z.number().nonnegative()).min(1),
        folds: z.number().int().min(2),
        standardize: z.boolean(),
        fitIntercept: z.boolean(),
        maxIter: positiveInt,
        tol: z.number().positive(),
        seed,
      })
      .partial()
      .strict(),
    create: (task, options) => new LinearCV(task, options),
    fromJSON: (json) => LinearCV.fromJSON(json),
  },
  {
    name: 'ml-random-forest',
    tasks: ['classification', 'regression'],
    description: 'ml-random-forest (slow beyond a few thousand rows; features sampled once per tree)',
    options: z
      .object({
        nEstimators: positiveInt,
        maxFeatures: z.number().positive(),
        maxDepth: positiveInt,
        minNumSamples: positiveInt,
        useSampleBagging: z.boolean(),
        probability: z.enum(['regression', 'votes']),
        seed,
      })
      .partial()
      .strict(),
    create: (task, options) => new MlRandomForest(task, options),
    fromJSON: (json) => MlRandomForest.fromJSON(json),
  },
  {
    name: 'ml-cart',
    tasks: ['classification', 'regression'],
    description: 'one ml-cart CART tree (O(n²) per split: small data only)',
    options: z.object({ maxDepth: positiveInt, minNumSamples: positiveInt, seed }).partial().strict(),
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
 * Creates an unfitted learner by name, validating its options.
 *
 * @example
 * const learner = createLearner('logistic', 'classification', { l2: 0.5 });
 */
export function createLearner(name: string, task: LearnerTask, options: unknown = {}): BaseLearner {
  const entry = learnerEntry(name);
  if (!entry.tasks.includes(task)) {
    const hint = name === 'logistic' && task === 'regression' ? " (use 'linear' for a regression)" : '';
    throw learnerErrors.wrongTask(name, task + hint);
  }
  const parsed = entry.options.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw learnerErrors.badOptions(name, issue.message, issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
  }
  return entry.create(task, parsed.data);
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
