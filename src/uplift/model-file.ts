/**
 * Model files without a size limit. A model's JSON form (UpliftModel.toJSON)
 * holds the big typed arrays of tree ensembles as PackedArray objects; the
 * file keeps them as binary blocks, so no string ever holds the whole model
 * (V8 strings stop at about 512 MiB: a default forest on 10^6 rows × 20
 * features crashed in JSON.stringify at save, losing the fit).
 *
 * Layout (little-endian), version 1:
 *
 *   bytes 0–7    the signature "LWMODEL\n"
 *   bytes 8–15   float64 H, the length in bytes of the JSON header
 *   next H       UTF-8 JSON header, then spaces up to a multiple of 8
 *   blocks       each array's bytes at its offset (multiples of 8)
 *
 * Header: { "container": "liftwise-model-binary", "containerVersion": 1,
 * "arrays": [{ "dtype": "float64" | "int32" | "uint32" | "uint8", "length",
 * "offset" }], "model": the model's JSON form with { "$array": i } in place of
 * array i }. The header is written piece by piece, never as one string.
 *
 * A model without typed arrays (linear models) is written as plain JSON, the
 * format of earlier versions, also piece by piece; both load.
 */
import { promises as fs } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PackedArray } from '../learners/trees/codec.js';
import { writeAtomically } from '../util/atomic.js';
import { refuseDuplicateKeys } from '../util/messages.js';
import { modelFileErrors } from './messages.js';

const SIGNATURE = Buffer.from('LWMODEL\n', 'latin1');
const CONTAINER = 'liftwise-model-binary';
const CONTAINER_VERSION = 1;
/** Bytes written to the file at a time while streaming the header. */
const CHUNK = 1 << 20;

type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;
const DTYPES = { float64: Float64Array, int32: Int32Array, uint32: Uint32Array, uint8: Uint8Array } as const;
type DType = keyof typeof DTYPES;

function dtypeOf(a: Typed): DType {
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint32Array) return 'uint32';
  return 'uint8';
}

const align8 = (x: number) => Math.ceil(x / 8) * 8;

export interface WriteModelOptions {
  /**
   * The longest string the writer may build (default 16 MiB): the header is
   * cut into pieces no longer than this, so a test can prove that no string
   * near V8's limit is ever made. A single text value longer than this is an error.
   */
  readonly maxStringLength?: number;
}

/** The typed arrays of a model's JSON form, in the order the writer meets them. */
function packedArrays(value: unknown, out: PackedArray[] = []): PackedArray[] {
  if (value instanceof PackedArray) out.push(value);
  else if (Array.isArray(value)) for (const v of value) packedArrays(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) packedArrays(v, out);
  return out;
}

/**
 * The file's size in bytes, estimated before writing (arrays exactly, the
 * rest from its text lengths), for the "about N MB" message.
 */
export function estimateModelFileBytes(json: unknown): number {
  let bytes = 64;
  const walk = (v: unknown): void => {
    if (v instanceof PackedArray) bytes += align8(v.array.byteLength) + 64;
    else if (typeof v === 'string') bytes += v.length + 3;
    else if (typeof v === 'number') bytes += 12;
    else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        bytes += k.length + 4;
        walk(x);
      }
    }
    else bytes += 5;
  };
  walk(json);
  return bytes;
}

/** Writes JSON text piece by piece (like JSON.stringify without indentation), arrays as { "$array": i }. */
class JsonPieces {
  private parts: string[] = [];
  private size = 0;
  constructor(
    private readonly flush: (text: string) => Promise<void>,
    private readonly arrays: Map<PackedArray, number>,
    private readonly maxString: number,
  ) {}

  private async put(text: string): Promise<void> {
    if (text.length > this.maxString) throw new RangeError(`a single JSON value of ${text.length} characters is longer than the ${this.maxString} allowed`);
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= Math.min(CHUNK, this.maxString)) await this.drain();
  }

  async drain(): Promise<void> {
    if (this.parts.length === 0) return;
    // Joined pieces stay below maxString (each is, and we drain once the sum reaches the chunk size).
    let batch: string[] = [];
    let length = 0;
    for (const p of this.parts) {
      if (length + p.length > this.maxString && batch.length > 0) {
        await this.flush(batch.join(''));
        batch = [];
        length = 0;
      }
      batch.push(p);
      length += p.length;
    }
    if (batch.length > 0) await this.flush(batch.join(''));
    this.parts = [];
    this.size = 0;
  }

  async value(v: unknown): Promise<void> {
    if (v instanceof PackedArray) {
      const index = this.arrays.get(v);
      await this.put(index === undefined ? JSON.stringify(v.toJSON()) : `{"$array":${index}}`);
      return;
    }
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON(): unknown }).toJSON();
    }
    if (v === null || typeof v === 'boolean') return this.put(String(v));
    if (typeof v === 'number') return this.put(Number.isFinite(v) ? String(v) : 'null');
    if (typeof v === 'string') return this.put(JSON.stringify(v));
    if (Array.isArray(v)) {
      await this.put('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) await this.put(',');
        const x = v[i];
        await (x === undefined || typeof x === 'function' ? this.put('null') : this.value(x));
      }
      return this.put(']');
    }
    if (typeof v === 'object') {
      await this.put('{');
      let first = true;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === undefined || typeof x === 'function') continue;
        await this.put(`${first ? '' : ','}${JSON.stringify(k)}:`);
        first = false;
        await this.value(x);
      }
      return this.put('}');
    }
    return this.put('null');
  }
}

