/**
 * Hand-written log densities with analytic gradients, for testing and
 * benchmarking the sampler without the model language: diagonal and
 * correlated Gaussians, Neal's funnel, and Statistical Rethinking's m13.2
 * (reedfrogs). Each factory takes structured-clonable arguments, so worker
 * threads can rebuild it from `referenceTargetSource(name, args)`.
 */
import type { LogDensityTarget, TargetSource } from '../target.js';
import { workerScriptUrl } from '../../util/workers.js';

const identity = (theta: Float64Array, out: Float64Array): void => out.set(theta);
const indexedNames = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}[${i + 1}]`);

/**
 * Independent normals x_i ~ N(means_i, sds_i).
 *
 * @example
 * const t = gaussianTarget({ means: [0, 1], sds: [1, 2] });
 * t.logDensityGradient(new Float64Array([0, 1]), new Float64Array(2)); // 0
 */
export function gaussianTarget(args: { means: readonly number[]; sds: readonly number[] }): LogDensityTarget {
  const dim = args.means.length;
  const mu = Float64Array.from(args.means);
  const precision = Float64Array.from(args.sds, (s) => 1 / (s * s));
  return {
    dim,
    parameterNames: indexedNames('x', dim),
    constrain: identity,
    logDensityGradient(theta, grad) {
      let lp = 0;
      for (let i = 0; i < dim; i++) {
        const r = theta[i]! - mu[i]!;
        const g = -precision[i]! * r;
        grad[i] = g;
        lp += 0.5 * g * r;
      }
      return lp;
    },
  };
}

/**
 * x ~ N(μ, D R D) with R_ij = ρ^|i−j| (AR(1) correlation) and D = diag(sds).
 * The precision matrix is tridiagonal, so the gradient costs O(dim).
 *
 * @example
 * const t = correlatedGaussianTarget({ means: [0, 0, 0], sds: [1, 1, 1], rho: 0.5 });
 * t.logDensityGradient(new Float64Array(3), new Float64Array(3)); // 0
 */
export function correlatedGaussianTarget(args: { means: readonly number[]; sds: readonly number[]; rho: number }): LogDensityTarget {
  const dim = args.means.length;
  const mu = Float64Array.from(args.means);
  const inv = Float64Array.from(args.sds, (s) => 1 / s);
  const rho = args.rho;
  const c = 1 / (1 - rho * rho);
  const z = new Float64Array(dim);
  return {
    dim,
    parameterNames: indexedNames('x', dim),
    constrain: identity,
    logDensityGradient(theta, grad) {
      for (let i = 0; i < dim; i++) z[i] = (theta[i]! - mu[i]!) * inv[i]!;
      let quad = 0;
      for (let i = 0; i < dim; i++) {
        // (R⁻¹ z)_i for the AR(1) correlation matrix.
        const diag = i === 0 || i === dim - 1 ? 1 : 1 + rho * rho;
        let y = diag * z[i]!;
        if (i > 0) y -= rho * z[i - 1]!;
        if (i < dim - 1) y -= rho * z[i + 1]!;
        y *= c;
        quad += z[i]! * y;
        grad[i] = -y * inv[i]!;
      }
      return -0.5 * quad;
    },
  };
}

/**
 * Neal's funnel (centred): v ~ N(0, 3), x_i ~ N(0, e^{v/2}), i = 1..dim−1.
 * Its neck defeats a single step size, so NUTS reports divergences.
 *
 * @example
 * funnelTarget({ dim: 10 }).parameterNames[0]; // 'v'
 */
export function funnelTarget(args: { dim: number }): LogDensityTarget {
  const dim = args.dim;
  const k = dim - 1;
  return {
    dim,
    parameterNames: ['v', ...indexedNames('x', k)],
    constrain: identity,
    logDensityGradient(theta, grad) {
      const v = theta[0]!;
      const e = Math.exp(-v);
      let ss = 0;
      for (let i = 1; i < dim; i++) {
        const x = theta[i]!;
        ss += x * x;
        grad[i] = -x * e;
      }
      grad[0] = -v / 9 + 0.5 * ss * e - 0.5 * k;
      return -(v * v) / 18 - 0.5 * ss * e - 0.5 * k * v;
    },
  };
}

/**
 * Statistical Rethinking m13.2 (reedfrogs): S_i ~ Binomial(D_i, logit⁻¹ a_i),
 * a_i ~ N(ā, σ), ā ~ N(0, 1.5), σ ~ Exponential(1). Unconstrained coordinates
 * (ā, log σ, a_1..a_N) in Stan's order; the Jacobian of σ = e^u is included.
 *
 * @example
 * const t = reedfrogsTarget({ surv: [9, 10], density: [10, 10] });
 * t.parameterNames; // ['abar', 'sigma', 'a[1]', 'a[2]']
 */
export function reedfrogsTarget(args: { surv: readonly number[]; density: readonly number[] }): LogDensityTarget {
  const n = args.surv.length;
  const S = Float64Array.from(args.surv);
  const D = Float64Array.from(args.density);
  return {
    dim: n + 2,
    parameterNames: ['abar', 'sigma', ...indexedNames('a', n)],
    constrain(theta, out) {
      out.set(theta);
      out[1] = Math.exp(theta[1]!);
    },
    logDensityGradient(theta, grad) {
      const abar = theta[0]!;
      const u = theta[1]!;
      const sigma = Math.exp(u);
      const tau = 1 / (sigma * sigma);
      let lp = -(abar * abar) / (2 * 2.25) - sigma + u - n * u;
      let gAbar = -abar / 2.25;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const a = theta[i + 2]!;
        const r = a - abar;
        ss += r * r;
        gAbar += r * tau;
        // log(1 + e^a) and logistic(a), both stable for large |a|.
        let softplus: number;
        let p: number;
        if (a > 0) {
          const e = Math.exp(-a);
          softplus = a + Math.log1p(e);
          p = 1 / (1 + e);
        } else {
          const e = Math.exp(a);
          softplus = Math.log1p(e);
          p = e / (1 + e);
        }
        lp += S[i]! * a - D[i]! * softplus;
        grad[i + 2] = -r * tau + S[i]! - D[i]! * p;
      }
      lp -= 0.5 * ss * tau;
      grad[0] = gAbar;
      grad[1] = 1 - sigma + ss * tau - n;
      return lp;
    },
  };
}

const factories = { gaussianTarget, correlatedGaussianTarget, funnelTarget, reedfrogsTarget } as const;

/**
 * A TargetSource for one of these targets, so sample() can run it in worker threads.
 *
 * @example
 * const source = referenceTargetSource('funnelTarget', { dim: 10 });
 * source.exportName; // 'funnelTarget' (sample(source) rebuilds it in each chain's worker)
 */
export function referenceTargetSource<K extends keyof typeof factories>(
  exportName: K,
  args: Parameters<(typeof factories)[K]>[0],
): TargetSource {
  return { module: workerScriptUrl(import.meta.url, './reference-targets.js').href, exportName, args };
}
