/**
 * Output safety: every path a command will write is checked before any work
 * is done, and a folder is only ever replaced when a previous liftwise run
 * wrote it (it holds a manifest, `.liftwise-output.json`, listing its files)
 * and it holds nothing else. Inputs are never inside an output folder, and
 * the current folder is never an output folder.
 */
import { constants, promises as fs } from 'node:fs';
import { dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { outputErrors } from './messages.js';
import { untrackTemp } from './atomic.js';

/** The manifest a liftwise output folder carries: which files liftwise wrote there. */
export const OUTPUT_MANIFEST = '.liftwise-output.json';

export interface OutputManifest {
  readonly tool: 'liftwise';
  /** The command that wrote the folder, e.g. 'scenario run'. */
  readonly command: string;
  readonly written: string;
  /** File names (no folders) written into the folder, the manifest itself excluded. */
  readonly files: readonly string[];
}

/** What is at an output folder's path now (found by checkOutputFolder). */
export interface FolderState {
  readonly path: string;
  readonly kind: 'absent' | 'empty' | 'previous-output';
  /** For 'previous-output': the files its manifest lists (all present and plain files). */
  readonly files: readonly string[];
}

/** The real path of a path that may not exist yet: its deepest existing ancestor resolved, the rest appended. */
async function realPathOf(path: string): Promise<string> {
  const absolute = resolve(path);
  let head = absolute;
  const tail: string[] = [];
  for (;;) {
    try {
      const real = await fs.realpath(head);
      return tail.length === 0 ? real : join(real, ...tail.reverse());
    } catch {
      const parent = dirname(head);
      if (parent === head) return absolute;
      tail.push(head.slice(parent.length).replace(/^[/\\]+/, ''));
      head = parent;
    }
  }
}

/** True when `inner` is `outer` or lies under it. */
function isWithin(outer: string, inner: string): boolean {
  const r = relative(outer, inner);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
}

/** Checks that a missing path's nearest existing ancestor is a folder we may write in. */
async function checkCreatable(path: string): Promise<void> {
  let parent = dirname(resolve(path));
  for (;;) {
    let stat;
    try {
      stat = await fs.stat(parent);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        const up = dirname(parent);
        if (up === parent) return;
        parent = up;
        continue;
      }
      if (code === 'ENOTDIR') throw outputErrors.parentNotFolder(path, parent);
      throw e;
    }
    if (!stat.isDirectory()) throw outputErrors.parentNotFolder(path, parent);
    try {
      await fs.access(parent, constants.W_OK);
    } catch {
      throw outputErrors.notWritable(path, parent);
    }
    return;
  }
}

/** Reads a folder's manifest, or a reason why it has none liftwise can trust. */
async function readManifest(dir: string): Promise<OutputManifest | string> {
  let text: string;
  try {
    text = await fs.readFile(join(dir, OUTPUT_MANIFEST), 'utf8');
  } catch {
    return `it has no ${OUTPUT_MANIFEST}`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `its ${OUTPUT_MANIFEST} is not valid JSON`;
  }
  const m = json as Partial<OutputManifest>;
  if (m.tool !== 'liftwise' || !Array.isArray(m.files) || !m.files.every((f) => typeof f === 'string' && f !== '' && !/[/\\]/.test(f) && f !== '.' && f !== '..')) {
    return `its ${OUTPUT_MANIFEST} is not one liftwise wrote`;
  }
  return m as OutputManifest;
}

/**
 * Checks an output folder before any work: it must not be (or hold) the
 * current folder or any input; if it exists and is not empty it may only be
 * replaced (with `replace`) when its manifest lists every entry in it.
 */
