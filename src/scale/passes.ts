/**
 * What one pass of the streaming allocation computes on one shard. Every
 * function here reads one shard's units (solvers/knapsack/lagrangian.ts ActiveSteps,
 * the in-memory Lagrangian's own pricing) and returns small sums or a few
 * units, as plain JSON, so a pass runs the same in this process or in a
 * worker on another machine:
 *
 *  - histogram: at a recipient price μ, Σ cost, value, recipients and count
 *    of the active hull steps per bucket of their value-per-cost ratio (16
 *    bits of its order-preserving bit pattern per level, within the bucket
 *    chosen at the level above), to find the budget's critical ratio λ(μ);
 *  - collect: the steps of the critical bucket, to place λ exactly;
 *  - fix: on a box of prices (μ and λ ranges), the units whose choice is the
 *    same, strictly, everywhere in the box (their sums), and the others (the
 *    core, kept whole);
 *  - candidates: fixed units the greedy fill could upgrade with what the
 *    rounding left of the budget;
 *  - reduced: at the plan's prices (λ, μ), each unit's best arm by reduced
 *    value (value − λ·cost − μ·treated), and the units with another arm
 *    within `slack` of it (kept whole): a plan better than the Lagrangian's
 *    by less than the duality gap can change only those (reduced-cost fixing);
 *  - sample: every `stride`-th unit in the global unit order, kept whole:
 *    the coordinator prices the sample in memory to guess where λ(μ) lies
 *    and how many units a box leaves undecided (sample.ts);
 *  - window: at μ, the sums of the active steps above a window of ratios
 *    [lamLo, lamHi] and the steps inside it, so one pass places λ(μ) exactly
 *    when the sample's guess holds (else the histogram passes do);
 *  - multi: several of the above in one read of the shard (fused passes);
 *  - plan: each unit's arm (a fixed unit's from the box, or its best arm at
 *    the prices, a core unit's as given), written as the shard's plan file.
 */
import type { z as zt } from 'zod';
// The one copy of zod (util/schema.ts); job payloads are validated on every use.
import { zod } from '../util/schema.js';
import { ActiveSteps, type ActiveScratch } from '../../solvers/knapsack/lagrangian.js';
import { isAllowed } from '../../solvers/knapsack/hulls.js';
import type { AllocationShard } from './shard.js';

const z = zod();

/** 16-bit digit `level` (0 = most significant) of the descending-order key of a ratio, and the prefix above it. */
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The two 32-bit halves of the last key computed (module state, so the hot loops allocate nothing). */
let keyHi = 0;
let keyLo = 0;

/** The two 32-bit halves of a key that sorts ratios from largest to smallest. */
export function descendingKey(ratio: number): [number, number] {
  setKey(ratio);
  return [keyHi, keyLo];
}

function setKey(ratio: number): void {
  scratch[0] = ratio;
  let hi = words[LITTLE ? 1 : 0]!;
  let lo = words[LITTLE ? 0 : 1]!;
  // Ascending order of doubles: flip every bit of negatives, only the sign bit of the rest; then invert for descending.
  if (hi & 0x80000000) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  } else {
    hi = (hi | 0x80000000) >>> 0;
  }
  keyHi = ~hi >>> 0;
  keyLo = ~lo >>> 0;
}

export const prefixSchema = z.strictObject({
  level: z.number().int().min(0).max(3),
  /** The key's high 32 bits agreed on so far (levels 1–3), and its low 32 bits (level 3). */
  hi: z.number().int().min(0).max(0xffffffff),
  lo: z.number().int().min(0).max(0xffffffff),
});
export type Prefix = zt.infer<typeof prefixSchema>;

/** The digit of a key at a level when the key is inside the prefix, else −1. */
function digitWithin(hi: number, lo: number, p: Prefix): number {
  switch (p.level) {
    case 0:
      return hi >>> 16;
    case 1:
      return hi >>> 16 === p.hi >>> 16 ? hi & 0xffff : -1;
    case 2:
      return hi === p.hi ? lo >>> 16 : -1;
    default:
      return hi === p.hi && lo >>> 16 === p.lo >>> 16 ? lo & 0xffff : -1;
  }
}

/** A number, ±Infinity included (prices and leftovers may be infinite; NaN is not a number here). */
export const anyNumber = z.custom<number>((v) => typeof v === 'number' && !Number.isNaN(v), 'expected a number');

