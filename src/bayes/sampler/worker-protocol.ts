/** Messages between sample() and its chain workers, and how errors cross the thread boundary. */
import { InputError, LiftwiseError, type ErrorLocation } from '../../errors.js';
import type { ChainConfig, ChainOutput } from './chain.js';

export interface ToWorker {
  readonly type: 'run';
  readonly config: ChainConfig;
}

export type FromWorker =
  | { readonly type: 'progress'; readonly chain: number; readonly done: number }
  | { readonly type: 'done'; readonly output: ChainOutput; readonly parameterNames: string[] }
  | { readonly type: 'error'; readonly chain: number; readonly error: SerializedError };

export interface SerializedError {
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly where?: ErrorLocation;
  readonly exitCode?: 1 | 2;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof LiftwiseError) {
    return { message: error.message, code: error.code, where: error.where, exitCode: error.exitCode };
  }
  if (error instanceof Error) return error.stack === undefined ? { message: error.message } : { message: error.message, stack: error.stack };
  return { message: String(error) };
}

/** Rebuilds a LiftwiseError with its code, location and exit code; other errors come back as undefined. */
export function reviveLiftwiseError(error: SerializedError): LiftwiseError | undefined {
  if (error.code === undefined) return undefined;
  const revived = error.exitCode === 2 ? new InputError(error.code, '', error.where ?? {}) : new LiftwiseError(error.code, '', error.where ?? {});
  revived.message = error.message;
  return revived;
}
