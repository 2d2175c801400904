/** Typed arrays as base64 strings of their little-endian bytes: a compact, exact JSON form. */

export function float64ToBase64(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

export function base64ToFloat64(s: string): Float64Array {
  const bytes = Buffer.from(s, 'base64');
  if (bytes.byteLength % 8 !== 0) throw new RangeError('base64 data is not a whole number of float64 values');
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
