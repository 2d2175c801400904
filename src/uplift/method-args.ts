/**
 * The one argument of every uplift method's constructor,
 * `new Method({ learner: { name, options }, task, seed, ...methodOptions })`,
 * and how it is checked: the method options against the method's schema, with
 * the same code (E_BAD_METHOD_OPTIONS), message and path as the registry and
 * the CLI. Arguments the registry built from checked parts are marked with
 * `preChecked` (learners/options-check.ts) and not checked again, so a fit
 * without user options does not load zod.
 */
import type { z } from 'zod';
import type { LearnerTask } from '../learners/types.js';
import { isPreChecked } from '../learners/options-check.js';
import { parseOrThrow } from '../util/schema.js';
import type { LearnerSpec } from './learner-spec.js';
import { upliftErrors } from './messages.js';

/** What every uplift method's constructor takes besides its own options. */
export interface MethodArgs {
  /** The base learner by registry name and options; methods with their own trees take none. */
  readonly learner?: LearnerSpec;
  /** The outcome's task: 'classification' for a 0/1 outcome (default), 'regression' otherwise. */
  readonly task?: LearnerTask;
  /** Seed from which every model's seed is derived (default 0). */
  readonly seed?: number;
  /** Arm labels for messages and diagnostics (index 0 = control). */
  readonly armLabels?: readonly string[];
}

/** The constructor argument, split: the shared parts and the method's own options. */
export interface SplitArgs<O> {
  readonly learner: LearnerSpec | undefined;
  readonly task: LearnerTask;
  readonly seed: number | undefined;
  readonly armLabels: readonly string[] | undefined;
  readonly options: O;
}

/** Method options checked against a schema (an empty object is valid for every method and not checked). */
export function checkMethodOptionsWith(method: string, schema: () => z.ZodType<Record<string, unknown>>, options: unknown): Record<string, unknown> {
  const value = options ?? {};
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return {};
  return parseOrThrow(schema(), value, (text, path) => upliftErrors.badOptions(method, text, path));
}

/**
 * What an uplift method's constructor does first. `learner` is required when
 * the method fits base learners and refused when it has its own trees.
 */
export function methodArgs<O extends object>(
  method: string,
  schema: () => z.ZodType<Record<string, unknown>>,
  given: (MethodArgs & O) | undefined,
  takesLearner: boolean,
  /** Keys the constructor reads itself besides MethodArgs (kept out of the schema check and of `options`). */
  own: readonly string[] = [],
): SplitArgs<O> {
  const all = given ?? ({} as MethodArgs & O);
  const { learner, task, seed, armLabels, ...rest } = all;
  for (const key of own) delete (rest as Record<string, unknown>)[key];
  if (isPreChecked(all)) return { learner, task: task ?? 'classification', seed, armLabels, options: rest as O };
  if (takesLearner && (typeof learner !== 'object' || learner === null || typeof learner.name !== 'string')) {
    throw upliftErrors.badOptions(method, "learner: expected the base learner as { name, options }, e.g. { name: 'boosting' }", ['learner']);
  }
  if (!takesLearner && learner !== undefined) {
    throw upliftErrors.badOptions(method, `learner: the ${method} method grows its own trees and takes no base learner`, ['learner']);
  }
  if (task !== undefined && task !== 'classification' && task !== 'regression') {
    throw upliftErrors.badOptions(method, `task: expected 'classification' or 'regression', got '${String(task)}'`, ['task']);
  }
  if (seed !== undefined && !Number.isInteger(seed)) throw upliftErrors.badOptions(method, `seed: expected a whole number, got ${String(seed)}`, ['seed']);
  const options = checkMethodOptionsWith(method, schema, rest) as O;
  return { learner, task: task ?? 'classification', seed, armLabels, options };
}
