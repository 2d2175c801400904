/**
 * Eligibility: n·K flags, 1 = the unit may get the arm (arm 0 always may).
 * A per-unit rule: it only removes unit-arms, so every method takes it as a mask.
 * Scenarios write it on an arm (`eligible: { column, in }`); the draws rule
 * (--min-probability) writes one too.
 */
import { allocateErrors } from '../messages.js';
import type { RuleKind } from './kind.js';

export interface EligibilityFields {
  /** n·K flags, 1 = the unit may get the arm. Arm 0 is always allowed. */
  readonly eligible?: Uint8Array;
}

export const eligibilityTexts = {
  rule: () => 'eligibility (which units may get which arms)',
};

export const eligibilityRule: RuleKind = {
  name: 'eligible',
  fields: ['eligible'],
  shape: 'per-unit',
  present: (problem) => problem.eligible !== undefined,
  validate(problem) {
    const { units: n, arms: K } = problem;
    if (problem.eligible !== undefined && problem.eligible.length !== n * K) {
      throw allocateErrors.badLength('eligible', problem.eligible.length, n * K, `units × arms = ${n} × ${K}`);
    }
  },
  restrict(problem, mask) {
    const eligible = problem.eligible;
    if (eligible === undefined) return;
    const { units: n, arms: K } = problem;
    for (let i = 0; i < n; i++) for (let k = 1; k < K; k++) if (eligible[i * K + k] === 0) mask[i * K + k] = 0;
  },
  check({ problem, choice }) {
    const eligible = problem.eligible;
    if (eligible === undefined) return undefined;
    const K = problem.arms;
    for (let i = 0; i < problem.units; i++) {
      const k = choice[i]!;
      if (k !== 0 && eligible[i * K + k] === 0) return eligibilityTexts.rule();
    }
    return undefined;
  },
};
