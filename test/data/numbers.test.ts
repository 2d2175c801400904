// Numbers parsed from bytes must be exactly the numbers parseNumber gives (Number() on the trimmed text):
// checked bit for bit on a large seeded set of decimal strings built to stress the fast path's limits.
import { describe, expect, it } from 'vitest';
import { parseNumber, parseNumberBytes } from '../../src/data/numbers.js';
import { LevelDictionary } from '../../src/data/levels.js';
import { spaceLength } from '../../src/data/tokenizer.js';
import { Random } from '../../src/util/random.js';

/** parseNumberBytes on the UTF-8 bytes of a text, placed inside a larger buffer. */
function fromBytes(text: string): number {
  const bytes = Buffer.from(`,${text};`, 'utf8');
  return parseNumberBytes(bytes, 1, bytes.length - 1);
}

function digits(rng: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(10));
  return s;
}

/** Decimal strings: signs, leading zeros, 0–25 integer and fraction digits, exponents of 1–3 digits. */
function randomDecimal(rng: Random): string {
  const sign = ['', '', '-', '+'][rng.int(4)]!;
  const zeros = rng.uniform() < 0.2 ? '0'.repeat(1 + rng.int(4)) : '';
  const intDigits = digits(rng, rng.int(rng.uniform() < 0.5 ? 8 : 26));
  const hasDot = rng.uniform() < 0.7;
  const fracDigits = hasDot ? digits(rng, rng.int(rng.uniform() < 0.5 ? 8 : 26)) : '';
  let mantissa = zeros + intDigits + (hasDot ? '.' + fracDigits : '');
  if (!/\d/.test(mantissa)) mantissa = '0' + mantissa;
  const exponent =
    rng.uniform() < 0.4 ? ['e', 'E'][rng.int(2)]! + ['', '-', '+'][rng.int(3)]! + digits(rng, 1 + rng.int(3)) : '';
  return sign + mantissa + exponent;
}

