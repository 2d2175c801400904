/**
 * `fit --bootstrap B`: any point uplift learner refitted on B seeded
 * bootstrap resamples of the training rows (resampled within each arm, so
 * every refit sees every arm at its observed size), in worker threads. The
 * refits' predictions are effect draws of kind 'bootstrap': they show how
 * the estimate moves with the sample, not a posterior, and can under-cover
 * where the learner is biased (see BENCHMARKS.md).
 */
import type { FeatureMatrix } from '../data/features.js';
import { selectRows } from '../data/features.js';
import { runTasks, defaultThreads, type TaskHandler } from '../learners/trees/parallel.js';
import { treeRandom } from '../learners/trees/seeds.js';
import { workerScriptUrl } from '../util/workers.js';
import type { Effects } from '../effects/effects.js';
import type { UpliftFitOptions, UpliftLearner, UpliftLearnerJSON } from './types.js';
import { armSeed, countArms } from './types.js';
import type { LearnerSpec } from './learner-spec.js';
import { upliftErrors } from './messages.js';
import { isPreChecked } from '../learners/options-check.js';
import type { MethodArgs } from './method-args.js';

/** What a thread needs to build refit b: the method, its base learner and context, the data. */
export interface BootstrapJob {
  readonly method: string;
  readonly base: LearnerSpec;
  readonly context: { seed: number; outcomeKind: 'binary' | 'continuous'; armLabels: readonly string[]; options: Record<string, unknown> };
  readonly X: FeatureMatrix;
  readonly arm: Int32Array;
  readonly y: Float64Array;
  readonly seed: number;
}

/** Rows of resample b: within each arm, as many rows drawn with replacement as the arm has. */
export function bootstrapRows(arm: Int32Array, seed: number, b: number): Int32Array {
  const rng = treeRandom(seed ^ 0x6b6f6f74, b);
  const K = countArms(arm);
  const byArm: number[][] = Array.from({ length: K }, () => []);
  arm.forEach((a, i) => {
    if (a >= 0) byArm[a]!.push(i);
  });
  const out: number[] = [];
  for (const rows of byArm) for (let j = 0; j < rows.length; j++) out.push(rows[rng.int(rows.length)]!);
  return Int32Array.from(out).sort();
}

/** What bootstrap needs from the method registry (set by methods.ts, which imports this module). */
export interface BootstrapFactories {
  /** A fresh point learner of the job's method with this seed. */
  create(job: Omit<BootstrapJob, 'X' | 'arm' | 'y'>, seed: number): UpliftLearner;
  fromJSON(json: UpliftLearnerJSON): UpliftLearner;
  /** Throws unless `method` is a registered point method (no posterior); returns its options checked. */
  checkPointMethod(method: string, options: unknown): Record<string, unknown>;
}

let factories: BootstrapFactories | undefined;

export function setBootstrapFactories(f: BootstrapFactories): void {
  factories = f;
}

function refit(job: BootstrapJob, b: number): UpliftLearnerJSON {
  const rows = bootstrapRows(job.arm, job.seed, b);
  const learner = factories!.create(job, armSeed(job.seed, b + 1));
  learner.fit(selectRows(job.X, rows), Int32Array.from(rows, (r) => job.arm[r]!), Float64Array.from(rows, (r) => job.y[r]!));
  return learner.toJSON();
}

export const bootstrapTaskHandler: TaskHandler = (shared) => (task) => ({ value: refit(shared as BootstrapJob, task), transfer: [] });

/** The constructor's argument: the point method by name and its parts, and how many refits. */
export interface BootstrapUpliftArgs extends MethodArgs {
  /** The point method refitted on every resample: a registered method without a posterior. */
  readonly method: string;
  /** Bootstrap resamples B (at least 1). */
  readonly refits: number;
  /** The point method's options. */
  readonly methodOptions?: Record<string, unknown>;
  /** Worker threads for the refits (default min(2, cores)); the refits do not depend on it. */
  readonly threads?: number;
}

/**
 * A point method with its bootstrap refits (`fit --bootstrap B`).
 *
 * @example
 * const x = Float64Array.from({ length: 40 }, (_, i) => i % 10);
 * const arm = Int32Array.from({ length: 40 }, (_, i) => Math.floor(i / 5) % 2);
 * const y = Float64Array.from(x, (v, i) => v + 2 * arm[i] + ((i * 7) % 5) / 10);
 * const X = featureMatrix([x], ['x']);
 * const model = new BootstrapUplift({ method: 'two-model', learner: { name: 'linear' }, task: 'regression', refits: 20, seed: 1, threads: 1 }).fit(X, arm, y);
 * const effects = model.predictEffects(X);
 * [effects.draws.count, effects.draws.kind]; // [20, 'bootstrap']
 */
