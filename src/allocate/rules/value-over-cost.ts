/**
 * Only where value exceeds cost: give an arm only where its value over arm 0
 * exceeds its cost over arm 0 (both in money). A per-unit rule, taken as a
 * mask by every method. `--only-profitable`, or a scenario's
 * `constraints.onlyWhereValueExceedsCost`.
 */
import { armLabel } from '../problem.js';
import type { RuleKind, ScenarioSchemaParts } from './kind.js';

export interface ValueOverCostFields {
  /** Give an arm only where its value over arm 0 exceeds its cost over arm 0. */
  readonly onlyWhereValueExceedsCost?: boolean;
}

/** The scenario's `constraints.onlyWhereValueExceedsCost`. */
export const valueOverCostScenarioFields = ({ z }: ScenarioSchemaParts) => ({ onlyWhereValueExceedsCost: z.boolean().optional() });

export const valueOverCostRule: RuleKind = {
  name: 'onlyWhereValueExceedsCost',
  fields: ['onlyWhereValueExceedsCost'],
  shape: 'per-unit',
  present: (problem) => problem.onlyWhereValueExceedsCost === true,
  restrict(problem, mask) {
    if (problem.onlyWhereValueExceedsCost !== true) return;
    const { units: n, arms: K, values, costs } = problem;
    for (let i = 0; i < n; i++) {
      const row = i * K;
      // Value and cost both measured over arm 0, in the same units (money).
      for (let k = 1; k < K; k++) if (!(values[row + k]! - values[row]! > costs[row + k]! - costs[row]!)) mask[row + k] = 0;
    }
  },
  check({ problem, choice }) {
    if (problem.onlyWhereValueExceedsCost !== true) return undefined;
    const { values, costs, arms: K } = problem;
    for (let i = 0; i < problem.units; i++) {
      const k = choice[i]!;
      const row = i * K;
      if (k !== 0 && !(values[row + k]! - values[row]! > costs[row + k]! - costs[row]!)) {
        return `unit ${i} gets arm '${armLabel(problem, k)}' although its value does not exceed its cost`;
      }
    }
    return undefined;
  },
  syntax: {
    scenarioPaths: { onlyWhereValueExceedsCost: 'onlyWhereValueExceedsCost' },
    fromScenario: (constraints) => (constraints.onlyWhereValueExceedsCost === true ? { onlyWhereValueExceedsCost: true } : {}),
  },
};
