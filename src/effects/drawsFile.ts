/**
 * The draws file: S draws of every unit's effect under every treated arm, in a
 * compact, versioned binary layout that a scoring run writes and an allocation
 * (or a script) reads. 10^6 units × 200 draws × 3 arms is 2.4 GB here against
 * about 6 GB as CSV text, and a reader can take any range of units without the
 * rest, so a planner can stream it.
 *
 * Layout (all little-endian):
 *
 *   bytes 0–7    the signature "LWDRAWS\n"
 *   bytes 8–11   uint32 H, the length of the JSON header
 *   next H       UTF-8 JSON header (below), then spaces up to a multiple of 8
 *   mean block   float64, n × (K − 1): unit i, treated arm k at i·(K−1) + (k−1)
 *   draws block  float32, n × (K − 1) × S: unit-major, then arm, then draw
 *
 * Header: { "format": "liftwise-draws", "version": 1, "units": n, "arms": [K labels,
 * arms[0] = no treatment], "draws": S, "kind": "posterior" | "bootstrap" |
 * "normal-approximation", "dtype": "float32", "layout": "unit,arm,draw",
 * "idColumn": name or null, "ids": [n id texts] or null }.
 *
 * Arm 0 is not stored: its effect is 0 by definition. The mean is kept in
 * float64 (the model's own estimate), the draws in float32: seven significant
 * digits, far below the spread of any effect posterior.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { writeAtomically } from '../util/atomic.js';
import { InputError } from '../errors.js';
import type { DrawsKind, Effects } from './effects.js';
import { drawsFileErrors } from './messages.js';

const SIGNATURE = 'LWDRAWS\n';
const FORMAT = 'liftwise-draws';
const VERSION = 1;
const KINDS: readonly DrawsKind[] = ['posterior', 'bootstrap', 'normal-approximation'];

export interface DrawsFileHeader {
  readonly format: typeof FORMAT;
  readonly version: 1;
  readonly units: number;
  readonly arms: readonly string[];
  readonly draws: number;
  readonly kind: DrawsKind;
  readonly dtype: 'float32';
  readonly layout: 'unit,arm,draw';
  readonly idColumn: string | null;
  readonly ids: readonly string[] | null;
}

export interface DrawsFileIds {
  /** One id text per unit, kept exactly as read. */
  readonly ids?: readonly string[];
  readonly idColumn?: string;
}

/** Units per tile of the draw-major ↔ unit-major transpose. */
const TILE = 64;

const align8 = (x: number) => Math.ceil(x / 8) * 8;

function layoutOf(header: DrawsFileHeader, headerBytes: number) {
  const treated = header.arms.length - 1;
  const meanOffset = align8(12 + headerBytes);
  const drawsOffset = meanOffset + header.units * treated * 8;
  const end = drawsOffset + header.units * treated * header.draws * 4;
  return { treated, meanOffset, drawsOffset, end };
}

/**
 * Writes effects with draws to `file` atomically (temp file, then rename),
 * a block of units at a time so the file never sits in memory twice.
 *
 * @example
 * const e = effectsFromDraws(['none', 'email'], 2, Float64Array.of(0, 0.1, 0, 0.3), 'bootstrap');
 * await writeDrawsFile('scores.draws', e, { ids: ['c1'], idColumn: 'id' });
 * (await readDrawsFile('scores.draws')).ids; // ['c1']
 */
export async function writeDrawsFile(file: string, effects: Effects, ids: DrawsFileIds = {}): Promise<void> {
  const draws = effects.draws;
  if (draws === undefined) throw drawsFileErrors.noDraws('draws');
  const n = effects.units;
  const K = effects.arms.length;
  const S = draws.count;
  if (ids.ids !== undefined && ids.ids.length !== n) throw drawsFileErrors.idCount(ids.ids.length, n);
  const header: DrawsFileHeader = {
    format: FORMAT,
    version: VERSION,
    units: n,
    arms: [...effects.arms],
    draws: S,
    kind: draws.kind,
    dtype: 'float32',
    layout: 'unit,arm,draw',
    idColumn: ids.idColumn ?? null,
    ids: ids.ids === undefined ? null : [...ids.ids],
  };
  const headerText = Buffer.from(JSON.stringify(header), 'utf8');
  const { treated, meanOffset } = layoutOf(header, headerText.length);
  await writeAtomically(file, async (temp) => {
    const handle = await open(temp, 'w');
    try {
      const start = Buffer.alloc(meanOffset, 0x20);
      start.write(SIGNATURE, 0, 'latin1');
      start.writeUInt32LE(headerText.length, 8);
      headerText.copy(start, 12);
      await writeAll(handle, start);
      // Mean block, in blocks of units.
      const block = Math.max(1, Math.floor((1 << 22) / Math.max(1, treated * S)));
      for (let i0 = 0; i0 < n; i0 += 1 << 16) {
        const i1 = Math.min(n, i0 + (1 << 16));
        const out = new Float64Array((i1 - i0) * treated);
        for (let i = i0; i < i1; i++) for (let k = 1; k < K; k++) out[(i - i0) * treated + k - 1] = effects.mean[i * K + k]!;
        await writeAll(handle, new Uint8Array(out.buffer));
      }
      // Draws block: transpose draw-major memory into unit-major file order.
      for (let i0 = 0; i0 < n; i0 += block) {
        const i1 = Math.min(n, i0 + block);
        const out = new Float32Array((i1 - i0) * treated * S);
        toUnitMajor(draws.values, n, K, S, i0, i1, out);
        await writeAll(handle, new Uint8Array(out.buffer));
      }
    } finally {
      await handle.close();
    }
  });
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}

