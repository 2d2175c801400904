/**
 * Worker-thread entry for `allocate --shards --threads N`: runs pass requests
 * and writes plans for the shards the main thread sends it (always the same
 * shards, so its shard cache stays useful). Requests and results are the
 * plain objects a Redis worker exchanges, so a pass gives the same sums in
 * a thread, in the main thread or on another machine.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runPass, type PassRequest } from './passes.js';
import { shardPlanParts, writePlanParts } from './plan.js';
import type { PlanRequest } from './allocate-stream.js';
import type { AllocateSpec } from './shard.js';
import { ShardContexts } from './shard-contexts.js';
import { LiftwiseError } from '../errors.js';

/** A job for a thread: a pass on a shard, or writing a shard's plan. */
export type ThreadJob =
  | { readonly op: 'pass'; readonly shard: number; readonly file: string; readonly offset: number | undefined; readonly request: PassRequest }
  | { readonly op: 'plan'; readonly shard: number; readonly file: string; readonly offset: number; readonly plan: PlanRequest; readonly out: string };

export type ThreadMessage = ThreadJob & { readonly id: number };

export interface ThreadData {
  readonly spec: AllocateSpec;
  readonly cacheUnits: number;
}

/** An error as it crosses the thread boundary: a LiftwiseError keeps its code, location and exit code. */
export interface ThreadError {
  readonly liftwise: boolean;
  readonly code: string;
  readonly detail: string;
  readonly where: LiftwiseError['where'];
  readonly exitCode: 1 | 2;
  readonly name: string;
  readonly stack: string | undefined;
}

export function encodeThreadError(error: unknown): ThreadError {
  if (error instanceof LiftwiseError) return { liftwise: true, code: error.code, detail: error.detail, where: error.where, exitCode: error.exitCode, name: error.name, stack: error.stack };
  const e = error instanceof Error ? error : new Error(String(error));
  return { liftwise: false, code: '', detail: e.message, where: {}, exitCode: 1, name: e.name, stack: e.stack };
}

export function decodeThreadError(e: ThreadError): Error {
  if (!e.liftwise) {
    const error = new Error(e.detail);
    if (e.stack !== undefined) error.stack = e.stack;
    return error;
  }
  const error = new LiftwiseError(e.code, e.detail, e.where, e.exitCode);
  error.name = e.name;
  return error;
}

if (parentPort !== null) {
  const port = parentPort;
  const { spec, cacheUnits } = workerData as ThreadData;
  const contexts = new ShardContexts(spec, cacheUnits);
  // One message at a time: a thread holds one shard being read besides its cache.
  let queue = Promise.resolve();
  port.on('message', (message: ThreadMessage) => {
    queue = queue.then(async () => {
      try {
        let result: unknown;
        if (message.op === 'pass') result = runPass(await contexts.get(message.shard, message.file, message.offset), message.request);
        else {
          // The shard's units go before its ids are read and its plan written, the thread's largest moment
          // (10^6 units: 270 MB of units, then ids and plan table 330 MB more, measured by RSS).
          const plan = shardPlanParts(await contexts.get(message.shard, message.file, message.offset), message.plan);
          result = await writePlanParts(plan, message.out, spec.id);
        }
        port.postMessage({ id: message.id, result });
      } catch (error) {
        port.postMessage({ id: message.id, error: encodeThreadError(error) });
      }
    });
  });
}
