/**
 * Access to ../shared/data for tests. The product never reads it; tests that
 * need a file skip with a message when it is missing (CI has it beside the checkout).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of a file under ../shared, e.g. sharedPath('data/uplift/hillstrom.csv'). */
export function sharedPath(relative: string): string {
  return resolve(repoRoot, '..', 'shared', relative);
}

/** Absolute path inside this repository. */
export function repoPath(relative: string): string {
  return resolve(repoRoot, relative);
}

/** `describe` that skips (saying why) when any of the named shared files is missing. */
export function describeWithShared(name: string, files: readonly string[], body: () => void): void {
  const missing = files.filter((f) => !existsSync(sharedPath(f)));
  if (missing.length > 0) {
    // Not describe.skip(name, body): vitest still runs a skipped suite's body to collect it, and bodies read the files.
    describe(name, () => {
      it.skip(`skipped: ../shared/${missing.join(', ../shared/')} not found`, () => {});
    });
    process.stderr.write(`skipping '${name}': ../shared/${missing.join(', ../shared/')} not found\n`);
  } else {
    describe(name, body);
  }
}
