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
 * // A campaign whose e-mail effect steps down with recency (and, among recent buyers, up with history).
 * const { table } = simulateCampaign({ n: 1000, seed: 1, shape: 'step' });
 * const model = UpliftModel.fit(table, { treatment: 'treatment', control: 'control', outcome: 'visit', features: ['recency', 'history', 'channel'],
 *   method: 'two-model', learner: 'forest', learnerOptions: { nEstimators: 20, maxDepth: 4, seed: 1 } });
 * const top = topFeatures(model, table, { seed: 1 }); // (the plan's units in practice)
 * top.method; // 'tree'
 * top.arms[0]!.features[0]!.feature; // 'recency' (the largest mean |SHAP| for the first arm)
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
