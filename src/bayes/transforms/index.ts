/**
 * Maps from the unconstrained space the sampler moves in to a parameter's
 * support, with the log-Jacobian that keeps the density right (reference §4):
 * identity for reals, x = lb + eᵘ above a lower bound, x = ub − eᵘ below an
 * upper bound, x = lb + (ub − lb)·logit⁻¹(u) on an interval.
 *
 * @example
 * const t = transformFor(0, undefined); // positive: x = eᵘ
 * const x = new Float64Array(1);
 * t.forward(Float64Array.of(0), 0, 1, x); // 0 (the log-Jacobian)
 * x[0]; // 1
 */
import { invLogit, softplus } from '../distributions/special.js';

export interface Transform {
  readonly name: 'identity' | 'lower' | 'upper' | 'interval';
  readonly lower: number;
  readonly upper: number;
  /** Writes x[i] = f(u[offset + i]) for i < n and returns Σ log |f′(u)|. */
  forward(u: Float64Array, offset: number, n: number, x: Float64Array): number;
  /** Adds ∂/∂u of (target) into grad[offset + i], given ∂target/∂x in adjX, the log-Jacobian included. */
  backward(u: Float64Array, offset: number, n: number, adjX: Float64Array, grad: Float64Array): void;
  /** Writes u[offset + i] = f⁻¹(x[i]). */
  inverse(x: Float64Array, n: number, u: Float64Array, offset: number): void;
}

const identity: Transform = {
  name: 'identity',
  lower: -Infinity,
  upper: Infinity,
  forward(u, offset, n, x) {
    for (let i = 0; i < n; i++) x[i] = u[offset + i]!;
    return 0;
  },
  backward(_u, offset, n, adjX, grad) {
    for (let i = 0; i < n; i++) grad[offset + i] = grad[offset + i]! + adjX[i]!;
  },
  inverse(x, n, u, offset) {
    for (let i = 0; i < n; i++) u[offset + i] = x[i]!;
  },
};

function lowerBound(lb: number): Transform {
  return {
    name: 'lower',
    lower: lb,
    upper: Infinity,
    forward(u, offset, n, x) {
      let logJ = 0;
      for (let i = 0; i < n; i++) {
        const v = u[offset + i]!;
        x[i] = lb + Math.exp(v);
        logJ += v;
      }
      return logJ;
    },
    backward(u, offset, n, adjX, grad) {
      for (let i = 0; i < n; i++) grad[offset + i] = grad[offset + i]! + (adjX[i]! * Math.exp(u[offset + i]!) + 1);
    },
    inverse(x, n, u, offset) {
      for (let i = 0; i < n; i++) u[offset + i] = Math.log(x[i]! - lb);
    },
  };
}

function upperBound(ub: number): Transform {
  return {
    name: 'upper',
    lower: -Infinity,
    upper: ub,
    forward(u, offset, n, x) {
      let logJ = 0;
      for (let i = 0; i < n; i++) {
        const v = u[offset + i]!;
        x[i] = ub - Math.exp(v);
        logJ += v;
      }
      return logJ;
    },
    backward(u, offset, n, adjX, grad) {
      for (let i = 0; i < n; i++) grad[offset + i] = grad[offset + i]! + (-adjX[i]! * Math.exp(u[offset + i]!) + 1);
    },
    inverse(x, n, u, offset) {
      for (let i = 0; i < n; i++) u[offset + i] = Math.log(ub - x[i]!);
    },
  };
}

function interval(lb: number, ub: number): Transform {
  const width = ub - lb;
  const logWidth = Math.log(width);
  return {
    name: 'interval',
    lower: lb,
    upper: ub,
    forward(u, offset, n, x) {
      let logJ = 0;
      for (let i = 0; i < n; i++) {
        const v = u[offset + i]!;
        x[i] = lb + width * invLogit(v);
        // log(width · s · (1 − s)) with s = logit⁻¹(v), kept finite in the tails
        logJ += logWidth - softplus(-v) - softplus(v);
      }
      return logJ;
    },
    backward(u, offset, n, adjX, grad) {
      for (let i = 0; i < n; i++) {
        const s = invLogit(u[offset + i]!);
        grad[offset + i] = grad[offset + i]! + (adjX[i]! * width * s * (1 - s) + 1 - 2 * s);
      }
    },
    inverse(x, n, u, offset) {
      for (let i = 0; i < n; i++) {
        const s = (x[i]! - lb) / width;
        u[offset + i] = Math.log(s / (1 - s));
      }
    },
  };
}

/**
 * The transform for a parameter bounded below by `lower` and above by `upper`
 * (either may be undefined or infinite).
 */
export function transformFor(lower: number | undefined, upper: number | undefined): Transform {
  const lo = lower ?? -Infinity;
  const hi = upper ?? Infinity;
  if (lo === -Infinity && hi === Infinity) return identity;
  if (hi === Infinity) return lowerBound(lo);
  if (lo === -Infinity) return upperBound(hi);
  return interval(lo, hi);
}
