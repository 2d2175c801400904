/**
 * An honest number for a plan chosen on point (or bootstrap) estimates: the
 * plan's incremental outcome estimated from held-out rows of a randomised
 * campaign, with a bootstrap interval.
 *
 * A plan picks the units whose estimates are highest, and selection on noisy
 * estimates makes the sum of the picked estimates optimistic (the winner's
 * curse). Rows the model was not fitted on, whose treatment was randomised,
 * give an unbiased check: among the units the plan gives arm a, the rows that
 * were in fact assigned a and those assigned the control are two random
 * samples of that group, so
 *
 *   value_a = N_a · (ȳ(group a, assigned a) − ȳ(group a, assigned control))
 *
 * estimates the group's total incremental outcome under arm a (N_a = units in
 * the group), and the plan's value is Σ_a value_a. Rows of the group assigned
 * to another treated arm are not used. The interval is a percentile interval
 * of a Poisson bootstrap over rows with N_a held fixed (the plan's units are
 * given; only the outcomes are a sample).
 *
 * This needs the model to have been fitted on other rows: on the training
 * rows the check would share the model's selection.
 */
import { InputError } from '../errors.js';
import { poisson1, quantile } from '../metrics/qiniAucInterval.js';
import { Random } from '../util/random.js';

export interface HeldOutOptions {
  /** Coverage of the interval (default 0.9). */
  readonly level?: number;
  /** Bootstrap replicates (default 1000). */
  readonly replicates?: number;
  readonly seed?: number;
  /** Arm labels by index (0 = control), for the per-arm rows and messages. */
  readonly armLabels?: readonly string[];
}

export interface HeldOutArm {
  readonly arm: string;
  /** Units the plan gives this arm. */
  readonly units: number;
  /** Of them, rows assigned this arm and rows assigned the control in the campaign. */
  readonly assignedArm: number;
  readonly assignedControl: number;
  /** Estimated incremental outcome of the group under this arm. */
  readonly estimate: number;
}

export interface HeldOutPlanValue {
  /** Estimated incremental outcome of the plan (Σ over arms). */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  /** Bootstrap standard error. */
  readonly standardError: number;
  readonly replicates: number;
  /** 'held-out': from observed outcomes of rows the model was not fitted on. */
  readonly kind: 'held-out';
  readonly arms: readonly HeldOutArm[];
}

/**
 * @param choice the plan's arm per unit (0 = no treatment)
 * @param assigned the arm each unit was assigned in the randomised campaign (0 = control)
 * @param y each unit's observed outcome
 *
 * @example
 * // Two units planned for arm 1: one was treated (outcome 1), one was a control (outcome 0).
 * heldOutPlanValue(Int32Array.of(1, 1, 0), Int32Array.of(1, 0, 1), Float64Array.of(1, 0, 1), { replicates: 50 }).estimate; // 2
 */
export function heldOutPlanValue(choice: ArrayLike<number>, assigned: ArrayLike<number>, y: ArrayLike<number>, options: HeldOutOptions = {}): HeldOutPlanValue {
  const n = choice.length;
  if (assigned.length !== n || y.length !== n) {
    throw new InputError('E_HELDOUT_LENGTH', `the plan has ${n} units but ${assigned.length} assigned arms and ${y.length} outcomes`, { path: ['heldOut'] });
  }
  const level = options.level ?? 0.9;
  const replicates = options.replicates ?? 1000;
  let K = 1;
  for (let i = 0; i < n; i++) {
    const y_i = y[i]!;
    if (!Number.isFinite(y_i)) throw new InputError('E_HELDOUT_OUTCOME', `outcome ${y_i} of unit ${i + 1} is not a finite number`, { path: ['outcome', i] });
    K = Math.max(K, choice[i]! + 1, assigned[i]! + 1);
  }
  const label = (k: number): string => options.armLabels?.[k] ?? String(k);
  const units = new Float64Array(K);
  for (let i = 0; i < n; i++) units[choice[i]!]!++;
  // Per planned arm a: weighted sums of rows assigned a and assigned control.
  const sums = (w: Float64Array | null) => {
    const nA = new Float64Array(K);
    const yA = new Float64Array(K);
    const n0 = new Float64Array(K);
    const y0 = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      const a = choice[i]!;
      if (a === 0) continue;
      const wi = w === null ? 1 : w[i]!;
      if (assigned[i] === a) {
        nA[a]! += wi;
        yA[a]! += wi * y[i]!;
      } else if (assigned[i] === 0) {
        n0[a]! += wi;
        y0[a]! += wi * y[i]!;
      }
    }
    return { nA, yA, n0, y0 };
  };
  const planTotal = (s: ReturnType<typeof sums>): { total: number; perArm: Float64Array } => {
    const perArm = new Float64Array(K);
    let total = 0;
    for (let a = 1; a < K; a++) {
      if (units[a] === 0) continue;
      perArm[a] = units[a]! * (s.yA[a]! / s.nA[a]! - s.y0[a]! / s.n0[a]!);
      total += perArm[a]!;
    }
    return { total, perArm };
  };
  const observed = sums(null);
  for (let a = 1; a < K; a++) {
    if (units[a]! > 0 && (observed.nA[a] === 0 || observed.n0[a] === 0)) {
      throw new InputError(
        'E_HELDOUT_GROUP',
        `none of the ${units[a]} units the plan gives '${label(a)}' was assigned ${observed.nA[a] === 0 ? `'${label(a)}'` : 'the control'} in the campaign: the held-out value cannot be estimated`,
        { path: ['heldOut', label(a)] },
      );
    }
  }
  const point = planTotal(observed);
  const rng = new Random(options.seed ?? 0);
  const w = new Float64Array(n);
  const values: number[] = [];
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < n; i++) w[i] = poisson1(rng);
    const v = planTotal(sums(w)).total;
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  let mean = 0;
  for (const v of values) mean += v / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return {
    estimate: point.total,
    lower: quantile(values, (1 - level) / 2),
    upper: quantile(values, 1 - (1 - level) / 2),
    level,
    standardError: Math.sqrt(ss / Math.max(1, values.length - 1)),
    replicates,
    kind: 'held-out',
    arms: Array.from({ length: K - 1 }, (_, j) => ({
      arm: label(j + 1),
      units: units[j + 1]!,
      assignedArm: observed.nA[j + 1]!,
      assignedControl: observed.n0[j + 1]!,
      estimate: point.perArm[j + 1]!,
    })),
  };
}
