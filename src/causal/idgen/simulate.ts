/**
 * Structural causal models with hidden confounders, for tests, benchmarks and
 * examples: each variable is a function of the variables drawn before it and
 * its own noise; latent variables are drawn and then dropped from the table.
 * `simulate(..., { do })` replaces a variable's mechanism by a constant, so the
 * interventional truth comes from the very model that produced the data.
 */
import { createTable, categoricalColumn, numericColumn, type Table } from '../../data/table.js';
import { Random } from '../../util/random.js';

export interface ScmVariable {
  readonly name: string;
  /** Hidden: drawn, never written to the table. */
  readonly latent?: boolean;
  /** Written as text levels (a categorical column) instead of numbers. */
  readonly levels?: readonly string[];
  /** The mechanism: a value (a level index when `levels` is set) from earlier values and noise. */
  readonly f: (values: Readonly<Record<string, number>>, rng: Random) => number;
}

export function simulate(model: readonly ScmVariable[], n: number, seed: number, options: { do?: Readonly<Record<string, number>> } = {}): Table {
  const rng = new Random(seed);
  const columns = model.map(() => new Float64Array(n));
  const values: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    model.forEach((v, j) => {
      const fixed = options.do?.[v.name];
      const value = fixed ?? v.f(values, rng);
      values[v.name] = value;
      columns[j]![i] = value;
    });
  }
  return createTable(
    model.flatMap((v, j) => {
      if (v.latent === true) return [];
      const c = columns[j]!;
      return [v.levels === undefined ? numericColumn(v.name, c) : categoricalColumn(v.name, Array.from(c, (k) => v.levels![k]!))];
    }),
  );
}

/** E[name] under the model (optionally intervened), by Monte Carlo with n draws. */
export function simulatedMean(model: readonly ScmVariable[], name: string, n: number, seed: number, intervention?: Readonly<Record<string, number>>): number {
  const rng = new Random(seed);
  const values: Record<string, number> = {};
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (const v of model) values[v.name] = intervention?.[v.name] ?? v.f(values, rng);
    sum += values[name]!;
  }
  return sum / n;
}
