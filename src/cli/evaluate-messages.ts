/** Messages of `liftwise evaluate` beyond the shared CLI ones, each with a stable code. */
import { InputError } from '../errors.js';

export const evaluateErrors = {
  tooFewReplicates: (value: number) =>
    new InputError('E_EVALUATE_REPLICATES', `--replicates must be a whole number of at least 20 (a percentile interval needs replicates in its tails), got ${value}`, {
      path: ['replicates'],
    }),
  nothingToEvaluate: () =>
    new InputError('E_EVALUATE_NOTHING', 'give --scores (rank metrics with intervals), --plan (held-out value of a plan), or both', { path: ['scores'] }),
};
