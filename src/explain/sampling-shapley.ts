/**
 * Model-agnostic Shapley values by permutation sampling (Štrumbelj and
 * Kononenko 2014), for learners that are not tree sums (DR, R, X, logistic,
 * bart, …). For one row x, each sample draws a permutation of the players
 * and a background row z, and walks from z to x setting the players' columns
 * to x's one at a time, in permutation order: each player's step in the
 * prediction is one draw of its marginal contribution. Every permutation is
 * also walked in reverse with the same z (antithetic sampling, as shap's
 * PermutationExplainer does), which cancels much of the order noise.
 *
 * - The estimate is exactly additive: along one walk the steps sum to
 *   f(x) − f(z), so base + Σ φ = f(x), with base = the mean of f(z) over the
 *   drawn background rows.
 * - The standard error of each value is the spread of the antithetic pairs'
 *   means over √(pairs).
 * - Players are groups of matrix columns (a one-hot categorical feature is
 *   one player); each row draws from its own seed stream (seed and row key), so
 *   a row's values do not depend on which other rows are explained.
 */
import type { FeatureMatrix } from '../data/features.js';
import { Random } from '../util/random.js';
import { explainErrors } from './messages.js';

export interface SamplingShapleyOptions {
  /** Antithetic pairs of walks per row (default 32, so 64 walks). */
  readonly pairs?: number;
  readonly seed?: number;
  /** A key per row of X for its seed stream (default the row index). */
  readonly rowKeys?: ArrayLike<number>;
  readonly onRow?: () => void;
}

export interface ShapleyEstimate {
  readonly nRows: number;
  readonly nPlayers: number;
  /** Prediction columns (one per treated arm for an uplift model). */
  readonly width: number;
  /** Row i, player j, column k at ((i · nPlayers) + j) · width + k. */
  readonly values: Float64Array;
  /** Standard error of each value, same layout (NaN with a single pair). */
  readonly se: Float64Array;
  /** Mean prediction over the drawn background rows: (i · width) + k. */
  readonly base: Float64Array;
}

/** A seed for row `key`, mixed so neighbouring rows get unrelated streams. */
function rowSeed(seed: number, key: number): number {
  let h = (seed ^ Math.imul(key + 1, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * @param predict one Float64Array per output column, each of length X.nRows
 * @param groups the matrix columns of each player
 *
 * @example
 * // A model f = 2·a + b, one row to explain (a = 3, b = 5: f = 11), two background rows.
 * const predict = (M: FeatureMatrix) => [Float64Array.from({ length: M.nRows }, (_, i) => 2 * M.columns[0]![i]! + M.columns[1]![i]!)];
 * const X = featureMatrix([Float64Array.of(3), Float64Array.of(5)], ['a', 'b']);
 * const background = featureMatrix([Float64Array.of(0, 2), Float64Array.of(1, 3)], ['a', 'b']);
 * const est = samplingShapley(predict, X, background, [[0], [1]], { seed: 1 });
 * est.base[0]! + est.values[0]! + est.values[1]!; // 11 (the prediction of row 0: base + Σ values)
 * est.values; // Float64Array [3.75, 2.875] (near the exact 2·(3 − 1) = 4 and 5 − 2 = 3: background rows are drawn)
 */
export function samplingShapley(
  predict: (X: FeatureMatrix) => Float64Array[],
  X: FeatureMatrix,
  background: FeatureMatrix,
  groups: readonly (readonly number[])[],
  options: SamplingShapleyOptions = {},
): ShapleyEstimate {
  const P = options.pairs ?? 32;
  if (!Number.isInteger(P) || P < 1) throw explainErrors.badSamples(P);
  const m = groups.length;
  const q = X.columns.length;
  const n = X.nRows;
  const nb = background.nRows;
  const walks = 2 * P;
  const points = walks * (m + 1);
  // The matrix of all points of all walks of one row, reused row after row.
  const columns = Array.from({ length: q }, () => new Float64Array(points));
  const batch: FeatureMatrix = { nRows: points, columns, names: X.names, categories: X.categories };
  let width = 0;
  let values = new Float64Array(0);
  let se = new Float64Array(0);
  let base = new Float64Array(0);
  const order = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    const rng = new Random(rowSeed(options.seed ?? 0, options.rowKeys === undefined ? i : options.rowKeys[i]!));
    const perms: Int32Array[] = [];
    for (let pair = 0; pair < P; pair++) {
      const perm = rng.permutation(m);
      const z = rng.int(nb);
      perms.push(perm);
      for (let dir = 0; dir < 2; dir++) {
        for (let a = 0; a < m; a++) order[a] = dir === 0 ? perm[a]! : perm[m - 1 - a]!;
        const start = (2 * pair + dir) * (m + 1);
        // Point 0 is z; point s has the first s players of the order set to x's values.
        for (let c = 0; c < q; c++) columns[c]![start] = background.columns[c]![z]!;
        for (let s = 1; s <= m; s++) {
          const at = start + s;
          for (let c = 0; c < q; c++) columns[c]![at] = columns[c]![at - 1]!;
          for (const c of groups[order[s - 1]!]!) columns[c]![at] = X.columns[c]![i]!;
        }
      }
    }
    const out = predict(batch);
    if (i === 0) {
      width = out.length;
      values = new Float64Array(n * m * width);
      se = new Float64Array(n * m * width);
      base = new Float64Array(n * width);
    }
    for (let k = 0; k < width; k++) {
      const f = out[k]!;
      // Per pair, the mean of its two walks' steps for each player (pairs are the independent draws).
      const pairMean = new Float64Array(P * m);
      let baseSum = 0;
      for (let pair = 0; pair < P; pair++) {
        const perm = perms[pair]!;
        for (let dir = 0; dir < 2; dir++) {
          const start = (2 * pair + dir) * (m + 1);
          for (let s = 1; s <= m; s++) {
            const player = dir === 0 ? perm[s - 1]! : perm[m - s]!;
            pairMean[pair * m + player] = pairMean[pair * m + player]! + 0.5 * (f[start + s]! - f[start + s - 1]!);
          }
        }
        baseSum += f[2 * pair * (m + 1)]!;
      }
      base[i * width + k] = baseSum / P;
      for (let j = 0; j < m; j++) {
        let sum = 0;
        for (let pair = 0; pair < P; pair++) sum += pairMean[pair * m + j]!;
        const mean = sum / P;
        let ss = 0;
        for (let pair = 0; pair < P; pair++) ss += (pairMean[pair * m + j]! - mean) ** 2;
        values[(i * m + j) * width + k] = mean;
        se[(i * m + j) * width + k] = P > 1 ? Math.sqrt(ss / (P - 1) / P) : NaN;
      }
    }
    options.onRow?.();
  }
  return { nRows: n, nPlayers: m, width, values, se, base };
}
