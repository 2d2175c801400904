/**
 * How every learner checks its options, in its constructor and in the
 * registry alike: one schema per learner, one code (E_BAD_LEARNER_OPTIONS),
 * one message naming every bad field, the first one's path as the location.
 *
 * Options that liftwise put together itself from checked parts (the registry
 * after its check, with the uplift defaults and a seed added; a clone; a model
 * file being loaded) are marked with `preChecked` and not checked again: the
 * check loads zod, which costs a CLI call about 0.13 s (bench/cli-startup),
 * and a fit with no user options must not pay it.
 */
import type { z } from 'zod';
import { parseOrThrow } from '../util/schema.js';
import { learnerErrors } from './messages.js';
import type { LearnerTask } from './types.js';

/** A learner's options with the task it learns, the one argument of every learner's constructor. */
export type WithTask<O> = O & { readonly task: LearnerTask };

const checked = new WeakSet<object>();

/** Marks an options object liftwise built from checked parts, so the constructor takes it as it is. */
export function preChecked<T extends object>(options: T): T {
  checked.add(options);
  return options;
}

/**
 * `options` checked against `schema` (an empty object is valid for every
 * learner and is not checked, so zod is not loaded for it).
 */
export function checkLearnerOptionsWith(learner: string, schema: () => z.ZodType<object>, options: unknown): object {
  const value = options ?? {};
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return {};
  return parseOrThrow(schema(), value, (text, path) => learnerErrors.badOptions(learner, text, path));
}

/**
 * What a learner's constructor does first: the task (checked against the
 * tasks the learner can do; `tasks[0]` when the learner does one task and none
 * is given) and the options without it, checked unless marked `preChecked`.
 */
export function constructorOptions<O extends object>(
  learner: string,
  tasks: readonly LearnerTask[],
  schema: () => z.ZodType<object>,
  options: (O & { readonly task?: LearnerTask }) | undefined,
): { task: LearnerTask; options: O } {
  const given = options ?? ({} as O & { task?: LearnerTask });
  const { task, ...rest } = given;
  if (!checked.has(given)) checkLearnerOptionsWith(learner, schema, rest);
  if (task === undefined) {
    if (tasks.length === 1) return { task: tasks[0]!, options: rest as O };
    throw learnerErrors.badOptions(learner, `task: expected one of ${tasks.map((t) => `'${t}'`).join(', ')}`, ['task']);
  }
  if (task !== 'classification' && task !== 'regression') {
    throw learnerErrors.badOptions(learner, `task: expected one of ${tasks.map((t) => `'${t}'`).join(', ')}, got '${String(task)}'`, ['task']);
  }
  if (!tasks.includes(task)) throw learnerErrors.wrongTask(learner, task);
  return { task, options: rest as O };
}

/** True for options marked with `preChecked`. */
export function isPreChecked(options: object): boolean {
  return checked.has(options);
}
