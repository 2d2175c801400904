/**
 * A dictionary of distinct cell texts keyed by their UTF-8 bytes, so a reader
 * can code a cell without making a string for it: a string is made once per
 * distinct value (its level), not once per cell.
 *
 * Two cells get the same code exactly when their decoded texts are equal. Bytes
 * that are not valid UTF-8 decode to U+FFFD, so different invalid bytes can mean
 * the same text; non-ASCII keys are therefore re-encoded from their text first.
 */
import { asBuffer } from './numbers.js';

// As an int32 (| 0): the hashes are kept in an Int32Array, and the empty text's hash is the offset itself, which
// as 0x811c9dc5 never equalled its stored (negative) copy, so '' got a new code each time (Parquet text has '').
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export class LevelDictionary {
  /**
   * Texts by code; a text coded from ASCII bytes is made when `levels` is first read. A numeric
   * column tracks up to 4096 distinct texts in case it turns categorical, and usually drops them
   * unread: making each string on sight cost a cold `liftwise fit` on Hillstrom's 64,000 rows
   * about 10 ms of its 0.1 s read (bench/cli-startup).
   */
  private readonly texts: (string | undefined)[] = [];
  /** Open addressing: code + 1 per slot, 0 when empty. */
  private slots = new Int32Array(64);
  private hashes = new Int32Array(16);
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  private pool = new Uint8Array(256);
  private poolLength = 0;

  get size(): number {
    return this.texts.length;
  }

  /** Distinct texts in order of first appearance; a code indexes this array. */
  get levels(): string[] {
    const texts = this.texts;
    for (let code = 0; code < texts.length; code++) {
      // ASCII bytes: the same text as decoding the cell's bytes where they were read.
      if (texts[code] === undefined) texts[code] = asBuffer(this.pool).toString('latin1', this.starts[code]!, this.ends[code]!);
    }
    return texts as string[];
  }

  /**
   * The code of the text in bytes [start, end), adding it when new.
   *
   * @example
   * const d = new LevelDictionary();
   * d.codeOfBytes(Buffer.from('a,b,a'), 4, 5); // 0
   * d.codeOfString('b');                       // 1
   */
  codeOfBytes(bytes: Uint8Array, start: number, end: number): number {
    let hash = FNV_OFFSET;
    let high = 0;
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      high |= b;
      hash = Math.imul(hash ^ b, FNV_PRIME);
    }
    if (high >= 0x80) return this.codeOfString(asBuffer(bytes).toString('utf8', start, end));
    return this.find(bytes, start, end, hash, undefined);
  }

  /** The code of a text, adding it when new. */
  codeOfString(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    let hash = FNV_OFFSET;
    for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, FNV_PRIME);
    return this.find(bytes, 0, bytes.length, hash, text);
  }

  private find(bytes: Uint8Array, start: number, end: number, hash: number, text: string | undefined): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      const code = entry - 1;
      if (this.hashes[code] !== hash) continue;
      const s = this.starts[code]!;
      if (this.ends[code]! - s !== length) continue;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (this.pool[s + i] !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return code;
    }
    return this.add(bytes, start, end, hash, text);
  }

  private add(bytes: Uint8Array, start: number, end: number, hash: number, text: string | undefined): number {
    const code = this.texts.length;
    const length = end - start;
    if (this.poolLength + length > this.pool.length) {
      const next = new Uint8Array(Math.max(this.pool.length * 2, this.poolLength + length));
      next.set(this.pool.subarray(0, this.poolLength));
      this.pool = next;
    }
    this.pool.set(bytes.subarray(start, end), this.poolLength);
    if (code === this.hashes.length) {
      this.hashes = grow(this.hashes);
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.hashes[code] = hash;
    this.starts[code] = this.poolLength;
    this.ends[code] = this.poolLength + length;
    this.poolLength += length;
    // Only codeOfBytes leaves the text out, and only for ASCII bytes.
    this.texts.push(text);
    if (2 * (code + 1) > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(code, hash);
    return code;
  }

  private place(code: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = code + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let code = 0; code < this.texts.length; code++) this.place(code, this.hashes[code]!);
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}
