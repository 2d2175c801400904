/**
 * The grid `--method auto` and `liftwise tune` choose from: a few methods ×
 * base learners × the hyperparameters that matter for effect estimation (leaf
 * size, depth or number of leaves, learning rate × iterations). Small on
 * purpose: each member is fitted once per fold, and more members mean more
 * chances to pick one that only looks good on these folds (the benchmark in
 * BENCHMARKS.md, "Default and auto uplift", measured the grid below).
 */
import type { OutcomeKind } from '../types.js';

export interface GridMember {
  /** Short name for the leaderboard, e.g. 'two-model/forest leaf 100'. */
  readonly label: string;
  readonly method: string;
  /** Base learner (none for methods with their own trees). */
  readonly learner?: string;
  readonly learnerOptions?: Readonly<Record<string, unknown>>;
  readonly methodOptions?: Readonly<Record<string, unknown>>;
}

/** 'randomised': a test with the same chance of treatment for everyone; 'observational': it may depend on x. */
export type Design = 'randomised' | 'observational';

/**
 * The grid for an outcome kind and design. The first member is the default
 * method with its default learner, so auto never does worse than the default
 * by skipping it (a time budget always lets the first member finish).
 */
export function defaultGrid(outcome: OutcomeKind, design: Design): GridMember[] {
  const propensity = design === 'observational' ? { propensity: 'model' } : {};
  const members: GridMember[] = [
    { label: 's-learner/boosting (default)', method: 's-learner', learner: 'boosting' },
    { label: 's-learner/boosting leaf 4 %', method: 's-learner', learner: 'boosting', learnerOptions: { minSamplesLeaf: 0.04 } },
    { label: 's-learner/boosting 200 iterations', method: 's-learner', learner: 'boosting', learnerOptions: { nIterations: 200 } },
    { label: 'x-learner/forest', method: 'x-learner', learner: 'forest', methodOptions: propensity },
    { label: 'x-learner/forest leaf 1 %', method: 'x-learner', learner: 'forest', learnerOptions: { minSamplesLeaf: 0.01 }, methodOptions: propensity },
    { label: 'x-learner/logistic', method: 'x-learner', learner: 'logistic', methodOptions: propensity },
    { label: 'two-model/logistic', method: 'two-model', learner: 'logistic' },
    { label: 'two-model/forest', method: 'two-model', learner: 'forest' },
    { label: 'transformed-outcome/forest leaf 4 %', method: 'transformed-outcome', learner: 'forest', learnerOptions: { minSamplesLeaf: 0.04 }, methodOptions: propensity },
  ];
  if (outcome === 'binary' && design === 'randomised') members.push({ label: 'uplift-forest', method: 'uplift-forest' });
  return members;
}
