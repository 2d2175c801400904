/** Simulated data with known truth for the tree-ensemble tests. */
import type { FeatureMatrix } from '../../../src/data/features.js';
import type { Random } from '../../../src/util/random.js';

export function matrix(columns: Float64Array[], categories?: number[]): FeatureMatrix {
  return {
    nRows: columns[0]!.length,
    columns,
    names: columns.map((_, j) => `x${j}`),
    categories: categories ?? columns.map(() => 0),
  };
}

export function uniformColumns(n: number, p: number, rng: Random): Float64Array[] {
  return Array.from({ length: p }, () => {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = rng.uniform();
    return c;
  });
}

export function accuracy(p: Float64Array, y: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < p.length; i++) if ((p[i]! >= 0.5 ? 1 : 0) === y[i]) ok++;
  return ok / p.length;
}

export function rSquared(pred: Float64Array, y: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let ssr = 0;
  let sst = 0;
  for (let i = 0; i < y.length; i++) {
    ssr += (y[i]! - pred[i]!) ** 2;
    sst += (y[i]! - mean) ** 2;
  }
  return 1 - ssr / sst;
}

/** Area under the ROC curve (ties count half). */
export function auc(score: Float64Array, y: Float64Array): number {
  const idx = Array.from(score.keys()).sort((a, b) => score[a]! - score[b]!);
  let rankSum = 0;
  let nPos = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && score[idx[j + 1]!] === score[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[idx[k]!] === 1) {
      rankSum += rank;
      nPos++;
    }
    i = j + 1;
  }
  const nNeg = y.length - nPos;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export { correlation } from '../../helpers/stats.js';
