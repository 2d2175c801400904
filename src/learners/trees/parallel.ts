/**
 * Synchronous fan-out of independent tasks (trees) over worker threads.
 *
 * Learners' `fit` is synchronous, so the calling thread takes tasks itself
 * and then blocks on Atomics.wait until the workers have posted their
 * results, which it reads with receiveMessageOnPort. Tasks are handed out by
 * an atomic counter; a task's result depends only on its index (each tree
 * draws from its own seed stream), so the output is the same for any number
 * of threads. Large inputs travel as SharedArrayBuffers, never copied.
 * Workers are kept in a pool per script and unref'd, so they cost their
 * start-up once per process and never keep it alive.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { treeErrors } from './messages.js';

/** Default thread count: two, or fewer on a one-core machine. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/** What a worker returns for one task: a value and the buffers to transfer instead of copying. */
export interface TaskResult<T> {
  readonly value: T;
  readonly transfer: ArrayBuffer[];
}

/** Builds the task runner of one job from its shared input (runs once per job in each thread). */
export type TaskHandler = (shared: unknown) => (task: number) => TaskResult<unknown>;

interface PoolWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
}

const pools = new Map<string, PoolWorker[]>();

function workersFor(script: URL, count: number): PoolWorker[] {
  const key = script.href;
  let pool = pools.get(key);
  if (pool === undefined) {
    pool = [];
    pools.set(key, pool);
  }
  // Drop workers that have exited (threadId is -1 then).
  for (let i = pool.length - 1; i >= 0; i--) if (pool[i]!.worker.threadId < 0) pool.splice(i, 1);
  while (pool.length < count) {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(script, { workerData: { port: port2 }, transferList: [port2] });
    worker.unref();
    worker.on('error', () => {
      /* reported through the job protocol or the exit check below */
    });
    pool.push({ worker, port: port1 });
  }
  return pool.slice(0, count);
}

type Message =
  | { type: 'result'; task: number; value: unknown }
  | { type: 'done' }
  | { type: 'error'; message: string };

/**
 * Runs tasks 0..nTasks-1, `threads` at a time (the calling thread is one of
 * them), and returns their values in task order.
 *
 * @param local the same task runner the workers use, for the calling thread
 * @param onTask called on the calling thread as each task finishes (for progress)
 */
export function runTasks<T>(spec: {
  script: () => URL;
  kind: string;
  shared: unknown;
  nTasks: number;
  threads: number;
  local: (task: number) => T;
  onTask?: () => void;
}): T[] {
  const { nTasks } = spec;
  const results = new Array<T>(nTasks);
  const nWorkers = Math.max(0, Math.min(spec.threads, nTasks) - 1);
  const control = new Int32Array(new SharedArrayBuffer(12));
  const workers = nWorkers > 0 ? workersFor(spec.script(), nWorkers) : [];
  for (const w of workers) w.worker.postMessage({ kind: spec.kind, shared: spec.shared, control, nTasks });

  let failure: unknown;
  let done = 0;
  let workerError: string | undefined;
  try {
    for (;;) {
      const task = Atomics.add(control, 0, 1);
      if (task >= nTasks) break;
      results[task] = spec.local(task);
      spec.onTask?.();
      // Keep results flowing so progress reflects worker trees too.
      drain();
    }
  } catch (e) {
    failure = e;
    Atomics.store(control, 0, nTasks); // stop handing out tasks
  }

  function drain(): void {
    for (const w of workers) {
      for (;;) {
        const got = receiveMessageOnPort(w.port);
        if (got === undefined) break;
        const msg = got.message as Message;
        if (msg.type === 'result') {
          results[msg.task] = msg.value as T;
          spec.onTask?.();
        } else if (msg.type === 'done') done++;
        else workerError ??= msg.message;
      }
    }
  }
  while (done < workers.length) {
    const seen = Atomics.load(control, 1);
    drain();
    if (done >= workers.length) break;
    if (workers.some((w) => w.worker.threadId < 0)) {
      workerError ??= 'a worker thread exited unexpectedly';
      break;
    }
    Atomics.wait(control, 1, seen, 250);
  }
  if (failure !== undefined) throw failure;
  if (workerError !== undefined) throw treeErrors.workerFailed(workerError);
  return results;
}

/** Worker side: serves jobs of the given kinds until the process ends. */
export function serveTasks(port: MessagePort, parent: MessagePort, handlers: Record<string, TaskHandler>): void {
  parent.on('message', (job: { kind: string; shared: unknown; control: Int32Array; nTasks: number }) => {
    const { control, nTasks } = job;
    const signal = (): void => {
      Atomics.add(control, 1, 1);
      Atomics.notify(control, 1);
    };
    try {
      const handler = handlers[job.kind];
      if (handler === undefined) throw new Error(`unknown job kind ${job.kind}`);
      const run = handler(job.shared);
      for (;;) {
        const task = Atomics.add(control, 0, 1);
        if (task >= nTasks) break;
        const r = run(task);
        port.postMessage({ type: 'result', task, value: r.value }, r.transfer);
        signal();
      }
    } catch (e) {
      Atomics.store(control, 0, nTasks);
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
    port.postMessage({ type: 'done' });
    signal();
  });
}
