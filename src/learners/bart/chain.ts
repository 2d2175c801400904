/**
 * One MCMC chain of a BART-family model: one or more forests sharing a
 * residual, a noise variance (continuous outcomes) or latent probit
 * utilities (binary outcomes), run for warm-up and kept draws. Runs the same
 * on the calling thread and in a worker; a chain's draws depend only on
 * (seed, chain), never on which thread ran it.
 */
import { gammaVariate } from '../../bayes/distributions/sampling.js';
import { treeRandom } from '../trees/seeds.js';
import { ForestSampler, TreeBuffer, type ForestPrior } from './forest-sampler.js';
import { normalCdf, truncatedNormalAbove } from './normal.js';

export interface ChainForest {
  readonly prior: ForestPrior;
  readonly vars: Int32Array;
  readonly items: number;
  readonly unitOf: Int32Array;
  readonly basis: Uint8Array;
  /** Whether the chain reads this forest's per-item fit (default true). */
  readonly trackFit?: boolean;
  /**
   * With a value: the forest is s·τ̃(x), s ~ N(0, scalePrior²) drawn after
   * each of its sweeps (ForestSampler.rescale; bcf's effect forests).
   */
  readonly scalePrior?: number;
  /** With a value: the leaves' prior variance ~ IG(shape, scale), drawn after each sweep (ForestSampler.drawLeafVariance). */
  readonly leafVariancePrior?: { readonly shape: number; readonly scale: number };
  /** With a value: an intercept ~ N(0, interceptPrior) added to the forest, drawn after each sweep. */
  readonly interceptPrior?: number;
  /** With a value: α of the split probability drawn after each sweep, uniform over this grid (ForestSampler.drawAlpha). */
  readonly alphaGrid?: readonly number[];
}

/**
 * How forests make each arm's effect: 'bart' — one forest over the units at
 * every arm (item k·n + i), effect f(x, k) − f(x, 0); 'bcf' — forest 0 the
 * prognostic μ over the units, forest k the effect τ_k of arm k.
 */
export type EffectLayout = 'bart' | 'bcf';

export interface ChainJob {
  /** Column-major bin codes of the items: codes[j · items + item] (every forest has the same items). */
  readonly codes: Uint8Array;
  readonly nColumns: number;
  readonly nBins: Int32Array;
  readonly forests: readonly ChainForest[];
  readonly units: number;
  readonly arms: number;
  readonly layout: EffectLayout;
  /** Scaled outcome (continuous) or 0/1 (probit). */
  readonly y: Float64Array;
  readonly probit: boolean;
  /** Probit: the latent mean's offset Φ⁻¹(ȳ). */
  readonly offset: number;
  /** Continuous: outcome units per scaled unit (effects are reported in outcome units). */
  readonly scale: number;
  /** σ² ~ νλ/χ²_ν; null with `fixedSigma` or probit. */
  readonly nu: number;
  readonly lambda: number;
  readonly fixedSigma: number | null;
  /** Grow-from-root sweeps before the warm-up (XBART warm start; not kept, not counted in warmup). */
  readonly gfr?: number;
  readonly warmup: number;
  readonly draws: number;
  /** Draws of this chain whose forests are kept (indices into 0..draws−1, increasing). */
  readonly keepPerChain: readonly (readonly number[])[];
  readonly seed: number;
  /** Prior-only run: no likelihood in the tree moves (a test of the sampler). */
  readonly priorOnly?: boolean;
}

export interface ChainOutput {
  /** σ per draw (outcome units; NaN for probit). */
  readonly sigma: Float64Array;
  /** Draws × (K − 1): each treated arm's average effect over the training units. */
  readonly ate: Float64Array;
  /** Per forest: the kept draws' trees. */
  readonly forests: { counts: Int32Array; feat: Int32Array; cut: Uint8Array; value: Float64Array }[];
  /** Grow, prune, change acceptance rates over all forests. */
  readonly acceptance: number[];
}

