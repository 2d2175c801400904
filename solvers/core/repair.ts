/**
 * A whole-unit plan that keeps every row, repaired from a rounded LP plan.
 *
 * Rounding the LP optimum's few split units can break a row by a unit or two
 * (a segment minimum one short, say). While a row is broken, the repair makes
 * the one move (a unit to another arm) that mends it at the least loss of
 * reduced value per unit of mending, among moves that break no other row and
 * take no broken row further from its bounds; when no such move exists, the
 * least-loss move that mends it whatever it breaks (a full budget then sheds
 * a unit at the next step: a swap in two moves). A unit moves at most once,
 * so the repair cannot cycle. Reduced values at the LP prices
 * make the loss what the move costs against the bound, so a repaired plan is
 * usually within a hair of it and gives the gap closing a floor to start from.
 */
import type { RowSet } from './coupling-rows.js';

/**
 * @example
 * import { RowSet } from './coupling-rows.js';
 * // Three units, one budget row of 2 (a treatment costs 1): the best plan treats units 0 and 1 (value 9).
 * const set = new RowSet({ n: 3, arms: 2, values: Float64Array.of(0, 5, 0, 4, 0, 1), costs: Float64Array.of(0, 1, 0, 1, 0, 1),
 *   rows: [{ lower: -Infinity, upper: 2, costs: Float64Array.of(0, 1, 0, 1, 0, 1) }] });
 * // Treating all three breaks the budget: the unit that loses least at the price goes back to arm 0.
 * const plan = repairPlan(set, Int32Array.of(1, 1, 1), set.reduce(set.input.values, Float64Array.of(1), new Float64Array(6)))!;
 * plan; // Int32Array [1, 1, 0]
 * set.keeps(set.activities(plan)); // true
 */
export function repairPlan(set: RowSet, start: Int32Array, reduced: Float64Array, maxMoves = 256): Int32Array | undefined {
  const { n, arms: K, allowed } = set.input;
  const choice = start.slice();
  const act = set.activities(choice);
  const rows = set.rows;
  const unitRows: number[] = [];
  const moved = new Uint8Array(n);

  for (let move = 0; move < maxMoves; move++) {
    // The row broken the most, relative to its bound.
    let worst = -1;
    let worstShare = 0;
    for (let r = 0; r < rows.length; r++) {
      const b = set.breach(r, act[r]!);
      if (b === 0) continue;
      const share = b / Math.max(1, Math.abs(act[r]! > rows[r]!.upper ? rows[r]!.upper : rows[r]!.lower));
      if (share > worstShare) {
        worstShare = share;
        worst = r;
      }
    }
    if (worst < 0) return choice;
    const down = act[worst]! > rows[worst]!.upper;
    const missing = set.breach(worst, act[worst]!);

    // Best move that keeps the other rows ([0]) and best move of all ([1]).
    const bestUnit = [-1, -1];
    const bestArm = [-1, -1];
    const bestScore = [Infinity, Infinity];
    for (let i = 0; i < n; i++) {
      if (moved[i] !== 0) continue;
      const from = choice[i]!;
      const here = set.coefficient(worst, i, from);
      for (let k = 0; k < K; k++) {
        if (k === from || (k !== 0 && allowed !== undefined && allowed[i * K + k] === 0)) continue;
        const delta = set.coefficient(worst, i, k) - here;
        if (down ? delta >= 0 : delta <= 0) continue;
        const loss = reduced[i * K + from]! - reduced[i * K + k]!;
        const score = loss / Math.min(Math.abs(delta), missing);
        if (score < bestScore[1]!) {
          bestScore[1] = score;
          bestUnit[1] = i;
          bestArm[1] = k;
        }
        if (score >= bestScore[0]! || !keepsOthers(set, i, from, k, act, unitRows)) continue;
        bestScore[0] = score;
        bestUnit[0] = i;
        bestArm[0] = k;
      }
    }
    const pick = bestUnit[0]! >= 0 ? 0 : 1;
    const unit = bestUnit[pick]!;
    const arm = bestArm[pick]!;
    if (unit < 0) return undefined;
    moved[unit] = 1;
    set.rowsOfUnit(unit, unitRows);
    for (const r of unitRows) act[r]! += set.coefficient(r, unit, arm) - set.coefficient(r, unit, choice[unit]!);
    choice[unit] = arm;
  }
  return undefined;
}

/** Whether moving unit i from arm `from` to `to` breaks no row it sits in and takes no broken one further out. */
function keepsOthers(
  set: RowSet,
  i: number,
  from: number,
  to: number,
  act: Float64Array,
  unitRows: number[],
): boolean {
  set.rowsOfUnit(i, unitRows);
  for (const r of unitRows) {
    const delta = set.coefficient(r, i, to) - set.coefficient(r, i, from);
    if (delta === 0) continue;
    const before = set.breach(r, act[r]!);
    const after = set.breach(r, act[r]! + delta);
    if (after > before) return false;
  }
  return true;
}