/** An open draws file: its header, and any range of units on demand. */
export interface DrawsFileReader {
  readonly file: string;
  readonly header: DrawsFileHeader;
  /**
   * Units start … start + count − 1: their means (count × (K − 1), float64) and
   * draws (count × (K − 1) × S, float32, unit-major), checked to be finite.
   */
  readUnits(start: number, count: number): Promise<{ readonly mean: Float64Array; readonly draws: Float32Array }>;
  close(): Promise<void>;
}

/**
 * Opens a draws file and checks its signature, header and size; bad files are
 * an InputError naming the file and the field.
 */
export async function openDrawsFile(file: string): Promise<DrawsFileReader> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code === 'ENOENT'
      ? new InputError('E_FILE_NOT_FOUND', 'file not found', { file })
      : new InputError('E_FILE_UNREADABLE', `cannot read the file (${code ?? String(e)})`, { file });
  }
  try {
    const size = (await handle.stat()).size;
    const first = Buffer.alloc(12);
    const { bytesRead } = await handle.read(first, 0, 12, 0);
    if (bytesRead < 12 || first.toString('latin1', 0, 8) !== SIGNATURE) throw drawsFileErrors.notDrawsFile(file);
    const headerLength = first.readUInt32LE(8);
    if (12 + headerLength > size) throw drawsFileErrors.wrongSize(file, 12 + headerLength, size);
    const headerBytes = Buffer.alloc(headerLength);
    await handle.read(headerBytes, 0, headerLength, 12);
    const header = parseHeader(file, headerBytes.toString('utf8'));
    const layout = layoutOf(header, headerLength);
    if (layout.end !== size) throw drawsFileErrors.wrongSize(file, layout.end, size);
    const { treated } = layout;
    const S = header.draws;
    return {
      file,
      header,
      async readUnits(start, count) {
        if (!(Number.isInteger(start) && Number.isInteger(count) && start >= 0 && count >= 0 && start + count <= header.units)) {
          throw drawsFileErrors.unitRange(file, start, count, header.units);
        }
        const mean = new Float64Array(count * treated);
        const draws = new Float32Array(count * treated * S);
        await handle.read(new Uint8Array(mean.buffer), 0, mean.byteLength, layout.meanOffset + start * treated * 8);
        await handle.read(new Uint8Array(draws.buffer), 0, draws.byteLength, layout.drawsOffset + start * treated * S * 4);
        checkFinite(file, header, start, mean, draws);
        return { mean, draws };
      },
      close: () => handle.close(),
    };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

// The transposes and the check are plain functions: the same loops inline in
// the async bodies ran 5–10× slower (V8 optimises them poorly there).

/** Units i0 … i1 − 1 of draw-major S × n × K values into unit-major out (unit, treated arm, draw). */
function toUnitMajor(values: Float64Array, n: number, K: number, S: number, i0: number, i1: number, out: Float32Array): void {
  const treated = K - 1;
  // Tiles of TILE units keep both sides of the transpose in cache (a draw-outer
  // loop over the whole block strides n·K·8 bytes per read).
  for (let t0 = i0; t0 < i1; t0 += TILE) {
    const t1 = Math.min(i1, t0 + TILE);
    for (let s = 0; s < S; s++) {
      const base = s * n * K;
      for (let i = t0; i < t1; i++) {
        const row = ((i - i0) * treated - 1) * S + s;
        for (let k = 1; k < K; k++) out[row + k * S] = values[base + i * K + k]!;
      }
    }
  }
}

/** The inverse of toUnitMajor for `count` units from i0, means included. */
function toDrawMajor(
  chunkMean: Float64Array,
  chunkDraws: Float32Array,
  n: number,
  K: number,
  S: number,
  i0: number,
  count: number,
  mean: Float64Array,
  values: Float64Array,
): void {
  const treated = K - 1;
  for (let u = 0; u < count; u++) for (let k = 1; k < K; k++) mean[(i0 + u) * K + k] = chunkMean[u * treated + k - 1]!;
  for (let t0 = 0; t0 < count; t0 += TILE) {
    const t1 = Math.min(count, t0 + TILE);
    for (let s = 0; s < S; s++) {
      const base = s * n * K;
      for (let u = t0; u < t1; u++) {
        const from = (u * treated - 1) * S + s;
        for (let k = 1; k < K; k++) values[base + (i0 + u) * K + k] = chunkDraws[from + k * S]!;
      }
    }
  }
}

/** Index of the first non-finite value, or −1 (x − x is NaN exactly for NaN and ±∞). */
function firstNonFinite(x: Float64Array | Float32Array): number {
  let probe = 0;
  for (let j = 0; j < x.length; j++) probe += x[j]! - x[j]!;
  if (probe === 0) return -1;
  for (let j = 0; j < x.length; j++) if (!Number.isFinite(x[j]!)) return j;
  return -1;
}

function checkFinite(file: string, header: DrawsFileHeader, start: number, mean: Float64Array, draws: Float32Array): void {
  const treated = header.arms.length - 1;
  const S = header.draws;
  const at = (j: number, draw: number | undefined) => {
    const unit = start + Math.floor(j / treated);
    return drawsFileErrors.notFinite(file, unit, header.ids?.[unit], header.arms[(j % treated) + 1]!, draw);
  };
  const badMean = firstNonFinite(mean);
  if (badMean >= 0) throw at(badMean, undefined);
  const badDraw = firstNonFinite(draws);
  if (badDraw >= 0) throw at(Math.floor(badDraw / S), badDraw % S);
}

function parseHeader(file: string, text: string): DrawsFileHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw drawsFileErrors.badHeader(file, (e as Error).message);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw drawsFileErrors.badHeader(file, 'it is not a JSON object');
  const h = raw as Record<string, unknown>;
  if (h.format !== FORMAT) throw drawsFileErrors.badField(file, 'format', `is ${JSON.stringify(h.format)}, expected "${FORMAT}"`);
  if (h.version !== VERSION) throw drawsFileErrors.unsupportedVersion(file, h.version);
  const count = (field: string, min: number): number => {
    const v = h[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw drawsFileErrors.badField(file, field, `must be an integer ≥ ${min}`);
    return v;
  };
  const units = count('units', 0);
  const draws = count('draws', 1);
  const arms = h.arms;
  if (!Array.isArray(arms) || arms.length < 2 || !arms.every((a) => typeof a === 'string') || new Set(arms).size !== arms.length) {
    throw drawsFileErrors.badField(file, 'arms', 'must list at least two distinct arm labels (arm 0 = no treatment)');
  }
  if (!KINDS.includes(h.kind as DrawsKind)) throw drawsFileErrors.badField(file, 'kind', `must be one of ${KINDS.join(', ')}`);
  if (h.dtype !== 'float32') throw drawsFileErrors.badField(file, 'dtype', 'must be "float32"');
  if (h.layout !== 'unit,arm,draw') throw drawsFileErrors.badField(file, 'layout', 'must be "unit,arm,draw"');
  if (h.idColumn !== null && typeof h.idColumn !== 'string') throw drawsFileErrors.badField(file, 'idColumn', 'must be a string or null');
  const ids = h.ids;
  if (ids !== null && (!Array.isArray(ids) || ids.length !== units || !ids.every((x) => typeof x === 'string'))) {
    throw drawsFileErrors.badField(file, 'ids', `must be null or ${units} strings`);
  }
  return {
    format: FORMAT,
    version: VERSION,
    units,
    arms: arms as string[],
    draws,
    kind: h.kind as DrawsKind,
    dtype: 'float32',
    layout: 'unit,arm,draw',
    idColumn: (h.idColumn as string | null) ?? null,
    ids: (ids as string[] | null) ?? null,
  };
}

/**
 * Reads a whole draws file into effects (draws as S × n × K float64, arm 0 = 0),
 * with its ids.
 *
 * @example
 * const { effects, ids } = await readDrawsFile('scores.draws');
 * effects.draws?.count; // 2
 */
export async function readDrawsFile(file: string): Promise<{ readonly effects: Effects; readonly ids?: readonly string[]; readonly idColumn?: string }> {
  const reader = await openDrawsFile(file);
  try {
    const { header } = reader;
    const n = header.units;
    const K = header.arms.length;
    const S = header.draws;
    const treated = K - 1;
    const mean = new Float64Array(n * K);
    const values = new Float64Array(S * n * K);
    const block = Math.max(1, Math.floor((1 << 22) / Math.max(1, treated * S)));
    for (let i0 = 0; i0 < n; i0 += block) {
      const count = Math.min(block, n - i0);
      const chunk = await reader.readUnits(i0, count);
      toDrawMajor(chunk.mean, chunk.draws, n, K, S, i0, count, mean, values);
    }
    const effects: Effects = { arms: header.arms, units: n, mean, draws: { count: S, values, kind: header.kind } };
    return {
      effects,
      ...(header.ids === null ? {} : { ids: header.ids }),
      ...(header.idColumn === null ? {} : { idColumn: header.idColumn }),
    };
  } finally {
    await reader.close();
  }
}
