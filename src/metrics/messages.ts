/** Every message the metrics show a user, each with a stable code. */
import { InputError } from '../errors.js';

const show = (value: unknown): string => (typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value));

export const metricErrors = {
  lengthMismatch: (name: string, got: number, expected: number) =>
    new InputError('E_METRIC_LENGTH', `'${name}' has ${got} values but 'y' has ${expected}; all inputs need one value per row`, {
      path: [name],
    }),
  empty: () => new InputError('E_METRIC_EMPTY', 'the inputs have no rows; a metric needs at least one row', { path: ['y'] }),
  notBinary: (name: string, row: number, value: unknown) =>
    new InputError('E_METRIC_NOT_BINARY', `value ${show(value)} in '${name}' is not 0 or 1`, { path: [name, row] }),
  scoreNotFinite: (row: number, value: number) =>
    new InputError('E_METRIC_SCORE', `score ${String(value)} is not a finite number; every row needs a score to be ranked`, {
      path: ['uplift', row],
    }),
  outcomeNotFinite: (row: number, value: unknown) =>
    new InputError('E_METRIC_OUTCOME', `outcome ${show(value)} is not a finite number; every row needs an outcome`, { path: ['y', row] }),
  singleGroup: (which: 'treated' | 'control') =>
    new InputError('E_METRIC_SINGLE_GROUP', `there are no ${which} rows; this metric compares treated with control rows`, {
      path: ['treatment'],
    }),
  badK: (k: unknown, n: number) =>
    new InputError(
      'E_METRIC_K',
      `k = ${show(k)} is neither a fraction in (0, 1) nor a whole number of rows in [1, ${n - 1}]`,
      { path: ['k'] },
    ),
  kExceedsGroup: (k: number, which: 'treated' | 'control', size: number) =>
    new InputError('E_METRIC_K', `k = ${k} rows exceeds the ${size} ${which} rows (strategy 'byGroup' takes k from each group)`, {
      path: ['k'],
    }),
  badStrategy: (strategy: unknown) =>
    new InputError('E_METRIC_STRATEGY', `strategy ${show(strategy)} is not one of 'overall', 'byGroup'`, { path: ['strategy'] }),
  badBins: (bins: unknown, n: number) =>
    new InputError('E_METRIC_BINS', `bins = ${show(bins)} must be a whole number from 1 to ${n - 1} (fewer bins than rows)`, {
      path: ['bins'],
    }),
};
