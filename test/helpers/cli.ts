/**
 * Runs the built CLI (dist/, built by `npm test` before vitest starts) as a user would.
 *
 * `runCli` spawns a Node process (a smoke test per command, stdin, signals);
 * `cli` runs the same program in this test process through `runLiftwise`,
 * capturing stdout and stderr: it saves a process start and the module loading
 * per call (about 0.3–1 s each), which made the end-to-end files two thirds of
 * the suite's time. Both run dist/, so both test what users run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoPath } from './shared.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; input?: string; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [repoPath('dist/src/cli/main.js'), ...args], {
    cwd: options.cwd ?? repoPath('.'),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** As runCli, without blocking: several spawned runs can overlap (smoke tests, fixtures). */
export function spawnCli(args: readonly string[], options: { cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [repoPath('dist/src/cli/main.js'), ...args], {
      cwd: options.cwd ?? repoPath('.'),
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

type Program = { runLiftwise(args: readonly string[]): Promise<number> };
let program: Promise<Program> | undefined;

/** One call at a time: the captured streams and the working directory are process-wide. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `liftwise args` in this process and returns its exit code and output,
 * as `runCli` would (without stdin: tests that pipe input use `runCli`).
 */
export function cli(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const run = queue.then(() => runInProcess(args, options.cwd ?? repoPath('.')));
  queue = run.catch(() => undefined);
  return run;
}

async function runInProcess(args: readonly string[], cwd: string): Promise<CliResult> {
  program ??= import(pathToFileURL(repoPath('dist/src/cli/program.js')).href) as Promise<Program>;
  const { runLiftwise } = await program;
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const capture =
    (sink: string[]) =>
    (chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    };
  const previousDir = process.cwd();
  const previousColor = process.env.NO_COLOR;
  const previousExitCode = process.exitCode;
  process.env.NO_COLOR = '1';
  process.chdir(cwd);
  process.stdout.write = capture(out) as typeof process.stdout.write;
  process.stderr.write = capture(err) as typeof process.stderr.write;
  let code: number;
  try {
    code = await runLiftwise(args);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.chdir(previousDir);
    if (previousColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = previousColor;
    process.exitCode = previousExitCode;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A fresh empty directory for a test's files. */
export function tempDir(prefix = 'liftwise-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The names in a directory, to assert that nothing (not even a temp file) was left behind. */
export function listDir(dir: string): string[] {
  return readdirSync(dir).sort();
}
