/**
 * Cross-fitting one grid member: fit on all folds but one, predict the uplift
 * of the rows of that fold, for every fold. Runs on the calling thread and on
 * worker threads alike; the result depends only on the member's index, so
 * the leaderboard is the same whatever the number of threads.
 */
import type { FeatureMatrix } from '../../data/features.js';
import { selectRows } from '../../data/features.js';
import { learnerEntry } from '../../learners/registry.js';
import type { TaskResult } from '../../learners/trees/parallel.js';
import { createUpliftLearner, upliftMethod, parseMethodOptions } from '../methods.js';
import { armSeed, type OutcomeKind } from '../types.js';
import { foldRows } from './folds.js';
import type { GridMember } from './grid.js';

/** Everything a thread needs to cross-fit any member (large arrays on SharedArrayBuffers). */
export interface CrossFitJob {
  /** The features one-hot encoded and as integer codes (tree learners split on codes). */
  readonly onehot: FeatureMatrix;
  readonly codes: FeatureMatrix;
  readonly arm: Int32Array;
  readonly y: Float64Array;
  readonly fold: Int32Array;
  readonly nFolds: number;
  readonly nArms: number;
  readonly members: readonly GridMember[];
  readonly outcomeKind: OutcomeKind;
  readonly armLabels: readonly string[];
  readonly seed: number;
  /** Date.now() after which members other than the first are skipped (Infinity: no budget). */
  readonly deadline: number;
}

export interface CrossFitResult {
  /** 'ok', 'skipped' (time budget) or 'failed' (the member cannot fit these data; `error` says why). */
  readonly status: 'ok' | 'skipped' | 'failed';
  /** Out-of-fold uplift per treated arm (empty unless ok). */
  readonly uplift: Float64Array[];
  readonly seconds: number;
  readonly error?: string;
}

/** Which encoded matrix a member's learner takes, as UpliftModel.fit decides it. */
export function memberEncoding(member: GridMember): 'onehot' | 'codes' {
  const method = upliftMethod(member.method);
  if (method.categorical !== undefined) return method.categorical;
  if (method.ownModel === true) return 'onehot';
  return learnerEntry(member.learner ?? 'logistic').categorical ?? 'onehot';
}

/** Learner options for fitting inside the grid: one thread per fit, as the grid's members already run in parallel. */
function gridOptions(member: GridMember): Record<string, unknown> {
  const options: Record<string, unknown> = { ...(member.learnerOptions ?? {}) };
  if (member.method === 'uplift-forest' || member.learner === 'forest') options.threads = 1;
  return options;
}

export function crossFitMember(job: CrossFitJob, index: number): CrossFitResult {
  const started = Date.now();
  const member = job.members[index]!;
  if (index > 0 && started > job.deadline) return { status: 'skipped', uplift: [], seconds: 0 };
  const X = memberEncoding(member) === 'codes' ? job.codes : job.onehot;
  const uplift = Array.from({ length: job.nArms - 1 }, () => new Float64Array(job.arm.length));
  try {
    const method = upliftMethod(member.method);
    const methodOptions = parseMethodOptions(method, member.methodOptions ?? {});
    for (let f = 0; f < job.nFolds; f++) {
      if (index > 0 && Date.now() > job.deadline) return { status: 'skipped', uplift: [], seconds: (Date.now() - started) / 1000 };
      const { train, test } = foldRows(job.fold, f);
      const learner = createUpliftLearner(
        method,
        { name: member.learner ?? 'logistic', options: gridOptions(member) },
        { seed: armSeed(job.seed, 7919 * (f + 1)), outcomeKind: job.outcomeKind, armLabels: job.armLabels, options: methodOptions },
      );
      learner.fit(
        selectRows(X, train),
        Int32Array.from(train, (r) => job.arm[r]!),
        Float64Array.from(train, (r) => job.y[r]!),
      );
      const predicted = learner.predictUplift(selectRows(X, test));
      for (let k = 0; k < uplift.length; k++) {
        const column = uplift[k]!;
        const p = predicted[k]!;
        for (let i = 0; i < test.length; i++) column[test[i]!] = p[i]!;
      }
    }
  } catch (e) {
    return { status: 'failed', uplift: [], seconds: (Date.now() - started) / 1000, error: e instanceof Error ? e.message : String(e) };
  }
  return { status: 'ok', uplift, seconds: (Date.now() - started) / 1000 };
}

/** The worker-side handler: one task = one member. */
export function crossFitTaskHandler(shared: unknown): (task: number) => TaskResult<CrossFitResult> {
  const job = shared as CrossFitJob;
  return (task) => {
    const value = crossFitMember(job, task);
    return { value, transfer: value.uplift.map((u) => u.buffer as ArrayBuffer) };
  };
}
