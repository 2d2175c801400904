/**
 * Sums of floating-point numbers carry noise in the last bits
 * (0.1 + 0.2 = 0.30000000000000004). Printed totals (spend, objective, gap)
 * are rounded to 12 significant digits, far below any money or count the
 * user reads, so they print as people wrote the inputs. Only for output: the
 * solvers keep full precision.
 *
 * @example
 * tidy(0.1 + 0.2); // 0.3
 * tidy(1234.5600000000002); // 1234.56
 */
export function tidy(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(12));
}
