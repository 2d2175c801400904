/**
 * Trees as flat typed arrays (no node objects), and ensembles of them as the
 * same arrays concatenated. A node is internal when feature[node] >= 0:
 * - numeric split: rows with bin code <= split[node] go left; the missing code
 *   goes left when flags bit 0 is set;
 * - categorical split (flags bit 1): the codes going left are a 256-bit set at
 *   bits[split[node] * 8 ...] (the missing code is one of them or not).
 * Leaves carry `width` values each (1 for a plain tree, one per arm for an
 * uplift tree). Child and bit-set indices are global within an ensemble.
 * `cover` (when present) is each node's training weight: the rows (with their
 * bootstrap multiplicity) that reached it while the tree was grown. TreeSHAP
 * needs it; models saved before it was recorded have none.
 */
import { encodeArray, decodeArray, type EncodedArray } from './codec.js';
import type { BinMapper } from './binning.js';

export const DEFAULT_LEFT = 1;
export const CATEGORICAL = 2;
/** 32-bit words in a categorical split's bit set (256 codes). */
export const BITSET_WORDS = 8;

/** One tree, or many concatenated (roots[t] is tree t's root node). */
export interface FlatTrees {
  readonly width: number;
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly split: Int32Array;
  readonly flags: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly bits: Uint32Array;
  /** Training weight reaching each node (absent in models saved before covers were recorded). */
  readonly cover?: Float64Array;
}

/**
 * A fitted ensemble as a formula, for explanations (src/explain):
 * raw(x) = offset + scale · Σ_t tree_t(bins(x)) per leaf column, and the
 * prediction is raw (identity link) or 1 / (1 + e^−raw) (logistic link).
 */
export interface TreeEnsembleView {
  readonly trees: FlatTrees;
  readonly mapper: BinMapper;
  readonly scale: number;
  /** Added to every leaf column (boosting's baseline). */
  readonly offset: number;
  readonly link: 'identity' | 'logistic';
}

/** Collects the nodes of one tree as it grows. */
export class TreeBuilder {
  readonly width: number;
  private n = 0;
  private nBits = 0;
  private feature = new Int32Array(64);
  private split = new Int32Array(64);
  private flags = new Uint8Array(64);
  private left = new Int32Array(64);
  private right = new Int32Array(64);
  private value: Float64Array;
  private bits = new Uint32Array(0);
  private cover = new Float64Array(64);

  constructor(width = 1) {
    this.width = width;
    this.value = new Float64Array(64 * width);
  }

  get nodeCount(): number {
    return this.n;
  }

  /** Adds a node (a leaf until split) and returns its index. */
  addNode(): number {
    if (this.n === this.feature.length) this.grow();
    const id = this.n++;
    this.feature[id] = -1;
    return id;
  }

  setLeafValue(node: number, k: number, v: number): void {
    this.value[node * this.width + k] = v;
  }

  /** The training weight that reached the node (its cover, for TreeSHAP). */
  setCover(node: number, c: number): void {
    this.cover[node] = c;
  }

  setNumericSplit(node: number, feature: number, bin: number, defaultLeft: boolean, left: number, right: number): void {
    this.feature[node] = feature;
    this.split[node] = bin;
    this.flags[node] = defaultLeft ? DEFAULT_LEFT : 0;
    this.left[node] = left;
    this.right[node] = right;
  }

  /** `goLeft[code]` = 1 for each code that goes left. */
  setCategoricalSplit(node: number, feature: number, goLeft: Uint8Array, left: number, right: number): void {
    const at = this.nBits;
    if ((at + 1) * BITSET_WORDS > this.bits.length) {
      const next = new Uint32Array(Math.max(BITSET_WORDS * 4, this.bits.length * 2));
      next.set(this.bits);
      this.bits = next;
    }
    const base = at * BITSET_WORDS;
    for (let w = 0; w < BITSET_WORDS; w++) this.bits[base + w] = 0;
    for (let c = 0; c < goLeft.length && c < 256; c++) {
      if (goLeft[c] === 1) this.bits[base + (c >>> 5)]! |= 1 << (c & 31);
    }
    this.nBits++;
    this.feature[node] = feature;
    this.split[node] = at;
    this.flags[node] = CATEGORICAL;
    this.left[node] = left;
    this.right[node] = right;
  }

  finish(): FlatTrees {
    const n = this.n;
    return {
      width: this.width,
      roots: Int32Array.of(0),
      feature: this.feature.slice(0, n),
      split: this.split.slice(0, n),
      flags: this.flags.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      value: this.value.slice(0, n * this.width),
      bits: this.bits.slice(0, this.nBits * BITSET_WORDS),
      cover: this.cover.slice(0, n),
    };
  }

