import { panelErrors } from './messages.js';
import { checkPanel, treatedNow, type Panel } from './panel.js';
import { fitOls, type RegressionFit } from './regression.js';
import { demeanTwoWay, type TwoWayIndex } from './withinTransform.js';

export interface TwfeOptions {
  /**
   * 'cluster' (default): cluster-robust by unit, CR1 with
   * c = G/(G−1)·(n−1)/(n−K), K = slopes + number of periods — the defaults of
   * fixest (ssc: adj, fixef.K = "nested", cluster.adj) and Stata's
   * `xtreg, fe vce(cluster unit)` with period dummies (unit effects are nested
   * in the clusters, so they do not count in K).
   * 'classical': s²·(X̃ᵀX̃)⁻¹ with s² = RSS/(n − slopes − units − periods + 1).
   */
  readonly standardErrors?: 'cluster' | 'classical';
}

/**
 * Two-way fixed-effects difference-in-differences:
 * y_it = a_i + g_t + δ·D_it + β·x_it + e_it, with D_it = 1 once unit i is
 * treated. Unit and period effects are removed by the within transformation
 * (alternating projections; no dummy matrix), so it scales to many units.
 * Terms: 'treated:post' (δ), then the covariates.
 *
 * @example
 * // The seed post's process has no idiosyncratic noise, so the fit is exact.
 * const panel = simulatePanel({ seed: 7 });
 * Math.abs(termOf(didTwoWayFixedEffects(panel), 'treated:post').estimate - 0.5) < 1e-9; // true
 */
export function didTwoWayFixedEffects(panel: Panel, options: TwfeOptions = {}): RegressionFit {
  checkPanel(panel);
  const n = panel.y.length;
  const d = new Float64Array(n);
  for (let r = 0; r < n; r++) d[r] = treatedNow(panel, r);
  return fitWithinTwoWay(
    panel,
    ['treated:post', ...panel.covariates.map((c) => c.name)],
    [d, ...panel.covariates.map((c) => c.values)],
    options.standardErrors ?? 'cluster',
    'the two-way fixed-effects regression',
  );
}

/** Demeans y and the regressors two ways, then fits with the chosen standard errors. */
export function fitWithinTwoWay(
  panel: Panel,
  names: readonly string[],
  regressors: readonly Float64Array[],
  standardErrors: 'cluster' | 'classical',
  what: string,
): RegressionFit {
  const index: TwoWayIndex = panel;
  const demean = (column: Float64Array): Float64Array => {
    const result = demeanTwoWay(column, index);
    if (!result.converged) throw panelErrors.notConverged(result.sweeps);
    return result.values;
  };
  const y = demean(panel.y);
  const columns = regressors.map(demean);
  const observedUnits = countDistinct(panel.unit, panel.nUnits);
  const observedPeriods = countDistinct(panel.period, panel.nPeriods);
  const absorbed = observedUnits + observedPeriods - 1;
  if (standardErrors === 'classical') return fitOls(names, columns, y, { kind: 'classical', absorbed }, what);
  return fitOls(
    names,
    columns,
    y,
    {
      kind: 'cluster',
      cluster: panel.unit,
      nClusters: observedUnits,
      parameters: columns.length + observedPeriods,
      absorbed,
    },
    what,
  );
}

function countDistinct(codes: Int32Array, size: number): number {
  const seen = new Uint8Array(size);
  let count = 0;
  for (let r = 0; r < codes.length; r++) {
    if (seen[codes[r]!] === 0) {
      seen[codes[r]!] = 1;
      count++;
    }
  }
  return count;
}