describe('parseNumberBytes', () => {
  it('equals Number() bit for bit on 300,000 random decimal strings', () => {
    const rng = new Random(7);
    let fastPathSized = 0;
    for (let i = 0; i < 300_000; i++) {
      const text = randomDecimal(rng);
      const got = fromBytes(text);
      const want = Number(text);
      if (!Object.is(got, want)) throw new Error(`${text}: got ${got}, Number() gives ${want}`);
      if (text.replace(/[^0-9]/g, '').length <= 15) fastPathSized++;
    }
    // Both the exact fast path and the fallback were exercised heavily.
    expect(fastPathSized).toBeGreaterThan(50_000);
    expect(300_000 - fastPathSized).toBeGreaterThan(50_000);
  });

  it('equals Number() on random doubles written shortest, and with 15, 16 and 18 significant digits', () => {
    let checked = 0;
    const rng = new Random(8);
    const view = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 100_000; i++) {
      // Random bit patterns cover every exponent; skip NaN and infinities (no decimal text).
      view.setUint32(0, rng.nextUint32());
      view.setUint32(4, rng.nextUint32());
      const x = view.getFloat64(0);
      if (!Number.isFinite(x)) continue;
      for (const text of [String(x), x.toPrecision(15), x.toPrecision(16), x.toExponential(17)]) {
        if (!Object.is(fromBytes(text), Number(text))) throw new Error(`${text}: got ${fromBytes(text)}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(390_000);
  });

  it('equals Number() on 16-19 digit mantissas with powers of ten up to ±22, halfway cases included', () => {
    const rng = new Random(10);
    let checked = 0;
    const check = (text: string): void => {
      if (!Object.is(fromBytes(text), Number(text))) throw new Error(`${text}: got ${fromBytes(text)}, Number() gives ${Number(text)}`);
      checked++;
    };
    for (let i = 0; i < 100_000; i++) {
      const n = 16 + rng.int(4);
      const m = String(1 + rng.int(9)) + digits(rng, n - 1);
      const point = rng.int(n + 1);
      const withPoint = m.slice(0, point) + '.' + m.slice(point);
      check(withPoint);
      check(`${withPoint}e${rng.int(45) - 22}`);
    }
    // Exact halfway points between neighbouring doubles above 2^53 (integers), their neighbours, and scaled copies.
    for (let i = 0; i < 50_000; i++) {
      const x = 2 ** 53 * (1 + rng.uniform() * 1023);
      const ulp = 2 ** (Math.floor(Math.log2(x)) - 52);
      const halfway = BigInt(x) + BigInt(ulp / 2);
      for (const delta of [-1n, 0n, 1n]) {
        const text = String(halfway + delta);
        check(text);
        check(`${text}e-${1 + rng.int(22)}`);
        check(`${text}e${rng.int(4)}`);
      }
    }
    // Exact halfway points reached by division: M = 5^p·o·2^s with o odd in [2^53, 2^54) is not a double,
    // and M·10^-p = o·2^(s-p) lies exactly halfway between two doubles.
    const maxShift = [0, 7, 5, 3, 0];
    for (let i = 0; i < 50_000; i++) {
      const p = 1 + rng.int(4);
      const o = (2n ** 53n + BigInt(Math.floor(rng.uniform() * 2 ** 52)) * 2n + 1n) % (p === 4 ? 16_000_000_000_000_000n : 2n ** 54n);
      if (o < 2n ** 53n) continue;
      const m = 5n ** BigInt(p) * o * 2n ** BigInt(rng.int(maxShift[p]! + 1));
      for (const delta of [-1n, 0n, 1n]) check(`${m + delta}e-${p}`);
    }
    expect(checked).toBeGreaterThan(700_000);
  });

  it('is exact at the edges of the fast path: 2^53, halfway cases, 10^22 and beyond, extremes', () => {
    const texts = [
      '9007199254740991', '9007199254740992', '9007199254740993', '9007199254740994', '9007199254740995',
      '18014398509481985', '1e22', '1e23', '9007199254740991e22', '9007199254740993e-22', '123456789012345e-22',
      '123456789012345e-23', '1e-22', '0.1', '0.2', '0.3', '1.7976931348623157e308', '1.7976931348623159e308',
      '4.9406564584124654e-324', '2.4703282292062328e-324', '2.4703282292062327e-324', '5e-324', '0e999999',
      '-0e-5', '-0.0', '+0', '000000000000000000000000001', '0.000000000000000000000000001', '1' + '0'.repeat(400),
      '1e99999', '-1e99999', '1e-99999', '3.14159265358979323846264338327950288419716939937510',
    ];
    for (const text of texts) expect([text, fromBytes(text)]).toEqual([text, Number(text)]);
  });

  it('equals parseNumber on texts that are not plain decimals: spaces, infinities, junk, non-ASCII', () => {
    const texts = [
      '', ' ', '  12  ', '\t-3\r', '\u00a07\u00a0', '\u30008', '7\u00a0x', 'Infinity', '-Infinity', '+inf', 'Inf', 'INF',
      'infinity', 'inf ', ' -inf', 'NaN', '1e', '1e+', '.', '-.', '.e1', '1..2', '1.2.3', '0x10', '0b1', '1_000',
      '1,5', '١٢', '١', '12é', '--1', '+-1', '1e1.5', 'e5', '5e', ' 1 2 ', '٣.٥',
    ];
    for (const text of texts) expect([text, fromBytes(text)]).toEqual([text, parseNumber(text) ?? NaN]);
    // And on random strings of number-like characters.
    const rng = new Random(9);
    const alphabet = ['0', '1', '9', '.', 'e', 'E', '+', '-', ' ', 'I', 'n', 'f', 'x', '\u00a0'];
    for (let i = 0; i < 50_000; i++) {
      let text = '';
      for (let n = rng.int(7); n > 0; n--) text += alphabet[rng.int(alphabet.length)];
      const want = parseNumber(text) ?? NaN;
      if (!Object.is(fromBytes(text), want)) throw new Error(`'${text}': got ${fromBytes(text)}, want ${want}`);
    }
  });
});

describe('spaceLength', () => {
  it('recognises exactly the characters of /\\s/ other than CR, LF and the delimiter', () => {
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code < 0xe000) continue;
      const ch = String.fromCharCode(code);
      const bytes = Buffer.from(ch + 'z', 'utf8');
      const want = /\s/.test(ch) && ch !== '\r' && ch !== '\n' && ch !== ',' ? bytes.length - 1 : 0;
      if (spaceLength(bytes, 0, bytes.length, true, 44) !== want) throw new Error(`U+${code.toString(16)}`);
    }
    // A tab is a space, unless it is the delimiter.
    expect(spaceLength(Buffer.from('\t'), 0, 1, true, 9)).toBe(0);
    // A multi-byte space cut by the end of the data asks for more.
    expect(spaceLength(Buffer.from('\u3000'), 0, 2, false, 44)).toBe(-1);
  });
});

describe('LevelDictionary', () => {
  it('gives equal codes exactly to equal decoded texts, from bytes or strings', () => {
    const d = new LevelDictionary();
    const cells = [Buffer.from('a'), Buffer.from('é'), Buffer.from([0xff]), Buffer.from([0xfe]), Buffer.from('\ufffd'), Buffer.from('a'), Buffer.from('')];
    const codes = cells.map((b) => d.codeOfBytes(b, 0, b.length));
    expect(codes).toEqual([0, 1, 2, 2, 2, 0, 3]);
    expect(d.levels).toEqual(['a', 'é', '\ufffd', '']);
    expect([d.codeOfString('é'), d.codeOfString('new')]).toEqual([1, 4]);
    // Many distinct keys (the table grows and rehashes) keep their codes.
    const rng = new Random(3);
    const keys = Array.from({ length: 20_000 }, () => String(rng.int(50_000)));
    const reference = new Map<string, number>();
    const fresh = new LevelDictionary();
    for (const k of keys) {
      if (!reference.has(k)) reference.set(k, reference.size);
      const b = Buffer.from(k);
      expect(fresh.codeOfBytes(b, 0, b.length)).toBe(reference.get(k));
    }
  });
});