  private grow(): void {
    const cap = this.feature.length * 2;
    const g32 = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.feature = g32(this.feature);
    this.split = g32(this.split);
    this.left = g32(this.left);
    this.right = g32(this.right);
    const f = new Uint8Array(cap);
    f.set(this.flags);
    this.flags = f;
    const v = new Float64Array(cap * this.width);
    v.set(this.value);
    this.value = v;
    const c = new Float64Array(cap);
    c.set(this.cover);
    this.cover = c;
  }
}

/** Concatenates trees into one ensemble, rebasing child and bit-set indices. */
export function concatTrees(trees: readonly FlatTrees[], width: number): FlatTrees {
  let nodes = 0;
  let words = 0;
  let nRoots = 0;
  // Covers only when every tree has them (trees from one fit always agree).
  const withCover = trees.length > 0 && trees.every((t) => t.cover !== undefined);
  for (const t of trees) {
    nodes += t.feature.length;
    words += t.bits.length;
    nRoots += t.roots.length;
  }
  const out = {
    width,
    roots: new Int32Array(nRoots),
    feature: new Int32Array(nodes),
    split: new Int32Array(nodes),
    flags: new Uint8Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    value: new Float64Array(nodes * width),
    bits: new Uint32Array(words),
    ...(withCover ? { cover: new Float64Array(nodes) } : {}),
  };
  let at = 0;
  let wAt = 0;
  let r = 0;
  for (const t of trees) {
    const m = t.feature.length;
    for (let k = 0; k < t.roots.length; k++) out.roots[r++] = t.roots[k]! + at;
    out.feature.set(t.feature, at);
    out.flags.set(t.flags, at);
    out.value.set(t.value, at * width);
    out.bits.set(t.bits, wAt);
    if (out.cover !== undefined) out.cover.set(t.cover!, at);
    const setOffset = wAt / BITSET_WORDS;
    for (let i = 0; i < m; i++) {
      const isCat = (t.flags[i]! & CATEGORICAL) !== 0;
      out.split[at + i] = isCat ? t.split[i]! + setOffset : t.split[i]!;
      out.left[at + i] = t.left[i]! + at;
      out.right[at + i] = t.right[i]! + at;
    }
    at += m;
    wAt += t.bits.length;
  }
  return out;
}

