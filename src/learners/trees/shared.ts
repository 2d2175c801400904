/** Copies of arrays on SharedArrayBuffers, so worker threads read them without a copy each. */
export function toShared(a: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(Math.max(8, a.byteLength)), 0, a.length);
  out.set(a);
  return out;
}

export function toSharedInt32(a: Int32Array): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(Math.max(4, a.byteLength)), 0, a.length);
  out.set(a);
  return out;
}
