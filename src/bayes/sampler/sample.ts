/**
 * sample(): runs NUTS chains on a target, in worker threads when the target
 * comes as a TargetSource, in the calling thread when it is a target object.
 * Each chain has its own random stream derived from (seed, chain), so the
 * draws are the same bit for bit whatever the number of threads.
 */
import { Worker } from 'node:worker_threads';
import type { LogDensityTarget, TargetSource } from '../target.js';
import { silentProgress, } from '../../util/progress.js';
import { workerScriptUrl } from '../../util/workers.js';
import { runChain, type ChainConfig, type ChainOutput } from './chain.js';
import { resolveSampleOptions, type SampleOptions } from './options.js';
import { assembleResult, type SampleResult } from './result.js';
import { samplerErrors } from './messages.js';
import { reviveLiftwiseError, type FromWorker, type ToWorker } from './worker-protocol.js';

/** True for a TargetSource ({module, exportName, args}) rather than a target object. */
export function isTargetSource(x: TargetSource | LogDensityTarget): x is TargetSource {
  return typeof (x as TargetSource).module === 'string' && typeof (x as TargetSource).exportName === 'string';
}

/** Anything that describes itself as a target source, as a Model does. */
export interface ModelLike {
  source(): TargetSource;
}

function isModelLike(x: TargetSource | LogDensityTarget | ModelLike): x is ModelLike {
  return typeof (x as Partial<ModelLike>).source === 'function' && typeof (x as Partial<LogDensityTarget>).logDensityGradient !== 'function';
}

/**
 * Draws from a target with NUTS: a Model (chains in worker threads), its
 * TargetSource, or a target object (chains in this thread).
 *
 * @example
 * const target = { dim: 1, parameterNames: ['x'], constrain: (t: Float64Array, o: Float64Array) => o.set(t),
 *   logDensityGradient: (t: Float64Array, g: Float64Array) => { g[0] = -t[0]!; return -0.5 * t[0]! * t[0]!; } };
 * const fit = await sample(target, { chains: 2, warmup: 300, draws: 300, seed: 7 });
 * fit.values.length; // 600 (2 chains × 300 draws × 1 parameter)
 */
export async function sample(target: TargetSource | LogDensityTarget | ModelLike, options: SampleOptions = {}): Promise<SampleResult> {
  // A Model samples in worker threads through its source (passing it once failed with
  // "logDensityGradient is not a function").
  if (isModelLike(target)) return sample(target.source(), options);
  const started = performance.now();
  const resolved = resolveSampleOptions(options);
  const progress = options.progress ?? silentProgress;
  const { configs } = resolved;
  const perChain = resolved.warmup + resolved.draws;
  const doneByChain = new Array<number>(configs.length).fill(0);
  const onProgress = (chain: number, done: number): void => {
    const step = done - doneByChain[chain]!;
    if (step > 0) {
      doneByChain[chain] = done;
      progress.tick(step);
    }
  };

  progress.start(`sampling ${configs.length} chain${configs.length === 1 ? '' : 's'}`, configs.length * perChain);
  let outputs: ChainOutput[];
  let names: readonly string[];
  let threads: number;
  try {
    if (isTargetSource(target)) {
      const run = await runInWorkers(target, configs, resolved.threads, onProgress);
      outputs = run.outputs;
      names = run.parameterNames;
      threads = Math.min(resolved.threads, configs.length);
    } else {
      checkTarget(target);
      outputs = [];
      for (const config of configs) {
        outputs.push(runChain(target, config, (done) => onProgress(config.chain, done)));
        // Let progress output and other callbacks run between chains.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      names = target.parameterNames;
      threads = 0;
    }
  } finally {
    progress.stop();
  }
  return assembleResult(names, outputs, {
    warmup: resolved.warmup,
    draws: resolved.draws,
    maxTreeDepth: resolved.maxTreeDepth,
    seed: resolved.seed,
    threads,
    wallSeconds: (performance.now() - started) / 1000,
  });
}

function checkTarget(target: LogDensityTarget): void {
  if (typeof target !== 'object' || target === null) throw samplerErrors.badTarget('expected a LogDensityTarget or a TargetSource');
  if (typeof target.logDensityGradient !== 'function') throw samplerErrors.badTarget('logDensityGradient is not a function');
  if (typeof target.constrain !== 'function') throw samplerErrors.badTarget('constrain is not a function');
  if (!Array.isArray(target.parameterNames)) throw samplerErrors.badTarget('parameterNames is not an array');
}

interface WorkerRun {
  outputs: ChainOutput[];
  parameterNames: string[];
}

/** Runs the chains on `threads` workers, each taking the next chain when it finishes one. */
function runInWorkers(
  source: TargetSource,
  configs: readonly ChainConfig[],
  threads: number,
  onProgress: (chain: number, done: number) => void,
): Promise<WorkerRun> {
  const script = workerScriptUrl(import.meta.url, './chain-worker.js');
  const count = Math.max(1, Math.min(threads, configs.length));
  return new Promise<WorkerRun>((resolve, reject) => {
    const outputs = new Array<ChainOutput>(configs.length);
    let parameterNames: string[] = [];
    const workers: Worker[] = [];
    let next = 0;
    let finished = 0;
    let settled = false;

    const stopAll = (): void => {
      for (const w of workers) void w.terminate();
    };
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      stopAll();
      reject(error);
    };
    const feed = (worker: Worker): void => {
      if (next < configs.length) {
        const message: ToWorker = { type: 'run', config: configs[next++]! };
        worker.postMessage(message);
      }
    };

    for (let t = 0; t < count; t++) {
      const worker = new Worker(script, { workerData: { source } });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (settled) return;
        if (message.type === 'progress') {
          onProgress(message.chain, message.done);
        } else if (message.type === 'done') {
          outputs[message.output.chain] = message.output;
          parameterNames = message.parameterNames;
          finished++;
          if (finished === configs.length) {
            settled = true;
            stopAll();
            resolve({ outputs, parameterNames });
          } else {
            feed(worker);
          }
        } else {
          fail(reviveLiftwiseError(message.error) ?? samplerErrors.workerFailed(message.chain, message.error.stack ?? message.error.message));
        }
      });
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => {
        if (!settled) fail(samplerErrors.workerExited(code));
      });
      feed(worker);
    }
  });
}
