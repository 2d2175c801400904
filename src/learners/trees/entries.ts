/** Registry entries for the tree ensembles: names, option schemas (zod) and loaders. */
import { z } from 'zod';
import type { LearnerEntry } from '../registry.js';
import { RandomForest } from './forest.js';
import { GradientBoosting } from './boosting.js';

const positiveInt = z.number().int().positive();
const maxDepth = positiveInt.nullable();
const maxBins = z.number().int().min(2).max(255);
/** A count of rows, or a fraction in (0, 1) of the training rows (scikit-learn's min_samples_leaf convention). */
const minSamplesLeaf = z.union([positiveInt, z.number().gt(0).lt(1)]);

export const forestOptionsSchema = z
  .object({
    nEstimators: positiveInt,
    maxDepth,
    minSamplesLeaf,
    minSamplesSplit: z.number().int().min(2),
    maxFeatures: z.union([z.enum(['sqrt', 'log2', 'all']), z.number().positive().max(1), positiveInt]),
    bootstrap: z.boolean(),
    maxSamples: z.number().positive().max(1),
    maxBins,
    seed: z.number().int(),
    threads: positiveInt,
  })
  .partial()
  .strict();

export const boostingOptionsSchema = z
  .object({
    nIterations: positiveInt,
    learningRate: z.number().positive(),
    maxDepth,
    maxLeaves: z.number().int().min(2).nullable(),
    minSamplesLeaf,
    l2: z.number().nonnegative(),
    maxBins,
    earlyStopping: z.union([z.literal('auto'), z.boolean()]),
    validationFraction: z.number().positive().lt(1),
    nIterNoChange: positiveInt,
    tol: z.number().nonnegative(),
    seed: z.number().int(),
  })
  .partial()
  .strict();

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
