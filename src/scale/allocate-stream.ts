/**
 * The streaming allocation: a budget (and a recipient cap) over shards that
 * need not fit in memory together, with the in-memory solver's plan.
 *
 * It runs the in-memory Lagrangian's own search over the recipient price μ
 * (solvers/knapsack/lagrangian.ts dualSearch), evaluating the dual with passes over
 * the shards (passes.ts): a histogram of the active steps' value-per-cost
 * ratios finds the bucket holding the budget's critical ratio λ(μ), a finer
 * histogram or a collect pass places it exactly, and the bucket sums give
 * the dual. Once the search has prices on both sides of the cap, one pass
 * sorts units into those whose choice is fixed, strictly, for every price in
 * the box between them, and the core that is not; the search continues in
 * memory on the core (the fixed units enter as sums), and the in-memory
 * Lagrangian's own rounding and greedy fill make the plan from the core,
 * joined by the fixed units the fill could upgrade (one more pass). A final
 * pass writes each shard's plan. Ties are broken by the global unit order
 * (shards in name order, rows in file order), as the in-memory solver breaks
 * them, so the plan does not depend on how the units are sharded.
 *
 * Memory: one shard's columns and hull steps (the largest shard), plus at
 * most `maxCore` units (core, collected steps, fill candidates), plus 4
 * histograms of 65,536 buckets: independent of the number of shards.
 */
import { CapLagrangian, dualSearch, type Evaluation } from '../../solvers/knapsack/lagrangian.js';
import type { KnapsackInput } from '../../solvers/knapsack/hulls.js';
import type { KnapsackSolution } from '../../solvers/knapsack/greedy.js';
import type { CandidatesResult, CollectResult, FixResult, HistogramResult, MultiResult, PassRequest, PassResult, PriceBox, Prefix, ReducedResult, SampleResult, SinglePassRequest, SinglePassResult, UnitRows, WindowResult } from './passes.js';
import { PriceSample, sampleStride } from './sample.js';
import { solveAllocation } from '../allocate/solve.js';
import { scaleErrors } from './messages.js';

/** Runs passes over every shard, here or on workers. */
export interface PassRunner {
  readonly shardCount: number;
  /** Runs the request on every shard (global offsets of their first units given once known); results in shard order. */
  pass(request: (shard: number) => PassRequest, offsets: readonly number[] | undefined): Promise<PassResult[]>;
  /** Writes every shard's plan; returns each shard's totals in shard order. */
  writePlans(plan: (shard: number) => PlanRequest, offsets: readonly number[]): Promise<PlanTotals[]>;
}

/** A shard's part of the plan: the box that fixes most units, and the arms of its core units. */
export interface PlanRequest {
  readonly box: PriceBox;
  /** When given, units not listed take their best arm at these prices instead of their arm in the box. */
  readonly prices?: { readonly lambda: number; readonly mu: number } | undefined;
  readonly unit: number[];
  readonly arm: number[];
}

export interface PlanTotals {
  readonly n: number;
  /** Σ objective value, Σ value (uplift × value per outcome), Σ cost, recipients, units per arm. */
  readonly objective: number;
  readonly value: number;
  readonly spend: number;
  readonly recipients: number;
  readonly armCounts: number[];
}

export interface StreamOptions {
  readonly budget: number;
  /** Infinity for none. */
  readonly cap: number;
  /** Units (and collected steps) held in memory at most. Default 2^20. */
  readonly maxCore?: number;
  /** Fixed units the greedy fill considers first, per rounded plan (8× more, up to maxCore, when it could reach past them). Default 4096. */
  readonly maxFill?: number;
  readonly mipGap?: number;
  /** Guess windows and boxes from a sample of the units (default true; false runs the histogram passes only, the same plan). */
  readonly sample?: boolean;
  /** Progress lines (pass, μ, gap). */
  readonly report?: (message: string) => void;
}

export interface StreamPlan {
  readonly status: 'optimal' | 'within-gap';
  readonly objective: number;
  readonly bound: number;
  readonly gap: number;
  readonly relativeGap: number;
  readonly value: number;
  readonly spend: number;
  readonly recipients: number;
  readonly armCounts: number[];
  readonly labels: readonly string[];
  readonly units: number;
  readonly passes: number;
  readonly coreUnits: number;
  readonly budgetPrice: number;
  readonly recipientPrice: number;
  readonly notes: string[];
}

const DEFAULT_MAX_CORE = 1 << 20;
const DEFAULT_MAX_FILL = 4096;
const DEFAULT_MIP_GAP = 1e-4;
const OPTIMAL_GAP = 1e-9;

/** An evaluation of the dual, and whether the budget had a critical ratio there (else everything fit). */
interface Exact extends Evaluation {
  readonly critical: boolean;
}

/**
 * Solves max Σ value s.t. Σ cost ≤ budget (and recipients ≤ cap) over the
 * shards, and writes the plan through the runner.
 */
