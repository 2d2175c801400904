/**
 * Feature binning for histogram trees: every feature is mapped once to small
 * integer codes, so split search works on per-bin sums instead of sorted rows.
 *
 * Numeric features get at most `maxBins` (≤ 255) quantile bins; categorical
 * features (FeatureMatrix.categories[j] = k > 0) use their codes 0..k-1 as
 * bins. Missing values get their own code, one past the last bin of the
 * feature (`nBins[j]`), so a histogram of a feature has nBins[j] + 1 slots and
 * the last one holds the missing rows. Codes are stored row-major in one
 * Uint8Array (all of a row's codes in one cache line: deep nodes touch rows
 * scattered over the data, where one array per feature costs a cache miss
 * per feature), optionally on a SharedArrayBuffer so worker threads can
 * read them without copying.
 */
import type { FeatureMatrix } from '../../data/features.js';
import { Random } from '../../util/random.js';
import { encodeArray, decodeArray, type EncodedArray } from './codec.js';
import { treeErrors } from './messages.js';

/** Most bins a feature can have (codes are bytes and one code is kept for "missing"). */
export const MAX_BINS = 255;
/** Rows used to find quantile edges; beyond this a seeded subsample is used (as scikit-learn does). */
export const BINNING_SUBSAMPLE = 200_000;

/** Binned features: codes[i * nFeatures + j] is row i's bin of feature j; nBins[j] is feature j's missing code. */
export interface BinnedData {
  readonly nRows: number;
  readonly nFeatures: number;
  readonly codes: Uint8Array;
  /** Number of non-missing bins per feature; also the code of a missing value. */
  readonly nBins: Int32Array;
  /** 1 for categorical features. */
  readonly categorical: Uint8Array;
  /** Offset of each feature's slots in a histogram; offsets[nFeatures] is the total slot count. */
  readonly offsets: Int32Array;
}

export interface BinMapperJSON {
  readonly nBins: EncodedArray;
  readonly categorical: EncodedArray;
  /** All features' upper bin edges concatenated; numeric feature j has nBins[j] - 1 of them. */
  readonly edges: EncodedArray;
}

/** Histogram slot offsets for features with the given bin counts (one extra slot each for missing). */
export function histogramOffsets(nBins: Int32Array): Int32Array {
  const offsets = new Int32Array(nBins.length + 1);
  for (let j = 0; j < nBins.length; j++) offsets[j + 1] = offsets[j]! + nBins[j]! + 1;
  return offsets;
}

/**
 * Learns bin edges from training data and maps any matrix with the same
 * features to bin codes.
 *
 * @example
 * const X = featureMatrix([Float64Array.from({ length: 10 }, (_, i) => i)], ['x']);
 * const mapper = BinMapper.fit(X, { maxBins: 4, seed: 0 });
 * const binned = mapper.transform(X);
 * binned.codes[0] < binned.codes[9]; // true (row 0's bin in feature 0 is below row 9's)
 * new Set(binned.codes).size <= 4; // true
 */
export class BinMapper {
  readonly nBins: Int32Array;
  readonly categorical: Uint8Array;
  /** Upper edges per numeric feature: value v goes to the first bin b with v <= edges[b], else the last bin. */
  readonly edges: readonly Float64Array[];

  private constructor(nBins: Int32Array, categorical: Uint8Array, edges: readonly Float64Array[]) {
    this.nBins = nBins;
    this.categorical = categorical;
    this.edges = edges;
  }

  get nFeatures(): number {
    return this.nBins.length;
  }

