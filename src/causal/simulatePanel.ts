import { Random } from '../util/random.js';
import { panelErrors } from './messages.js';
import type { Panel } from './panel.js';

export interface SimulatePanelOptions {
  /** Individuals (default 100). */
  readonly individuals?: number;
  /** Periods (default 100). */
  readonly periods?: number;
  /** First treated period, 0-based (default 50). */
  readonly treatmentStart?: number;
  /** Effect of treatment on the outcome (default 0.5). */
  readonly effect?: number;
  /** Slope of the common linear time trend per period (default 0.01). */
  readonly trend?: number;
  /** Coefficient of the feature x (default 1.1). */
  readonly xCoefficient?: number;
  /** Standard deviation of idiosyncratic N(0, sd²) noise (default 0: the seed post's process). */
  readonly noiseSd?: number;
  /** Seed of every random draw (default 0). */
  readonly seed?: number;
}

export interface SimulatedPanel extends Panel {
  /** The truth the panel was drawn from. */
  readonly truth: {
    readonly unitEffect: Float64Array;
    readonly effect: number;
    readonly trend: number;
    readonly xCoefficient: number;
    readonly treated: Uint8Array;
  };
}

/**
 * A balanced panel shaped like the seed post's difference-in-differences
 * example: y_it = a_i + trend·t + 1.1·x_it + effect·D_it (+ noise), with unit
 * effects a_i ~ N(0, 1), a feature x_it ~ N(0, 1), and a random half of the
 * individuals (⌊N/2⌋) treated from `treatmentStart` on (D_it = treated_i · [t ≥ start]).
 * Rows are ordered by individual, then period. Seeded: the same options give
 * the same panel, bit for bit.
 *
 * @example
 * const panel = simulatePanel({ individuals: 4, periods: 3, treatmentStart: 1, seed: 1 });
 * panel.y.length; // 12
 * Array.from(panel.period.slice(0, 3)); // [0, 1, 2]
 * panel.truth.treated.reduce((a, b) => a + b, 0); // 2
 */
export function simulatePanel(options: SimulatePanelOptions = {}): SimulatedPanel {
  const individuals = options.individuals ?? 100;
  const periods = options.periods ?? 100;
  const start = options.treatmentStart ?? 50;
  const effect = options.effect ?? 0.5;
  const trend = options.trend ?? 0.01;
  const xCoefficient = options.xCoefficient ?? 1.1;
  const noiseSd = options.noiseSd ?? 0;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(individuals) || individuals < 2) throw panelErrors.badOption('individuals', individuals, 'a whole number ≥ 2');
  if (!Number.isInteger(periods) || periods < 2) throw panelErrors.badOption('periods', periods, 'a whole number ≥ 2');
  if (!Number.isInteger(start) || start < 1 || start >= periods) {
    throw panelErrors.badOption('treatmentStart', start, `a whole period index from 1 to ${periods - 1}`);
  }
  for (const [name, v] of [['effect', effect], ['trend', trend], ['xCoefficient', xCoefficient], ['seed', seed]] as const) {
    if (!Number.isFinite(v)) throw panelErrors.badOption(name, v, 'a finite number');
  }
  if (!(noiseSd >= 0) || !Number.isFinite(noiseSd)) throw panelErrors.badOption('noiseSd', noiseSd, 'a finite number ≥ 0');

  // Separate streams, so turning noise on does not change the unit effects, x or the treated set.
  const root = new Random(seed);
  const effectsRng = root.split();
  const assignRng = root.split();
  const xRng = root.split();
  const noiseRng = root.split();

  const unitEffect = Float64Array.from({ length: individuals }, () => effectsRng.normal());
  const treated = new Uint8Array(individuals);
  const order = assignRng.permutation(individuals);
  for (let k = 0; k < Math.floor(individuals / 2); k++) treated[order[k]!] = 1;
  const treatmentStart = Float64Array.from(treated, (d) => (d === 1 ? start : NaN));

  const n = individuals * periods;
  const unit = new Int32Array(n);
  const period = new Int32Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0, r = 0; i < individuals; i++) {
    for (let t = 0; t < periods; t++, r++) {
      unit[r] = i;
      period[r] = t;
      x[r] = xRng.normal();
      const d = treated[i] === 1 && t >= start ? 1 : 0;
      y[r] = unitEffect[i]! + trend * t + xCoefficient * x[r]! + effect * d;
      if (noiseSd > 0) y[r] = y[r]! + noiseSd * noiseRng.normal();
    }
  }
  return {
    nUnits: individuals,
    nPeriods: periods,
    unit,
    period,
    y,
    covariates: [{ name: 'x', values: x }],
    treatmentStart,
    truth: { unitEffect, effect, trend, xCoefficient, treated },
  };
}