export async function allocateStream(runner: PassRunner, options: StreamOptions): Promise<StreamPlan> {
  const maxCore = options.maxCore ?? DEFAULT_MAX_CORE;
  const maxFill = options.maxFill ?? DEFAULT_MAX_FILL;
  const report = options.report ?? (() => {});
  const { budget, cap } = options;
  let passes = 0;
  let offsets: number[] | undefined;
  let info: { n: number; labels: readonly string[]; baseValue: number; baseCost: number; maxGain: number } | undefined;

  /** Requests that ride along with the next pass once the offsets are known (one read of each shard serves both). */
  const riders: Array<{ request: (shard: number) => SinglePassRequest; results: (r: SinglePassResult[]) => void }> = [];
  const run = async (request: (shard: number) => SinglePassRequest): Promise<SinglePassResult[]> => {
    passes++;
    if (riders.length === 0 || offsets === undefined) return (await runner.pass(request, offsets)) as SinglePassResult[];
    const taken = riders.splice(0);
    const fused = (await runner.pass((s) => ({ kind: 'multi', requests: [request(s), ...taken.map((t) => t.request(s))] }), offsets)) as MultiResult[];
    taken.forEach((t, q) => t.results(fused.map((f) => f.results[q + 1]!)));
    return fused.map((f) => f.results[0]!);
  };
  /** The sample (every stride-th unit), asked of the first pass after the offsets are known. */
  let sample: PriceSample | undefined;
  const useSample = options.sample !== false;

  /** The dual at μ, exactly as the in-memory sweep computes it, from histogram and collect passes. */
  const evaluateExact = async (mu: number): Promise<Exact> => {
    let prefix: Prefix = { level: 0, hi: 0, lo: 0 };
    let hist = combineHistograms((await run(() => ({ kind: 'histogram', mu, prefix }))) as HistogramResult[]);
    if (info === undefined) {
      info = hist.info;
      offsets = hist.offsets;
      const stride = sampleStride(info.n);
      // Below 2^16 units the sample is too small to guess with, and the passes read shards held in memory.
      if (useSample && info.n >= 1 << 16) riders.push({ request: () => ({ kind: 'sample', stride }), results: (r) => (sample = new PriceSample((r as SampleResult[]).map((x) => x.rows), stride)) });
    }
    const available = budget - info.baseCost;
    if (!(available >= 0)) throw scaleErrors.budgetBelowBase(budget, info.baseCost);
    if (hist.totalCost <= available) {
      // Everything fits: the steps worth anything are taken (criticalRatio finds no critical ratio).
      const penalized = info.baseValue + hist.positive.gain;
      return { mu, lambda: 0, penalized, recipients: hist.positive.first, dual: (mu === 0 ? 0 : mu * cap) + penalized, critical: false };
    }
    const above = { cost: 0, gain: 0, first: 0 };
    for (;;) {
      const { digit, count } = criticalBucket(hist, above, available);
      const bucket = extend(prefix, digit);
      if (count <= maxCore || prefix.level === 3) {
        const collected = combineCollected((await run(() => ({ kind: 'collect', mu, prefix: bucket }))) as CollectResult[]);
        if (collected.unit.length > maxCore) throw scaleErrors.tooManyTies(collected.unit.length, maxCore);
        return exactFromBucket(mu, collected, above, available, info.baseValue, cap);
      }
      prefix = { ...bucket, level: prefix.level + 1 };
      hist = combineHistograms((await run(() => ({ kind: 'histogram', mu, prefix }))) as HistogramResult[]);
    }
  };

  /**
   * The dual at μ in one pass when the sample guesses the window of ratios holding λ(μ), with the histogram
   * passes as the fallback; `fix` rides along with that pass (the fix results, or undefined without the fix).
   */
  const evaluate = async (mu: number, fix: PriceBox | undefined, guess: ReturnType<PriceSample['window']>): Promise<{ exact: Exact; fixed: FixResult[] | undefined }> => {
    let fixed: FixResult[] | undefined;
    if (fix !== undefined) riders.push({ request: () => ({ kind: 'fix', box: fix, maxCore }), results: (r) => (fixed = r as FixResult[]) });
    if (guess !== undefined && info !== undefined) {
      const { lamLo, lamHi } = guess;
      const results = (await run(() => ({ kind: 'window', mu, lamLo, lamHi, maxCore }))) as WindowResult[];
      const exact = exactFromWindow(mu, results, budget - info.baseCost, info.baseValue, cap, maxCore);
      if (exact !== undefined) return { exact, fixed };
      report(`pass ${passes}: λ(μ ${mu.toPrecision(6)}) is not in the sample's window [${lamLo.toPrecision(6)}, ${lamHi.toPrecision(6)}]; placing it by histogram`);
    }
    const exact = await evaluateExact(mu);
    return { exact, fixed };
  };

  // The search over μ, first with exact passes, then on the core once prices bracket the cap.
  // Its largest gain and base value come from the first pass, so μ = 0 is evaluated before it starts.
  const first = await evaluateExact(0);
  report(`pass ${passes}: μ 0, λ ${first.lambda.toPrecision(6)}, recipients ${first.recipients.toFixed(2)}, dual ${first.dual.toPrecision(10)}`);
  let lo: Exact | undefined = first.recipients > cap ? first : undefined;
  let hi: Exact | undefined = first.recipients > cap ? undefined : first;
  const search = dualSearch(cap, info!.baseValue, info!.maxGain, 200);
  search.next(); // asks μ = 0
  let next = search.next(first);
  let core: CoreModel | undefined;
  const coreEvaluations = new Map<number, Evaluation>();
  /** The last fix pass that found too large a core: the μ width of its box and the units it left undecided. */
  let tooWide: { width: number; count: number } | undefined;
  // The undecided units grow about in proportion to the box's width, so a fix pass is only worth its read of every
  // shard once the bracket has narrowed enough for the core to fit (the plan does not depend on when it runs: the
  // search asks the same prices, evaluated exactly either way).
  const worthFixing = (a: Exact, b: Exact): boolean => tooWide === undefined || Math.abs(b.mu - a.mu) <= (0.9 * tooWide.width * maxCore) / tooWide.count;
  while (next.done !== true) {
    if (core === undefined && sample === undefined && lo !== undefined && hi !== undefined && worthFixing(lo, hi)) {
      core = await buildCore({ muLo: lo.mu, muHi: hi.mu, lamLo: hi.lambda, lamHi: lo.lambda }, lo, hi);
    }
    const mu = next.value;
    let at: Evaluation;
    if (core !== undefined) {
      const e = core.lagrangian.evaluate(mu);
      coreEvaluations.set(mu, e);
      at = core.toTotal(e);
      report(`μ ${mu.toPrecision(6)} (in memory on the core), recipients ${at.recipients.toFixed(2)}, dual ${at.dual.toPrecision(10)}`);
    } else {
      // With the sample: the window pass at μ also sorts units into fixed and core for a box, when the sample
      // says its core fits: the box of the bracket (valid whatever μ gives), else the box the sample expects
      // μ to leave (kept only when μ falls on the side expected, and λ(μ) inside the window).
      const guess = sample?.window(mu, budget - info!.baseCost, maxCore >> 1);
      let fix: PriceBox | undefined;
      if (sample !== undefined && lo !== undefined && hi !== undefined) {
        const whole: PriceBox = { muLo: lo.mu, muHi: hi.mu, lamLo: hi.lambda, lamHi: lo.lambda };
        if (sample.undecided(whole) <= 0.9 * maxCore) fix = whole;
        else if (guess !== undefined && guess.lamHi < Infinity) {
          const expected: PriceBox =
            guess.recipients > cap ? { muLo: mu, muHi: hi.mu, lamLo: hi.lambda, lamHi: guess.lamHi } : { muLo: lo.mu, muHi: mu, lamLo: guess.lamLo, lamHi: lo.lambda };
          if (Number.isFinite(expected.lamLo) && sample.undecided(expected) <= 0.9 * maxCore) fix = expected;
        }
      }
      const { exact, fixed } = await evaluate(mu, fix, guess);
      at = exact;
      report(`pass ${passes}: μ ${mu.toPrecision(6)}, λ ${exact.lambda.toPrecision(6)}, recipients ${exact.recipients.toFixed(2)}, dual ${exact.dual.toPrecision(10)}`);
      if (exact.recipients > cap) lo = exact;
      else hi = exact;
      if (fix !== undefined && fixed !== undefined && lo !== undefined && hi !== undefined) {
        const inside = fix.muLo <= lo.mu && hi.mu <= fix.muHi && fix.lamLo <= hi.lambda && lo.lambda <= fix.lamHi;
        if (inside) core = coreFrom(fix, fixed, lo, hi);
      }
    }
    next = search.next(at);
  }
  const end = next.value;
  // The rest works on the core: the sample's memory goes back before the core grows with the fill's candidates.
  sample = undefined;

  /** The core model for a box, checked against the exact evaluations at its corners; undefined when the core is too large. */
  async function buildCore(box: PriceBox, a: Exact, b: Exact): Promise<CoreModel | undefined> {
    return coreFrom(box, (await run(() => ({ kind: 'fix', box, maxCore }))) as FixResult[], a, b);
  }

  /** The core model from a fix pass's results. */
  function coreFrom(box: PriceBox, results: FixResult[], a: Exact, b: Exact): CoreModel | undefined {
    const coreCount = results.reduce((s, r) => s + r.coreCount, 0);
    report(`pass ${passes}: ${coreCount} units not fixed by prices μ ∈ [${box.muLo.toPrecision(6)}, ${box.muHi.toPrecision(6)}], λ ∈ [${box.lamLo.toPrecision(6)}, ${box.lamHi.toPrecision(6)}]`);
    if (coreCount > maxCore || results.some((r) => r.core === undefined)) {
      tooWide = { width: box.muHi - box.muLo, count: Math.max(coreCount, maxCore + 1) };
      return undefined;
    }
    const model = makeCore(box, results, results.map((r) => r.core!), [], budget, cap, info!.n);
    for (const e of a === b ? [a] : [a, b]) {
      const t = model.toTotal(model.lagrangian.evaluate(e.mu));
      if (Math.abs(t.recipients - e.recipients) > 1e-6 * Math.max(1, e.recipients)) throw scaleErrors.internal(`core model disagrees at μ ${e.mu}: ${t.recipients} vs ${e.recipients} recipients`);
      coreEvaluations.set(e.mu, model.lagrangian.evaluate(e.mu));
    }
    return model;
  }

  /**
   * Closes a duality gap above mipGap as the in-memory allocate does, on the units it can concern: at the plan's
   * prices (λ, μ) every plan is worth at most the dual L(λ, μ) minus Σ of its units' reduced-value losses, so a
   * plan better than the incumbent z keeps every unit whose other arms all lose ≥ L − z at its best arm. One pass
   * sums the dual, a second fixes those units and collects the others; the in-memory solver (with its own core
   * search) then solves the others under what the fixed units leave of the budget and the cap. Undefined when
   * too many units stay free to hold in memory.
   */
  async function closeGapByFixing(lambda: number, mu: number, z: number): Promise<{ objective: number; bound: number; units: number[]; arms: Int32Array; prices: { lambda: number; mu: number } } | undefined> {
    const sums = (await run(() => ({ kind: 'reduced', lambda, mu, slack: 0, maxCore: 0 }))) as ReducedResult[];
    const dual = sums.reduce((t, r) => t + r.best, 0) + lambda * budget + (Number.isFinite(cap) ? mu * cap : 0);
    const slack = dual - z;
    const results = (await run(() => ({ kind: 'reduced', lambda, mu, slack, maxCore }))) as ReducedResult[];
    const freeCount = results.reduce((t, r) => t + r.freeCount, 0);
    report(`pass ${passes}: ${freeCount} units within the gap ${slack.toPrecision(6)} of their best arm at λ ${lambda.toPrecision(6)}, μ ${mu.toPrecision(6)}`);
    if (freeCount > maxCore || results.some((r) => r.free === undefined)) return undefined;
    const free = mergeRows(results.map((r) => r.free!));
    const fixedValue = results.reduce((t, r) => t + r.value, 0);
    const fixedCost = results.reduce((t, r) => t + r.cost, 0);
    const fixedTreated = results.reduce((t, r) => t + r.treated, 0);
    const m = free.unit.length;
    if (m === 0) return { objective: fixedValue, bound: fixedValue, units: [], arms: new Int32Array(0), prices: { lambda, mu } };
    const K = info!.labels.length;
    const sub = await solveAllocation({
      units: m,
      arms: K,
      values: Float64Array.from(free.values),
      costs: Float64Array.from(free.costs),
      eligible: Uint8Array.from(free.allowed),
      budget: budget - fixedCost,
      ...(Number.isFinite(cap) ? { maxRecipients: cap - fixedTreated } : {}),
      objective: 'value',
    });
    if (sub.status !== 'optimal' && sub.status !== 'within-gap') return undefined;
    // Plans better than z fix the other units, so none is worth more than the fixed units plus the sub-plan's bound.
    return { objective: fixedValue + sub.objective, bound: Math.max(z, fixedValue + sub.bound), units: free.unit, arms: sub.choice, prices: { lambda, mu } };
  }

  // The search ended: make sure the core exists (a search that ended on its first evaluations has none yet).
  const loEnd = end.lo as Exact;
  const hiEnd = end.hi as Exact;
  if (core === undefined) {
    const a = loEnd.critical === undefined ? first : loEnd;
    const b = hiEnd.critical === undefined ? a : hiEnd;
    const box: PriceBox = { muLo: Math.min(a.mu, b.mu), muHi: Math.max(a.mu, b.mu), lamLo: Math.min(a.lambda, b.lambda), lamHi: Math.max(a.lambda, b.lambda) };
    core = await buildCore(box, a, b);
    if (core === undefined) throw scaleErrors.coreTooLarge(maxCore);
  }
  const coreEval = (e: Evaluation): Evaluation => coreEvaluations.get(e.mu) ?? core!.lagrangian.evaluate(e.mu);
  const boundTotal = end.bound;

  // First finish: what the rounded plans leave to fill; then the fixed units the fill could upgrade join the core.
  core.lagrangian.finish(coreEval(end.lo), coreEval(end.hi), boundTotal - core.offset);
  const leftovers = core.lagrangian.leftovers.filter((l) => l.budget >= 0 && l.recipients >= 0);
  let coreModel: CoreModel | undefined = core;
  /** The fill's first `fill` candidates among the fixed units joined to the core, and the plan; undefined when the fill could reach past them. */
  const solveWithCandidates = async (fill: number): Promise<{ final: CoreModel; solution: KnapsackSolution } | undefined> => {
    let extra: UnitRows = { unit: [], values: [], costs: [], allowed: [], arm: [] };
    let minLeftOutCost = Infinity;
    let minLeftOutNew = Infinity;
    if (leftovers.length > 0) {
      const coreSet = coreModel!.units.unit;
      const box = coreModel!.box;
      const results = (await run((s) => ({
        kind: 'candidates',
        box,
        core: coreSet.filter((u) => u >= offsets![s]! && u < offsets![s + 1]!),
        leftovers,
        maxFill: fill,
      }))) as CandidatesResult[];
      // Per leftover, the first `fill` candidates of all shards in the fill's order; the rest must be out of the fill's reach.
      const keep = new Set<number>();
      leftovers.forEach((_, v) => {
        const all: Array<{ unit: number; key: number; dc: number; fromZero: number }> = [];
        for (const r of results) {
          const k = r.keys[v]!;
          minLeftOutCost = Math.min(minLeftOutCost, k.minLeftOutCost);
          minLeftOutNew = Math.min(minLeftOutNew, k.minLeftOutNew);
          k.unit.forEach((u, j) => all.push({ unit: u, key: k.key[j]!, dc: k.dc[j]!, fromZero: k.fromZero[j]! }));
        }
        all.sort((x, y) => y.key - x.key || x.unit - y.unit);
        all.slice(0, fill).forEach((c) => keep.add(c.unit));
        for (const c of all.slice(fill)) {
          if (c.fromZero === 1) minLeftOutNew = Math.min(minLeftOutNew, c.dc);
          else minLeftOutCost = Math.min(minLeftOutCost, c.dc);
        }
      });
      extra = filterRows(mergeRows(results.map((r) => r.units)), keep);
      report(`pass ${passes}: ${extra.unit.length} fixed units the greedy fill could upgrade (budget left ${Math.max(...leftovers.map((l) => l.budget)).toPrecision(6)})`);
    }
    if (coreModel!.units.unit.length + extra.unit.length > maxCore) throw scaleErrors.coreTooLarge(maxCore);
    const final = extra.unit.length === 0 ? coreModel! : makeCore(coreModel!.box, coreModel!.fixed, [coreModel!.units], [extra], budget, cap, info!.n);
    const solution = final.lagrangian.finish(final.lagrangian.evaluate(end.lo.mu), final.lagrangian.evaluate(end.hi.mu), boundTotal - final.offset);
    // Candidates left out of memory must be out of the fill's reach (it takes them in order, so the state after the kept ones decides).
    const budgetAfter = final.lagrangian.budget - solution.cost;
    const recipientsAfter = final.lagrangian.cap - solution.recipients;
    if (budgetAfter >= minLeftOutCost || (recipientsAfter >= 1 && budgetAfter >= minLeftOutNew)) return undefined;
    return { final, solution };
  };
  let solved: { final: CoreModel; solution: KnapsackSolution } | undefined;
  for (let fill = Math.min(maxFill, maxCore); solved === undefined; fill *= 8) {
    if (fill > maxCore) throw scaleErrors.fillTooLarge(maxCore);
    solved = await solveWithCandidates(fill);
  }
  const { solution } = solved;
  let final: CoreModel | undefined = solved.final;
  solved = undefined;
  const planBox = final.box;
  const mipGap = options.mipGap ?? DEFAULT_MIP_GAP;
  const notes: string[] = [];

  // The plan: fixed units from the box, core units from the solution.
  let planUnits = final.units.unit;
  let planArms: ArrayLike<number> = solution.choice;
  let planPrices: { lambda: number; mu: number } | undefined;
  let closedBound = Infinity;
  const incumbent = final.offset + solution.value;
  const lagrangianBound = solution.bound + final.offset;
  if (lagrangianBound - incumbent > mipGap * Math.max(1, Math.abs(lagrangianBound))) {
    const closed = await closeGapByFixing(solution.budgetPrice, solution.recipientPrice, incumbent);
    if (closed !== undefined) {
      closedBound = closed.bound;
      if (closed.objective > incumbent) {
        planUnits = closed.units;
        planArms = closed.arms;
        planPrices = closed.prices;
      }
    }
  }
  // Only the core's arms go on: the core model (up to maxCore units, their hulls and the Lagrangian's arrays) is
  // let go before the plan pass, which holds the most memory (each shard's ids and plan table).
  final = undefined;
  coreModel = undefined;
  core = undefined;
  const byShard = (s: number): PlanRequest => {
    const unit: number[] = [];
    const arm: number[] = [];
    for (let j = 0; j < planUnits.length; j++) {
      const u = planUnits[j]!;
      if (u >= offsets![s]! && u < offsets![s + 1]!) {
        unit.push(u);
        arm.push(planArms[j]!);
      }
    }
    return { box: planBox, unit, arm, ...(planPrices === undefined ? {} : { prices: planPrices }) };
  };
  passes++;
  const totals = await runner.writePlans(byShard, offsets!);
  const K = info!.labels.length;
  const armCounts = new Array<number>(K).fill(0);
  let objective = 0;
  let value = 0;
  let spend = 0;
  let recipients = 0;
  for (const t of totals) {
    objective += t.objective;
    value += t.value;
    spend += t.spend;
    recipients += t.recipients;
    t.armCounts.forEach((c, k) => (armCounts[k]! += c));
  }
  if (spend > budget * (1 + 1e-12) + 1e-9 || recipients > cap) throw scaleErrors.internal(`the plan spends ${spend} of ${budget} with ${recipients} recipients (cap ${cap})`);
  const bound = Math.max(Math.min(lagrangianBound, closedBound), objective);
  const gap = bound - objective;
  const status = gap <= OPTIMAL_GAP * Math.max(1, Math.abs(bound)) ? 'optimal' : 'within-gap';
  if (gap > mipGap * Math.max(1, Math.abs(bound))) notes.push(`the gap is above the allowed ${mipGap}: more units could change than the streaming allocation holds in memory (--max-core), so it keeps the Lagrangian's plan`);
  notes.push(`${passes} passes over ${runner.shardCount} shards; ${planUnits.length} units solved in memory`);
  return {
    status,
    objective,
    bound,
    gap,
    relativeGap: bound === 0 ? 0 : gap / Math.abs(bound),
    value,
    spend,
    recipients,
    armCounts,
    labels: info!.labels,
    units: info!.n,
    passes,
    coreUnits: planUnits.length,
    budgetPrice: solution.budgetPrice,
    recipientPrice: solution.recipientPrice,
    notes,
  };
}

