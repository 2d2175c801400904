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

/** Builds method learners by name (set by methods.ts, which imports this module). */
let createMethod: ((job: BootstrapJob, seed: number) => UpliftLearner) | undefined;
let learnerFromJSON: ((json: UpliftLearnerJSON) => UpliftLearner) | undefined;

export function setBootstrapFactories(create: (job: BootstrapJob, seed: number) => UpliftLearner, fromJSON: (json: UpliftLearnerJSON) => UpliftLearner): void {
  createMethod = create;
  learnerFromJSON = fromJSON;
}

function refit(job: BootstrapJob, b: number): UpliftLearnerJSON {
  const rows = bootstrapRows(job.arm, job.seed, b);
  const learner = createMethod!(job, armSeed(job.seed, b + 1));
  learner.fit(selectRows(job.X, rows), Int32Array.from(rows, (r) => job.arm[r]!), Float64Array.from(rows, (r) => job.y[r]!));
  return learner.toJSON();
}

export const bootstrapTaskHandler: TaskHandler = (shared) => (task) => ({ value: refit(shared as BootstrapJob, task), transfer: [] });

export class BootstrapUplift implements UpliftLearner {
  readonly method = 'bootstrap';
  readonly warnings: string[];
  readonly point: UpliftLearner;
  readonly refits: readonly UpliftLearner[];

  private constructor(point: UpliftLearner, refits: readonly UpliftLearner[]) {
    this.point = point;
    this.refits = refits;
    this.warnings = [...point.warnings];
  }

  get isFitted(): boolean {
    return this.point.isFitted && this.refits.length > 0;
  }

  /**
   * Fits `point` on all rows, then B refits on resamples.
   * @param threads worker threads (default two)
   */
  static fit(
    point: UpliftLearner,
    job: Omit<BootstrapJob, 'X' | 'arm' | 'y'>,
    B: number,
    X: FeatureMatrix,
    arm: Int32Array,
    y: Float64Array,
    options: UpliftFitOptions & { threads?: number } = {},
  ): BootstrapUplift {
    point.fit(X, arm, y, options.progress === undefined ? {} : { progress: options.progress });
    const full: BootstrapJob = { ...job, X, arm, y };
    options.progress?.start(`bootstrap refits of ${job.method}`, B);
    let states: UpliftLearnerJSON[];
    try {
      states = runTasks<UpliftLearnerJSON>({
        script: () => workerScriptUrl(import.meta.url, './bootstrap-worker.js'),
        kind: 'bootstrap-refit',
        shared: full,
        nTasks: B,
        threads: options.threads ?? defaultThreads(),
        local: (b) => refit(full, b),
        onTask: () => options.progress?.tick(),
      });
    } finally {
      options.progress?.stop();
    }
    return new BootstrapUplift(point, states.map((s) => learnerFromJSON!(s)));
  }

  fit(): this {
    throw upliftErrors.badState('bootstrap', 'a bootstrap model is fitted through BootstrapUplift.fit');
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
    return new BootstrapUplift(learnerFromJSON!(state.point), state.refits.map((r) => learnerFromJSON!(r)));
  }
}