  /**
   * @param rows optional training rows (e.g. without a validation part); all rows by default
   */
  static fit(
    X: FeatureMatrix,
    options: { maxBins?: number; seed?: number; rows?: Int32Array } = {},
  ): BinMapper {
    const maxBins = Math.min(MAX_BINS, Math.max(2, Math.floor(options.maxBins ?? MAX_BINS)));
    const p = X.columns.length;
    const nBins = new Int32Array(p);
    const categorical = new Uint8Array(p);
    const edges: Float64Array[] = [];
    let rows = options.rows;
    const nUsed = rows === undefined ? X.nRows : rows.length;
    if (nUsed > BINNING_SUBSAMPLE) {
      // Quantiles from a seeded subsample, sorted so the gather below reads memory in order.
      const rng = new Random(options.seed ?? 0);
      const pick = rng.permutation(nUsed).subarray(0, BINNING_SUBSAMPLE);
      const chosen = new Int32Array(BINNING_SUBSAMPLE);
      for (let i = 0; i < BINNING_SUBSAMPLE; i++) chosen[i] = rows === undefined ? pick[i]! : rows[pick[i]!]!;
      chosen.sort();
      rows = chosen;
    }
    for (let j = 0; j < p; j++) {
      const column = X.columns[j]!;
      const k = X.categories[j] ?? 0;
      if (k > 0) {
        if (k > MAX_BINS) throw treeErrors.tooManyCategories(X.names[j] ?? `x${j}`, k, MAX_BINS);
        nBins[j] = k;
        categorical[j] = 1;
        edges.push(new Float64Array(0));
        continue;
      }
      // Few distinct values (0/1 and one-hot columns, counts): their midpoints, without sorting every row.
      const few = distinctFinite(column, rows, maxBins);
      const e = few !== null ? quantileEdges(few, maxBins) : quantileEdges(gatherFinite(column, rows), maxBins);
      edges.push(e);
      nBins[j] = e.length + 1;
    }
    return new BinMapper(nBins, categorical, edges);
  }

  /** Bin codes of a matrix; `shared` puts them on a SharedArrayBuffer for worker threads. */
  transform(X: FeatureMatrix, options: { shared?: boolean } = {}): BinnedData {
    const p = this.nFeatures;
    if (X.columns.length !== p) throw treeErrors.featureMismatch('tree', X.columns.length, p);
    const n = X.nRows;
    const size = n * p;
    const codes = options.shared === true ? new Uint8Array(new SharedArrayBuffer(Math.max(1, size)), 0, size) : new Uint8Array(size);
    for (let j = 0; j < p; j++) {
      const column = X.columns[j]!;
      const isCat = (X.categories[j] ?? 0) > 0;
      if (isCat !== (this.categorical[j] === 1)) throw treeErrors.categoryMismatch('tree', X.names[j] ?? `x${j}`);
      if (isCat) binCategorical(column, this.nBins[j]!, codes, j, p, X.names[j] ?? `x${j}`);
      else binNumeric(column, this.edges[j]!, codes, j, p);
    }
    return { nRows: n, nFeatures: p, codes, nBins: this.nBins, categorical: this.categorical, offsets: histogramOffsets(this.nBins) };
  }

  toJSON(): BinMapperJSON {
    let total = 0;
    for (const e of this.edges) total += e.length;
    const all = new Float64Array(total);
    let at = 0;
    for (const e of this.edges) {
      all.set(e, at);
      at += e.length;
    }
    return { nBins: encodeArray(this.nBins), categorical: encodeArray(this.categorical), edges: encodeArray(all) };
  }

  /** Returns undefined when the saved form is inconsistent. */
  static fromJSON(json: BinMapperJSON): BinMapper | undefined {
    const nBins = decodeArray(json?.nBins, Int32Array);
    const categorical = decodeArray(json?.categorical, Uint8Array);
    const all = decodeArray(json?.edges, Float64Array);
    if (nBins === undefined || categorical === undefined || all === undefined || categorical.length !== nBins.length) return undefined;
    const edges: Float64Array[] = [];
    let at = 0;
    for (let j = 0; j < nBins.length; j++) {
      const b = nBins[j]!;
      if (b < 1 || b > MAX_BINS) return undefined;
      const count = categorical[j] === 1 ? 0 : b - 1;
      if (at + count > all.length) return undefined;
      edges.push(all.slice(at, at + count));
      at += count;
    }
    if (at !== all.length) return undefined;
    return new BinMapper(nBins, categorical, edges);
  }
}

function gatherFinite(column: Float64Array, rows: Int32Array | undefined): Float64Array {
  const n = rows === undefined ? column.length : rows.length;
  const out = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = column[rows === undefined ? i : rows[i]!]!;
    if (!Number.isNaN(v)) out[m++] = v;
  }
  return out.subarray(0, m).sort();
}

/**
 * The sorted distinct non-missing values of a column when there are at most
 * `max` of them, else null (found as soon as the (max+1)-th distinct value shows up).
 */
