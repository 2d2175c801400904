/** Train/test splits of a table's rows, seeded or systematic, so holdout evaluations are repeatable. */
import { Random } from '../util/random.js';

export interface SplitRows {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * Random split: each row goes to test with a seeded shuffle so that exactly
 * round(n·testFraction) rows are held out; both parts keep file order.
 *
 * @example
 * const { train, test } = randomSplit(1000, 0.3, 42);
 * [train.length, test.length]; // [700, 300]
 */
export function randomSplit(n: number, testFraction: number, seed: number): SplitRows {
  const nTest = Math.round(n * testFraction);
  const order = new Random(seed).permutation(n);
  const isTest = new Uint8Array(n);
  for (let i = 0; i < nTest; i++) isTest[order[i]!] = 1;
  return partition(isTest);
}

/**
 * Systematic split by row index, as in the Hillstrom benchmarks: with a test
 * fraction f = m/10, row i is a test row when (i mod 10) ≥ 10 − m; the period
 * is the smallest of 10, 100, 1000 that expresses f exactly.
 *
 * @example
 * systematicSplit(10, 0.3).test; // Int32Array [7, 8, 9]
 */
export function systematicSplit(n: number, testFraction: number): SplitRows {
  let period = 10;
  while (period < 1e6 && Math.abs(Math.round(testFraction * period) - testFraction * period) > 1e-9) period *= 10;
  const cut = period - Math.round(testFraction * period);
  const isTest = new Uint8Array(n);
  for (let i = 0; i < n; i++) isTest[i] = i % period >= cut ? 1 : 0;
  return partition(isTest);
}

function partition(isTest: Uint8Array): SplitRows {
  let nTest = 0;
  for (const v of isTest) nTest += v;
  const train = new Int32Array(isTest.length - nTest);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < isTest.length; i++) {
    if (isTest[i] === 1) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}