/** The core in memory and the fixed units as sums. */
interface CoreModel {
  readonly box: PriceBox;
  readonly fixed: FixResult[];
  readonly units: UnitRows;
  readonly lagrangian: CapLagrangian;
  /** Σ arm-0 value and extra value of the fixed units: the core's dual plus this is the whole dual. */
  readonly offset: number;
  /** Recipients of the fixed units. */
  readonly treated: number;
  toTotal(e: Evaluation): Evaluation;
}

/** The core model: `core` (units already undecided) and `more` (fixed units that join it, their sums taken out of the fixed ones). */
function makeCore(box: PriceBox, fixedWithRows: FixResult[], core: UnitRows[], more: UnitRows[], budget: number, cap: number, n: number): CoreModel {
  const units = mergeRows([...core, ...more]);
  // Only the sums of the fixed units are kept: their undecided rows live on in `units` (about 120 MB at 2^20 units).
  const fixed = fixedWithRows.map((f) => ({ ...f, core: undefined }));
  let v0 = 0;
  let c0 = 0;
  let gain = 0;
  let treated = 0;
  let extraCost = 0;
  for (const f of fixed) {
    v0 += f.v0;
    c0 += f.c0;
    gain += f.gain;
    treated += f.treated;
    extraCost += f.extraCost;
  }
  // Fill candidates move from the fixed sums into the core.
  const K = units.unit.length === 0 ? 1 : units.values.length / units.unit.length;
  for (const rows of more) {
    for (let j = 0; j < rows.unit.length; j++) {
      const a = rows.arm![j]!;
      v0 -= rows.values[j * K]!;
      c0 -= rows.costs[j * K]!;
      if (a !== 0) {
        gain -= rows.values[j * K + a]! - rows.values[j * K]!;
        extraCost -= rows.costs[j * K + a]! - rows.costs[j * K]!;
        treated--;
      }
    }
  }
  const m = units.unit.length;
  const allowed = Uint8Array.from(units.allowed);
  const input: KnapsackInput = {
    n: m,
    arms: K,
    values: Float64Array.from(units.values),
    costs: Float64Array.from(units.costs),
    allowed: allowed.every((x) => x === 1) ? undefined : allowed,
  };
  const capCore = cap === Infinity || cap >= n ? Infinity : cap - treated;
  const lagrangian = new CapLagrangian(input, budget - c0 - extraCost, capCore);
  const offset = v0 + gain;
  return {
    box,
    fixed,
    units,
    lagrangian,
    offset,
    treated,
    toTotal(e: Evaluation): Evaluation {
      const penalized = e.penalized + offset - e.mu * treated;
      return { mu: e.mu, lambda: e.lambda, penalized, recipients: e.recipients + treated, dual: (e.mu === 0 ? 0 : e.mu * cap) + penalized };
    },
  };
}

