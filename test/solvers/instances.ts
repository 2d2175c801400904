/** Seeded random knapsack instances with concave value per cost, and their LP models, for solver tests. */
import { Random } from '../../src/util/random.js';
import type { KnapsackInput } from '../../solvers/knapsack/hulls.js';
import { modelFromRows, type LpModel } from '../../solvers/backends/lp-model.js';

/**
 * n units × K arms; arm k costs about k·b_i and is worth a_i·(1 − e^(−cost)),
 * so value per cost falls with the arm, with noise that leaves some arms off
 * the hull (and some units with no arm worth anything when `negative` is set).
 */
export function randomInstance(n: number, K: number, seed: number, options: { negative?: boolean; noise?: number } = {}): KnapsackInput {
  const rng = new Random(seed);
  const values = new Float64Array(n * K);
  const costs = new Float64Array(n * K);
  const noise = options.noise ?? 0.05;
  for (let i = 0; i < n; i++) {
    const a = Math.exp(rng.normal());
    const b = 0.3 + rng.uniform();
    const shift = options.negative === true ? rng.normal() * 0.3 : 0;
    for (let k = 1; k < K; k++) {
      const c = k * (0.5 + 0.5 * rng.uniform()) * b;
      costs[i * K + k] = c;
      values[i * K + k] = a * (1 - Math.exp(-c)) + noise * rng.normal() + shift;
    }
  }
  return { n, arms: K, values, costs };
}

/** The LP/MIP model of a budget (+ cap) knapsack, written independently of src/allocate/model.ts. */
export function knapsackModel(input: KnapsackInput, budget: number, cap?: number): LpModel {
  const { n, arms: K, values, costs } = input;
  const objective: number[] = [];
  const costRow: number[] = [];
  const rows: Array<{ cols: number[]; coefs: number[]; upper: number }> = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    offset += values[i * K]!;
    const unit = { cols: [] as number[], coefs: [] as number[], upper: 1 };
    for (let k = 1; k < K; k++) {
      if (input.allowed !== undefined && input.allowed[i * K + k] === 0) continue;
      unit.cols.push(objective.length);
      unit.coefs.push(1);
      objective.push(values[i * K + k]! - values[i * K]!);
      costRow.push(costs[i * K + k]! - costs[i * K]!);
    }
    rows.push(unit);
  }
  let base = 0;
  for (let i = 0; i < n; i++) base += costs[i * K]!;
  const all = objective.map((_, j) => j);
  rows.push({ cols: all, coefs: costRow, upper: budget - base });
  if (cap !== undefined) rows.push({ cols: all, coefs: all.map(() => 1), upper: cap });
  return modelFromRows({ objective, objectiveOffset: offset, rows });
}

/** Σ value, Σ cost and recipients of a plan, computed directly. */
export function totals(input: KnapsackInput, choice: Int32Array): { value: number; cost: number; recipients: number } {
  let value = 0;
  let cost = 0;
  let recipients = 0;
  for (let i = 0; i < input.n; i++) {
    value += input.values[i * input.arms + choice[i]!]!;
    cost += input.costs[i * input.arms + choice[i]!]!;
    if (choice[i] !== 0) recipients++;
  }
  return { value, cost, recipients };
}