export const boxSchema = z.strictObject({
  muLo: anyNumber,
  muHi: anyNumber,
  lamLo: anyNumber,
  lamHi: anyNumber,
});
export type PriceBox = zt.infer<typeof boxSchema>;

const singlePassSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('histogram'), mu: anyNumber, prefix: prefixSchema }),
  z.strictObject({ kind: z.literal('collect'), mu: anyNumber, prefix: prefixSchema }),
  z.strictObject({ kind: z.literal('fix'), box: boxSchema, maxCore: z.number().int().min(0) }),
  z.strictObject({
    kind: z.literal('candidates'),
    box: boxSchema,
    core: z.array(z.number().int().min(0)),
    leftovers: z.array(z.strictObject({ budget: anyNumber, recipients: anyNumber })).min(1).max(2),
    maxFill: z.number().int().min(1),
  }),
  z.strictObject({ kind: z.literal('reduced'), lambda: anyNumber, mu: anyNumber, slack: anyNumber, maxCore: z.number().int().min(0) }),
  z.strictObject({ kind: z.literal('sample'), stride: z.number().int().min(1) }),
  z.strictObject({ kind: z.literal('window'), mu: anyNumber, lamLo: anyNumber, lamHi: anyNumber, maxCore: z.number().int().min(0) }),
]);
export type SinglePassRequest = zt.infer<typeof singlePassSchema>;

export const passRequestSchema = z.union([singlePassSchema, z.strictObject({ kind: z.literal('multi'), requests: z.array(singlePassSchema).min(1).max(8) })]);
export type PassRequest = zt.infer<typeof passRequestSchema>;

export interface HistogramResult {
  readonly kind: 'histogram';
  readonly n: number;
  readonly labels: readonly string[];
  readonly baseValue: number;
  readonly baseCost: number;
  readonly maxGain: number;
  /** Σ cost of every active step (all fit in the budget when this does). */
  readonly totalCost: number;
  /** Sums over the steps with a ratio > 0 (what is taken when everything fits). */
  readonly positive: { readonly cost: number; readonly gain: number; readonly first: number };
  /** Non-empty buckets in increasing digit order (decreasing ratio). */
  readonly digit: number[];
  readonly count: number[];
  readonly cost: number[];
  readonly gain: number[];
  readonly first: number[];
}

export interface CollectResult {
  readonly kind: 'collect';
  /** Global unit index, position among the unit's active steps, and the step's numbers. */
  readonly unit: number[];
  readonly seq: number[];
  readonly ratio: number[];
  readonly cost: number[];
  readonly gain: number[];
  readonly first: number[];
}

/** Units kept whole: global index, and K objective values, costs and allowed flags each. */
export interface UnitRows {
  readonly unit: number[];
  readonly values: number[];
  readonly costs: number[];
  readonly allowed: number[];
  /** The arm a fixed unit has in the box (candidates only). */
  readonly arm?: number[];
}

export interface FixResult {
  readonly kind: 'fix';
  /** Over fixed units: Σ arm-0 value and cost, and over the treated ones Σ extra value, count and Σ extra cost. */
  readonly v0: number;
  readonly c0: number;
  readonly gain: number;
  readonly treated: number;
  readonly extraCost: number;
  readonly coreCount: number;
  /** Undefined when the core has more than maxCore units. */
  readonly core: UnitRows | undefined;
}

export interface CandidatesResult {
  readonly kind: 'candidates';
  readonly units: UnitRows;
  /** Per leftover: the fill's order keys of the candidates kept (largest first), and the least extra cost among those left out. */
  readonly keys: Array<{ unit: number[]; key: number[]; dc: number[]; fromZero: number[]; minLeftOutCost: number; minLeftOutNew: number }>;
}

export interface ReducedResult {
  readonly kind: 'reduced';
  /** Σ over units of the best reduced value (the dual's unit part). */
  readonly best: number;
  /** Over the units fixed at their best arm: Σ objective value, Σ cost, and how many are treated. */
  readonly value: number;
  readonly cost: number;
  readonly treated: number;
  readonly freeCount: number;
  /** The units with another arm within the slack; undefined when more than maxCore. */
  readonly free: UnitRows | undefined;
}

