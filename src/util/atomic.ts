/**
 * Whole-or-nothing file output: write to a temporary file beside the target,
 * then rename over it. A crash or an error leaves no half-written file.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A temporary path in the same directory as `target` (so rename stays on one file system). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.liftwise-tmp-${basename(target)}-${randomBytes(6).toString('hex')}`);
}

/** Runs `write(tempPath)`, then renames the temp file to `target`; removes the temp file on failure. */
export async function writeAtomically(target: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  const temp = tempPathFor(target);
  try {
    await write(temp);
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}

/** Writes a string or bytes to `target` atomically. */
export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
  await writeAtomically(target, (temp) => fs.writeFile(temp, content));
}
