/**
 * The `bart` and `bcf` uplift methods: posterior CATE from Bayesian
 * additive regression trees.
 *
 * - bart (as bartCause does): one forest on the features and the treatment
 *   code; the effect of arm k is f(x, k) − f(x, 0). On a 0/1 outcome its
 *   trees split with probability 0.95(1 + depth)^−1, not CGM's ^−2, so that
 *   trees splitting on the treatment can grow (BART_BINARY_TREE_PRIOR in
 *   options.ts).
 * - bcf (Hahn, Murray and Carvalho 2020): y = μ(x, π̂(x)) + τ_k(x)·[t = k], a
 *   prognostic forest that also sees the estimated propensities (so
 *   confounded assignment is handled) and one smaller, more strongly
 *   regularised effect forest per treated arm (50 trees; α = 0.25, β = 3
 *   as bcf has it for a continuous outcome, α = 0.7, β = 2 for a 0/1 one,
 *   where bcf's stumps under-promised plan values by about a fifth:
 *   TAU_TREE_PRIOR in options.ts).
 *   Opt-in (`adaptiveCoding`): bcf's parameter-expanded effect scale, as
 *   τ_k(x) = s_k·τ̃_k(x) per arm with s_k ~ N(0, 1) — the paper's b₁ − b₀
 *   with the control coefficient b₀ fixed at 0, because an effect forest's
 *   control rows carry no likelihood here (0/1 basis); with several arms each
 *   arm's forest has its own s_k, so no coefficient is shared through the
 *   control. Also opt-in: an inverse-gamma leaf variance, an intercept τ₀ and
 *   a learned α for the effect forests (see options.ts).
 *
 * Binary outcomes use probit data augmentation; effects are then differences
 * of probabilities Φ(·). The saved model keeps `keep` posterior draws of the
 * forests; scoring returns Effects with draws of kind 'posterior'.
 */
import type { FeatureMatrix } from '../../data/features.js';
import { selectRows } from '../../data/features.js';
import { BinMapper, type BinMapperJSON } from '../../learners/trees/binning.js';
import { defaultThreads } from '../../learners/trees/parallel.js';
import { toSharedInt32 } from '../../learners/trees/shared.js';
import { createLearner } from '../../learners/registry.js';
import type { ChainForest, ChainJob, EffectLayout } from '../../learners/bart/chain.js';
import { PosteriorForest, type PosteriorForestJSON } from '../../learners/bart/posterior-forest.js';
import { normalCdf } from '../../learners/bart/normal.js';
import { sigmaEstimate, sigmaPriorScale } from '../../learners/bart/prior.js';
import { normalQuantile } from '../../bayes/diagnostics/normal.js';
import { effectsFromDraws, type Effects } from '../../effects/effects.js';
import { Propensity, type PropensityState } from '../propensity.js';
import type { OutcomeKind, UpliftFitOptions, UpliftLearner, UpliftLearnerJSON } from '../types.js';
import { checkFitInputs, rowsInArms } from '../types.js';
import { upliftErrors } from '../messages.js';
import { runChains, type QuantitySummary } from './chains.js';
import { bartOptionsSchema, bcfOptionsSchema, resolveOptions, type BcfOptions, type ResolvedOptions } from './options.js';
import { methodArgs, type MethodArgs } from '../method-args.js';
import { preChecked } from '../../learners/options-check.js';

interface FittedState {
  readonly arms: number;
  readonly mapper: BinMapper;
  /** bart: bin code of each arm in the treatment column (the last column). */
  readonly armCodes: Int32Array;
  /** bcf: one propensity model per treated arm. */
  readonly propensity: Propensity[];
  readonly scale: number;
  readonly offset: number;
  readonly forests: PosteriorForest[];
  readonly summaries: QuantitySummary[];
}

interface SavedState {
  readonly arms: number;
  readonly mapper: BinMapperJSON;
  readonly armCodes: number[];
  readonly propensity: PropensityState[];
  readonly scale: number;
  readonly offset: number;
  readonly forests: PosteriorForestJSON[];
  readonly summaries: QuantitySummary[];
}

export interface PosteriorEffectsOptions {
  /** Posterior draws to return (evenly spaced among the kept ones; default all kept). */
  readonly draws?: number;
}

/**
 * The constructor's argument: which model ('bart' or 'bcf'), `task`
 * ('classification' for a 0/1 outcome, fitted by probit; 'regression'
 * otherwise), `seed`, and the sampler options of that model (bart/options.ts).
 */
