// A real redis-server on a loopback port and liftwise CLI processes (the built dist/), for the worker tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { repoPath } from '../helpers/shared.js';

export const REDIS = '/usr/bin/redis-server';
export const redisPresent = existsSync(REDIS);
if (!redisPresent && process.env.CI !== undefined) throw new Error('redis-server is missing in CI: .ci/run installs it');
if (!redisPresent) console.warn('skipping the worker tests: /usr/bin/redis-server is not installed (apt-get install redis-server)');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A liftwise process; onStderr sees its stderr as it comes. */
export function cli(args: readonly string[], onStderr?: (text: string) => void): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [repoPath('dist/src/cli/main.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    onStderr?.(d.toString());
  });
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
  return { child, done };
}

export function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve(child);
    });
    child.on('exit', () => reject(new Error(`redis-server on port ${port} exited: ${out.slice(-300)}`)));
  });
}

export function startWorker(url: string): ChildProcess {
  return cli(['worker', '--redis', url, '--lock-seconds', '3', '--quiet']).child;
}

/** A worker that logs each job; resolves once it listens on the queue. `log` holds its stderr so far. */
export function startLoggingWorker(url: string, onStderr?: (text: string) => void, lockSeconds = 2): Promise<{ child: ChildProcess; log: () => string }> {
  let log = '';
  return new Promise((resolve, reject) => {
    const { child } = cli(['worker', '--redis', url, '--lock-seconds', String(lockSeconds)], (text) => {
      const before = log;
      log += text;
      if (!before.includes('liftwise worker ') && log.includes('liftwise worker ')) resolve({ child, log: () => log });
      onStderr?.(text);
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${log.slice(-300)}`)));
  });
}