export function runChain(job: ChainJob, chain: number, onSweep?: () => void): ChainOutput {
  const rng = treeRandom(job.seed, chain);
  const n = job.units;
  // The residual is held in slot order (unit i's at resid[slot[i]]); every loop over the units below still
  // runs in unit order, so sums and random draws come in the same order whatever the slots.
  const order = residOrder(job);
  const slot = order?.slot;
  const samplers = job.forests.map(
    (f) =>
      new ForestSampler(
        {
          codes: job.codes,
          nColumns: job.nColumns,
          nBins: job.nBins,
          vars: f.vars,
          items: f.items,
          unitOf: order === null ? f.unitOf : order.unitOf,
          basis: f.basis,
          trackFit: f.trackFit !== false,
        },
        f.prior,
      ),
  );
  const resid = new Float64Array(n);
  const latent = new Float64Array(n);
  if (!job.probit) for (let i = 0; i < n; i++) resid[slot === undefined ? i : slot[i]!] = job.y[i]!;
  let sigma2 = job.fixedSigma !== null ? job.fixedSigma ** 2 : job.probit ? 1 : job.lambda;
  const K = job.arms;
  const sigmaOut = new Float64Array(job.draws);
  const ate = new Float64Array(job.draws * (K - 1));
  const keep = new Set(job.keepPerChain[chain] ?? []);
  const buffers = samplers.map(() => new TreeBuffer());
  const likelihood = job.priorOnly !== true;
  const gfr = likelihood ? (job.gfr ?? 0) : 0;
  for (let it = -gfr; it < job.warmup + job.draws; it++) {
    if (job.probit && likelihood) {
      for (let i = 0; i < n; i++) {
        const r = slot === undefined ? i : slot[i]!;
        const f = latent[i]! - resid[r]!;
        const m = job.offset + f;
        const e = job.y[i]! === 1 ? truncatedNormalAbove(-m, rng) : -truncatedNormalAbove(m, rng);
        latent[i] = f + e;
        resid[r] = e;
      }
    }
    samplers.forEach((s, f) => {
      if (it < 0) s.gfrSweep(resid, sigma2, rng);
      else s.sweep(resid, sigma2, rng, likelihood);
      const spec = job.forests[f]!;
      if (!likelihood) return;
      if (spec.interceptPrior !== undefined) s.drawIntercept(resid, sigma2, rng, spec.interceptPrior);
      if (spec.scalePrior !== undefined) s.rescale(resid, sigma2, rng, spec.scalePrior);
      if (spec.leafVariancePrior !== undefined) s.drawLeafVariance(rng, spec.leafVariancePrior.shape, spec.leafVariancePrior.scale);
      if (spec.alphaGrid !== undefined) s.drawAlpha(rng, spec.alphaGrid);
    });
    if (!job.probit && job.fixedSigma === null && likelihood) {
      let ssr = 0;
      for (let i = 0; i < n; i++) {
        const r = resid[slot === undefined ? i : slot[i]!]!;
        ssr += r * r;
      }
      sigma2 = (job.nu * job.lambda + ssr) / (2 * gammaVariate(rng, (job.nu + n) / 2));
    }
    const d = it - job.warmup;
    if (d >= 0) {
      sigmaOut[d] = job.probit ? NaN : Math.sqrt(sigma2) * job.scale;
      averageEffects(job, samplers, ate, d * (K - 1));
      if (keep.has(d)) samplers.forEach((s, f) => s.serialize(buffers[f]!));
    }
    onSweep?.();
  }
  const accepted = [0, 0, 0];
  const proposed = [0, 0, 0];
  for (const s of samplers) {
    for (let m = 0; m < 3; m++) {
      accepted[m]! += s.accepted[m]!;
      proposed[m]! += s.proposed[m]!;
    }
  }
  return {
    sigma: sigmaOut,
    ate,
    forests: buffers.map((b) => b.finish()),
    acceptance: accepted.map((a, m) => (proposed[m]! > 0 ? a / proposed[m]! : NaN)),
  };
}

/**
 * A one-forest model whose active items (basis 1) hold every unit once — bart, where each unit is active
 * at its own arm — keeps its residual in the forest's active order: the unit of the forest's k-th active
 * item (in item order, the sampler's order) sits in slot k, so the sampler's passes read the residual by
 * position instead of through a unit index (its identity kernels). Returns each unit's slot and the items'
 * units renumbered to slots, or null to keep unit order (bcf: its forests have different active items).
 */
export function residOrder(job: ChainJob): { slot: Int32Array; unitOf: Int32Array } | null {
  if (job.forests.length !== 1) return null;
  const f = job.forests[0]!;
  const n = job.units;
  const slot = new Int32Array(n).fill(-1);
  let next = 0;
  let identity = true;
  for (let item = 0; item < f.items; item++) {
    if (f.basis[item] !== 1) continue;
    const u = f.unitOf[item]!;
    if (slot[u] !== -1) return null;
    if (u !== next) identity = false;
    slot[u] = next++;
  }
  if (next !== n || identity) return null;
  const unitOf = new Int32Array(f.items);
  for (let item = 0; item < f.items; item++) unitOf[item] = slot[f.unitOf[item]!]!;
  return { slot, unitOf };
}

function averageEffects(job: ChainJob, samplers: readonly ForestSampler[], out: Float64Array, at: number): void {
  const n = job.units;
  const K = job.arms;
  for (let k = 1; k < K; k++) {
    let s = 0;
    if (job.layout === 'bart') {
      const fit = samplers[0]!.fit;
      if (job.probit) for (let i = 0; i < n; i++) s += normalCdf(job.offset + fit[k * n + i]!) - normalCdf(job.offset + fit[i]!);
      else for (let i = 0; i < n; i++) s += fit[k * n + i]! - fit[i]!;
    } else {
      const tau = samplers[k]!.fit;
      if (job.probit) {
        const mu = samplers[0]!.fit;
        for (let i = 0; i < n; i++) s += normalCdf(job.offset + mu[i]! + tau[i]!) - normalCdf(job.offset + mu[i]!);
      } else for (let i = 0; i < n; i++) s += tau[i]!;
    }
    out[at + k - 1] = (job.probit ? s : s * job.scale) / n;
  }
}
