/**
 * Row orders the metrics rank by.
 *
 * sklift ranks with `np.argsort(u, kind='mergesort')[::-1]`: a stable ascending
 * sort, reversed, so among tied scores the later input row comes first.
 * causalml ranks with pandas' descending sort; for small inputs that keeps tied
 * rows in input order, which is the deterministic order we use for it.
 *
 * Large inputs are sorted by the stable radix sort of src/util/argsort.ts,
 * several times faster than a comparator sort at 10^6 rows.
 */
import { stableSort, type SortedKeys } from '../util/argsort.js';

/** Row indices in ranking order, and the scores in that order (read sequentially by the kernels). */
export type Ranking = SortedKeys;

/**
 * Indices that sort `score` ascending, ties kept in input order (stable).
 * Scores must be finite, and -0 must already be +0 (validate.ts does both).
 */
export function stableAscendingOrder(score: Float64Array): Uint32Array {
  return stableAscendingSort(score).order;
}

/** Like stableAscendingOrder, also returning the sorted scores. */
export function stableAscendingSort(score: Float64Array): Ranking {
  return stableSort(score);
}

/** sklift's order: stable ascending, reversed (ties: later row first). */
export function skliftOrder(score: Float64Array): Uint32Array {
  return stableAscendingOrder(score).reverse();
}

/** sklift's ranking with the scores in ranking order. */
export function skliftRanking(score: Float64Array): Ranking {
  const { order, sorted } = stableAscendingSort(score);
  return { order: order.reverse(), sorted: sorted.reverse() };
}

/** Descending order with tied rows in input order (our deterministic stand-in for causalml's). */
export function descendingInputOrder(score: Float64Array): Uint32Array {
  const negated = new Float64Array(score.length);
  for (let i = 0; i < score.length; i++) negated[i] = 0 - score[i]!; // 0 - 0 is +0
  return stableAscendingOrder(negated);
}