export interface SampleResult {
  readonly kind: 'sample';
  readonly rows: UnitRows;
}

export interface WindowResult {
  readonly kind: 'window';
  /** Σ cost of every active step, and sums over the steps with a ratio > 0, as in HistogramResult. */
  readonly totalCost: number;
  readonly positive: { readonly cost: number; readonly gain: number; readonly first: number };
  /** Sums over the steps with a ratio above lamHi. */
  readonly above: { readonly cost: number; readonly gain: number; readonly first: number };
  /** Σ cost over the steps in [lamLo, lamHi], and how many there are. */
  readonly windowCost: number;
  readonly count: number;
  /** Those steps; undefined when more than maxCore. */
  readonly steps: CollectResult | undefined;
}

export interface MultiResult {
  readonly kind: 'multi';
  readonly results: SinglePassResult[];
}

export type SinglePassResult = HistogramResult | CollectResult | FixResult | CandidatesResult | ReducedResult | SampleResult | WindowResult;
export type PassResult = SinglePassResult | MultiResult;

/** A shard's units with their hull steps, built once per shard per job. */
export interface ShardContext {
  readonly shard: AllocationShard;
  readonly steps: ActiveSteps;
  /** Global index of the shard's first unit. */
  readonly offset: number;
}

/** `scratch`: buffers shared by the shards of one thread, which runs one pass on one shard at a time. */
export function shardContext(shard: AllocationShard, offset: number, scratch?: ActiveScratch): ShardContext {
  return { shard, steps: new ActiveSteps(shard.input, scratch), offset };
}

/** Runs one pass request on one shard. */
export function runPass(ctx: ShardContext, request: PassRequest): PassResult {
  if (request.kind === 'multi') return { kind: 'multi', results: request.requests.map((r) => runSingle(ctx, r)) };
  return runSingle(ctx, request);
}

function runSingle(ctx: ShardContext, request: SinglePassRequest): SinglePassResult {
  switch (request.kind) {
    case 'histogram':
      return histogram(ctx, request.mu, request.prefix);
    case 'collect':
      return collect(ctx, request.mu, request.prefix);
    case 'fix':
      return fix(ctx, request.box, request.maxCore);
    case 'candidates':
      return candidates(ctx, request.box, new Set(request.core), request.leftovers, request.maxFill);
    case 'reduced':
      return reduced(ctx, request.lambda, request.mu, request.slack, request.maxCore);
    case 'sample':
      return sample(ctx, request.stride);
    case 'window':
      return window(ctx, request.mu, request.lamLo, request.lamHi, request.maxCore);
  }
}

/** Every `stride`-th unit of the global order (global index ≡ 0 mod stride), whatever the sharding. */
function sample(ctx: ShardContext, stride: number): SampleResult {
  const { offset, shard } = ctx;
  const rows = { unit: [] as number[], values: [] as number[], costs: [] as number[], allowed: [] as number[] };
  for (let i = (stride - (offset % stride)) % stride; i < shard.n; i += stride) pushRows(rows, shard, i, offset);
  return { kind: 'sample', rows };
}

function window(ctx: ShardContext, mu: number, lamLo: number, lamHi: number, maxCore: number): WindowResult {
  const { steps, offset } = ctx;
  const m = steps.activate(mu);
  const { actRatio, actCost, actGain, actFirst, actUnit } = steps;
  let totalCost = 0;
  let pCost = 0;
  let pGain = 0;
  let pFirst = 0;
  let aCost = 0;
  let aGain = 0;
  let aFirst = 0;
  let windowCost = 0;
  let count = 0;
  let out: CollectResult | undefined = { kind: 'collect', unit: [], seq: [], ratio: [], cost: [], gain: [], first: [] };
  let lastUnit = -1;
  let seq = 0;
  for (let j = 0; j < m; j++) {
    const r = actRatio[j]!;
    const u = actUnit[j]!;
    seq = u === lastUnit ? seq + 1 : 0;
    lastUnit = u;
    totalCost += actCost[j]!;
    if (r > 0) {
      pCost += actCost[j]!;
      pGain += actGain[j]!;
      pFirst += actFirst[j]!;
    }
    if (r > lamHi) {
      aCost += actCost[j]!;
      aGain += actGain[j]!;
      aFirst += actFirst[j]!;
    } else if (r >= lamLo) {
      windowCost += actCost[j]!;
      count++;
      if (count > maxCore) out = undefined;
      if (out === undefined) continue;
      out.unit.push(offset + u);
      out.seq.push(seq);
      out.ratio.push(r);
      out.cost.push(actCost[j]!);
      out.gain.push(actGain[j]!);
      out.first.push(actFirst[j]!);
    }
  }
  return {
    kind: 'window',
    totalCost,
    positive: { cost: pCost, gain: pGain, first: pFirst },
    above: { cost: aCost, gain: aGain, first: aFirst },
    windowCost,
    count,
    steps: out,
  };
}

