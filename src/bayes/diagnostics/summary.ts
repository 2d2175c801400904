/**
 * A posterior summary table like arviz.summary: mean, sd, the highest-density
 * interval, Monte Carlo standard errors, bulk/tail ESS and R̂ per quantity.
 */
import type { DrawsArray } from '../sampler/result.js';
import { parameterDraws } from '../sampler/result.js';
import { convergenceSummary } from './convergence.js';

export interface ParameterSummary {
  readonly parameter: string;
  readonly mean: number;
  readonly sd: number;
  /** Lower end of the highest-density interval (hdi_3% for the default 94 %). */
  readonly hdiLow: number;
  readonly hdiHigh: number;
  readonly mcseMean: number;
  readonly mcseSd: number;
  readonly essBulk: number;
  readonly essTail: number;
  readonly rhat: number;
}

export interface SummaryTable {
  /** Probability mass of the HDI columns (0.94 like arviz). */
  readonly hdiProb: number;
  readonly rows: readonly ParameterSummary[];
}

export interface SummaryOptions {
  /** HDI probability (0.94). */
  readonly hdiProb?: number;
  /** Only these quantities, in this order (default: all). */
  readonly parameters?: readonly string[];
}

/**
 * Narrowest interval holding `prob` of the draws (arviz's method: the
 * shortest of the windows of ⌊prob·S⌋ + 1 consecutive sorted draws).
 *
 * @example
 * hdi(new Float64Array([0, 1, 2, 3, 100]), 0.6); // [0, 3]
 */
export function hdi(x: Float64Array, prob: number): [number, number] {
  return hdiOfSorted(Float64Array.from(x).sort(), prob);
}

/** hdi() of draws already sorted ascending. */
export function hdiOfSorted(sorted: Float64Array, prob: number): [number, number] {
  const n = sorted.length;
  const inc = Math.floor(prob * n);
  const intervals = n - inc;
  if (n === 0 || intervals <= 0) return [NaN, NaN];
  let best = 0;
  let bestWidth = Infinity;
  for (let i = 0; i < intervals; i++) {
    const width = sorted[i + inc]! - sorted[i]!;
    if (width < bestWidth) {
      bestWidth = width;
      best = i;
    }
  }
  return [sorted[best]!, sorted[best + inc]!];
}

/** The summary row of one quantity's draws (chain-major, `chains` chains). */
export function summarizeParameter(parameter: string, x: Float64Array, chains: number, hdiProb = 0.94): ParameterSummary {
  const c = convergenceSummary(x, chains);
  const [hdiLow, hdiHigh] = hdiOfSorted(c.sorted, hdiProb);
  return {
    parameter,
    mean: c.mean,
    sd: c.sd,
    hdiLow,
    hdiHigh,
    mcseMean: c.mcseMean,
    mcseSd: c.mcseSd,
    essBulk: c.essBulk,
    essTail: c.essTail,
    rhat: c.rhat,
  };
}

/**
 * Summarises every quantity in the draws.
 *
 * @example
 * const draws = { parameterNames: ['x'], chains: 2, draws: 4, values: new Float64Array([1, 2, 3, 4, 2, 3, 4, 5]) };
 * summarizeDraws(draws).rows[0]!.mean; // 3
 */
export function summarizeDraws(draws: DrawsArray, options: SummaryOptions = {}): SummaryTable {
  const hdiProb = options.hdiProb ?? 0.94;
  if (!(hdiProb > 0 && hdiProb < 1)) throw new RangeError(`hdiProb must be between 0 and 1, got ${hdiProb}`);
  const names = options.parameters ?? draws.parameterNames;
  const rows = names.map((name) => summarizeParameter(name, parameterDraws(draws, name), draws.chains, hdiProb));
  return { hdiProb, rows };
}
