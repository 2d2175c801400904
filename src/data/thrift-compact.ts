/**
 * A reader of Thrift's compact protocol, enough for Parquet page headers:
 * a struct comes back as a map from field id to value (numbers, booleans,
 * nested structs; binaries, lists, sets and maps are skipped, as a page
 * header's statistics are not needed to decode its values). Every read is
 * bounds-checked, so a corrupt header throws a ThriftError instead of
 * reading past its bytes.
 */

export class ThriftError extends Error {}

export type ThriftStruct = Map<number, ThriftValue>;
export type ThriftValue = number | boolean | ThriftStruct | undefined;

/** Compact-protocol type ids (the low nibble of a field header). */
const T = { TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 } as const;

/** Nesting deeper than this is not a page header (and a corrupt one must not recurse without end). */
const MAX_DEPTH = 16;

export class CompactReader {
  pos: number;
  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  private byte(): number {
    if (this.pos >= this.end) throw new ThriftError('the page header runs past the end of the column chunk');
    return this.bytes[this.pos++]!;
  }

  /** An unsigned varint that fits a double exactly (page sizes and counts do). */
  private varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new ThriftError('a varint in the page header is longer than 10 bytes');
  }

  private zigzag(): number {
    const u = this.varint();
    // (u >>> 1) ^ -(u & 1) without 32-bit truncation: i64 fields may exceed 2^31.
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Reads one struct (up to its stop byte). */
  readStruct(depth = 0): ThriftStruct {
    if (depth > MAX_DEPTH) throw new ThriftError('the page header nests too deeply');
    const fields: ThriftStruct = new Map();
    let id = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return fields;
      const type = header & 0x0f;
      const delta = header >> 4;
      id = delta === 0 ? this.zigzag() : id + delta;
      fields.set(id, this.value(type, depth));
    }
  }

  private value(type: number, depth: number): ThriftValue {
    switch (type) {
      case T.TRUE:
        return true;
      case T.FALSE:
        return false;
      case T.BYTE:
        return this.byte();
      case T.I16:
      case T.I32:
      case T.I64:
        return this.zigzag();
      case T.DOUBLE:
        this.skip(8);
        return undefined;
      case T.BINARY:
        this.skip(this.varint());
        return undefined;
      case T.LIST:
      case T.SET: {
        const head = this.byte();
        const size = head >> 4 === 15 ? this.varint() : head >> 4;
        const elementType = head & 0x0f;
        for (let i = 0; i < size; i++) this.element(elementType, depth);
        return undefined;
      }
      case T.MAP: {
        const size = this.varint();
        if (size === 0) return undefined;
        const types = this.byte();
        for (let i = 0; i < size; i++) {
          this.element(types >> 4, depth);
          this.element(types & 0x0f, depth);
        }
        return undefined;
      }
      case T.STRUCT:
        return this.readStruct(depth + 1);
      default:
        throw new ThriftError(`unknown Thrift type ${type} in the page header`);
    }
  }

  /** A list, set or map element: booleans take a byte each there. */
  private element(type: number, depth: number): void {
    if (type === T.TRUE || type === T.FALSE) this.byte();
    else this.value(type, depth + 1);
  }

  private skip(n: number): void {
    if (this.pos + n > this.end) throw new ThriftError('the page header runs past the end of the column chunk');
    this.pos += n;
  }
}
