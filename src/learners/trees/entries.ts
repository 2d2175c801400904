/** Registry entries for the tree ensembles: names, option schemas (zod) and loaders. */
import { lazySchema, type Zod } from '../../util/schema.js';
import type { LearnerEntry } from '../registry.js';
import { RandomForest } from './forest.js';
import { GradientBoosting } from './boosting.js';


const positiveInt = (z: Zod) => z.number().int().positive();
const maxDepth = (z: Zod) => positiveInt(z).nullable();
const maxBins = (z: Zod) => z.number().int().min(2).max(255);
/** A count of rows, or a fraction in (0, 1) of the training rows (scikit-learn's min_samples_leaf convention). */
const minSamplesLeaf = (z: Zod) => z.union([positiveInt(z), z.number().gt(0).lt(1)]);

export const forestOptionsSchema = lazySchema((z) =>
  z
    .object({
      nEstimators: positiveInt(z),
      maxDepth: maxDepth(z),
      minSamplesLeaf: minSamplesLeaf(z),
      minSamplesSplit: z.number().int().min(2),
      maxFeatures: z.union([z.enum(['sqrt', 'log2', 'all']), z.number().positive().max(1), positiveInt(z)]),
      bootstrap: z.boolean(),
      maxSamples: z.number().positive().max(1),
      maxBins: maxBins(z),
      seed: z.number().int(),
      threads: positiveInt(z),
    })
    .partial()
    .strict(),
);

export const boostingOptionsSchema = lazySchema((z) =>
  z
    .object({
      nIterations: positiveInt(z),
      learningRate: z.number().positive(),
      maxDepth: maxDepth(z),
      maxLeaves: z.number().int().min(2).nullable(),
      minSamplesLeaf: minSamplesLeaf(z),
      l2: z.number().nonnegative(),
      maxBins: maxBins(z),
      earlyStopping: z.union([z.literal('auto'), z.boolean()]),
      validationFraction: z.number().positive().lt(1),
      nIterNoChange: positiveInt(z),
      tol: z.number().nonnegative(),
      seed: z.number().int(),
    })
    .partial()
    .strict(),
);

export const forestEntry: LearnerEntry = {
  name: 'forest',
  tasks: ['classification', 'regression'],
  description: 'random forest of histogram trees (fast on 10^5–10^6 rows; missing values and categorical codes handled)',
  options: forestOptionsSchema,
  categorical: 'codes',
  create: (task, options) => new RandomForest(task, options),
  fromJSON: (json) => RandomForest.fromJSON(json),
};

export const boostingEntry: LearnerEntry = {
  name: 'boosting',
  tasks: ['classification', 'regression'],
  description: 'gradient boosting of histogram trees (logistic or squared loss, early stopping)',
  options: boostingOptionsSchema,
  categorical: 'codes',
  create: (task, options) => new GradientBoosting(task, options),
  fromJSON: (json) => GradientBoosting.fromJSON(json),
};
