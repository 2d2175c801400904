/**
 * Worker thread that runs chains. It rebuilds the target once from its
 * TargetSource, then runs each chain the main thread sends and posts the
 * draws back (typed-array buffers are transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LogDensityTarget, TargetSource } from '../target.js';
import { runChain, type ChainConfig } from './chain.js';
import { serializeError } from './worker-protocol.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('chain-worker must run in a worker thread');

const source = (workerData as { source: TargetSource }).source;
let targetPromise: Promise<LogDensityTarget> | undefined;

async function loadTarget(): Promise<LogDensityTarget> {
  const module = (await import(source.module)) as Record<string, unknown>;
  const factory = module[source.exportName];
  if (typeof factory !== 'function') {
    throw new Error(`module ${source.module} has no exported function '${source.exportName}'`);
  }
  return (await (factory as (args: unknown) => LogDensityTarget | Promise<LogDensityTarget>)(source.args));
}

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

port.on('message', (message: ToWorker) => {
  void handle(message.config);
});

async function handle(config: ChainConfig): Promise<void> {
  try {
    targetPromise ??= loadTarget();
    const target = await targetPromise;
    const out = runChain(target, config, (done) => post({ type: 'progress', chain: config.chain, done }));
    const buffers = [
      out.values, out.lp, out.acceptStat, out.stepSize, out.treeDepth, out.nLeapfrog, out.divergent, out.energy,
      out.inverseMetric, out.initialPoint,
    ].map((a) => a.buffer as ArrayBuffer);
    post({ type: 'done', output: out, parameterNames: [...target.parameterNames] }, buffers);
  } catch (error) {
    post({ type: 'error', chain: config.chain, error: serializeError(error) });
  }
}