export async function checkOutputFolder(dir: string, options: { replace?: boolean; inputs?: ReadonlyArray<string | undefined> } = {}): Promise<FolderState> {
  const real = await realPathOf(dir);
  const cwd = await realPathOf(process.cwd());
  if (isWithin(real, cwd)) throw outputErrors.isCurrentFolder(dir);
  for (const input of options.inputs ?? []) {
    if (input === undefined) continue;
    if (isWithin(real, await realPathOf(input))) throw outputErrors.holdsInput(dir, input);
  }
  let stat;
  try {
    stat = await fs.lstat(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      await checkCreatable(dir);
      return { path: dir, kind: 'absent', files: [] };
    }
    throw e;
  }
  if (stat.isSymbolicLink()) throw outputErrors.notOurs(dir, 'it is a symbolic link');
  if (!stat.isDirectory()) throw outputErrors.notAFolder(dir);
  const entries = await fs.readdir(dir);
  if (entries.length === 0) {
    await checkCreatable(join(dir, 'x'));
    return { path: dir, kind: 'empty', files: [] };
  }
  if (options.replace !== true) throw outputErrors.folderExists(dir);
  const manifest = await readManifest(dir);
  if (typeof manifest === 'string') throw outputErrors.notOurs(dir, manifest);
  const listed = new Set([...manifest.files, OUTPUT_MANIFEST]);
  const extra = entries.filter((e) => !listed.has(e));
  if (extra.length > 0) throw outputErrors.unexpectedEntries(dir, extra);
  for (const name of manifest.files) {
    const s = await fs.lstat(join(dir, name)).catch(() => undefined);
    if (s !== undefined && !s.isFile()) throw outputErrors.notOurs(dir, `'${name}' is no longer a plain file`);
  }
  await checkCreatable(join(dir, 'x'));
  return { path: dir, kind: 'previous-output', files: manifest.files.filter((f) => entries.includes(f)) };
}

/**
 * Moves a fully written temporary folder to its place: writes the manifest
 * into it, removes exactly the files the previous output's manifest listed
 * (checked again now, in case the folder changed during the run), removes
 * the then-empty folder, and renames the new one in.
 */
export async function commitOutputFolder(temp: string, state: FolderState, command: string, files: readonly string[]): Promise<void> {
  const manifest: OutputManifest = { tool: 'liftwise', command, written: new Date().toISOString(), files: [...files] };
  await fs.writeFile(join(temp, OUTPUT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  const now = await checkOutputFolder(state.path, { replace: state.kind === 'previous-output' });
  if (now.kind === 'previous-output') {
    for (const name of now.files) await fs.unlink(join(state.path, name));
    await fs.unlink(join(state.path, OUTPUT_MANIFEST));
  }
  // rmdir only removes an empty folder: anything that appeared meanwhile stops us here.
  if (now.kind !== 'absent') await fs.rmdir(state.path);
  else await fs.mkdir(dirname(resolve(state.path)), { recursive: true });
  await fs.rename(temp, state.path);
  untrackTemp(temp);
}

/**
 * Checks an output file path before any work: not an input (symbolic links
 * and different spellings of a path included), not an existing folder, and
 * in an existing folder we may write in.
 */
export async function checkOutputFile(file: string, inputs: ReadonlyArray<string | undefined> = []): Promise<void> {
  const real = await realPathOf(file);
  for (const input of inputs) {
    if (input !== undefined && real === (await realPathOf(input))) throw outputErrors.isInput(file);
  }
  const stat = await fs.stat(file).catch((e: NodeJS.ErrnoException) => e);
  if (!(stat instanceof Error)) {
    if (stat.isDirectory()) throw outputErrors.isAFolder(file);
  } else if (stat.code !== 'ENOENT' && stat.code !== 'ENOTDIR') {
    throw stat;
  }
  const parent = dirname(resolve(file));
  const parentStat = await fs.stat(parent).catch((e: NodeJS.ErrnoException) => e);
  if (parentStat instanceof Error || !parentStat.isDirectory()) {
    // Name the part of the path that is in the way: a file somewhere above, or the first missing folder.
    const blocker = await fileAbove(parent);
    if (blocker !== undefined) throw outputErrors.parentNotFolder(file, shown(blocker));
    throw outputErrors.parentMissing(file, dirname(file));
  }
  try {
    await fs.access(parent, constants.W_OK);
  } catch {
    throw outputErrors.notWritable(file, dirname(file));
  }
}

/** The nearest existing ancestor of `path` (itself included) when it is a file, else undefined. */
async function fileAbove(path: string): Promise<string | undefined> {
  for (let p = resolve(path); ; p = dirname(p)) {
    const stat = await fs.stat(p).catch(() => undefined);
    if (stat !== undefined) return stat.isDirectory() ? undefined : p;
    if (dirname(p) === p) return undefined;
  }
}

/** A path as the user would write it from here. */
function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r === '' || r.startsWith('..') ? path : r;
}

/** Refuses two outputs of one command that name the same file (e.g. --train X --test X). */
export async function checkDistinctOutputs(outputs: ReadonlyArray<readonly [flag: string, path: string | undefined]>): Promise<void> {
  const seen = new Map<string, string>();
  for (const [flag, path] of outputs) {
    if (path === undefined) continue;
    const real = await realPathOf(path);
    const first = seen.get(real);
    if (first !== undefined) throw outputErrors.sameOutputs(path, first, flag);
    seen.set(real, flag);
  }
}