/** The leaf each row reaches in tree `t`: writes node indices into `leaf` (length nRows). */
export function leavesOf(trees: FlatTrees, t: number, codes: Uint8Array, nRows: number, missingCode: Int32Array, leaf: Int32Array): void {
  const { feature, split, flags, left, right, bits } = trees;
  const root = trees.roots[t]!;
  const p = missingCode.length;
  for (let i = 0; i < nRows; i++) {
    let node = root;
    let f = feature[node]!;
    while (f >= 0) {
      const code = codes[i * p + f]!;
      const fl = flags[node]!;
      let goLeft: boolean;
      if ((fl & CATEGORICAL) !== 0) goLeft = ((bits[split[node]! * BITSET_WORDS + (code >>> 5)]! >>> (code & 31)) & 1) === 1;
      else if (code === missingCode[f]) goLeft = (fl & DEFAULT_LEFT) !== 0;
      else goLeft = code <= split[node]!;
      node = goLeft ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    leaf[i] = node;
  }
}

/** The leaf each listed row of binned data reaches in a single tree (written at leaf[row]). */
export function leavesOfRows(
  tree: FlatTrees,
  data: { readonly codes: Uint8Array; readonly nRows: number; readonly nBins: Int32Array },
  rows: Int32Array,
  leaf: Int32Array,
): void {
  const { feature, split, flags, left, right, bits } = tree;
  const { codes, nBins } = data;
  const p = nBins.length;
  const root = tree.roots[0]!;
  for (const i of rows) {
    let node = root;
    let f = feature[node]!;
    while (f >= 0) {
      const code = codes[i * p + f]!;
      const fl = flags[node]!;
      let goLeft: boolean;
      if ((fl & CATEGORICAL) !== 0) goLeft = ((bits[split[node]! * BITSET_WORDS + (code >>> 5)]! >>> (code & 31)) & 1) === 1;
      else if (code === nBins[f]) goLeft = (fl & DEFAULT_LEFT) !== 0;
      else goLeft = code <= split[node]!;
      node = goLeft ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    leaf[i] = node;
  }
}

/**
 * Adds the leaf values of trees [from, to) into `out` (row-major, nRows × width).
 */
export function accumulateTrees(
  trees: FlatTrees,
  from: number,
  to: number,
  codes: Uint8Array,
  nRows: number,
  missingCode: Int32Array,
  out: Float64Array,
): void {
  const w = trees.width;
  const leaf = new Int32Array(nRows);
  const value = trees.value;
  for (let t = from; t < to; t++) {
    leavesOf(trees, t, codes, nRows, missingCode, leaf);
    if (w === 1) {
      for (let i = 0; i < nRows; i++) out[i] = out[i]! + value[leaf[i]!]!;
    } else {
      for (let i = 0; i < nRows; i++) {
        const base = leaf[i]! * w;
        for (let k = 0; k < w; k++) out[i * w + k] = out[i * w + k]! + value[base + k]!;
      }
    }
  }
}

export interface FlatTreesJSON {
  readonly width: number;
  readonly roots: EncodedArray;
  readonly feature: EncodedArray;
  readonly split: EncodedArray;
  readonly flags: EncodedArray;
  readonly left: EncodedArray;
  readonly right: EncodedArray;
  readonly value: EncodedArray;
  readonly bits: EncodedArray;
  /** Absent in files written before covers were recorded. */
  readonly cover?: EncodedArray;
}

export function treesToJSON(t: FlatTrees): FlatTreesJSON {
  return {
    width: t.width,
    roots: encodeArray(t.roots),
    feature: encodeArray(t.feature),
    split: encodeArray(t.split),
    flags: encodeArray(t.flags),
    left: encodeArray(t.left),
    right: encodeArray(t.right),
    value: encodeArray(t.value),
    bits: encodeArray(t.bits),
    ...(t.cover === undefined ? {} : { cover: encodeArray(t.cover) }),
  };
}

/**
 * Decodes and checks the structure (indices in range), so a damaged file fails
 * here with a clear message instead of crashing a prediction. Returns a reason string on failure.
 */
export function treesFromJSON(json: FlatTreesJSON, nFeatures: number): FlatTrees | string {
  if (typeof json !== 'object' || json === null) return 'no trees';
  const width = json.width;
  if (!Number.isInteger(width) || width < 1) return 'bad leaf width';
  const roots = decodeArray(json.roots, Int32Array);
  const feature = decodeArray(json.feature, Int32Array);
  const split = decodeArray(json.split, Int32Array);
  const flags = decodeArray(json.flags, Uint8Array);
  const left = decodeArray(json.left, Int32Array);
  const right = decodeArray(json.right, Int32Array);
  const value = decodeArray(json.value, Float64Array);
  const bits = decodeArray(json.bits, Uint32Array);
  if (!roots || !feature || !split || !flags || !left || !right || !value || !bits) return 'an array is not valid base64 data';
  const n = feature.length;
  if (split.length !== n || flags.length !== n || left.length !== n || right.length !== n || value.length !== n * width) {
    return 'node arrays differ in length';
  }
  const nSets = bits.length / BITSET_WORDS;
  if (!Number.isInteger(nSets)) return 'bad categorical bit sets';
  let cover: Float64Array | undefined;
  if (json.cover !== undefined) {
    cover = decodeArray(json.cover, Float64Array);
    if (cover === undefined) return 'the node covers are not valid base64 data';
    if (cover.length !== n) return 'node arrays differ in length';
    for (const c of cover) if (!(c >= 0)) return 'a node cover is negative or not a number';
  }
  for (const r of roots) if (r < 0 || r >= n) return 'a tree root is out of range';
  for (let i = 0; i < n; i++) {
    const f = feature[i]!;
    if (f < 0) continue;
    if (f >= nFeatures) return `node ${i} splits on feature ${f}, beyond the ${nFeatures} features`;
    // Children come after their parent, so every walk ends at a leaf.
    if (left[i]! <= i || right[i]! <= i || left[i]! >= n || right[i]! >= n) return `node ${i} has children out of range`;
    if ((flags[i]! & CATEGORICAL) !== 0 && (split[i]! < 0 || split[i]! >= nSets)) return `node ${i} has no bit set`;
  }
  return { width, roots, feature, split, flags, left, right, value, bits, ...(cover === undefined ? {} : { cover }) };
}

/** The buffers a worker hands back for a tree (covers included when recorded). */
export function treeBuffers(tree: FlatTrees): ArrayBuffer[] {
  const arrays = [tree.roots, tree.feature, tree.split, tree.flags, tree.left, tree.right, tree.value, tree.bits];
  if (tree.cover !== undefined) arrays.push(tree.cover);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