/** The rows of the given units only. */
function filterRows(rows: UnitRows, keep: ReadonlySet<number>): UnitRows {
  const K = rows.unit.length === 0 ? 1 : rows.values.length / rows.unit.length;
  const out = { unit: [] as number[], values: [] as number[], costs: [] as number[], allowed: [] as number[], arm: [] as number[] };
  rows.unit.forEach((u, j) => {
    if (!keep.has(u)) return;
    out.unit.push(u);
    out.arm.push(rows.arm![j]!);
    for (let k = 0; k < K; k++) {
      out.values.push(rows.values[j * K + k]!);
      out.costs.push(rows.costs[j * K + k]!);
      out.allowed.push(rows.allowed[j * K + k]!);
    }
  });
  return out;
}

/** Rows of several results as one list, sorted by global unit index. */
function mergeRows(parts: readonly UnitRows[]): UnitRows {
  const withUnits = parts.find((p) => p.unit.length > 0);
  const K = withUnits === undefined ? 1 : withUnits.values.length / withUnits.unit.length;
  const total = parts.reduce((s, p) => s + p.unit.length, 0);
  const partOf = new Int32Array(total);
  const rowOf = new Int32Array(total);
  const unitOf = new Float64Array(total);
  let at = 0;
  parts.forEach((p, q) => {
    for (let j = 0; j < p.unit.length; j++, at++) {
      partOf[at] = q;
      rowOf[at] = j;
      unitOf[at] = p.unit[j]!;
    }
  });
  const order = Array.from({ length: total }, (_, x) => x);
  // Parts come in shard order already when there is one per shard; sort only when needed.
  let sorted = true;
  for (let x = 1; x < total && sorted; x++) sorted = unitOf[x - 1]! < unitOf[x]!;
  if (!sorted) order.sort((x, y) => unitOf[x]! - unitOf[y]!);
  const out = { unit: new Array<number>(total), values: new Array<number>(total * K), costs: new Array<number>(total * K), allowed: new Array<number>(total * K), arm: new Array<number>(total) };
  for (let t = 0; t < total; t++) {
    const x = order[t]!;
    const part = parts[partOf[x]!]!;
    const j = rowOf[x]!;
    out.unit[t] = unitOf[x]!;
    out.arm[t] = part.arm?.[j] ?? 0;
    for (let k = 0; k < K; k++) {
      out.values[t * K + k] = part.values[j * K + k]!;
      out.costs[t * K + k] = part.costs[j * K + k]!;
      out.allowed[t * K + k] = part.allowed[j * K + k]!;
    }
  }
  return out;
}

