/**
 * Random group confounding, the bonus of the multilevel lecture (Statistical
 * Rethinking 2023, lecture 12): an unobserved group effect U confounds X → Y.
 */
import { Model } from '../../../src/bayes/model/model.js';
import { Random } from '../../../src/util/random.js';

export interface ConfoundedData {
  readonly group: Int32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Z per group. */
  readonly z: Float64Array;
  /** Mean of X per group (for Mundlak). */
  readonly xbar: Float64Array;
}

/** 30 groups, 200 units: Z ~ N(0,1), U ~ N(0,1.5) per group, X ~ N(U_g, 1), Y ~ Bernoulli(logit⁻¹(−2 + X + U_g − 0.5·Z_g)). */
export function simulateConfounding(seed: number, groups = 30, units = 200): ConfoundedData {
  const rng = new Random(seed);
  const z = Float64Array.from({ length: groups }, () => rng.normal());
  const u = Float64Array.from({ length: groups }, () => 1.5 * rng.normal());
  const group = Int32Array.from({ length: units }, () => rng.int(groups));
  const x = new Float64Array(units);
  const y = new Float64Array(units);
  const sum = new Float64Array(groups);
  const count = new Float64Array(groups);
  for (let i = 0; i < units; i++) {
    const g = group[i]!;
    x[i] = u[g]! + rng.normal();
    const eta = -2 + x[i]! + u[g]! - 0.5 * z[g]!;
    y[i] = rng.bernoulli(1 / (1 + Math.exp(-eta)));
    sum[g] = sum[g]! + x[i]!;
    count[g] = count[g]! + 1;
  }
  // A group nobody was drawn into has no X; its mean is irrelevant (no unit uses it).
  const xbar = Float64Array.from(sum, (s, g) => (count[g]! > 0 ? s / count[g]! : 0));
  return { group, x, y, z, xbar };
}

function base(d: ConfoundedData): Model {
  return new Model().group('g', d.group, { levels: d.z.length }).data('X', d.x).data('Z', d.z);
}

/** Y on X and Z, no group structure. */
export function naive(d: ConfoundedData): Model {
  return base(d)
    .param('a', 'Normal(0, 10)')
    .param('bX', 'Normal(0, 1)')
    .param('bZ', 'Normal(0, 1)')
    .observed('Y', 'BernoulliLogit(a + bX * X + bZ * Z[g])', d.y);
}

/** One free intercept per group (no pooling): removes the confound from bX; bZ is not identified. */
export function fixedEffects(d: ConfoundedData): Model {
  return base(d)
    .param('a', 'Normal(0, 10)', { shape: 'g' })
    .param('bX', 'Normal(0, 1)')
    .param('bZ', 'Normal(0, 1)')
    .observed('Y', 'BernoulliLogit(a[g] + bX * X + bZ * Z[g])', d.y);
}

/** Partially pooled intercepts (non-centred). */
export function multilevel(d: ConfoundedData): Model {
  return base(d)
    .param('abar', 'Normal(0, 1)')
    .param('tau', 'Exponential(1)')
    .nonCentered('a', 'Normal(abar, tau)', { shape: 'g' })
    .param('bX', 'Normal(0, 1)')
    .param('bZ', 'Normal(0, 1)')
    .observed('Y', 'BernoulliLogit(a[g] + bX * X + bZ * Z[g])', d.y);
}

/** Multilevel plus the group mean of X as a covariate. */
export function mundlak(d: ConfoundedData): Model {
  return base(d)
    .data('Xbar', d.xbar)
    .param('abar', 'Normal(0, 1)')
    .param('tau', 'Exponential(1)')
    .nonCentered('a', 'Normal(abar, tau)', { shape: 'g' })
    .param('bX', 'Normal(0, 1)')
    .param('bZ', 'Normal(0, 1)')
    .param('bXbar', 'Normal(0, 1)')
    .observed('Y', 'BernoulliLogit(a[g] + bX * X + bZ * Z[g] + bXbar * Xbar[g])', d.y);
}

/** Latent Mundlak ("full luxury"): model X too, through a latent group variable u. */
export function latentMundlak(d: ConfoundedData): Model {
  return base(d)
    .param('abar', 'Normal(0, 1)')
    .param('tau', 'Exponential(1)')
    .nonCentered('a', 'Normal(abar, tau)', { shape: 'g' })
    .param('u', 'Normal(0, 1)', { shape: 'g' })
    .param('aX', 'Normal(0, 1)')
    .param('bUX', 'Normal(0, 1)', { lower: 0 })
    .param('sX', 'Exponential(1)')
    .observed('Xobs', 'Normal(aX + bUX * u[g], sX)', d.x)
    .param('bX', 'Normal(0, 1)')
    .param('bZ', 'Normal(0, 1)')
    .param('bUY', 'Normal(0, 1)')
    .observed('Y', 'BernoulliLogit(a[g] + bX * X + bZ * Z[g] + bUY * u[g])', d.y);
}
