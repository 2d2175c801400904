/**
 * Append-only column storage. Given the expected number of values (our
 * reader counts line ends before it starts), the values go straight into one
 * array of that size, which is handed over without a copy when the count was
 * right; values beyond it, or all values when the count is unknown, go into
 * fixed-size chunks joined by one copy at the end. Either way no doubling
 * array is resized, and a column costs about 1× its size while reading.
 */

const CHUNK = 1 << 16;

export class Float64Store {
  private main: Float64Array;
  private mainUsed = 0;
  private readonly chunks: Float64Array[] = [];
  private current: Float64Array | undefined;
  private used = 0;

  /** @param expected the number of values expected (0 when unknown) */
  constructor(expected = 0) {
    this.main = new Float64Array(expected);
  }

  get length(): number {
    return this.mainUsed + this.chunks.length * CHUNK + this.used;
  }

  push(value: number): void {
    if (this.mainUsed < this.main.length) {
      this.main[this.mainUsed++] = value;
      return;
    }
    if (this.current === undefined || this.used === CHUNK) {
      if (this.current !== undefined) this.chunks.push(this.current);
      this.current = new Float64Array(CHUNK);
      this.used = 0;
    }
    this.current[this.used++] = value;
  }

  /**
   * The values in one exact-size array; the store is emptied.
   *
   * @example
   * const s = new Float64Store(2); s.push(1.5); s.push(2); s.take(); // Float64Array [1.5, 2], no copy
   */
  take(): Float64Array {
    const main = this.main;
    this.main = new Float64Array(0);
    if (this.current === undefined && this.mainUsed === main.length) return main;
    const out = new Float64Array(this.mainUsed + this.chunks.length * CHUNK + this.used);
    out.set(main.subarray(0, this.mainUsed));
    let offset = this.mainUsed;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += CHUNK;
    }
    if (this.current !== undefined) out.set(this.current.subarray(0, this.used), offset);
    this.chunks.length = 0;
    this.current = undefined;
    this.mainUsed = 0;
    this.used = 0;
    return out;
  }
}

export class Int32Store {
  private main: Int32Array;
  private mainUsed = 0;
  private readonly chunks: Int32Array[] = [];
  private current: Int32Array | undefined;
  private used = 0;

  /** @param expected the number of values expected (0 when unknown) */
  constructor(expected = 0) {
    this.main = new Int32Array(expected);
  }

  get length(): number {
    return this.mainUsed + this.chunks.length * CHUNK + this.used;
  }

  push(value: number): void {
    if (this.mainUsed < this.main.length) {
      this.main[this.mainUsed++] = value;
      return;
    }
    if (this.current === undefined || this.used === CHUNK) {
      if (this.current !== undefined) this.chunks.push(this.current);
      this.current = new Int32Array(CHUNK);
      this.used = 0;
    }
    this.current[this.used++] = value;
  }

  /** The values in one exact-size array; the store is emptied. */
  take(): Int32Array {
    const main = this.main;
    this.main = new Int32Array(0);
    if (this.current === undefined && this.mainUsed === main.length) return main;
    const out = new Int32Array(this.mainUsed + this.chunks.length * CHUNK + this.used);
    out.set(main.subarray(0, this.mainUsed));
    let offset = this.mainUsed;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += CHUNK;
    }
    if (this.current !== undefined) out.set(this.current.subarray(0, this.used), offset);
    this.chunks.length = 0;
    this.current = undefined;
    this.mainUsed = 0;
    this.used = 0;
    return out;
  }
}
