/**
 * Ready-made models used by the validation tests, the benchmark and the
 * scenarios: m13.2 (Statistical Rethinking's multilevel tadpoles) and the
 * paint line of the seed example.
 */
import { createTable, numericColumn, type Table } from '../../data/table.js';
import { Random } from '../../util/random.js';
import type { TargetSource } from '../target.js';
import type { CompiledModel } from './compile.js';
import { modelFileErrors } from './messages.js';
import { Model } from './model.js';

function column(table: Table, name: string): Float64Array {
  const c = table.columns.get(name);
  if (c === undefined) throw modelFileErrors.unknownColumn(undefined, [name], name, table.source, table.names);
  if (c.kind !== 'numeric') throw modelFileErrors.notNumericColumn(undefined, [name], name);
  return c.values;
}

/**
 * m13.2: S_i ~ Binomial(D_i, logit⁻¹ a_tank[i]), a ~ Normal(ā, σ), ā ~ Normal(0, 1.5),
 * σ ~ Exponential(1), one tank per row of reedfrogs.csv (columns density, surv).
 *
 * @example
 * const table = await readTable('../shared/data/rethinking/reedfrogs.csv');
 * const fit = await sample(m13_2Source(table), { chains: 1, warmup: 300, draws: 300, seed: 1 });
 * const abar = parameterDraws(fit, 'abar');
 * abar.reduce((a, b) => a + b, 0) / abar.length; // 1.345 (Statistical Rethinking reports 1.35)
 */
export function m13_2Model(table: Table): Model {
  const density = column(table, 'density');
  const surv = column(table, 'surv');
  return new Model()
    .group('tank', Int32Array.from({ length: table.nRows }, (_, i) => i))
    .data('density', density)
    .param('abar', 'Normal(0, 1.5)')
    .param('sigma', 'Exponential(1)')
    .param('a', 'Normal(abar, sigma)', { shape: 'tank' })
    .observed('surv', 'BinomialLogit(density, a[tank])', surv);
}

/** The m13.2 log density (50 parameters: abar, sigma, a[1..48]) for an in-thread sampler. */
export function m13_2Target(table: Table): CompiledModel {
  return m13_2Model(table).compile();
}

/** The m13.2 target as a TargetSource, for chains in worker threads. */
export function m13_2Source(table: Table): TargetSource {
  return m13_2Model(table).source();
}

/** True coefficients of the paint line. */
export const PAINT_LINE = {
  dilutionIntercept: 0.4893,
  humidOnDilution: -0.39,
  coatingIntercept: 0.5128,
  dilutionOnCoating: -0.421,
  humidOnCoating: -0.54,
  coatingSd: 0.2,
} as const;

/**
 * Simulates the paint line: humid ~ N(0, 1), dilution ~ Bernoulli(logit⁻¹(0.4893 − 0.39·humid)),
 * coating ~ N(0.5128 − 0.421·dilution − 0.54·humid, 0.2). The true ATE of dilution is −0.421.
 * Humidity and coating are recorded to 4 decimals, as a gauge would (and the CSV stays small).
 *
 * @example
 * const table = paintLineData(1000, 2026);
 * table.names; // ['humid', 'dilution', 'coating']
 */
export function paintLineData(n: number, seed: number): Table {
  const rng = new Random(seed);
  const humid = new Float64Array(n);
  const dilution = new Float64Array(n);
  const coating = new Float64Array(n);
  const p = PAINT_LINE;
  for (let i = 0; i < n; i++) {
    const h = rng.normal();
    const d = rng.bernoulli(1 / (1 + Math.exp(-(p.dilutionIntercept + p.humidOnDilution * h))));
    const c = p.coatingIntercept + p.dilutionOnCoating * d + p.humidOnCoating * h + p.coatingSd * rng.normal();
    humid[i] = Math.round(h * 1e4) / 1e4;
    dilution[i] = d;
    coating[i] = Math.round(c * 1e4) / 1e4;
  }
  return createTable([numericColumn('humid', humid), numericColumn('dilution', dilution), numericColumn('coating', coating)]);
}

/** The paint line as a structural causal model (the same graph as scenarios/bayes/paint.model.json). */
export function paintLineModel(table: Table): Model {
  return new Model()
    .observed('humid', 'Normal(0, 1)', column(table, 'humid'))
    .param('a_d', 'Normal(0, 1.5)')
    .param('b_hd', 'Normal(0, 1)')
    .observed('dilution', 'BernoulliLogit(a_d + b_hd * humid)', column(table, 'dilution'))
    .param('a_c', 'Normal(0, 1)')
    .param('b_dc', 'Normal(0, 1)')
    .param('b_hc', 'Normal(0, 1)')
    .param('sigma', 'Exponential(1)')
    .observed('coating', 'Normal(a_c + b_dc * dilution + b_hc * humid, sigma)', column(table, 'coating'));
}
