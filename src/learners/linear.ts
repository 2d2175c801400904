/**
 * Linear base learners: L2-regularised logistic regression (classification)
 * and ridge regression (regression), both on standardised features.
 *
 * Logistic regression minimises Σ wᵢ·logloss(yᵢ, σ(b + xᵢ·β)) + (l2/2)·‖β‖²
 * over standardised x, intercept unpenalised — the same objective as
 * scikit-learn's LogisticRegression(C = 1/l2) after a StandardScaler. It is
 * solved by Newton's method with step halving, to machine precision.
 */
import type { FeatureMatrix } from '../data/features.js';
import type { BaseLearner, FitOptions, LearnerJSON, LearnerTask } from './types.js';
import { applyScaling, fitScaling, identityScaling, type Scaling } from './standardize.js';
import { cholesky, choleskySolve } from '../util/linalg.js';
import { newtonLogistic, sigmoid } from './logistic-newton.js';
import { checkBothClasses, checkFeatureCount, checkNoMissing, checkProbabilityTarget, checkTrainingInput } from './checks.js';
import { learnerErrors } from './messages.js';
import { lazySchema, type Zod } from '../util/schema.js';
import { constructorOptions, preChecked } from './options-check.js';


export interface LinearOptions {
  /** L2 penalty on the (standardised) coefficients; the intercept is not penalised. Default 1 (sklearn's C = 1). */
  readonly l2?: number;
  /** Standardise features before fitting (default true); coefficients are reported on both scales. */
  readonly standardize?: boolean;
  /** Fit an intercept (default true). */
  readonly fitIntercept?: boolean;
  /** Newton iterations at most (default 100). */
  readonly maxIter?: number;
  /** Stop when the largest Newton step is below this (default 1e-12). */
  readonly tol?: number;
  /** Unused (linear models are deterministic); accepted so every learner takes a seed. */
  readonly seed?: number;
}

/** The fitting options every linear learner shares (the penalty is chosen apart). */
export const linearFitShape = (z: Zod) => ({
  standardize: z.boolean(),
  fitIntercept: z.boolean(),
  maxIter: z.number().int().positive(),
  tol: z.number().positive(),
  seed: z.number().int(),
});

/** Options of the linear learners ('logistic', 'linear'). */
export const linearOptionsSchema = lazySchema((z) => z.object({ l2: z.number().nonnegative(), ...linearFitShape(z) }).partial().strict());

interface LinearState {
  readonly intercept: number;
  /** Coefficients on the standardised scale. */
  readonly coef: number[];
  readonly mean: number[];
  readonly scale: number[];
  readonly iterations: number;
}

const DEFAULTS = { l2: 1, standardize: true, fitIntercept: true, maxIter: 100, tol: 1e-12 } as const;

abstract class LinearModel implements BaseLearner {
  abstract readonly name: string;
  abstract readonly task: LearnerTask;
  readonly options: Required<Omit<LinearOptions, 'seed'>> & { seed: number };
  protected state: LinearState | undefined;

