/** Shared shapes of the metrics module. */

/** A column of numbers: a typed array or a plain array. */
export type NumberColumn = ArrayLike<number>;

/** A curve as parallel arrays: x = rows targeted, y = the curve's value there. */
export interface Curve {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** How upliftAtK and weightedAverageUplift take the top rows (sklift's 'overall' and 'by_group'). */
export type TopStrategy = 'overall' | 'byGroup';
