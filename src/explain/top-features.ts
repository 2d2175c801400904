/**
 * The features a fitted uplift model leans on most, for the scenario report:
 * mean |SHAP value| of each feature per treated arm over a seeded sample of
 * the planned units (exact TreeSHAP where it applies, else a light sampling
 * estimate). In outcome units: the average size of the feature's share of a
 * unit's uplift.
 */
import type { Table } from '../data/table.js';
import type { UpliftModel } from '../uplift/model.js';
import { Random } from '../util/random.js';
import { explainUplift, meanAbsoluteShap, treeRoute } from './uplift-shap.js';

export interface TopFeatures {
  readonly method: 'tree' | 'sampling';
  readonly how: string;
  /** Units explained. */
  readonly units: number;
  readonly arms: ReadonlyArray<{ readonly arm: string; readonly features: ReadonlyArray<{ readonly feature: string; readonly meanAbsShap: number }> }>;
}

export interface TopFeaturesOptions {
  /** Features kept per arm (default 5). */
  readonly top?: number;
  /** Units explained with exact TreeSHAP (default 500) or by sampling (default 100). */
  readonly treeUnits?: number;
  readonly sampledUnits?: number;
  readonly seed?: number;
}

/**
 * @example
 * const top = topFeatures(model, planTable, { seed: 1 });
 * top.arms[0].features[0].feature; // the feature with the largest mean |SHAP| for the first arm
 */
export function topFeatures(model: UpliftModel, table: Table, options: TopFeaturesOptions = {}): TopFeatures {
  const seed = options.seed ?? 0;
  const exact = typeof treeRoute(model.learner) !== 'string';
  const want = exact ? (options.treeUnits ?? 500) : (options.sampledUnits ?? 100);
  const n = Math.min(want, table.nRows);
  const rows = Array.from(new Random(seed).permutation(table.nRows).subarray(0, n)).sort((a, b) => a - b);
  const e = explainUplift(model, table, { rows, pairs: 8, backgroundRows: 50, seed });
  const ranked = meanAbsoluteShap(e);
  const top = options.top ?? 5;
  return {
    method: e.method,
    how: e.how,
    units: n,
    arms: e.arms.map((arm) => ({
      arm,
      features: ranked.filter((r) => r.arm === arm).slice(0, top).map((r) => ({ feature: r.feature, meanAbsShap: r.meanAbs })),
    })),
  };
}