export class BootstrapUplift implements UpliftLearner {
  readonly method = 'bootstrap';
  readonly warnings: string[] = [];
  readonly point: UpliftLearner;
  /** The fitted refits (none before fit). */
  refits: readonly UpliftLearner[] = [];
  private readonly job: Omit<BootstrapJob, 'X' | 'arm' | 'y'>;
  private readonly B: number;
  private readonly threads: number | undefined;

  constructor(args: BootstrapUpliftArgs) {
    const { method, refits: B, methodOptions, threads, learner, task, seed, armLabels } = args;
    let options = methodOptions ?? {};
    if (!isPreChecked(args)) {
      if (!Number.isInteger(B) || B < 1) throw upliftErrors.badOptions('bootstrap', `refits: expected a whole number ≥ 1, got ${String(B)}`, ['refits']);
      if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
        throw upliftErrors.badOptions('bootstrap', `threads: expected a whole number ≥ 1, got ${String(threads)}`, ['threads']);
      }
      options = factories!.checkPointMethod(method, options);
    }
    const s = seed ?? 0;
    this.job = {
      method,
      base: learner ?? { name: method, options: {} },
      context: { seed: s, outcomeKind: task === 'regression' ? 'continuous' : 'binary', armLabels: armLabels ?? [], options },
      seed: s,
    };
    this.point = factories!.create(this.job, s);
    this.B = B;
    this.threads = threads;
  }

  get isFitted(): boolean {
    return this.point.isFitted && this.refits.length > 0;
  }

  /** Fits the point learner on all rows, then the B refits on resamples (in worker threads). */
  fit(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options: UpliftFitOptions = {}): this {
    this.point.fit(X, arm, y, options.progress === undefined ? {} : { progress: options.progress });
    this.warnings.length = 0;
    this.warnings.push(...this.point.warnings);
    const full: BootstrapJob = { ...this.job, X, arm, y };
    options.progress?.start(`bootstrap refits of ${this.job.method}`, this.B);
    let states: UpliftLearnerJSON[];
    try {
      states = runTasks<UpliftLearnerJSON>({
        script: () => workerScriptUrl(import.meta.url, './bootstrap-worker.js'),
        kind: 'bootstrap-refit',
        shared: full,
        nTasks: this.B,
        threads: this.threads ?? defaultThreads(),
        local: (b) => refit(full, b),
        onTask: () => options.progress?.tick(),
      });
    } finally {
      options.progress?.stop();
    }
    this.refits = states.map((st) => factories!.fromJSON(st));
    return this;
  }

  predictUplift(X: FeatureMatrix): Float64Array[] {
    return this.point.predictUplift(X);
  }

  /** Mean: the fit on all rows; draws: the refits (evenly spaced subset when `draws` is smaller). */
  predictEffects(X: FeatureMatrix, options: { readonly draws?: number } = {}): Effects {
    const point = this.point.predictUplift(X);
    const K = point.length + 1;
    const n = X.nRows;
    const total = this.refits.length;
    const S = Math.min(options.draws ?? total, total);
    const mean = new Float64Array(n * K);
    point.forEach((col, j) => {
      for (let i = 0; i < n; i++) mean[i * K + j + 1] = col[i]!;
    });
    const values = new Float64Array(S * n * K);
    for (let s = 0; s < S; s++) {
      const cols = this.refits[Math.floor((s * total) / S)]!.predictUplift(X);
      cols.forEach((col, j) => {
        for (let i = 0; i < n; i++) values[(s * n + i) * K + j + 1] = col[i]!;
      });
    }
    return { arms: Array.from({ length: K }, (_, k) => String(k)), units: n, mean, draws: { count: S, values, kind: 'bootstrap' } };
  }

  toJSON(): UpliftLearnerJSON {
    return { method: this.method, version: 1, options: { refits: this.refits.length }, state: { point: this.point.toJSON(), refits: this.refits.map((r) => r.toJSON()) } };
  }

  static fromJSON(json: UpliftLearnerJSON): BootstrapUplift {
    const state = json.state as { point?: UpliftLearnerJSON; refits?: UpliftLearnerJSON[] } | null;
    if (state === null || typeof state !== 'object' || state.point === undefined || !Array.isArray(state.refits) || state.refits.length === 0) {
      throw upliftErrors.badState('bootstrap', 'state.point and a non-empty state.refits are required');
    }
    // A loaded model is rebuilt from its parts: the point learner and refits as saved (no job to refit with).
    const model = Object.create(BootstrapUplift.prototype) as BootstrapUplift;
    const point = factories!.fromJSON(state.point);
    Object.assign(model, { method: 'bootstrap', warnings: [...point.warnings], point, refits: state.refits.map((r) => factories!.fromJSON(r)), B: state.refits.length });
    return model;
  }
}
