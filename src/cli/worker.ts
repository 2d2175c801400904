/** liftwise worker: runs liftwise's own jobs (score a shard, summarise a shard at given prices, write a shard's plan) from a BullMQ queue on Redis. */
import type { Command } from 'commander';
import { startWorker, DEFAULT_QUEUE, redisConnection, safeUrl } from '../scale/queue.js';
import { action, integerOption, numberOption } from './action.js';
import { info } from './output.js';

interface WorkerFlags {
  redis: string;
  concurrency: number;
  queue: string;
  lockSeconds: number;
  cacheUnits: number;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('take liftwise jobs (score, summarise and plan shards) from Redis until stopped (Ctrl-C or SIGTERM)')
    .requiredOption('--redis <url>', 'redis://[user:password@]host:port[/db]; rediss://… for TLS (?ca=FILE, ?servername=NAME, ?insecure=1)')
    .option('--concurrency <n>', 'jobs at a time in this process (CPU-bound: start one worker per core instead of raising this)', integerOption('concurrency'), 1)
    .option('--queue <name>', 'queue name (the coordinating command must use the same)', DEFAULT_QUEUE)
    .option('--lock-seconds <s>', 'seconds without a sign of life after which a job is given to another worker', numberOption('lock-seconds'), 30)
    .option('--cache-units <n>', 'units of shards kept in memory between jobs', integerOption('cache-units'), 1_000_000)
    .option('--quiet', 'no line per job on stderr')
    .action(action(work));
}

async function work(flags: WorkerFlags): Promise<void> {
  redisConnection(flags.redis); // a bad URL is a usage error before anything starts
  const worker = startWorker(flags.redis, {
    concurrency: Math.max(1, flags.concurrency),
    queue: flags.queue,
    lockSeconds: flags.lockSeconds,
    cacheUnits: flags.cacheUnits,
    ...(flags.quiet === true ? {} : { log: info }),
  });
  worker.on('error', (e) => info(`worker: ${e.message}`));
  await worker.waitUntilReady();
  info(`liftwise worker ${process.pid} on ${safeUrl(flags.redis)}, queue '${flags.queue}', concurrency ${flags.concurrency}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      info(`liftwise worker ${process.pid}: stopping after the current job`);
      void worker.close().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
