/**
 * Exact feature bundling for histogram building.
 *
 * Campaign data is full of one-hot and 0/1 columns. Each such column costs a
 * full pass of histogram updates per node although it has two or three bins.
 * Here features with few distinct codes are packed into bundles whose joint
 * code (the combination of its members' codes, numbered densely) still fits
 * in a byte: one histogram update per row then covers the whole bundle, and
 * each member's own histogram is the marginal of the bundle's joint histogram
 * (a sum over at most 256 slots). Nothing is approximated: unlike LightGBM's
 * exclusive feature bundling no conflicts are allowed, every combination
 * keeps its own slot, so split search sees exactly the same sums (up to the
 * order of floating-point additions).
 *
 * Features with many codes (e.g. 255 quantile bins) stay on their own; their
 * "group" code is their bin code and their histogram is written in place.
 */
import type { BinnedData } from './binning.js';

/** Codes a byte can hold: the most joint codes of one bundle. */
const MAX_IDS = 256;
/** Features with more codes than this cannot share a byte with another feature. */
const MAX_MEMBER_CODES = MAX_IDS / 2;

/** How histogram columns ("groups": single features or bundles) map to features. */
export interface HistogramLayout {
  readonly nGroups: number;
  /** Group of each feature. */
  readonly groupOf: Int32Array;
  /** Group codes, row-major: codes[i * nGroups + q]. A single feature's group code is its bin code. */
  readonly codes: Uint8Array;
  /** Members of group q: members[memberStart[q] .. memberStart[q + 1]). */
  readonly memberStart: Int32Array;
  readonly members: Int32Array;
  /** 1 when group q is a bundle (its histogram must be marginalised into its members'). */
  readonly isBundle: Uint8Array;
  /** Histogram slots of group q (a single feature: its bins plus the missing slot). */
  readonly nIds: Int32Array;
  /** First histogram slot of group q: a single feature's own slots, a bundle's slots after all features'. */
  readonly slotOffset: Int32Array;
  /** Bundle members' code of each joint code: decode[f * 256 + id]. */
  readonly decode: Uint8Array;
  /** First histogram slot of each feature (BinnedData.offsets). */
  readonly featureOffsets: Int32Array;
  /** Histogram slots in all: every feature's, then every bundle's joint slots. */
  readonly nSlots: number;
}

/**
 * Packs low-cardinality features of binned data into bundles (greedily, in
 * order of increasing code count, while the joint codes fit in a byte).
 * When nothing can be bundled (or `bundle` is false) every feature is its
 * own group and the layout reuses `data.codes` as is.
 *
 * @example
 * import { BinMapper } from 'liftwise/internals';
 * // Nine 0/1 columns and a numeric one: the 0/1 columns share bundles, the numeric one stands alone.
 * const flags = Array.from({ length: 9 }, (_, j) => Float64Array.from({ length: 50 }, (_, i) => ((i + j) % 3 === 0 ? 1 : 0)));
 * const X = featureMatrix([...flags, Float64Array.from({ length: 50 }, (_, i) => i)]);
 * const layout = bundleFeatures(BinMapper.fit(X, { maxBins: 255, seed: 0 }).transform(X));
 * layout.nGroups < 10; // true (e.g. 3 for Hillstrom's 11 columns: nine 0/1 columns in one bundle)
 */