/** The little-endian bytes of a typed array (a view of it on little-endian machines). */
function littleEndian(a: Typed): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const width = a.BYTES_PER_ELEMENT;
  if (endianness() === 'LE' || width === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let k = 0; k < width; k++) out[i + k] = bytes[i + width - 1 - k]!;
  return out;
}

async function writeAll(handle: fs.FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    // At most 1 GiB per call: write(2) moves at most about 2 GiB at once.
    const { bytesWritten } = await handle.write(bytes, done, Math.min(bytes.length - done, 1 << 30), position + done);
    done += bytesWritten;
  }
}

/**
 * Writes a model's JSON form to `file` atomically: the binary container when
 * it holds typed arrays, else plain JSON; neither is ever one big string.
 */
export async function writeModelFile(file: string, json: unknown, options: WriteModelOptions = {}): Promise<void> {
  const maxString = options.maxStringLength ?? 16 << 20;
  const arrays = packedArrays(json);
  await writeAtomically(file, async (temp) => {
    const handle = await fs.open(temp, 'w');
    try {
      let position = 0;
      const text = async (s: string): Promise<void> => {
        const bytes = Buffer.from(s, 'utf8');
        await writeAll(handle, bytes, position);
        position += bytes.length;
      };
      if (arrays.length === 0) {
        const pieces = new JsonPieces(text, new Map(), maxString);
        await pieces.value(json);
        await pieces.drain();
        await text('\n');
        return;
      }
      await writeAll(handle, SIGNATURE, 0);
      position = 16;
      const index = new Map(arrays.map((a, i) => [a, i]));
      // Offsets depend on the header's length: write the header with offsets relative to the first block.
      const descriptors: Array<{ dtype: DType; length: number; offset: number }> = [];
      let relative = 0;
      for (const a of arrays) {
        descriptors.push({ dtype: dtypeOf(a.array), length: a.array.length, offset: relative });
        relative += align8(a.array.byteLength);
      }
      const pieces = new JsonPieces(text, index, maxString);
      await text(`{"container":"${CONTAINER}","containerVersion":${CONTAINER_VERSION},"blocksAlign":8,"arrays":`);
      await pieces.value(descriptors);
      await pieces.drain();
      await text(',"model":');
      await pieces.value(json);
      await pieces.drain();
      await text('}');
      const headerBytes = position - 16;
      const blocks = align8(position);
      if (blocks > position) await text(' '.repeat(blocks - position));
      for (let i = 0; i < arrays.length; i++) await writeAll(handle, littleEndian(arrays[i]!.array), blocks + descriptors[i]!.offset);
      const head = Buffer.alloc(8);
      head.writeDoubleLE(headerBytes, 0);
      await writeAll(handle, head, 8);
    } finally {
      await handle.close();
    }
  });
}

/** True when the file starts with the binary container's signature. */
async function isBinary(handle: fs.FileHandle): Promise<boolean> {
  const head = Buffer.alloc(SIGNATURE.length);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  return bytesRead === SIGNATURE.length && head.equals(SIGNATURE);
}

/**
 * Reads a model file in either form and returns its JSON form (typed arrays
 * as PackedArray objects for binary files, base64 text for JSON files).
 * Errors name the file and what is wrong (not found, truncated, bad header,
 * a duplicate key).
 */
