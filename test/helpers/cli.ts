/** Runs the built CLI (dist/, built by `npm test` before vitest starts) as a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** A fresh empty directory for a test's files. */
export function tempDir(prefix = 'liftwise-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The names in a directory, to assert that nothing (not even a temp file) was left behind. */
export function listDir(dir: string): string[] {
  return readdirSync(dir).sort();
}