/** The unit's best arm at prices (λ, μ): the largest reduced value, the first arm on ties. */
export function bestArmAt(input: AllocationShard['input'], i: number, lambda: number, mu: number): number {
  const K = input.arms;
  let best = 0;
  let top = input.values[i * K]! - lambda * input.costs[i * K]!;
  for (let k = 1; k < K; k++) {
    if (!isAllowed(input, i, k)) continue;
    const r = input.values[i * K + k]! - lambda * input.costs[i * K + k]! - mu;
    if (r > top) {
      top = r;
      best = k;
    }
  }
  return best;
}

function reduced(ctx: ShardContext, lambda: number, mu: number, slack: number, maxCore: number): ReducedResult {
  const { offset, shard } = ctx;
  const input = shard.input;
  const { n, arms: K } = input;
  let best = 0;
  let value = 0;
  let cost = 0;
  let treated = 0;
  let freeCount = 0;
  const free: { unit: number[]; values: number[]; costs: number[]; allowed: number[] } = { unit: [], values: [], costs: [], allowed: [] };
  for (let i = 0; i < n; i++) {
    const b = bestArmAt(input, i, lambda, mu);
    const rb = input.values[i * K + b]! - lambda * input.costs[i * K + b]! - (b === 0 ? 0 : mu);
    best += rb;
    let close = false;
    for (let k = 0; k < K && !close; k++) {
      if (k === b || !isAllowed(input, i, k)) continue;
      close = rb - (input.values[i * K + k]! - lambda * input.costs[i * K + k]! - (k === 0 ? 0 : mu)) < slack;
    }
    if (close) {
      freeCount++;
      if (freeCount <= maxCore) pushRows(free, shard, i, offset);
      continue;
    }
    value += input.values[i * K + b]!;
    cost += input.costs[i * K + b]!;
    if (b !== 0) treated++;
  }
  return { kind: 'reduced', best, value, cost, treated, freeCount, free: freeCount <= maxCore ? free : undefined };
}

function histogram(ctx: ShardContext, mu: number, prefix: Prefix): HistogramResult {
  const { steps } = ctx;
  const m = steps.activate(mu);
  const { actRatio, actCost, actGain, actFirst } = steps;
  const count = new Float64Array(65536);
  const cost = new Float64Array(65536);
  const gain = new Float64Array(65536);
  const first = new Float64Array(65536);
  let totalCost = 0;
  let pCost = 0;
  let pGain = 0;
  let pFirst = 0;
  for (let j = 0; j < m; j++) {
    const r = actRatio[j]!;
    totalCost += actCost[j]!;
    if (r > 0) {
      pCost += actCost[j]!;
      pGain += actGain[j]!;
      pFirst += actFirst[j]!;
    }
    setKey(r);
    const d = digitWithin(keyHi, keyLo, prefix);
    if (d < 0) continue;
    count[d]!++;
    cost[d]! += actCost[j]!;
    gain[d]! += actGain[j]!;
    first[d]! += actFirst[j]!;
  }
  const out: HistogramResult = {
    kind: 'histogram',
    n: ctx.shard.n,
    labels: ctx.shard.labels,
    baseValue: steps.baseValue,
    baseCost: steps.baseCost,
    maxGain: steps.maxGain,
    totalCost,
    positive: { cost: pCost, gain: pGain, first: pFirst },
    digit: [],
    count: [],
    cost: [],
    gain: [],
    first: [],
  };
  for (let d = 0; d < 65536; d++) {
    if (count[d] === 0) continue;
    out.digit.push(d);
    out.count.push(count[d]!);
    out.cost.push(cost[d]!);
    out.gain.push(gain[d]!);
    out.first.push(first[d]!);
  }
  return out;
}