export async function readModelFileJson(file: string, parseJsonText: (text: string) => unknown): Promise<unknown> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw modelFileErrors.notFound(file);
    throw modelFileErrors.unreadable(file, code ?? String(e));
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw modelFileErrors.unreadable(file, 'it is a directory');
    if (!(stat.isFile() && (await isBinary(handle)))) {
      const text = (await handle.readFile('utf8')) as string;
      return parseJsonText(text);
    }
    const size = stat.size;
    const lengthBytes = Buffer.alloc(8);
    await handle.read(lengthBytes, 0, 8, 8);
    const headerLength = lengthBytes.readDoubleLE(0);
    if (!Number.isInteger(headerLength) || headerLength <= 0 || 16 + headerLength > size) {
      throw modelFileErrors.invalid(file, [], `the binary model file is truncated or damaged (header of ${headerLength} bytes in a file of ${size})`);
    }
    const headerBuffer = Buffer.alloc(headerLength);
    await handle.read(headerBuffer, 0, headerLength, 16);
    const headerText = headerBuffer.toString('utf8');
    let header: { container?: unknown; containerVersion?: unknown; arrays?: unknown; model?: unknown };
    try {
      header = JSON.parse(headerText) as typeof header;
    } catch (e) {
      throw modelFileErrors.notJson(file, undefined, `header: ${e instanceof Error ? e.message : String(e)}`);
    }
    refuseDuplicateKeys(file, headerText);
    if (header.container !== CONTAINER) throw modelFileErrors.invalid(file, ['container'], `not a liftwise binary model file`);
    if (header.containerVersion !== CONTAINER_VERSION) {
      throw modelFileErrors.invalid(file, ['containerVersion'], `binary model file version ${JSON.stringify(header.containerVersion)} is not supported; this liftwise reads version ${CONTAINER_VERSION}`);
    }
    if (!Array.isArray(header.arrays)) throw modelFileErrors.invalid(file, ['arrays'], 'the array table is missing');
    const blocks = align8(16 + headerLength);
    const arrays: PackedArray[] = [];
    for (let i = 0; i < header.arrays.length; i++) {
      const d = header.arrays[i] as { dtype?: unknown; length?: unknown; offset?: unknown };
      const ctor = typeof d.dtype === 'string' ? DTYPES[d.dtype as DType] : undefined;
      if (ctor === undefined || !Number.isInteger(d.length) || !Number.isInteger(d.offset) || (d.length as number) < 0 || (d.offset as number) < 0) {
        throw modelFileErrors.invalid(file, ['arrays', i], 'bad array descriptor');
      }
      const length = d.length as number;
      const start = blocks + (d.offset as number);
      const byteLength = length * ctor.BYTES_PER_ELEMENT;
      if (start + byteLength > size) {
        throw modelFileErrors.invalid(file, ['arrays', i], `the file is truncated: array ${i} needs bytes up to ${start + byteLength}, the file has ${size}`);
      }
      const array = new ctor(length);
      const bytes = new Uint8Array(array.buffer);
      for (let done = 0; done < byteLength; ) {
        const { bytesRead } = await handle.read(bytes, done, Math.min(byteLength - done, 1 << 30), start + done);
        if (bytesRead === 0) throw modelFileErrors.invalid(file, ['arrays', i], 'the file is truncated');
        done += bytesRead;
      }
      if (endianness() === 'BE' && ctor.BYTES_PER_ELEMENT > 1) {
        const w = ctor.BYTES_PER_ELEMENT;
        for (let p = 0; p < bytes.length; p += w) bytes.subarray(p, p + w).reverse();
      }
      arrays.push(new PackedArray(array));
    }
    const restore = (v: unknown, path: Array<string | number>): unknown => {
      if (Array.isArray(v)) return v.map((x, i) => restore(x, [...path, i]));
      if (v !== null && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        if (keys.length === 1 && keys[0] === '$array') {
          const a = arrays[o.$array as number];
          if (a === undefined) throw modelFileErrors.invalid(file, path, `refers to array ${String(o.$array)}, which the file does not have`);
          return a;
        }
        return Object.fromEntries(keys.map((k) => [k, restore(o[k], [...path, k])]));
      }
      return v;
    };
    return restore(header.model, []);
  } finally {
    await handle.close();
  }
}

/**
 * Saves a fitted model, never losing the fit at this step: when writing
 * `file` fails (disk full, folder removed meanwhile), the model is written to
 * `rescueDir` instead and the error says where it is; only if that fails too
 * does the error say the fit could not be kept, with both reasons.
 */
export async function saveWithRescue(save: (file: string) => Promise<void>, file: string, rescueDir: string = tmpdir()): Promise<void> {
  try {
    await save(file);
    return;
  } catch (e) {
    const reason = reasonOf(e);
    const rescue = join(rescueDir, `liftwise-rescued-${basename(file)}-${process.pid}-${Date.now()}`);
    try {
      await save(rescue);
    } catch (e2) {
      throw modelFileErrors.saveLost(file, reason, rescue, reasonOf(e2));
    }
    throw modelFileErrors.saveRescued(file, reason, rescue);
  }
}

function reasonOf(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? (err instanceof Error ? err.message : String(e));
}
