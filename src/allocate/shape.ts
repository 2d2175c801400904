/** Checks of an allocation problem's n·K matrices (values, costs, an extra budget's costs), naming the entry at fault. */
import { allocateErrors } from './messages.js';
import type { AllocationProblem } from './problem.js';
import { armLabel } from './problem.js';

export function checkMatrix(problem: AllocationProblem, field: string, data: Float64Array, isCost: boolean): void {
  const { units: n, arms: K } = problem;
  if (!(data instanceof Float64Array)) throw allocateErrors.badCount(field, typeof data, 'a Float64Array');
  if (data.length !== n * K) throw allocateErrors.badLength(field, data.length, n * K, `units × arms = ${n} × ${K}, row-major`);
  for (let idx = 0; idx < data.length; idx++) {
    const x = data[idx]!;
    // One comparison per entry on the hot path; the message work only on failure.
    if (isCost ? x >= 0 && x < Infinity : x > -Infinity && x < Infinity) continue;
    const unit = Math.floor(idx / K);
    const arm = armLabel(problem, idx % K);
    if (isCost && x < 0) throw allocateErrors.negativeCost(field, unit, arm, x);
    throw allocateErrors.notFinite(field, unit, arm, x);
  }
}
