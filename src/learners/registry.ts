/**
 * The learner registry: names the CLI and model files use, mapped to
 * constructors, option schemas and loaders: the one place learners are
 * registered. Options are validated with zod so a typo in an options file is
 * reported with its field path, by the same check the constructors make.
 */
import type { z } from 'zod';
import type { BaseLearner, LearnerJSON, LearnerTask } from './types.js';
import { LogisticRegression, RidgeRegression, linearOptionsSchema, type LinearOptions } from './linear.js';
import { MlCart, MlRandomForest, mlCartOptionsSchema, mlRandomForestOptionsSchema } from './ml-adapters.js';
import { learnerErrors } from './messages.js';
import { RandomForest, forestOptionsSchema } from './trees/forest.js';
import { GradientBoosting, boostingOptionsSchema } from './trees/boosting.js';
import { LinearCV, linearCVOptionsSchema } from './linear-cv.js';
import { checkLearnerOptionsWith, preChecked, type WithTask } from './options-check.js';

export interface LearnerEntry {
  readonly name: string;
  readonly tasks: readonly LearnerTask[];
  /** One line for --help. */
  readonly description: string;
  /** The options schema (built on first use: see util/schema.ts); the learner's constructor checks against the same one. */
  readonly options: () => z.ZodType<object>;
  /** How categorical features reach this learner: one-hot columns (default) or integer codes it splits on. */
  readonly categorical?: 'onehot' | 'codes';
  /** The learner's constructor: `new Learner({ task, ...options })`. */
  create(options: WithTask<object>): BaseLearner;
  fromJSON(json: LearnerJSON): BaseLearner;
}

/** Both tasks, for learners that do both. */
const BOTH: readonly LearnerTask[] = ['classification', 'regression'];

const entries: LearnerEntry[] = [
  // The fast histogram ensembles are listed first: they are the defaults to reach for.
  {
    name: 'forest',
    tasks: BOTH,
    description: 'random forest of histogram trees (fast on 10^5–10^6 rows; missing values and categorical codes handled)',
    options: forestOptionsSchema,
    categorical: 'codes',
    create: (options) => new RandomForest(options),
    fromJSON: (json) => RandomForest.fromJSON(json),
  },
  {
    name: 'boosting',
    tasks: BOTH,
    description: 'gradient boosting of histogram trees (logistic or squared loss, early stopping)',
    options: boostingOptionsSchema,
    categorical: 'codes',
    create: (options) => new GradientBoosting(options),
    fromJSON: (json) => GradientBoosting.fromJSON(json),
  },
  {
    name: 'logistic',
    tasks: ['classification'],
    description: 'L2-regularised logistic regression on standardised features',
    options: linearOptionsSchema,
    create: (options) => new LogisticRegression(options as LinearOptions),
    fromJSON: (json) => LogisticRegression.fromJSON(json),
  },
  {
    name: 'linear',
    tasks: BOTH,
    description: 'linear models: logistic regression for 0/1 targets, ridge regression otherwise',
    options: linearOptionsSchema,
    create: (options) =>
      options.task === 'classification'
        ? new LogisticRegression(options as LinearOptions)
        : new RidgeRegression(options as LinearOptions),
    fromJSON: (json) => (json.task === 'classification' ? LogisticRegression.fromJSON(json) : RidgeRegression.fromJSON(json)),
  },
  {
    name: 'linear-cv',
    tasks: BOTH,
    description: 'linear models with the L2 penalty chosen by K-fold cross-validation (small or noisy data)',
    options: linearCVOptionsSchema,
    create: (options) => new LinearCV(options),
    fromJSON: (json) => LinearCV.fromJSON(json),
  },
  {
    name: 'ml-random-forest',
    tasks: BOTH,
    description: 'ml-random-forest (slow beyond a few thousand rows; features sampled once per tree)',
    options: mlRandomForestOptionsSchema,
    create: (options) => new MlRandomForest(options),
    fromJSON: (json) => MlRandomForest.fromJSON(json),
  },
  {
    name: 'ml-cart',
    tasks: BOTH,
    description: 'one ml-cart CART tree (O(n²) per split: small data only)',
    options: mlCartOptionsSchema,
    create: (options) => new MlCart(options),
    fromJSON: (json) => MlCart.fromJSON(json),
  },
];

/**
 * Adds a learner, or replaces the one of the same name, and returns a function
 * that undoes it. A new learner is one module (its class, constructed as
 * `new Learner({ task, ...options })` with `constructorOptions`, and its
 * schema) and this call: test/learners/extension.test.ts shows one.
 */
export function registerLearner(entry: LearnerEntry): () => void {
  const i = entries.findIndex((e) => e.name === entry.name);
  const previous = i >= 0 ? entries[i] : undefined;
  if (i >= 0) entries[i] = entry;
  else entries.push(entry);
  // The undo (for tests and plug-ins that add a learner for a while): the registry as it was.
  return () => {
    const j = entries.indexOf(entry);
    if (j < 0) return;
    if (previous === undefined) entries.splice(j, 1);
    else entries[j] = previous;
  };
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
 * learner.toJSON().options.l2; // 0.5
 * createLearner('logistic', 'classification', { l2: -5 }); // throws E_BAD_LEARNER_OPTIONS
 */
export function createLearner(name: string, task: LearnerTask, options: unknown = {}, complete: (checked: object) => object = (o) => o): BaseLearner {
  const entry = learnerEntry(name);
  if (!entry.tasks.includes(task)) {
    const hint = name === 'logistic' && task === 'regression' ? " (use 'linear' for a regression)" : '';
    throw learnerErrors.wrongTask(name, task + hint);
  }
  return entry.create(preChecked({ ...complete(checkLearnerOptions(entry, options)), task }));
}

/**
 * The learner's options checked against its schema; every issue is named, the
 * first one's field path is the error's location. An empty object is valid for
 * every learner, so it is not checked (and zod is not loaded for it).
 */
export function checkLearnerOptions(entry: LearnerEntry, options: unknown): object {
  return checkLearnerOptionsWith(entry.name, entry.options, options);
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
