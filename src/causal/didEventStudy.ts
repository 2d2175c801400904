import { fitWithinTwoWay, type TwfeOptions } from './didTwoWayFixedEffects.js';
import { panelErrors } from './messages.js';
import { checkPanel, type Panel } from './panel.js';
import type { RegressionFit } from './regression.js';

export interface EventStudyOptions extends TwfeOptions {
  /**
   * [first, last] event time (period − start) to estimate, e.g. [-5, 10].
   * Rows of treated units outside it are binned into the end points. Must
   * contain the reference period −1. Default: every event time observed.
   */
  readonly window?: readonly [number, number];
}

export interface EventStudy {
  /** The regression; event-time terms are named 'event:-3', 'event:0', …, then the covariates. */
  readonly fit: RegressionFit;
  /** Event times of the window in order, the reference −1 included. */
  readonly relative: Int32Array;
  /** Effect at each event time relative to period −1 (0 at −1). */
  readonly estimate: Float64Array;
  /** Its standard error (0 at −1, the normalisation). */
  readonly standardError: Float64Array;
}

/**
 * Event-study difference-in-differences: two-way fixed effects with one
 * dummy per event time of treated units (leads before the start, lags after),
 * the period before the start (−1) as reference. Leads near 0 support
 * parallel trends; lags trace the effect over time. Standard errors as in
 * {@link didTwoWayFixedEffects} (cluster-robust CR1 by unit by default).
 *
 * @example
 * const panel = simulatePanel({ individuals: 40, periods: 10, treatmentStart: 5, seed: 3 });
 * const study = didEventStudy(panel);
 * Array.from(study.relative); // [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]
 * study.estimate.every((e, k) => Math.abs(e - (study.relative[k] >= 0 ? 0.5 : 0)) < 1e-9); // true
 */
export function didEventStudy(panel: Panel, options: EventStudyOptions = {}): EventStudy {
  checkPanel(panel);
  const n = panel.y.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < n; r++) {
    const start = panel.treatmentStart[panel.unit[r]!]!;
    if (Number.isNaN(start)) continue;
    const rel = panel.period[r]! - start;
    lo = Math.min(lo, rel);
    hi = Math.max(hi, rel);
  }
  const window = options.window ?? [lo, hi];
  const [first, last] = window;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first > -1 || last < -1 || first > last) {
    throw panelErrors.badOption('window', window, 'two whole numbers [first, last] with first ≤ −1 ≤ last');
  }
  const relative = Int32Array.from({ length: last - first + 1 }, (_, k) => first + k);
  const estimated = Array.from(relative).filter((e) => e !== -1);
  const slot = new Map(estimated.map((e, k) => [e, k]));
  const dummies = estimated.map(() => new Float64Array(n));
  for (let r = 0; r < n; r++) {
    const start = panel.treatmentStart[panel.unit[r]!]!;
    if (Number.isNaN(start)) continue;
    const rel = Math.min(Math.max(panel.period[r]! - start, first), last);
    const k = slot.get(rel);
    if (k !== undefined) dummies[k]![r] = 1;
  }
  const names = [...estimated.map((e) => `event:${e}`), ...panel.covariates.map((c) => c.name)];
  const fit = fitWithinTwoWay(
    panel,
    names,
    [...dummies, ...panel.covariates.map((c) => c.values)],
    options.standardErrors ?? 'cluster',
    'the event-study regression',
  );
  const estimate = new Float64Array(relative.length);
  const standardError = new Float64Array(relative.length);
  relative.forEach((e, j) => {
    const k = slot.get(e);
    if (k === undefined) return;
    estimate[j] = fit.terms[k]!.estimate;
    standardError[j] = fit.terms[k]!.standardError;
  });
  return { fit, relative, estimate, standardError };
}