function distinctFinite(column: Float64Array, rows: Int32Array | undefined, max: number): Float64Array | null {
  const set = new Float64Array(max + 1);
  let k = 0;
  const n = rows === undefined ? column.length : rows.length;
  for (let i = 0; i < n; i++) {
    const v = column[rows === undefined ? i : rows[i]!]!;
    if (Number.isNaN(v)) continue;
    // Binary search in the sorted set; insert when new.
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (set[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo < k && set[lo] === v) continue;
    if (k === max) return null;
    set.copyWithin(lo + 1, lo, k);
    set[lo] = v;
    k++;
  }
  return set.subarray(0, k);
}

/**
 * Upper bin edges from sorted values: midpoints between distinct values when
 * there are at most maxBins of them, else midpoints at evenly spaced quantiles
 * (de-duplicated), like scikit-learn's binning.
 */
export function quantileEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  if (n === 0) return new Float64Array(0);
  // Distinct values, in order.
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    if (i === 0 || v !== sorted[i - 1]) {
      distinct.push(v);
      if (distinct.length > maxBins) break;
    }
  }
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    for (let k = 1; k < distinct.length; k++) edges.push(midpoint(distinct[k - 1]!, distinct[k]!));
  } else {
    for (let k = 1; k < maxBins; k++) {
      const pos = (k / maxBins) * (n - 1);
      const lo = Math.floor(pos);
      const hi = Math.ceil(pos);
      const e = midpoint(sorted[lo]!, sorted[hi]!);
      // An edge equal to the largest value would leave the last bin empty.
      if ((edges.length === 0 || e > edges[edges.length - 1]!) && e < sorted[n - 1]!) edges.push(e);
    }
  }
  return Float64Array.from(edges);
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return Number.isFinite(m) ? m : a;
}

/** Buckets of the coarse index over a feature's edge range. */
const INDEX_BUCKETS = 1024;

/** Bin codes of a numeric column, written at codes[j], codes[j + stride], ... */
function binNumeric(column: Float64Array, edges: Float64Array, codes: Uint8Array, j: number, stride: number): void {
  const m = edges.length;
  const missing = m + 1;
  if (m <= 8) {
    // A handful of edges: count those below v.
    for (let i = 0, k = j; i < column.length; i++, k += stride) {
      const v = column[i]!;
      if (v !== v) {
        codes[k] = missing;
        continue;
      }
      let c = 0;
      for (let e = 0; e < m; e++) c += edges[e]! < v ? 1 : 0;
      codes[k] = c;
    }
    return;
  }
  // A uniform grid over [first edge, last edge] tells which edges can be below v: bucketOf is
  // monotone, so edges in lower buckets are below v and edges in higher buckets are not; only the
  // edges sharing v's bucket (usually 0-2) are searched. Same codes as a search over all edges.
  const lo = edges[0]!;
  const span = edges[m - 1]! - lo;
  const scale = span > 0 && Number.isFinite(span) ? INDEX_BUCKETS / span : 0;
  const bucketOf = (v: number): number => {
    const b = Math.floor((v - lo) * scale);
    return b < 0 ? 0 : b >= INDEX_BUCKETS ? INDEX_BUCKETS - 1 : b;
  };
  // first[b] = edges in buckets below b.
  const first = new Int32Array(INDEX_BUCKETS + 1);
  for (let e = 0; e < m; e++) first[bucketOf(edges[e]!) + 1]! += 1;
  for (let b = 0; b < INDEX_BUCKETS; b++) first[b + 1]! += first[b]!;
  for (let i = 0, k = j; i < column.length; i++, k += stride) {
    const v = column[i]!;
    if (v !== v) {
      codes[k] = missing;
      continue;
    }
    const b = bucketOf(v);
    let base = first[b]!;
    let len = first[b + 1]! - base;
    // Count of this bucket's edges below v, by halving.
    while (len > 0) {
      const half = len >>> 1;
      if (edges[base + half]! < v) {
        base += half + 1;
        len -= half + 1;
      } else len = half;
    }
    codes[k] = base;
  }
}

function binCategorical(column: Float64Array, k: number, codes: Uint8Array, j: number, stride: number, name: string): void {
  for (let i = 0, at = j; i < column.length; i++, at += stride) {
    const v = column[i]!;
    if (Number.isNaN(v) || v >= k) {
      // Missing, or a level the model never saw (only possible in data encoded without this model's encoder).
      codes[at] = k;
      continue;
    }
    if (v < 0 || !Number.isInteger(v)) throw treeErrors.badCategoryCode(name, v);
    codes[at] = v;
  }
}
