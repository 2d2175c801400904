/**
 * Which cell texts mean "missing": a cell is missing when its text, or its
 * trimmed text, is one of the spellings. Tested from strings or from bytes.
 */
import { parseNumber } from './numbers.js';

export const DEFAULT_MISSING: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL'];

export class MissingSpellings {
  private readonly texts: ReadonlySet<string>;
  private readonly encoded: readonly Uint8Array[];
  /** firstByte[b] is 1 when some non-empty spelling starts with byte b: most cells are rejected on one lookup. */
  private readonly firstByte = new Uint8Array(256);
  /** True when '' is a spelling (then an empty or all-space cell is missing). */
  readonly empty: boolean;
  /** True when every spelling is ASCII, so bytes can be compared without decoding. */
  readonly ascii: boolean;
  /** True when some spelling is a number (say '-999'): only then can a number cell be missing. */
  readonly numberLike: boolean;

  constructor(spellings: readonly string[] = DEFAULT_MISSING) {
    this.texts = new Set(spellings);
    this.encoded = [...this.texts].filter((t) => t !== '').map((t) => Buffer.from(t, 'utf8'));
    for (const bytes of this.encoded) this.firstByte[bytes[0]!] = 1;
    this.empty = this.texts.has('');
    // eslint-disable-next-line no-control-regex
    this.ascii = [...this.texts].every((t) => /^[\x00-\x7f]*$/.test(t));
    this.numberLike = [...this.texts].some((t) => parseNumber(t) !== undefined);
  }

  /**
   * True when a cell's text means missing.
   *
   * @example
   * new MissingSpellings().hasText(' NA '); // true
   */
  hasText(text: string): boolean {
    return this.texts.has(text) || this.texts.has(text.trim());
  }

  /** True when bytes [start, end) are exactly one of the non-empty spellings. */
  hasBytes(bytes: Uint8Array, start: number, end: number): boolean {
    if (start >= end || this.firstByte[bytes[start]!] === 0) return false;
    const length = end - start;
    for (const spelling of this.encoded) {
      if (spelling.length !== length) continue;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (spelling[i] !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return true;
    }
    return false;
  }
}
