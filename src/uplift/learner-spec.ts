/**
 * A base learner named by registry name and options, from which the
 * learners that need models of both kinds (a classifier for propensities, a
 * regressor for effects) make fresh models. Serialisable, so a saved model
 * remembers what it was built from.
 */
import type { BaseLearner, LearnerTask } from '../learners/types.js';
import { createLearner } from '../learners/registry.js';
import { UPLIFT_LEARNER_DEFAULTS } from './learner-defaults.js';

export interface LearnerSpec {
  /** Registry name, e.g. 'forest', 'logistic'. */
  readonly name: string;
  readonly options?: object;
}

/**
 * A fresh learner of the spec for a task. 'logistic' asked for a regression
 * gives its linear counterpart (ridge), so a linear base serves every method.
 * Options the spec leaves out take the uplift-context defaults
 * (learner-defaults.ts), not the learner's standalone ones.
 */
export function makeLearner(spec: LearnerSpec, task: LearnerTask, seed: number): BaseLearner {
  const name = spec.name === 'logistic' && task === 'regression' ? 'linear' : spec.name;
  // The user's options are checked; the uplift defaults under them and the seed over them are ours.
  return createLearner(name, task, spec.options ?? {}, (checked) => ({ ...(UPLIFT_LEARNER_DEFAULTS[name] ?? {}), ...checked, seed }));
}
