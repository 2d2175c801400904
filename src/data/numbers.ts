/**
 * The number grammar of CSV cells, from strings and straight from bytes.
 *
 * `parseNumber` is the definition: JavaScript's Number() on the trimmed text,
 * for texts that match a plain decimal grammar (or an infinity spelling).
 * `parseNumberBytes` gives exactly the same answers without making a string:
 * for mantissas below 2^53 and powers of ten up to 10^22 by Clinger's fast path
 * (both are exact doubles, so one IEEE multiply or divide rounds correctly); for
 * 16 to 19 digits by an exact double-double with a rounding test; larger
 * exponents, longer mantissas and undecided halfway cases fall back to Number().
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
  /** Digits from the first non-zero one on. */
  let significant = 0;
  let exact = true;
  while (p < end) {
    c = bytes[p]!;
    if (c < ZERO || c > NINE) break;
    mantissa = mantissa * 10 + (c - ZERO);
    if (mantissa !== 0) significant++;
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
      if (mantissa !== 0) significant++;
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
  if (mantissa === 0) return negative ? -0 : 0;
  const power = exponent - fractionDigits;
  let value: number;
  if (!exact) {
    // 16 to 19 significant digits: an exact double-double product or quotient, when it decides the rounding.
    value = significant <= 19 && power >= -22 && power <= 22 ? longMantissa(bytes, start, significant, power) : NaN;
    if (Number.isNaN(value)) return slowNumber(bytes, start, end);
  } else if (power === 0) value = mantissa;
  else if (power > 0 && power <= 22) value = mantissa * POWERS_OF_TEN[power]!;
  else if (power < 0 && power >= -22) value = mantissa / POWERS_OF_TEN[-power]!;
  else return slowNumber(bytes, start, end);
  return negative ? -value : value;
}

/** 2^27 + 1, Veltkamp's splitting constant. */
const SPLITTER = 134217729;
/** Safety factor of the rounding test: 4× the worst rounding error of the approximate tail. */
const TAIL_ERROR = 2 ** -50;

/** The rounding error of p = fl(a·b): a·b − p exactly (Dekker's product; no overflow for our sizes). */
function productError(a: number, b: number, p: number): number {
  let c = SPLITTER * a;
  const aHigh = c - (c - a);
  const aLow = a - aHigh;
  c = SPLITTER * b;
  const bHigh = c - (c - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - p + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/**
 * The double nearest to M·10^power, for a decimal mantissa M of 16 to 19
 * significant digits (so M < 2^64) and |power| <= 22 (so 10^|power| is exact),
 * or NaN when the test below cannot decide (the caller then uses Number()).
 *
 * M is split as a·10^t + b with a of 15 digits, which gives M exactly as a
 * double-double (mh + ml). The result is h + tail, with h one rounded product or
 * quotient and the tail computed with an error below `delta`; if rounding
 * h + tail ± 2·delta gives the same double, that double is the nearest one to
 * M·10^power (rounding is monotonic). Near a halfway point it is not decided.
 */
function longMantissa(bytes: Uint8Array, start: number, significant: number, power: number): number {
  const t = significant - 15;
  let a = 0;
  let b = 0;
  let seen = 0;
  for (let p = start; seen < significant; p++) {
    const c = bytes[p]!;
    if (c < ZERO || c > NINE) continue; // sign or decimal point
    if (seen === 0 && c === ZERO) continue; // leading zero
    if (seen < 15) a = a * 10 + (c - ZERO);
    else b = b * 10 + (c - ZERO);
    seen++;
  }
  const scale = POWERS_OF_TEN[t]!;
  const product = a * scale;
  // a·scale − product is an integer below 2^10 in size, b below 10^4: their sum is exact.
  const rest = productError(a, scale, product) + b;
  const mh = product + rest;
  const ml = rest - (mh - product); // Fast2Sum: exact, as |product| > |rest|
  if (power >= 0) {
    const P = POWERS_OF_TEN[power]!;
    const h = mh * P;
    const l = productError(mh, P, h);
    const m = ml * P;
    return decide(h, l + m, (Math.abs(l) + Math.abs(m)) * TAIL_ERROR);
  }
  const P = POWERS_OF_TEN[-power]!;
  const q = mh / P;
  const qh = q * P;
  const ql = productError(q, P, qh);
  const d = mh - qh; // exact (Sterbenz: qh is within a factor 2 of mh)
  const tail = (d - ql + ml) / P;
  return decide(q, tail, ((Math.abs(d) + Math.abs(ql) + Math.abs(ml)) / P + Math.abs(tail)) * TAIL_ERROR);
}

function decide(head: number, tail: number, delta: number): number {
  const low = head + (tail - 2 * delta);
  const high = head + (tail + 2 * delta);
  return low === high ? low : NaN;
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