interface Histogram {
  info: { n: number; labels: readonly string[]; baseValue: number; baseCost: number; maxGain: number };
  offsets: number[];
  totalCost: number;
  positive: { cost: number; gain: number; first: number };
  count: Float64Array;
  cost: Float64Array;
  gain: Float64Array;
  first: Float64Array;
}

/** Sums the shards' histograms (in shard order) and checks that they agree on the arms. */
function combineHistograms(results: readonly HistogramResult[]): Histogram {
  const count = new Float64Array(65536);
  const cost = new Float64Array(65536);
  const gain = new Float64Array(65536);
  const first = new Float64Array(65536);
  const offsets = [0];
  let n = 0;
  let baseValue = 0;
  let baseCost = 0;
  let maxGain = 0;
  let totalCost = 0;
  const positive = { cost: 0, gain: 0, first: 0 };
  const labels = results[0]!.labels;
  results.forEach((r, s) => {
    if (r.labels.length !== labels.length || r.labels.some((l, k) => l !== labels[k])) throw scaleErrors.armsDiffer(s, labels, r.labels);
    n += r.n;
    offsets.push(n);
    baseValue += r.baseValue;
    baseCost += r.baseCost;
    maxGain = Math.max(maxGain, r.maxGain);
    totalCost += r.totalCost;
    positive.cost += r.positive.cost;
    positive.gain += r.positive.gain;
    positive.first += r.positive.first;
    for (let j = 0; j < r.digit.length; j++) {
      const d = r.digit[j]!;
      count[d]! += r.count[j]!;
      cost[d]! += r.cost[j]!;
      gain[d]! += r.gain[j]!;
      first[d]! += r.first[j]!;
    }
  });
  return { info: { n, labels, baseValue, baseCost, maxGain }, offsets, totalCost, positive, count, cost, gain, first };
}

