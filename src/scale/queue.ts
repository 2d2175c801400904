/**
 * Passes on liftwise workers through BullMQ (Redis): the coordinator adds one
 * job per shard and waits for all of them; `liftwise worker` processes run
 * them. Jobs are liftwise's own three types, validated with zod on arrival
 * (a job is data: file names, numbers and column names, never code):
 *
 *  - score-shard: score one shard with a model file, write its scores file;
 *  - summarise-shard: one pass of the streaming allocation on one shard;
 *  - write-plan: write one shard's plan.
 *
 * A worker that dies mid-job loses its lock; BullMQ's stalled-job check puts
 * the job back and another worker runs it (every job is a pure function of
 * its payload and the shard, so the plan is the same). Files are written in
 * the coordinator's temp folder only (by the shard's own name), so a job
 * cannot write elsewhere.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Queue, QueueEvents, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { z as zt } from 'zod';
// The one copy of zod (util/schema.ts); job payloads are validated on every use.
import { zod } from '../util/schema.js';
import { LiftwiseError } from '../errors.js';
import { anyNumber, boxSchema, passRequestSchema, runPass, shardContext, type PassRequest, type PassResult, type ShardContext } from './passes.js';
import type { PassRunner, PlanRequest, PlanTotals } from './allocate-stream.js';
import { loadAllocationShard } from './shard.js';
import { allocateSpecSchema, type AllocateSpec } from './spec.js';
import { writeShardPlan } from './plan.js';
import { scoreShard, type ShardScores } from './score-shard.js';
import { scaleErrors } from './messages.js';

const z = zod();

export const DEFAULT_QUEUE = 'liftwise';

const fileName = z.string().min(1).max(4096);
/** The coordinator's temp folder: only files inside it, named after their shard, are written. */
const tempFolder = fileName.refine((p) => basename(p).startsWith('.liftwise-tmp-'), 'must be a liftwise temp folder');

const planRequestSchema = z.strictObject({
  box: boxSchema,
  prices: z.strictObject({ lambda: anyNumber, mu: anyNumber }).optional(),
  unit: z.array(z.number().int().min(0)),
  arm: z.array(z.number().int().min(0)),
});

export const jobSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('summarise-shard'), file: fileName, offset: z.number().int().min(0), spec: allocateSpecSchema, request: passRequestSchema }),
  z.strictObject({ type: z.literal('write-plan'), file: fileName, offset: z.number().int().min(0), spec: allocateSpecSchema, plan: planRequestSchema, folder: tempFolder }),
  z.strictObject({ type: z.literal('score-shard'), file: fileName, model: fileName, id: z.string().max(1000).optional(), keep: z.array(z.string().max(1000)).max(1000).optional(), folder: tempFolder }),
]);
export type LiftwiseJob = zt.infer<typeof jobSchema>;

/**
 * Connection options from a Redis URL: redis://[user:password@]host:port[/db],
 * rediss://… for TLS; TLS options as query parameters: ca=FILE (a PEM
 * certificate authority), servername=NAME, insecure=1 (skip the certificate check).
 */
export function redisConnection(url: string): ConnectionOptions & Record<string, unknown> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw scaleErrors.badRedisUrl(url);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw scaleErrors.badRedisUrl(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw scaleErrors.badRedisUrl(url);
  const options: Record<string, unknown> = {
    host: u.hostname || '127.0.0.1',
    port: u.port === '' ? 6379 : Number(u.port),
    db,
    ...(u.username === '' ? {} : { username: decodeURIComponent(u.username) }),
    ...(u.password === '' ? {} : { password: decodeURIComponent(u.password) }),
  };
  if (u.protocol === 'rediss:') {
    const ca = u.searchParams.get('ca');
    options.tls = {
      ...(ca === null ? {} : { ca: readFileSync(ca) }),
      ...(u.searchParams.get('servername') === null ? {} : { servername: u.searchParams.get('servername') }),
      ...(u.searchParams.get('insecure') === '1' ? { rejectUnauthorized: false } : {}),
    };
  }
  return options as ConnectionOptions & Record<string, unknown>;
}