/** The steps inside a prefix one level below the histogram's: the critical bucket. */
function collect(ctx: ShardContext, mu: number, prefix: Prefix): CollectResult {
  const { steps, offset } = ctx;
  const m = steps.activate(mu);
  const { actRatio, actCost, actGain, actFirst, actUnit } = steps;
  const out: CollectResult = { kind: 'collect', unit: [], seq: [], ratio: [], cost: [], gain: [], first: [] };
  let lastUnit = -1;
  let seq = 0;
  for (let j = 0; j < m; j++) {
    const u = actUnit[j]!;
    seq = u === lastUnit ? seq + 1 : 0;
    lastUnit = u;
    setKey(actRatio[j]!);
    if (!insidePrefix(keyHi, keyLo, prefix)) continue;
    out.unit.push(offset + u);
    out.seq.push(seq);
    out.ratio.push(actRatio[j]!);
    out.cost.push(actCost[j]!);
    out.gain.push(actGain[j]!);
    out.first.push(actFirst[j]!);
  }
  return out;
}

/** True when a key lies in the bucket a prefix names (all of its digits down to and including `level`). */
export function insidePrefix(hi: number, lo: number, p: Prefix): boolean {
  switch (p.level) {
    case 0:
      return hi >>> 16 === p.hi >>> 16;
    case 1:
      return hi === p.hi;
    case 2:
      return hi === p.hi && lo >>> 16 === p.lo >>> 16;
    default:
      return hi === p.hi && lo === p.lo;
  }
}

/**
 * A unit's choice in the box: the hull point (−1 = arm 0) that is strictly
 * best at all four corners, or −2 when no point is (the unit joins the core).
 * Each point's worth g − μ − λ·c is linear in (μ, λ), so best at the corners
 * means best in the whole box.
 */
export function boxChoice(steps: ActiveSteps, i: number, box: PriceBox): number {
  const p0 = steps.pointStart[i]!;
  const p1 = steps.pointStart[i + 1]!;
  if (p0 === p1) return -1;
  let scale = Math.abs(box.muHi) + Math.abs(box.muLo);
  for (let p = p0; p < p1; p++) scale = Math.max(scale, Math.abs(steps.pointGain[p]!) + Math.max(Math.abs(box.lamLo), Math.abs(box.lamHi)) * steps.pointCost[p]!);
  // Units this close to a tie are left to the exact in-memory comparisons of the core.
  const tol = 1e-9 * (scale + 1e-300);
  let choice = -3;
  for (let corner = 0; corner < 4; corner++) {
    const mu = corner & 1 ? box.muHi : box.muLo;
    const lambda = corner & 2 ? box.lamHi : box.lamLo;
    let best = -1;
    let bestWorth = 0;
    let second = -Infinity;
    for (let p = p0; p < p1; p++) {
      const w = steps.pointGain[p]! - mu - lambda * steps.pointCost[p]!;
      if (w > bestWorth) {
        second = bestWorth;
        bestWorth = w;
        best = p;
      } else if (w > second) second = w;
    }
    if (!(bestWorth - second > tol)) return -2;
    if (choice === -3) choice = best;
    else if (choice !== best) return -2;
  }
  return choice;
}

function fix(ctx: ShardContext, box: PriceBox, maxCore: number): FixResult {
  const { steps, offset, shard } = ctx;
  const { n, arms: K, values, costs } = shard.input;
  let v0 = 0;
  let c0 = 0;
  let gain = 0;
  let treated = 0;
  let extraCost = 0;
  let coreCount = 0;
  let core: { unit: number[]; values: number[]; costs: number[]; allowed: number[] } | undefined = { unit: [], values: [], costs: [], allowed: [] };
  for (let i = 0; i < n; i++) {
    const p = boxChoice(steps, i, box);
    if (p === -2) {
      coreCount++;
      if (core !== undefined && coreCount > maxCore) core = undefined;
      if (core !== undefined) pushRows(core, shard, i, offset);
      continue;
    }
    v0 += values[i * K]!;
    c0 += costs[i * K]!;
    if (p >= 0) {
      gain += steps.pointGain[p]!;
      extraCost += steps.pointCost[p]!;
      treated++;
    }
  }
  return { kind: 'fix', v0, c0, gain, treated, extraCost, coreCount, core };
}