  constructor(given: (LinearOptions & { readonly task?: LearnerTask }) | undefined) {
    // The same schema, code and message whether the options came through the registry or `new`.
    const logistic = this.constructor === LogisticRegression;
    const { options } = constructorOptions<LinearOptions>(logistic ? 'logistic' : 'linear', [logistic ? 'classification' : 'regression'], linearOptionsSchema, given);
    this.options = {
      l2: options.l2 ?? DEFAULTS.l2,
      standardize: options.standardize ?? DEFAULTS.standardize,
      fitIntercept: options.fitIntercept ?? DEFAULTS.fitIntercept,
      maxIter: options.maxIter ?? DEFAULTS.maxIter,
      tol: options.tol ?? DEFAULTS.tol,
      seed: options.seed ?? 0,
    };
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  abstract fit(X: FeatureMatrix, y: Float64Array, options?: FitOptions): this;
  abstract clone(overrides?: { seed?: number }): BaseLearner;
  protected abstract link(eta: number): number;

  /** Intercept and coefficients on the original feature scale. */
  coefficients(): { intercept: number; coef: Float64Array } {
    const s = this.requireState();
    const coef = new Float64Array(s.coef.length);
    let intercept = s.intercept;
    for (let j = 0; j < coef.length; j++) {
      coef[j] = s.coef[j]! / s.scale[j]!;
      intercept -= (s.coef[j]! * s.mean[j]!) / s.scale[j]!;
    }
    return { intercept, coef };
  }

  /** Intercept and coefficients on the standardised scale (the penalised ones). */
  standardizedCoefficients(): { intercept: number; coef: Float64Array } {
    const s = this.requireState();
    return { intercept: s.intercept, coef: Float64Array.from(s.coef) };
  }

  get iterations(): number {
    return this.requireState().iterations;
  }

  predict(X: FeatureMatrix): Float64Array {
    const s = this.requireState();
    checkFeatureCount(this.name, X, s.coef.length);
    checkNoMissing(this.name, X);
    const n = X.nRows;
    const eta = new Float64Array(n).fill(s.intercept);
    for (let j = 0; j < s.coef.length; j++) {
      const c = X.columns[j]!;
      const b = s.coef[j]! / s.scale[j]!;
      const m = s.mean[j]!;
      for (let i = 0; i < n; i++) eta[i]! += b * (c[i]! - m);
    }
    for (let i = 0; i < n; i++) eta[i] = this.link(eta[i]!);
    return eta;
  }

  toJSON(): LearnerJSON {
    return {
      learner: this.name,
      version: 1,
      task: this.task,
      options: { ...this.options },
      state: this.state === undefined ? null : { ...this.state },
    };
  }

  protected restore(json: LearnerJSON): this {
    if (json.state === null || json.state === undefined) return this;
    const s = json.state as Partial<LinearState>;
    const ok =
      typeof s.intercept === 'number' &&
      Array.isArray(s.coef) &&
      Array.isArray(s.mean) &&
      Array.isArray(s.scale) &&
      s.coef.length === s.mean.length &&
      s.coef.length === s.scale.length &&
      [...s.coef, ...s.mean, ...s.scale].every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok) throw learnerErrors.badModelState(this.name, 'expected intercept, coef, mean and scale of equal length');
    this.state = {
      intercept: s.intercept!,
      coef: [...s.coef!],
      mean: [...s.mean!],
      scale: [...s.scale!],
      iterations: typeof s.iterations === 'number' ? s.iterations : 0,
    };
    return this;
  }

  protected scalingFor(X: FeatureMatrix, weight?: Float64Array): Scaling {
    return this.options.standardize ? fitScaling(X, weight) : identityScaling(X.columns.length);
  }

  protected requireState(): LinearState {
    if (this.state === undefined) throw learnerErrors.notFitted(this.name);
    return this.state;
  }
}

/**
 * L2-regularised logistic regression.
 *
 * @example
 * const X = featureMatrix([Float64Array.of(-2, -1, 0, 1, 2, -1.5, 0.5, 1.5)], ['x']);
 * const y = Float64Array.of(0, 0, 1, 1, 1, 1, 0, 1);
 * const model = new LogisticRegression({ l2: 1 }).fit(X, y);
 * model.predict(X)[0] < model.predict(X)[4]; // true (P(y = 1) per row, rising with x)
 * model.coefficients().coef[0] > 0; // true ({ intercept, coef } on the original scale)
 */
export class LogisticRegression extends LinearModel {
  readonly name = 'logistic';
  readonly task = 'classification' as const;

  static fromJSON(json: LearnerJSON): LogisticRegression {
    return new LogisticRegression(preChecked({ ...(json.options as LinearOptions) })).restore(json);
  }

  /** Options: `task` may be left out (or 'classification'); the rest as LinearOptions. */
  constructor(options: LinearOptions & { readonly task?: 'classification' } = {}) {
    super(options);
  }

  clone(overrides: { seed?: number } = {}): LogisticRegression {
    return new LogisticRegression(preChecked({ ...this.options, ...overrides }));
  }

  protected link(eta: number): number {
    return sigmoid(eta);
  }

  fit(X: FeatureMatrix, y: Float64Array, options: FitOptions = {}): this {
    const w = options.sampleWeight;
    checkTrainingInput(this.name, X, y, w);
    checkProbabilityTarget(this.name, y);
    checkNoMissing(this.name, X);
    checkBothClasses(this.name, y, w);
    const scaling = this.scalingFor(X, w);
    const Z = applyScaling(X, scaling);
    const fitted = newtonLogistic(Z, y, w, this.options);
    this.state = {
      intercept: fitted.intercept,
      coef: Array.from(fitted.coef),
      mean: Array.from(scaling.mean),
      scale: Array.from(scaling.scale),
      iterations: fitted.iterations,
    };
    return this;
  }
}