/** The bucket where the running cost (by decreasing ratio) first exceeds what is available; adds the buckets before it to `above`. */
function criticalBucket(hist: Histogram, above: { cost: number; gain: number; first: number }, available: number): { digit: number; count: number } {
  let last = -1;
  for (let d = 0; d < 65536; d++) {
    if (hist.count[d] === 0) continue;
    last = d;
    if (above.cost + hist.cost[d]! > available) return { digit: d, count: hist.count[d]! };
    above.cost += hist.cost[d]!;
    above.gain += hist.gain[d]!;
    above.first += hist.first[d]!;
  }
  // Round-off put the whole prefix under the budget although the total is over: the last bucket holds the critical step.
  above.cost -= hist.cost[last]!;
  above.gain -= hist.gain[last]!;
  above.first -= hist.first[last]!;
  return { digit: last, count: hist.count[last]! };
}

/** The bucket one digit below a prefix. */
function extend(prefix: Prefix, digit: number): Prefix {
  switch (prefix.level) {
    case 0:
      return { level: 0, hi: (digit << 16) >>> 0, lo: 0 };
    case 1:
      return { level: 1, hi: ((prefix.hi & 0xffff0000) | digit) >>> 0, lo: 0 };
    case 2:
      return { level: 2, hi: prefix.hi, lo: (digit << 16) >>> 0 };
    default:
      return { level: 3, hi: prefix.hi, lo: ((prefix.lo & 0xffff0000) | digit) >>> 0 };
  }
}

