/**
 * Checks that an output path can be written, before any work is done, so a
 * long fit never ends in "cannot write": the folder must exist, no part of the
 * path may be a file, and a file output must not be a folder.
 */
import { promises as fs } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { dataErrors } from './messages.js';

async function kindOf(path: string): Promise<'file' | 'folder' | 'missing'> {
  try {
    return (await fs.stat(path)).isDirectory() ? 'folder' : 'file';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw e;
  }
}

/** The nearest ancestor of `path` that exists, with what it is. */
async function nearestExisting(path: string): Promise<{ path: string; kind: 'file' | 'folder' }> {
  let p = resolve(path);
  for (;;) {
    const kind = await kindOf(p);
    if (kind !== 'missing') return { path: p, kind };
    const parent = dirname(p);
    if (parent === p) return { path: p, kind: 'folder' };
    p = parent;
  }
}

/** An output file: its folder exists and is a folder, and the file itself is not a folder. */
export async function checkOutputFile(file: string): Promise<void> {
  if ((await kindOf(file)) === 'folder') throw dataErrors.outputIsFolder(file);
  const folder = dirname(file);
  const existing = await nearestExisting(folder);
  if (existing.kind === 'file') throw dataErrors.outputPathNotFolder(file, shown(existing.path));
  if (existing.path !== resolve(folder)) throw dataErrors.outputFolderMissing(file, folder);
}

/** An output folder (created with its parents if missing): neither it nor any existing part of its path is a file. */
export async function checkOutputFolder(dir: string): Promise<void> {
  const existing = await nearestExisting(dir);
  if (existing.kind === 'file') throw dataErrors.outputPathNotFolder(dir, shown(existing.path));
}

/** A path as the user would write it from here. */
function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r === '' || r.startsWith('..') ? path : r;
}
