import { panelErrors } from './messages.js';
import { checkPanel, type Panel } from './panel.js';
import { fitOls, type RegressionFit } from './regression.js';

/**
 * Difference-in-differences by pooled OLS with the classic regressors:
 * const, each covariate, treated (unit ever treated), post (period ≥ the
 * treatment start) and treated:post, with classical standard errors
 * s²·(XᵀX)⁻¹ (as statsmodels' OLS reports them). Needs one common start period
 * and never-treated units. Classical errors ignore that rows of one unit share
 * its unit effect; {@link didTwoWayFixedEffects} clusters by unit.
 *
 * @example
 * const panel = simulatePanel({ seed: 7 });
 * const fit = didPooledOls(panel);
 * fit.terms.map((t) => t.name); // ["const", "x", "treated", "post", "treated:post"]
 * Math.abs(termOf(fit, 'treated:post').estimate - 0.5) < 0.01; // true
 */
export function didPooledOls(panel: Panel): RegressionFit {
  checkPanel(panel);
  const start = commonStart(panel);
  const n = panel.y.length;
  const constant = new Float64Array(n).fill(1);
  const treated = new Float64Array(n);
  const post = new Float64Array(n);
  const interaction = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    treated[r] = Number.isNaN(panel.treatmentStart[panel.unit[r]!]!) ? 0 : 1;
    post[r] = panel.period[r]! >= start ? 1 : 0;
    interaction[r] = treated[r]! * post[r]!;
  }
  const names = ['const', ...panel.covariates.map((c) => c.name), 'treated', 'post', 'treated:post'];
  const columns = [constant, ...panel.covariates.map((c) => c.values), treated, post, interaction];
  return fitOls(names, columns, panel.y, { kind: 'classical', absorbed: 0 }, 'the pooled DiD regression');
}

/** The one start period of all treated units; errors when starts differ or no unit is untreated. */
function commonStart(panel: Panel): number {
  let start = NaN;
  let untreated = 0;
  for (let i = 0; i < panel.nUnits; i++) {
    const s = panel.treatmentStart[i]!;
    if (Number.isNaN(s)) untreated++;
    else if (Number.isNaN(start)) start = s;
    else if (s !== start) throw panelErrors.staggered(start, s);
  }
  if (untreated === 0) throw panelErrors.noGroup('never-treated');
  return start;
}
