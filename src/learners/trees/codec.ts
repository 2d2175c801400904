/**
 * Typed arrays as base64 strings of their little-endian bytes: the compact,
 * exact JSON form of tree models (a 500-tree model is a few flat arrays, not
 * millions of nested objects, so it parses and loads fast).
 */
import { endianness } from 'node:os';

type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;
type Ctor<T extends Typed> = { new (length: number): T; readonly BYTES_PER_ELEMENT: number };

const bigEndian = endianness() === 'BE';

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  if (!bigEndian || width === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let k = 0; k < width; k++) out[i + k] = bytes[i + width - 1 - k]!;
  return out;
}

/** The base64 text of a typed array's little-endian bytes. */
export function base64Of(a: Typed): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.from(swapped(bytes, a.BYTES_PER_ELEMENT)).toString('base64');
}

/**
 * A typed array inside a model's JSON form. JSON.stringify writes it as
 * base64 (its toJSON), so the JSON form is what it always was; a model file
 * writer (src/uplift/model-file.ts) finds it instead and writes its bytes as
 * a binary block, without making a string of them.
 */
export class PackedArray {
  constructor(readonly array: Typed) {}

  toJSON(): string {
    return base64Of(this.array);
  }
}

/** A typed array as it sits in a model's JSON form: base64 text (old files) or a PackedArray (in memory, binary files). */
export type EncodedArray = string | PackedArray;

/** @example JSON.stringify(encodeArray(new Int32Array([1, 2]))) // '"AQAAAAIAAAA="' */
export function encodeArray(a: Typed): PackedArray {
  return new PackedArray(a);
}

function isClonedPacked(value: unknown): value is { array: Typed } {
  if (value === null || typeof value !== 'object') return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'array' && ArrayBuffer.isView((value as { array: unknown }).array);
}

/**
 * Decodes what encodeArray wrote; returns undefined when the text is not a whole number of elements.
 *
 * @example decodeArray('AQAAAAIAAAA=', Int32Array) // Int32Array [1, 2]
 */
export function decodeArray<T extends Typed>(text: unknown, ctor: Ctor<T>): T | undefined {
  // A PackedArray, or one that crossed a worker thread: structured cloning keeps its typed
  // array but not its class (bootstrap refits come back from workers in this form).
  const packed = text instanceof PackedArray ? text.array : isClonedPacked(text) ? text.array : undefined;
  if (packed !== undefined) return packed instanceof (ctor as unknown as typeof Uint8Array) ? (packed as T) : undefined;
  if (typeof text !== 'string') return undefined;
  const bytes = Buffer.from(text, 'base64');
  const width = ctor.BYTES_PER_ELEMENT;
  if (bytes.byteLength % width !== 0) return undefined;
  const out = new ctor(bytes.byteLength / width);
  new Uint8Array(out.buffer).set(swapped(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), width));
  return out;
}
