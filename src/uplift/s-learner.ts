/**
 * The S-learner: one model of the outcome on the features plus the
 * treatment; uplift of arm k = f(x, arm k) − f(x, control). With `levels`, the
 * treatment is a continuous dose (a scholarship amount, a discount) given per
 * row as `dose`, and the "arms" are the levels at which the response is read:
 * uplift at level ℓ_k = f(x, ℓ_k) − f(x, ℓ_0).
 */
import type { FeatureMatrix } from '../data/features.js';
import { appendColumn, selectRows } from '../data/features.js';
import type { BaseLearner, LearnerJSON, LearnerTask } from '../learners/types.js';
import { learnerFromJSON } from '../learners/registry.js';
import type { UpliftFitOptions, UpliftLearner, UpliftLearnerJSON } from './types.js';
import { countArms } from './types.js';
import { upliftErrors } from './messages.js';
import { makeLearner, type LearnerSpec } from './learner-spec.js';
import { lazySchema } from '../util/schema.js';
import { preChecked } from '../learners/options-check.js';
import { methodArgs, type MethodArgs } from './method-args.js';

export interface SLearnerOptions extends MethodArgs {
  /** Dose levels at which to read the response; levels[0] is the reference (usually 0). */
  readonly levels?: readonly number[];
}

/** Options of 's-learner' besides MethodArgs. */
export const sLearnerOptionsSchema = lazySchema((z) => z.object({ levels: z.array(z.number()).min(2) }).partial().strict());

/**
 * @example
 * // A discount given in amounts 0..30 %, read at 0, 10, 20 and 30 %; the outcome rises by 0.1 per point:
 * const discount = Float64Array.from({ length: 40 }, (_, i) => 10 * (i % 4));
 * const X = featureMatrix([Float64Array.from({ length: 40 }, (_, i) => i % 5)], ['x']);
 * const y = discount.map((d, i) => 0.1 * d + (i % 5));
 * const s = new SLearner({ learner: { name: 'linear', options: { l2: 0 } }, task: 'regression', levels: [0, 10, 20, 30] });
 * s.fit(X, new Int32Array(40), y, { dose: discount });
 * const [at10, at20, at30] = s.predictUplift(X);
 * [at10[0], at20[0], at30[0]]; // [1, 2, 3]
 */
export class SLearner implements UpliftLearner {
  readonly method = 's-learner';
  readonly base: LearnerSpec;
  readonly options: { seed: number; task: LearnerTask; levels: readonly number[] | null };
  readonly warnings: string[] = [];
  private model: BaseLearner | undefined;
  private nArms = 0;

  constructor(args: SLearnerOptions) {
    const { learner, task, seed, options } = methodArgs<{ levels?: readonly number[] }>('s-learner', sLearnerOptionsSchema, args, true);
    this.base = learner!;
    this.options = { seed: seed ?? 0, task, levels: options.levels ?? null };
  }

  get isFitted(): boolean {
    return this.model !== undefined;
  }

  /** The columns the treatment adds to the features. */
  private treatmentColumns(n: number, armOf: (i: number) => number, doseOf: (i: number) => number): Float64Array[] {
    // Plain loops: `Float64Array.from({ length: n }, f)` costs a generic call per row in a fresh process.
    if (this.options.levels !== null) {
      const dose = new Float64Array(n);
      for (let i = 0; i < n; i++) dose[i] = doseOf(i);
      return [dose];
    }
    const columns: Float64Array[] = [];
    for (let k = 1; k < this.nArms; k++) {
      const indicator = new Float64Array(n);
      for (let i = 0; i < n; i++) indicator[i] = armOf(i) === k ? 1 : 0;
      columns.push(indicator);
    }
    return columns;
  }

  private withTreatment(X: FeatureMatrix, columns: Float64Array[]): FeatureMatrix {
    let out = X;
    columns.forEach((c, j) => {
      out = appendColumn(out, this.options.levels !== null ? '__dose' : `__arm${j + 1}`, c);
    });
    return out;
  }

  fit(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options: UpliftFitOptions = {}): this {
    if (arm.length !== X.nRows) throw upliftErrors.lengthMismatch('the treatment', arm.length, X.nRows);
    if (y.length !== X.nRows) throw upliftErrors.lengthMismatch('the outcome', y.length, X.nRows);
    const dose = options.dose;
    if (this.options.levels !== null) {
      if (dose === undefined) throw upliftErrors.needsDose();
      if (dose.length !== X.nRows) throw upliftErrors.lengthMismatch('the dose', dose.length, X.nRows);
    } else {
      this.nArms = countArms(arm);
      if (this.nArms < 2) throw upliftErrors.tooFewArms(this.method);
    }
    // Rows outside the modelled arms (arm −1) are dropped; with a dose every row counts.
    const rows: number[] = [];
    for (let i = 0; i < X.nRows; i++) if (this.options.levels !== null || arm[i]! >= 0) rows.push(i);
    const Xr = rows.length === X.nRows ? X : selectRows(X, rows);
    const yr = rows.length === X.nRows ? y : Float64Array.from(rows, (r) => y[r]!);
    const columns = this.treatmentColumns(rows.length, (i) => arm[rows[i]!]!, (i) => dose![rows[i]!]!);
    const model = makeLearner(this.base, this.options.task, this.options.seed);
    model.fit(this.withTreatment(Xr, columns), yr, options.progress === undefined ? {} : { progress: options.progress });
    this.model = model;
    return this;
  }

  /** The predicted response at every level (dose mode) or arm, including the reference. */
  predictResponse(X: FeatureMatrix): Float64Array[] {
    if (this.model === undefined) throw upliftErrors.notFitted(this.method);
    const n = X.nRows;
    const model = this.model;
    if (this.options.levels !== null) {
      return this.options.levels.map((level) => model.predict(this.withTreatment(X, [new Float64Array(n).fill(level)])));
    }
    const out: Float64Array[] = [];
    for (let k = 0; k < this.nArms; k++) out.push(model.predict(this.withTreatment(X, this.treatmentColumns(n, () => k, () => 0))));
    return out;
  }

  predictUplift(X: FeatureMatrix): Float64Array[] {
    const [reference, ...others] = this.predictResponse(X);
    return others.map((p) => {
      for (let i = 0; i < p.length; i++) p[i]! -= reference![i]!;
      return p;
    });
  }

  toJSON(): UpliftLearnerJSON {
    return {
      method: this.method,
      version: 1,
      options: { ...this.options },
      state: { base: this.base, nArms: this.nArms, model: this.model?.toJSON() ?? null },
    };
  }

  static fromJSON(json: UpliftLearnerJSON): SLearner {
    const state = json.state as { base?: LearnerSpec; nArms?: number; model?: LearnerJSON | null } | null;
    if (state === null || typeof state !== 'object' || typeof state.base?.name !== 'string') {
      throw upliftErrors.badState('s-learner', 'the base learner is missing');
    }
    const o = json.options as { seed?: number; task?: LearnerTask; levels?: number[] | null };
    const learner = new SLearner(
      preChecked({
        learner: state.base,
        ...(o.seed === undefined ? {} : { seed: o.seed }),
        ...(o.task === undefined ? {} : { task: o.task }),
        ...(o.levels == null ? {} : { levels: o.levels }),
      }),
    );
    learner.nArms = typeof state.nArms === 'number' ? state.nArms : 0;
    if (state.model != null) learner.model = learnerFromJSON(state.model);
    return learner;
  }
}