/** The URL with its password hidden, for messages. */
export function safeUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** JSON has no ±Infinity: such numbers travel as { $nf: 'Infinity' } in job data and results. */
export function encodeNumbers(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $nf: String(value) };
  if (Array.isArray(value)) return value.map(encodeNumbers);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeNumbers(v)]));
  return value;
}

export function decodeNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeNumbers);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$nf' && typeof o.$nf === 'string') return Number(o.$nf);
    return Object.fromEntries(keys.map((k) => [k, decodeNumbers(o[k])]));
  }
  return value;
}

/** An error raised in a worker, carried through BullMQ's failure text so the coordinator re-raises it with its code and exit code. */
function encodeError(error: unknown): Error {
  if (error instanceof LiftwiseError) {
    const text = JSON.stringify({ liftwise: true, code: error.code, message: error.message, exitCode: error.exitCode });
    // Bad input will not get better on another worker: no retry.
    return error.exitCode === 2 ? new UnrecoverableError(text) : new Error(text);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function decodeError(reason: string, shard: string): LiftwiseError {
  try {
    const e = JSON.parse(reason) as { liftwise?: boolean; code: string; message: string; exitCode: 1 | 2 };
    if (e.liftwise === true) return new LiftwiseError(e.code, e.message, {}, e.exitCode);
  } catch {
    // not ours: a plain failure
  }
  return scaleErrors.jobFailed(shard, reason);
}

export interface WorkerOptions {
  readonly concurrency?: number;
  readonly queue?: string;
  /** Seconds a job's lock lasts without renewal before another worker may take the job (default 30). */
  readonly lockSeconds?: number;
  /** Units of shards kept in memory between jobs (default 1,000,000). */
  readonly cacheUnits?: number;
  readonly log?: (message: string) => void;
}

/**
 * Starts a worker: takes liftwise jobs from the queue until closed.
 *
 * @example
 * const worker = startWorker('redis://127.0.0.1:6379', { concurrency: 1 });
 * // … later: await worker.close();
 */
export function startWorker(url: string, options: WorkerOptions = {}): Worker {
  const connection = { ...redisConnection(url), maxRetriesPerRequest: null };
  const cache = new Map<string, ShardContext>();
  let cached = 0;
  const cacheUnits = options.cacheUnits ?? 1_000_000;
  const log = options.log ?? (() => {});
  const context = async (file: string, spec: AllocateSpec, offset: number): Promise<ShardContext> => {
    const key = JSON.stringify([file, spec, offset]);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const ctx = shardContext(await loadAllocationShard(file, spec), offset);
    // Least recently read first out when the cache is full.
    while (cached + ctx.shard.n > cacheUnits && cache.size > 0) {
      const [oldest, old] = cache.entries().next().value as [string, ShardContext];
      cache.delete(oldest);
      cached -= old.shard.n;
    }
    if (ctx.shard.n <= cacheUnits) {
      cache.set(key, ctx);
      cached += ctx.shard.n;
    }
    return ctx;
  };
  const lockDuration = 1000 * (options.lockSeconds ?? 30);
  return new Worker(
    options.queue ?? DEFAULT_QUEUE,
    async (job: Job) => {
      const parsed = jobSchema.safeParse(decodeNumbers(job.data));
      if (!parsed.success) throw new UnrecoverableError(`not a liftwise job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const data = parsed.data;
      const started = performance.now();
      // A line when a job starts and one when it ends, so an operator (and the fault tests) can tell a job cut off mid-way.
      log(`${data.type} ${basename(data.file)}: started`);
      try {
        let result: unknown;
        if (data.type === 'summarise-shard') result = runPass(await context(data.file, data.spec, data.offset), data.request);
        else if (data.type === 'write-plan') result = await writeShardPlan(await context(data.file, data.spec, data.offset), data.plan, join(data.folder, basename(data.file)), data.spec.id);
        else {
          // Progress after each block of rows: the scoring yields between blocks, so BullMQ renews the job's lock on its timer.
          const onProgress = (fraction: number) => job.updateProgress(Math.round(100 * fraction)).catch(() => {});
          result = await scoreShard(data.model, data.file, join(data.folder, basename(data.file)), data.id, { keep: data.keep ?? [], onProgress });
        }
        log(`${data.type} ${basename(data.file)}: done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
        return encodeNumbers(result);
      } catch (error) {
        log(`${data.type} ${basename(data.file)} failed: ${error instanceof Error ? error.message : String(error)}`);
        throw encodeError(error);
      }
    },
    { connection, concurrency: options.concurrency ?? 1, lockDuration, stalledInterval: lockDuration, maxStalledCount: 3 },
  );
}

export interface QueueRunnerOptions {
  /** Seconds without any worker taking or finishing a job before giving up (default 30). */
  readonly timeoutSeconds?: number;
  readonly queue?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The coordinator's side: passes and plan writing as jobs, one per shard. */
export class QueueRunner implements PassRunner {
  readonly shardCount: number;
  private failure: LiftwiseError | undefined;
  private missedPings = 0;
  private redisLost = false;
  private checking = false;
  private lastActivity = Date.now();
  private readonly watch: NodeJS.Timeout;

  private constructor(
    private readonly url: string,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly health: Redis,
    private readonly shards: readonly string[],
    private readonly spec: AllocateSpec | undefined,
    private readonly folder: string,
    private readonly options: QueueRunnerOptions,
  ) {
    this.shardCount = shards.length;
    // Every job of a pass waits on these events (one listener per shard).
    events.setMaxListeners(Math.max(10, 4 * shards.length + 10));
    events.on('active', () => (this.lastActivity = Date.now()));
    events.on('completed', () => (this.lastActivity = Date.now()));
    events.on('progress', () => (this.lastActivity = Date.now()));
    // Redis must answer, and some worker must take or finish a job now and then.
    this.watch = setInterval(() => void this.check(), 1000);
    this.watch.unref();
  }

  /** Connects to Redis (a clear error when it does not answer). */
  static async connect(url: string, shards: readonly string[], spec: AllocateSpec | undefined, folder: string, options: QueueRunnerOptions = {}): Promise<QueueRunner> {
    const connection = { ...redisConnection(url), maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => 1000, connectTimeout: 5000 };
    const name = options.queue ?? DEFAULT_QUEUE;
    // A plain client first: it answers (or not) within seconds, where the queue's clients would retry for ever.
    const health = new Redis({ ...(connection as object), lazyConnect: true });
    health.on('error', () => {});
    try {
      await withTimeout(health.connect(), 5000);
      await withTimeout(health.ping(), 5000);
    } catch (e) {
      health.disconnect();
      throw scaleErrors.redisUnreachable(safeUrl(url), e instanceof Error ? e.message : String(e));
    }
    const queue = new Queue(name, { connection });
    const events = new QueueEvents(name, { connection: { ...connection, maxRetriesPerRequest: null, enableOfflineQueue: true } });
    queue.on('error', () => {});
    events.on('error', () => {});
    await withTimeout(Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), 5000).catch((e: unknown) => {
      health.disconnect();
      throw scaleErrors.redisUnreachable(safeUrl(url), e instanceof Error ? e.message : String(e));
    });
    return new QueueRunner(url, queue, events, health, shards, spec, folder, options);
  }

  private async check(): Promise<void> {
    if (this.failure !== undefined || this.checking) return;
    this.checking = true;
    try {
      await withTimeout(this.health.ping(), 5000);
      this.missedPings = 0;
    } catch (e) {
      // One late answer is not a lost Redis: on a loaded machine (or while this process sums a large pass) the
      // timer can fire before the reply is read. Three misses in a row are; a closed connection fails each at once.
      if (++this.missedPings >= 3) {
        this.failure = scaleErrors.redisLost(e instanceof Error ? e.message : String(e));
        this.redisLost = true;
      }
      return;
    } finally {
      this.checking = false;
    }
    const timeout = 1000 * (this.options.timeoutSeconds ?? 30);
    if (Date.now() - this.lastActivity > timeout) {
      const active = await this.queue.getActiveCount().catch(() => 0);
      if (active === 0) this.failure = scaleErrors.noWorkers(this.options.timeoutSeconds ?? 30, this.queue.name);
      else this.lastActivity = Date.now();
    }
  }

  private async runJobs<T>(jobs: Array<{ file: string; data: LiftwiseJob }>): Promise<T[]> {
    this.lastActivity = Date.now();
    const added = await this.queue.addBulk(
      // Finished jobs stay until their result is read (waitUntilFinished looks a finished job up; a removed one it would wait for forever).
      jobs.map(({ data }) => ({ name: data.type, data: encodeNumbers(data), opts: { attempts: 3, backoff: { type: 'fixed', delay: 200 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } } })),
    );
    let done = 0;
    const results = added.map((job, s) =>
      job.waitUntilFinished(this.events).then(
        (encoded: unknown) => {
          const value = decodeNumbers(encoded) as T;
          done++;
          this.options.onProgress?.(done, jobs.length);
          void job.remove().catch(() => {});
          return value;
        },
        (error: unknown) => {
          void job.remove().catch(() => {});
          throw decodeError(error instanceof Error ? error.message : String(error), jobs[s]!.file);
        },
      ),
    );
    // Fail as soon as the watch does (Redis gone, no worker), without waiting for jobs that will never finish.
    const watchdog = new Promise<never>((_, reject) => {
      const timer = setInterval(() => {
        if (this.failure !== undefined) {
          clearInterval(timer);
          reject(this.failure);
        }
      }, 200);
      Promise.allSettled(results).then(() => clearInterval(timer));
    });
    return Promise.race([Promise.all(results), watchdog]);
  }

  async pass(request: (shard: number) => PassRequest, offsets: readonly number[] | undefined): Promise<PassResult[]> {
    return this.runJobs<PassResult>(
      this.shards.map((file, s) => ({ file, data: { type: 'summarise-shard', file, offset: offsets?.[s] ?? 0, spec: this.spec!, request: request(s) } })),
    );
  }

  async writePlans(plan: (shard: number) => PlanRequest, offsets: readonly number[]): Promise<PlanTotals[]> {
    return this.runJobs<PlanTotals>(
      this.shards.map((file, s) => ({ file, data: { type: 'write-plan', file, offset: offsets[s]!, spec: this.spec!, plan: plan(s), folder: this.folder } })),
    );
  }

  /** Scores every shard with a model file into the folder. */
  async score(model: string, id: string | undefined, keep: readonly string[] = []): Promise<ShardScores[]> {
    return this.runJobs(
      this.shards.map((file) => ({ file, data: { type: 'score-shard', file, model, folder: this.folder, ...(id === undefined ? {} : { id }), ...(keep.length === 0 ? {} : { keep: [...keep] }) } })),
    );
  }

  async close(): Promise<void> {
    clearInterval(this.watch);
    // A lost Redis makes close wait for reconnection: do not wait long.
    this.health.disconnect();
    // Nothing to close gracefully on a lost Redis: waiting for it only delayed the error by 2 s.
    if (this.redisLost) {
      void this.queue.disconnect();
      void this.events.disconnect();
      return;
    }
    await withTimeout(Promise.allSettled([this.queue.close(), this.events.close()]), 2000).catch(() => {
      void this.queue.disconnect();
      void this.events.disconnect();
    });
    void this.url;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