function combineCollected(results: readonly CollectResult[]): CollectResult {
  const out: CollectResult = { kind: 'collect', unit: [], seq: [], ratio: [], cost: [], gain: [], first: [] };
  for (const r of results) {
    for (let j = 0; j < r.unit.length; j++) {
      out.unit.push(r.unit[j]!);
      out.seq.push(r.seq[j]!);
      out.ratio.push(r.ratio[j]!);
      out.cost.push(r.cost[j]!);
      out.gain.push(r.gain[j]!);
      out.first.push(r.first[j]!);
    }
  }
  return out;
}

/**
 * The sweep of solvers/knapsack/lagrangian.ts on the critical bucket: λ is the ratio
 * at which the running cost first exceeds what is available; steps above it
 * are taken whole, ties in unit order while they fit, the first that does
 * not fit in part.
 */
function exactFromBucket(
  mu: number,
  c: CollectResult,
  above: { cost: number; gain: number; first: number },
  available: number,
  baseValue: number,
  cap: number,
): Exact {
  const order = c.ratio.map((_, j) => j).sort((x, y) => c.ratio[y]! - c.ratio[x]! || c.unit[x]! - c.unit[y]! || c.seq[x]! - c.seq[y]!);
  let weightAbove = above.cost;
  let gain = above.gain;
  let first = above.first;
  let lambda = Number.NaN;
  let start = 0;
  while (start < order.length) {
    const r = c.ratio[order[start]!]!;
    let end = start;
    let w = 0;
    let g = 0;
    let f = 0;
    while (end < order.length && c.ratio[order[end]!] === r) {
      w += c.cost[order[end]!]!;
      g += c.gain[order[end]!]!;
      f += c.first[order[end]!]!;
      end++;
    }
    if (weightAbove + w > available || end === order.length) {
      lambda = r;
      break;
    }
    weightAbove += w;
    gain += g;
    first += f;
    start = end;
  }
  let tieLeft = available - weightAbove;
  let penalized = baseValue + gain;
  let recipients = first;
  for (let j = start; j < order.length; j++) {
    const x = order[j]!;
    if (c.ratio[x] !== lambda || !(tieLeft > 0)) break;
    const dc = c.cost[x]!;
    const fraction = dc <= tieLeft ? 1 : tieLeft / dc;
    tieLeft = fraction === 1 ? tieLeft - dc : 0;
    penalized += fraction * c.gain[x]!;
    recipients += fraction * c.first[x]!;
  }
  return { mu, lambda, penalized, recipients, dual: (mu === 0 ? 0 : mu * cap) + penalized, critical: true };
}

