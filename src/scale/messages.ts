/** Every message of the scale-out layer (shards, streaming plans, workers, Redis), each with a stable code. */
import { InputError, LiftwiseError } from '../errors.js';

const list = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ');

export const scaleErrors = {
  budgetBelowBase: (budget: number, base: number) =>
    new InputError('E_INFEASIBLE', `no plan fits the budget ${budget}: giving every unit no treatment already costs ${base}`, { path: ['budget'] }),
  tooManyTies: (count: number, max: number) =>
    new LiftwiseError('E_TOO_MANY_TIES', `${count} hull steps tie at the budget's critical value per cost, more than the ${max} the streaming allocation holds in memory; raise --max-core or run allocate on the data in memory`),
  coreTooLarge: (max: number) =>
    new LiftwiseError('E_CORE_TOO_LARGE', `more than ${max} units stay undecided at the final prices, more than the streaming allocation holds in memory; raise --max-core or run allocate on the data in memory`),
  fillTooLarge: (max: number) =>
    new LiftwiseError('E_FILL_TOO_LARGE', `the greedy fill could upgrade more than ${max} units with what rounding left of the budget, more than the streaming allocation holds in memory; raise --max-core or run allocate on the data in memory`),
  armsDiffer: (shard: number, first: readonly string[], got: readonly string[]) =>
    new InputError('E_SHARD_COLUMNS', `shard ${shard + 1} has arms ${list(got.slice(1))}, the first shard ${list(first.slice(1))}; every shard needs the same uplift_<arm> columns`),
  rulesNeedMemory: (rules: readonly string[]) =>
    new InputError('E_NEEDS_MEMORY', `${rules.join(', ')} need the whole dataset in memory; with --shards only --budget and --max-recipients are supported (run allocate --scores on the data to use these rules)`),
  notWithShards: (options: readonly string[], what: string) =>
    new InputError('E_NOT_WITH_SHARDS', `${options.join(', ')} ${options.length === 1 ? 'does' : 'do'} not work with --shards: ${what}`),
  scoresOrShards: () => new InputError('E_USAGE', 'give the scores with --scores FILE, or a folder or glob of shards with --shards', { path: ['scores'] }),
  dataOrShards: () => new InputError('E_USAGE', 'give the rows with --data FILE, or a folder or glob of shards with --shards', { path: ['data'] }),
  badThreads: (threads: number) => new InputError('E_BAD_THREADS', `--threads needs a count of threads of at least 1, got ${threads}`, { path: ['threads'] }),
  threadsWithRedis: () => new InputError('E_USAGE', '--threads splits the passes over threads of this process; with --redis the workers run them (start more workers instead)', { path: ['threads'] }),
  internal: (detail: string) => new LiftwiseError('E_STREAM_INTERNAL', `the streaming allocation failed a check: ${detail}`),
  outExists: (out: string) =>
    new InputError('E_OUT_EXISTS', `the plan folder '${out}' already exists and is not empty; name a new folder (a sharded plan is written as one file per shard)`, { file: out }),
  redisUnreachable: (url: string, reason: string) =>
    new LiftwiseError('E_REDIS', `cannot reach Redis at ${url} (${reason})`),
  redisLost: (reason: string) =>
    new LiftwiseError('E_REDIS', `lost the connection to Redis (${reason}); no plan was written`),
  noWorkers: (seconds: number, queue: string) =>
    new LiftwiseError('E_NO_WORKERS', `no worker took a job within ${seconds} s; start one with 'liftwise worker --redis URL' on a machine that can read the shards (queue '${queue}')`),
  jobFailed: (shard: string, reason: string) =>
    new LiftwiseError('E_JOB_FAILED', `a worker failed on shard ${shard}: ${reason}`),
  badRedisUrl: (url: string) =>
    new InputError('E_BAD_REDIS_URL', `'${url}' is not a Redis URL; use redis://[user:password@]host:port[/db] or rediss://… for TLS`, { path: ['redis'] }),
};
