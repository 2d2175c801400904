/**
 * Small dense linear algebra on Float64Array (row-major square matrices),
 * enough for Newton steps and least squares with tens to hundreds of columns.
 */

/**
 * In-place Cholesky factorisation of a symmetric positive-definite n×n matrix:
 * on return the lower triangle holds L with A = L·Lᵀ. Returns false if A is not
 * positive definite.
 *
 * @example
 * const a = Float64Array.from([4, 2, 2, 3]);
 * cholesky(a, 2);
 * [a[0], a[2], a[3]]; // [2, 1, 1.4142136] (the lower triangle: 2, 1, √2)
 */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! * a[j * n + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b in place in `b`, given the factor from `cholesky`. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/** Inverse of an SPD matrix from its Cholesky factor (a new n×n array). */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    choleskySolve(l, n, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = e[i]!;
  }
  return inv;
}

/**
 * Ordinary least squares by the normal equations with Cholesky: returns β
 * minimising ‖y − Xβ‖² for column-major X (columns[j][i]).
 */
export function leastSquares(columns: readonly Float64Array[], y: Float64Array): Float64Array {
  const p = columns.length;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    const ca = columns[a]!;
    xty[a] = dot(ca, y);
    for (let b = 0; b <= a; b++) {
      const v = dot(ca, columns[b]!);
      xtx[a * p + b] = v;
      xtx[b * p + a] = v;
    }
  }
  if (!cholesky(xtx, p)) throw new RangeError('least squares: the columns are linearly dependent');
  choleskySolve(xtx, p, xty);
  return xty;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
