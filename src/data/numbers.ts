/**
 * The number grammar of CSV cells, from strings and straight from bytes.
 *
 * `parseNumber` is the definition: JavaScript's Number() on the trimmed text,
 * for texts that match a plain decimal grammar (or an infinity spelling).
 * `parseNumberBytes` gives exactly the same answers without making a string for
 * short decimals (Clinger's fast path: a mantissa below 2^53 and a power of ten
 * up to 10^22 are both exact doubles, so one IEEE multiply or divide rounds
 * correctly); longer mantissas and larger exponents fall back to Number().
 */

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:Infinity|inf|Inf)$/;

/**
 * Parses a trimmed cell as a number, or returns undefined when it is not one.
 *
 * @example
 * parseNumber(' -1.5e3 '); // -1500
 * parseNumber('12abc');    // undefined
 */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  if (/inf/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;
const TWO_POW_53 = 2 ** 53;
/** 10^0 … 10^22, each exact in a double. */
const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** True for the bytes String.prototype.trim removes that are ASCII: tab, LF, VT, FF, CR, space. */
export function isAsciiSpace(byte: number): boolean {
  return byte === 32 || (byte >= 9 && byte <= 13);
}

/**
 * Parses the number in bytes [start, end) exactly as parseNumber would parse
 * their UTF-8 text, returning NaN when the text is not a number (the grammar
 * has no NaN, so the answer is never ambiguous).
 *
 * @example
 * parseNumberBytes(Buffer.from('x,0.25,y'), 2, 6); // 0.25
 */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && isAsciiSpace(bytes[s]!)) s++;
  while (e > s && isAsciiSpace(bytes[e - 1]!)) e--;
  // trim() also removes non-ASCII spaces; a non-ASCII byte at an edge needs the string path.
  if (s < e && (bytes[s]! >= 0x80 || bytes[e - 1]! >= 0x80)) {
    return parseNumber(asBuffer(bytes).toString('utf8', start, end)) ?? NaN;
  }
  return parseTrimmedAsciiNumber(bytes, s, e);
}

/**
 * parseNumber for bytes already trimmed of ASCII spaces whose first and last
 * bytes are ASCII (a non-ASCII byte inside makes the text not a number).
 * Returns NaN for "not a number".
 */
export function parseTrimmedAsciiNumber(bytes: Uint8Array, start: number, end: number): number {
  let p = start;
  if (p >= end) return NaN;
  let c = bytes[p]!;
  let negative = false;
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    p++;
    if (p >= end) return NaN;
    c = bytes[p]!;
  }
  if (c > NINE) return infinityOrNaN(bytes, p, end, negative);
  let mantissa = 0;
  let digits = 0;
  let exact = true;
  while (p < end) {
    c = bytes[p]!;
    if (c < ZERO || c > NINE) break;
    mantissa = mantissa * 10 + (c - ZERO);
    p++;
    digits++;
  }
  let fractionDigits = 0;
  if (p < end && bytes[p] === DOT) {
    p++;
    while (p < end) {
      c = bytes[p]!;
      if (c < ZERO || c > NINE) break;
      mantissa = mantissa * 10 + (c - ZERO);
      p++;
      fractionDigits++;
    }
    digits += fractionDigits;
  }
  if (digits === 0) return NaN;
  // Past 2^53 the running mantissa was rounded somewhere; Number() decides instead.
  if (mantissa >= TWO_POW_53) exact = false;
  let exponent = 0;
  if (p < end && (bytes[p] === LOWER_E || bytes[p] === UPPER_E)) {
    p++;
    let exponentNegative = false;
    if (p < end && (bytes[p] === MINUS || bytes[p] === PLUS)) {
      exponentNegative = bytes[p] === MINUS;
      p++;
    }
    let exponentDigits = 0;
    while (p < end) {
      c = bytes[p]!;
      if (c < ZERO || c > NINE) break;
      if (exponent < 100_000) exponent = exponent * 10 + (c - ZERO);
      p++;
      exponentDigits++;
    }
    if (exponentDigits === 0) return NaN;
    if (exponentNegative) exponent = -exponent;
  }
  if (p !== end) return NaN;
  if (!exact) return slowNumber(bytes, start, end);
  if (mantissa === 0) return negative ? -0 : 0;
  const power = exponent - fractionDigits;
  let value: number;
  if (power === 0) value = mantissa;
  else if (power > 0 && power <= 22) value = mantissa * POWERS_OF_TEN[power]!;
  else if (power < 0 && power >= -22) value = mantissa / POWERS_OF_TEN[-power]!;
  else return slowNumber(bytes, start, end);
  return negative ? -value : value;
}

function slowNumber(bytes: Uint8Array, start: number, end: number): number {
  return Number(asBuffer(bytes).toString('latin1', start, end));
}

/** A Buffer view of the same memory (no copy), for Buffer's decoders. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const INFINITY_SPELLINGS = ['Infinity', 'inf', 'Inf'].map((s) => Buffer.from(s, 'latin1'));

function infinityOrNaN(bytes: Uint8Array, start: number, end: number, negative: boolean): number {
  for (const spelling of INFINITY_SPELLINGS) {
    if (spelling.length !== end - start) continue;
    let same = true;
    for (let i = 0; i < spelling.length; i++) {
      if (bytes[start + i] !== spelling[i]) {
        same = false;
        break;
      }
    }
    if (same) return negative ? -Infinity : Infinity;
  }
  return NaN;
}