export type BayesTreeUpliftArgs = BcfOptions & Omit<MethodArgs, 'learner'> & { readonly method: EffectLayout };

/**
 * The bart and bcf methods.
 *
 * @example
 * const x = Float64Array.from({ length: 60 }, (_, i) => (i % 10) / 10);
 * const arm = Int32Array.from({ length: 60 }, (_, i) => Math.floor(i / 10) % 2);
 * const y = Float64Array.from(x, (v, i) => v + arm[i]);
 * const model = new BayesTreeUplift({ method: 'bcf', task: 'regression', trees: 20, treesTau: 10, chains: 1, warmup: 50, draws: 50, keep: 20, seed: 1 });
 * const [uplift] = model.fit(featureMatrix([x], ['x']), arm, y).predictUplift(featureMatrix([x], ['x']));
 * uplift[0]; // 1.00 (the effect is 1 for every row)
 */
export class BayesTreeUplift implements UpliftLearner {
  readonly method: EffectLayout;
  readonly outcomeKind: OutcomeKind;
  readonly options: BcfOptions;
  readonly warnings: string[] = [];
  private state: FittedState | undefined;

  constructor(args: BayesTreeUpliftArgs) {
    const method = args?.method;
    if (method !== 'bart' && method !== 'bcf') throw upliftErrors.badOptions('bart', `method: expected 'bart' or 'bcf', got '${String(method)}'`, ['method']);
    const { task, seed, options } = methodArgs<BcfOptions>(method, method === 'bart' ? bartOptionsSchema : bcfOptionsSchema, args, false, ['method']);
    this.method = method;
    this.outcomeKind = task === 'classification' ? 'binary' : 'continuous';
    this.options = seed === undefined ? options : { seed, ...options };
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** Convergence and posterior summary of σ and of each treated arm's average effect on the training rows. */
  get summaries(): readonly QuantitySummary[] {
    return this.fitted().summaries;
  }

  /** Posterior draws of the forests kept in the model. */
  get keptDraws(): number {
    return this.fitted().forests[0]!.draws;
  }

  private fitted(): FittedState {
    if (this.state === undefined) throw upliftErrors.notFitted(this.method);
    return this.state;
  }

  fit(X: FeatureMatrix, arm: Int32Array, y: Float64Array, options: UpliftFitOptions = {}): this {
    const K = checkFitInputs(this.method, X, arm, y);
    for (let a = 0; a < K; a++) if (rowsInArms(arm, [a]).length === 0) throw upliftErrors.emptyArm(this.method, a);
    const probit = this.outcomeKind === 'binary';
    const o = resolveOptions(this.options, defaultThreads(), probit, this.method);
    const n = X.nRows;
    const propensity = this.method === 'bcf' ? fitPropensities(X, arm, K, o.seed) : [];
    const design = this.designMatrix(X, arm, propensity);
    const mapper = BinMapper.fit(design, { maxBins: o.cuts, seed: o.seed });
    const observed = mapper.transform(design);
    const P = design.columns.length;
    const armCodes = new Int32Array(K);
    if (this.method === 'bart') for (let k = 0; k < K; k++) armCodes[k] = binOf(mapper.edges[P - 1]!, k);
    const codes = this.method === 'bart' ? counterfactualCodes(observed.codes, n, P, armCodes) : observed.codes;
    // Column-major for the sampler: its passes read one feature over consecutive items.
    const items = codes.length / P;
    const sharedCodes = new Uint8Array(new SharedArrayBuffer(Math.max(1, codes.length)));
    for (let j = 0; j < P; j++) for (let i = 0, at = j * items; i < items; i++) sharedCodes[at + i] = codes[i * P + j]!;

    // Outcome scale: bart maps the range to [−0.5, 0.5] (CGM), bcf standardises (as bcf does).
    let offset = 0;
    let scale = 1;
    let target: Float64Array;
    if (probit) {
      let mean = 0;
      for (const v of y) mean += v;
      mean /= n;
      offset = normalQuantile(Math.min(0.99, Math.max(0.01, mean)));
      target = y;
    } else if (this.method === 'bart') {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of y) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      scale = hi > lo ? hi - lo : 1;
      target = Float64Array.from(y, (v) => (v - lo) / scale - 0.5);
    } else {
      let mean = 0;
      for (const v of y) mean += v;
      mean /= n;
      let ss = 0;
      for (const v of y) ss += (v - mean) ** 2;
      scale = Math.sqrt(ss / Math.max(1, n - 1)) || 1;
      target = Float64Array.from(y, (v) => (v - mean) / scale);
    }
    const forests = this.forests(o, n, K, P, arm, probit);
    let lambda = 1;
    if (!probit) {
      const columns = [...design.columns];
      if (this.method === 'bcf') for (let k = 1; k < K; k++) columns.push(Float64Array.from(arm, (a) => (a === k ? 1 : 0)));
      lambda = sigmaPriorScale(sigmaEstimate(columns, target), o.nu, o.q);
    }
    const job: ChainJob = {
      codes: sharedCodes,
      nColumns: P,
      nBins: mapper.nBins,
      forests,
      units: n,
      arms: K,
      layout: this.method,
      y: target,
      probit,
      offset,
      scale,
      nu: o.nu,
      lambda,
      fixedSigma: null,
      gfr: o.gfr,
      warmup: o.warmup,
      draws: o.draws,
      keepPerChain: keepSchedule(o),
      seed: o.seed,
    };
    const armLabels = Array.from({ length: K }, (_, k) => String(k));
    const result = runChains(job, { chains: o.chains, threads: o.threads, armLabels, probit, ...(options.progress === undefined ? {} : { progress: options.progress }) });
    this.warnings.length = 0;
    this.warnings.push(...result.warnings.map((w) => `${this.method}: ${w}`));
    this.state = { arms: K, mapper, armCodes, propensity, scale, offset, forests: result.forests, summaries: result.summaries };
    return this;
  }