export function bundleFeatures(data: BinnedData, options: { shared?: boolean; bundle?: boolean } = {}): HistogramLayout {
  const { nRows: n, nFeatures: p, codes, offsets } = data;
  // Codes each feature actually uses.
  const seen = new Uint8Array(p * MAX_IDS);
  for (let i = 0, a = 0; i < n; i++) for (let j = 0; j < p; j++, a++) seen[j * MAX_IDS + codes[a]!] = 1;
  const used = new Int32Array(p);
  for (let j = 0; j < p; j++) for (let c = 0; c < MAX_IDS; c++) used[j]! += seen[j * MAX_IDS + c]!;

  const candidates: number[] = [];
  if (options.bundle !== false) for (let j = 0; j < p; j++) if (used[j]! <= MAX_MEMBER_CODES) candidates.push(j);
  candidates.sort((a, b) => used[a]! - used[b]! || a - b);

  // Greedy packing: joint ids of the open bundle per row, and the member codes of each id.
  const bundles: { members: number[]; nIds: number; decode: Uint8Array[]; ids: Uint8Array }[] = [];
  const pairId = new Int32Array(MAX_IDS * MAX_MEMBER_CODES);
  let open: (typeof bundles)[number] | null = null;
  const dense = new Int32Array(MAX_IDS);
  const own = new Uint8Array(MAX_IDS);
  for (const f of candidates) {
    // f's used codes numbered densely: dense[code] = rank, own[rank] = code.
    const kf = used[f]!;
    for (let c = 0, r = 0; c < MAX_IDS; c++) {
      if (seen[f * MAX_IDS + c] === 1) {
        own[r] = c;
        dense[c] = r++;
      }
    }
    if (open !== null) {
      // Joint codes of (open bundle id, code of f) that occur, numbered in key order.
      const ids = open.ids;
      const size = open.nIds * kf;
      pairId.fill(0, 0, size);
      for (let i = 0; i < n; i++) pairId[ids[i]! * kf + dense[codes[i * p + f]!]!] = 1;
      let count = 0;
      for (let k = 0; k < size; k++) if (pairId[k] === 1) pairId[k] = ++count;
      if (count <= MAX_IDS) {
        const decode = open.decode.map(() => new Uint8Array(MAX_IDS));
        const mine = new Uint8Array(MAX_IDS);
        for (let k = 0; k < size; k++) {
          const id = pairId[k]! - 1;
          if (id < 0) continue;
          const old = Math.floor(k / kf);
          for (let m = 0; m < decode.length; m++) decode[m]![id] = open.decode[m]![old]!;
          mine[id] = own[k - old * kf]!;
        }
        for (let i = 0; i < n; i++) ids[i] = pairId[ids[i]! * kf + dense[codes[i * p + f]!]!]! - 1;
        open.members.push(f);
        open.decode = [...decode, mine];
        open.nIds = count;
        continue;
      }
      bundles.push(open);
    }
    // Start a bundle with f alone.
    const ids = new Uint8Array(n);
    for (let i = 0; i < n; i++) ids[i] = dense[codes[i * p + f]!]!;
    open = { members: [f], nIds: kf, decode: [own.slice()], ids };
  }
  if (open !== null) bundles.push(open);
  const real = bundles.filter((b) => b.members.length > 1);

  const groupOf = new Int32Array(p).fill(-1);
  const decode = new Uint8Array(p * MAX_IDS);
  const memberList: number[] = [];
  const memberStart: number[] = [0];
  const nIds: number[] = [];
  const slotOffset: number[] = [];
  const isBundle: number[] = [];
  // Single features first, in feature order, then the bundles.
  for (let j = 0; j < p; j++) {
    if (real.some((b) => b.members.includes(j))) continue;
    groupOf[j] = nIds.length;
    memberList.push(j);
    memberStart.push(memberList.length);
    nIds.push(offsets[j + 1]! - offsets[j]!);
    slotOffset.push(offsets[j]!);
    isBundle.push(0);
  }
  let slot = offsets[p]!;
  for (const b of real) {
    const q = nIds.length;
    b.members.forEach((f, m) => {
      groupOf[f] = q;
      decode.set(b.decode[m]!, f * MAX_IDS);
    });
    memberList.push(...b.members);
    memberStart.push(memberList.length);
    nIds.push(b.nIds);
    slotOffset.push(slot);
    isBundle.push(1);
    slot += b.nIds;
  }
  const nGroups = nIds.length;
  let groupCodes = codes;
  if (real.length > 0) {
    const size = n * nGroups;
    groupCodes = options.shared === true ? new Uint8Array(new SharedArrayBuffer(Math.max(1, size)), 0, size) : new Uint8Array(size);
    for (let q = 0; q < nGroups; q++) {
      if (isBundle[q] === 1) {
        const ids = real[q - (nGroups - real.length)]!.ids;
        for (let i = 0; i < n; i++) groupCodes[i * nGroups + q] = ids[i]!;
      } else {
        const f = memberList[memberStart[q]!]!;
        for (let i = 0; i < n; i++) groupCodes[i * nGroups + q] = codes[i * p + f]!;
      }
    }
  }
  return {
    nGroups,
    groupOf,
    codes: groupCodes,
    memberStart: Int32Array.from(memberStart),
    members: Int32Array.from(memberList),
    isBundle: Uint8Array.from(isBundle),
    nIds: Int32Array.from(nIds),
    slotOffset: Int32Array.from(slotOffset),
    decode,
    featureOffsets: offsets,
    nSlots: slot,
  };
}