/**
 * Ridge regression: minimises Σ wᵢ(yᵢ − b − xᵢ·β)² + l2·‖β‖² on standardised x
 * (scikit-learn's Ridge(alpha = l2) after a StandardScaler).
 *
 * @example
 * const X = featureMatrix([Float64Array.of(0, 1, 2, 3)], ['x']);
 * const model = new RidgeRegression({ l2: 0 }).fit(X, Float64Array.of(1, 3, 5, 7));
 * model.predict(X); // [1, 3, 5, 7]
 * new RidgeRegression({ l2: -5 }); // throws E_BAD_LEARNER_OPTIONS
 */
export class RidgeRegression extends LinearModel {
  readonly name = 'linear';
  readonly task = 'regression' as const;

  static fromJSON(json: LearnerJSON): RidgeRegression {
    return new RidgeRegression(preChecked({ ...(json.options as LinearOptions) })).restore(json);
  }

  /** Options: `task` may be left out (or 'regression'); the rest as LinearOptions. */
  constructor(options: LinearOptions & { readonly task?: 'regression' } = {}) {
    super(options);
  }

  clone(overrides: { seed?: number } = {}): RidgeRegression {
    return new RidgeRegression(preChecked({ ...this.options, ...overrides }));
  }

  protected link(eta: number): number {
    return eta;
  }

  fit(X: FeatureMatrix, y: Float64Array, options: FitOptions = {}): this {
    const w = options.sampleWeight;
    checkTrainingInput(this.name, X, y, w);
    checkNoMissing(this.name, X);
    const scaling = this.scalingFor(X, w);
    const Z = applyScaling(X, scaling);
    const { intercept, coef } = solveRidge(Z, y, w, this.options.l2, this.options.fitIntercept, this.name);
    this.state = {
      intercept,
      coef: Array.from(coef),
      mean: Array.from(scaling.mean),
      scale: Array.from(scaling.scale),
      iterations: 1,
    };
    return this;
  }
}

/** Weighted ridge: centre, then solve (ZᵀWZ + l2·I)β = ZᵀW(y − ȳ). */
function solveRidge(
  Z: Float64Array[],
  y: Float64Array,
  weight: Float64Array | undefined,
  l2: number,
  fitIntercept: boolean,
  name: string,
): { intercept: number; coef: Float64Array } {
  const n = y.length;
  const p = Z.length;
  const weightAt = (i: number): number => (weight === undefined ? 1 : weight[i]!);
  let sw = 0;
  for (let i = 0; i < n; i++) sw += weightAt(i);
  // Weighted centring makes the intercept separate from the penalised coefficients.
  const zMean = new Float64Array(p);
  let yMean = 0;
  if (fitIntercept) {
    for (let i = 0; i < n; i++) yMean += weightAt(i) * y[i]!;
    yMean /= sw;
    for (let j = 0; j < p; j++) {
      let m = 0;
      const c = Z[j]!;
      for (let i = 0; i < n; i++) m += weightAt(i) * c[i]!;
      zMean[j] = m / sw;
    }
  }
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const cj = Z[j]!;
    const mj = zMean[j]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += weightAt(i) * (cj[i]! - mj) * (y[i]! - yMean);
    b[j] = s;
    for (let k = 0; k <= j; k++) {
      const ck = Z[k]!;
      const mk = zMean[k]!;
      let t = 0;
      for (let i = 0; i < n; i++) t += weightAt(i) * (cj[i]! - mj) * (ck[i]! - mk);
      a[j * p + k] = t;
      a[k * p + j] = t;
    }
    a[j * p + j]! += l2;
  }
  if (p > 0 && !cholesky(a, p)) throw learnerErrors.singular(name);
  if (p > 0) choleskySolve(a, p, b);
  let intercept = yMean;
  for (let j = 0; j < p; j++) intercept -= b[j]! * zMean[j]!;
  return { intercept, coef: b };
}