function pushRows(rows: { unit: number[]; values: number[]; costs: number[]; allowed: number[] }, shard: AllocationShard, i: number, offset: number): void {
  const K = shard.input.arms;
  rows.unit.push(offset + i);
  for (let k = 0; k < K; k++) {
    rows.values.push(shard.input.values[i * K + k]!);
    rows.costs.push(shard.input.costs[i * K + k]!);
    rows.allowed.push(isAllowed(shard.input, i, k) ? 1 : 0);
  }
}

/** The arm a fixed unit has in the box. */
export function fixedArm(steps: ActiveSteps, i: number, box: PriceBox): number {
  const p = boxChoice(steps, i, box);
  return p < 0 ? 0 : steps.pointArm[p]!;
}

/**
 * Fixed units the greedy fill (solvers/knapsack/hulls.ts fillGreedy) could upgrade
 * with what a rounded plan left: an allowed treated arm worth more than the
 * unit's arm that costs at most the budget left more (and a recipient to
 * spare when the unit is on arm 0). For each leftover, the `maxFill` first in
 * the fill's order (extra value per extra cost, then unit order), and the
 * least extra cost among the rest (the fill cannot reach them if less budget
 * than that is left).
 */
function candidates(ctx: ShardContext, box: PriceBox, core: Set<number>, leftovers: ReadonlyArray<{ budget: number; recipients: number }>, maxFill: number): CandidatesResult {
  const { steps, offset, shard } = ctx;
  const { n, arms: K, values, costs } = shard.input;
  const found = leftovers.map(() => ({ unit: [] as number[], key: [] as number[], dc: [] as number[], arm: [] as number[] }));
  for (let i = 0; i < n; i++) {
    if (core.has(offset + i)) continue;
    const cur = fixedArm(steps, i, box);
    const cc = costs[i * K + cur]!;
    const cv = values[i * K + cur]!;
    leftovers.forEach((left, v) => {
      if (cur === 0 && left.recipients < 1) return;
      // As fillGreedy: the most extra value that fits, the cheaper of equals.
      let best = -1;
      let bestGain = 0;
      let bestDc = 0;
      for (let k = 1; k < K; k++) {
        if (k === cur || !isAllowed(shard.input, i, k)) continue;
        const dc = costs[i * K + k]! - cc;
        const gain = values[i * K + k]! - cv;
        if (dc > left.budget || gain <= 0) continue;
        if (gain > bestGain || (gain === bestGain && dc < bestDc)) {
          best = k;
          bestGain = gain;
          bestDc = dc;
        }
      }
      if (best < 0) return;
      found[v]!.unit.push(i);
      found[v]!.key.push(bestDc > 0 ? bestGain / bestDc : Infinity);
      found[v]!.dc.push(bestDc);
      found[v]!.arm.push(cur);
    });
  }
  const rows = { unit: [] as number[], values: [] as number[], costs: [] as number[], allowed: [] as number[], arm: [] as number[] };
  const chosen = new Map<number, number>();
  const keys = found.map((f) => {
    const order = f.key.map((_, j) => j).sort((x, y) => f.key[y]! - f.key[x]! || f.unit[x]! - f.unit[y]!);
    // Left-out upgrades of treated units, and of untreated ones (these also need a recipient to spare).
    let minLeftOutCost = Infinity;
    let minLeftOutNew = Infinity;
    for (let j = maxFill; j < order.length; j++) {
      if (f.arm[order[j]!] === 0) minLeftOutNew = Math.min(minLeftOutNew, f.dc[order[j]!]!);
      else minLeftOutCost = Math.min(minLeftOutCost, f.dc[order[j]!]!);
    }
    const kept = order.slice(0, maxFill);
    for (const j of kept) chosen.set(f.unit[j]!, f.arm[j]!);
    return { unit: kept.map((j) => offset + f.unit[j]!), key: kept.map((j) => f.key[j]!), dc: kept.map((j) => f.dc[j]!), fromZero: kept.map((j) => (f.arm[j] === 0 ? 1 : 0)), minLeftOutCost, minLeftOutNew };
  });
  for (const i of [...chosen.keys()].sort((a, b) => a - b)) {
    pushRows(rows, shard, i, offset);
    rows.arm.push(chosen.get(i)!);
  }
  return { kind: 'candidates', units: rows, keys };
}
