/** A four-unit problem (arms none / a at cost 1 / b at cost 2) and a two-region segment column, shared by the rule tests. */
import type { AllocationProblem } from '../../src/allocate/problem.js';

export const fourUnits: AllocationProblem = {
  units: 4,
  arms: 3,
  armLabels: ['none', 'a', 'b'],
  values: Float64Array.of(0, 1, 2, 0, 2, 1, 0, 3, 3, 0, 1, 1),
  costs: Float64Array.of(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2),
};

export const regions = { column: 'region', codes: Int32Array.of(0, 0, 1, 1), levels: ['north', 'south'] };
