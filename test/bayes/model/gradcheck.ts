/** Central finite differences, to check analytic gradients. */
export function finiteDifference(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  const y = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const step = h * Math.max(1, Math.abs(x[i]!));
    y[i] = x[i]! + step;
    const up = f(y);
    y[i] = x[i]! - step;
    const down = f(y);
    y[i] = x[i]!;
    g[i] = (up - down) / (2 * step);
  }
  return g;
}

/** Largest |a − b| / max(1, |b|). */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}