/**
 * The dual at μ from a window pass, as exactFromBucket computes it from a collect pass, when the budget's
 * critical ratio lies in the window: everything above it fits, and it with the window does not. Undefined
 * when it does not (the sample's guess missed) or the window held too many steps.
 */
function exactFromWindow(mu: number, results: readonly WindowResult[], available: number, baseValue: number, cap: number, maxCore: number): Exact | undefined {
  let totalCost = 0;
  const positive = { cost: 0, gain: 0, first: 0 };
  const above = { cost: 0, gain: 0, first: 0 };
  let windowCost = 0;
  let count = 0;
  for (const r of results) {
    totalCost += r.totalCost;
    positive.cost += r.positive.cost;
    positive.gain += r.positive.gain;
    positive.first += r.positive.first;
    above.cost += r.above.cost;
    above.gain += r.above.gain;
    above.first += r.above.first;
    windowCost += r.windowCost;
    count += r.count;
  }
  if (totalCost <= available) {
    const penalized = baseValue + positive.gain;
    return { mu, lambda: 0, penalized, recipients: positive.first, dual: (mu === 0 ? 0 : mu * cap) + penalized, critical: false };
  }
  if (count > maxCore || results.some((r) => r.steps === undefined)) return undefined;
  if (!(above.cost <= available && above.cost + windowCost > available)) return undefined;
  return exactFromBucket(mu, combineCollected(results.map((r) => r.steps!)), above, available, baseValue, cap);
}