  /** Relabels the summaries' arms (the model knows labels, the learner only codes). */
  labelArms(labels: readonly string[]): void {
    const s = this.fitted();
    const summaries = s.summaries.map((q) => {
      const m = /^ate\[(\d+)\]$/.exec(q.name);
      return m === null ? q : { ...q, name: `ate[${labels[Number(m[1])] ?? m[1]}]` };
    });
    this.state = { ...s, summaries };
  }

  private designMatrix(X: FeatureMatrix, arm: Int32Array | null, propensity: readonly Propensity[]): FeatureMatrix {
    if (this.method === 'bart') {
      const t = arm === null ? new Float64Array(X.nRows) : Float64Array.from(arm);
      return { nRows: X.nRows, columns: [...X.columns, t], names: [...X.names, '(treatment)'], categories: [...X.categories, 0] };
    }
    const scores = propensity.map((p) => p.predict(X));
    return {
      nRows: X.nRows,
      columns: [...X.columns, ...scores],
      names: [...X.names, ...scores.map((_, k) => `(propensity ${k + 1})`)],
      categories: [...X.categories, ...scores.map(() => 0)],
    };
  }

  private forests(o: ResolvedOptions, n: number, K: number, P: number, arm: Int32Array, probit: boolean): ChainForest[] {
    const all = Int32Array.from({ length: P }, (_, j) => j);
    if (this.method === 'bart') {
      const N = n * K;
      const unitOf = new Int32Array(N);
      const basis = new Uint8Array(N);
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < n; i++) {
          unitOf[k * n + i] = i;
          basis[k * n + i] = arm[i] === k ? 1 : 0;
        }
      }
      const leafSd = (probit ? 3 : 0.5) / (o.k * Math.sqrt(o.trees));
      return [{ prior: { trees: o.trees, alpha: o.alpha, beta: o.beta, leafSd, minLeaf: o.minLeaf }, vars: all, items: N, unitOf: toSharedInt32(unitOf), basis }];
    }
    const identity = toSharedInt32(Int32Array.from({ length: n }, (_, i) => i));
    const x = Int32Array.from({ length: P - (K - 1) }, (_, j) => j);
    // Probit: μ's prior sd 3/k on the latent scale (as bart), τ's half of it; continuous: bcf's 2 and 1 outcome sds.
    const muSd = probit ? 3 / o.k : o.muScale;
    const tauSd = probit ? 1.5 / o.k : o.tauScale;
    const out: ChainForest[] = [
      {
        prior: { trees: o.trees, alpha: o.alpha, beta: o.beta, leafSd: muSd / Math.sqrt(o.trees), minLeaf: o.minLeaf },
        vars: all,
        items: n,
        unitOf: identity,
        basis: new Uint8Array(n).fill(1),
        // Continuous effects come from the τ forests alone; only probit's Φ(μ + τ) − Φ(μ) reads μ's fit.
        trackFit: probit,
      },
    ];
    const tauLeafSd = tauSd / Math.sqrt(o.treesTau);
    for (let k = 1; k < K; k++) {
      out.push({
        prior: { trees: o.treesTau, alpha: o.alphaTau, beta: o.betaTau, leafSd: tauLeafSd, minLeaf: o.minLeaf },
        vars: x,
        items: n,
        unitOf: identity,
        basis: Uint8Array.from(arm, (a) => (a === k ? 1 : 0)),
        ...(o.adaptiveCoding ? { scalePrior: 1 } : {}),
        ...(o.sampleLeafScaleTau ? { leafVariancePrior: { shape: 3, scale: 2 * tauLeafSd * tauLeafSd } } : {}),
        ...(o.tauIntercept ? { interceptPrior: tauSd * tauSd } : {}),
        ...(o.learnAlphaTau ? { alphaGrid: ALPHA_GRID } : {}),
      });
    }
    return out;
  }

  /**
   * Posterior effects for every row of X: S × n × K draws (arm 0 = 0) of
   * kind 'posterior', and their mean.
   */
  predictEffects(X: FeatureMatrix, options: PosteriorEffectsOptions = {}): Effects {
    const s = this.fitted();
    const total = s.forests[0]!.draws;
    const S = Math.min(options.draws ?? total, total);
    const chosen = Array.from({ length: S }, (_, j) => Math.floor((j * total) / S));
    const K = s.arms;
    const n = X.nRows;
    const design = this.designMatrix(X, null, s.propensity);
    const binned = s.mapper.transform(design);
    const P = design.columns.length;
    const probit = this.outcomeKind === 'binary';
    const values = new Float64Array(S * n * K);
    const armCodes = this.method === 'bart' ? counterfactualCodes(binned.codes, n, P, s.armCodes) : binned.codes;
    const block = n * P;
    const usesT = this.method === 'bart' && !probit ? chosen.map((d) => s.forests[0]!.treesUsing(d, P - 1)) : [];
    // Rows in blocks whose codes stay in the first-level cache while every draw's trees run over them
    // (one pass over all rows per tree streamed the whole code matrix 10^4 times).
    const rowsPerBlock = 2048;
    const a = new Float64Array(rowsPerBlock);
    const b = new Float64Array(rowsPerBlock);
    for (let r0 = 0; r0 < n; r0 += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, n - r0);
      const at = (k: number) => armCodes.subarray(k * block + r0 * P, k * block + (r0 + rows) * P);
      for (let j = 0; j < S; j++) {
        const d = chosen[j]!;
        const base = j * n * K + r0 * K;
        if (this.method === 'bart') {
          const forest = s.forests[0]!;
          const control = at(0);
          if (probit) {
            b.fill(0);
            forest.addDraw(d, control, P, rows, b);
          }
          for (let k = 1; k < K; k++) {
            a.fill(0);
            const codesK = at(k);
            if (probit) {
              forest.addDraw(d, codesK, P, rows, a);
              for (let i = 0; i < rows; i++) values[base + i * K + k] = normalCdf(s.offset + a[i]!) - normalCdf(s.offset + b[i]!);
            } else {
              // Trees that never split on the treatment give f(x, k) and f(x, 0) the same value.
              forest.addDraw(d, codesK, P, rows, a, 1, usesT[j]);
              forest.addDraw(d, control, P, rows, a, -1, usesT[j]);
              for (let i = 0; i < rows; i++) values[base + i * K + k] = s.scale * a[i]!;
            }
          }
        } else {
          const codes = at(0);
          if (probit) {
            b.fill(0);
            s.forests[0]!.addDraw(d, codes, P, rows, b);
          }
          for (let k = 1; k < K; k++) {
            a.fill(0);
            s.forests[k]!.addDraw(d, codes, P, rows, a);
            if (probit) for (let i = 0; i < rows; i++) values[base + i * K + k] = normalCdf(s.offset + b[i]! + a[i]!) - normalCdf(s.offset + b[i]!);
            else for (let i = 0; i < rows; i++) values[base + i * K + k] = s.scale * a[i]!;
          }
        }
      }
    }
    return effectsFromDraws(
      Array.from({ length: K }, (_, k) => String(k)),
      S,
      values,
      'posterior',
    );
  }

  predictUplift(X: FeatureMatrix): Float64Array[] {
    const e = this.predictEffects(X);
    const K = e.arms.length;
    return Array.from({ length: K - 1 }, (_, j) => Float64Array.from({ length: e.units }, (_, i) => e.mean[i * K + j + 1]!));
  }

  toJSON(): UpliftLearnerJSON {
    const s = this.state;
    const state: SavedState | null =
      s === undefined
        ? null
        : {
            arms: s.arms,
            mapper: s.mapper.toJSON(),
            armCodes: Array.from(s.armCodes),
            propensity: s.propensity.map((p) => p.toJSON()),
            scale: s.scale,
            offset: s.offset,
            forests: s.forests.map((f) => f.toJSON()),
            summaries: s.summaries,
          };
    return { method: this.method, version: 1, options: { ...this.options, outcomeKind: this.outcomeKind }, state };
  }

  static fromJSON(json: UpliftLearnerJSON): BayesTreeUplift {
    const method = json.method as EffectLayout;
    const { outcomeKind, ...options } = json.options as BcfOptions & { outcomeKind?: OutcomeKind };
    if (outcomeKind !== 'binary' && outcomeKind !== 'continuous') throw upliftErrors.badState(method, "options.outcomeKind must be 'binary' or 'continuous'");
    const model = new BayesTreeUplift(preChecked({ ...options, method, task: outcomeKind === 'binary' ? 'classification' : 'regression' } as BayesTreeUpliftArgs));
    const st = json.state as SavedState | null;
    if (st === null) return model;
    const mapper = BinMapper.fromJSON(st.mapper);
    if (mapper === undefined) throw upliftErrors.badState(method, 'the bin edges (state.mapper) are inconsistent');
    if (!Number.isInteger(st.arms) || st.arms < 2) throw upliftErrors.badState(method, 'state.arms must be an integer ≥ 2');
    const expected = method === 'bart' ? 1 : st.arms;
    if (!Array.isArray(st.forests) || st.forests.length !== expected) throw upliftErrors.badState(method, `state.forests must hold ${expected} forests`);
    const forests = st.forests.map((f, i) => {
      try {
        const forest = PosteriorForest.fromJSON(f);
        for (const j of forest.feat) if (j >= mapper.nFeatures) throw new RangeError(`a node splits on column ${j}, the model has ${mapper.nFeatures}`);
        return forest;
      } catch (e) {
        throw upliftErrors.badState(method, `state.forests[${i}]: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    if (forests.some((f) => f.draws !== forests[0]!.draws)) throw upliftErrors.badState(method, 'the forests keep different numbers of draws');
    model.state = {
      arms: st.arms,
      mapper,
      armCodes: Int32Array.from(st.armCodes ?? []),
      propensity: (st.propensity ?? []).map((p) => Propensity.fromJSON(p)),
      scale: st.scale,
      offset: st.offset,
      forests,
      summaries: st.summaries ?? [],
    };
    return model;
  }
}

/** Values of the effect forests' α under learnAlphaTau (uniform prior). */
const ALPHA_GRID: readonly number[] = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

function keepSchedule(o: ResolvedOptions): number[][] {
  const total = o.chains * o.draws;
  const k = Math.min(o.keep, total);
  const out: number[][] = Array.from({ length: o.chains }, () => []);
  for (let j = 0; j < k; j++) {
    const g = Math.floor((j * total) / k);
    out[Math.floor(g / o.draws)]!.push(g % o.draws);
  }
  return out;
}

/** The bin of value v in a column with the given upper edges. */
function binOf(edges: Float64Array, v: number): number {
  let c = 0;
  for (const e of edges) if (e < v) c++;
  return c;
}

/** n·K rows: the n rows of `codes` at each arm in turn (the last column set to the arm's code). */
function counterfactualCodes(codes: Uint8Array, n: number, P: number, armCodes: Int32Array): Uint8Array {
  const K = armCodes.length;
  const out = new Uint8Array(n * P * K);
  for (let k = 0; k < K; k++) {
    out.set(codes, k * n * P);
    for (let i = 0; i < n; i++) out[k * n * P + i * P + P - 1] = armCodes[k]!;
  }
  return out;
}

/** P(t = k | x, t ∈ {0, k}) by logistic regression, per treated arm. */
function fitPropensities(X: FeatureMatrix, arm: Int32Array, K: number, seed: number): Propensity[] {
  const out: Propensity[] = [];
  for (let k = 1; k < K; k++) {
    const rows = rowsInArms(arm, [0, k]);
    const t = Float64Array.from(rows, (r) => (arm[r] === k ? 1 : 0));
    out.push(Propensity.fit('model', selectRows(X, rows), t, 0.01, () => createLearner('logistic', 'classification', { seed })));
  }
  return out;
}
