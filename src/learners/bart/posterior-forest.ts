/**
 * Kept posterior draws of one forest in a compact form: every tree of every
 * kept draw in pre-order, as flat typed arrays (column, cut, value per node),
 * with a plain-object toJSON/fromJSON whose arrays are base64 text. Predicts
 * any draw on binned codes.
 */
import { decodeArray, encodeArray, type EncodedArray } from '../trees/codec.js';

export interface PosteriorForestJSON {
  readonly trees: number;
  readonly draws: number;
  /** Int32 node count of each tree, draw-major (draw·trees + tree). */
  readonly counts: EncodedArray;
  /** Int32 column of each node, −1 for a leaf. */
  readonly feat: EncodedArray;
  /** Uint8 cut (bin code) of each internal node. */
  readonly cut: EncodedArray;
  /** Float64 value of each leaf (0 for internal nodes). */
  readonly value: EncodedArray;
}

export class PosteriorForest {
  readonly trees: number;
  readonly draws: number;
  readonly counts: Int32Array;
  readonly feat: Int32Array;
  readonly cut: Uint8Array;
  readonly value: Float64Array;
  /** First node of each tree. */
  private readonly first: Int32Array;
  /** Position of each internal node's right child (the left child follows the node). */
  private readonly rightOf: Int32Array;

  constructor(trees: number, counts: Int32Array, feat: Int32Array, cut: Uint8Array, value: Float64Array) {
    this.trees = trees;
    this.draws = trees > 0 ? counts.length / trees : 0;
    this.counts = counts;
    this.feat = feat;
    this.cut = cut;
    this.value = value;
    this.first = new Int32Array(counts.length);
    this.rightOf = new Int32Array(feat.length);
    let at = 0;
    for (let t = 0; t < counts.length; t++) {
      this.first[t] = at;
      at = this.linkTree(at);
      if (at - this.first[t]! !== counts[t]) throw new RangeError(`tree ${t} has ${at - this.first[t]!} nodes in pre-order, its count says ${counts[t]}`);
    }
    if (at !== feat.length) throw new RangeError(`the trees hold ${at} nodes, the arrays ${feat.length}`);
  }

  /** Fills rightOf for the subtree at `node`; returns the position after it. */
  private linkTree(node: number): number {
    if (node >= this.feat.length) throw new RangeError('a tree runs past the end of the node arrays');
    if (this.feat[node]! < 0) return node + 1;
    const right = this.linkTree(node + 1);
    this.rightOf[node] = right;
    return this.linkTree(right);
  }

  /** Concatenates per-chain pieces (same tree count) in order. */
  static concat(trees: number, parts: readonly { counts: Int32Array; feat: Int32Array; cut: Uint8Array; value: Float64Array }[]): PosteriorForest {
    const cat = <T extends Int32Array | Uint8Array | Float64Array>(arrays: T[], ctor: new (n: number) => T): T => {
      const out = new ctor(arrays.reduce((s, a) => s + a.length, 0));
      let at = 0;
      for (const a of arrays) {
        out.set(a, at);
        at += a.length;
      }
      return out;
    };
    return new PosteriorForest(
      trees,
      cat(parts.map((p) => p.counts), Int32Array),
      cat(parts.map((p) => p.feat), Int32Array),
      cat(parts.map((p) => p.cut), Uint8Array),
      cat(parts.map((p) => p.value), Float64Array),
    );
  }

  /** Whether any tree of draw d splits on column j, per tree (for skipping trees that cancel in a difference). */
  treesUsing(d: number, j: number): Uint8Array {
    const out = new Uint8Array(this.trees);
    for (let t = 0; t < this.trees; t++) {
      const s = this.first[d * this.trees + t]!;
      const e = s + this.counts[d * this.trees + t]!;
      for (let i = s; i < e; i++) {
        if (this.feat[i] === j) {
          out[t] = 1;
          break;
        }
      }
    }
    return out;
  }

  /**
   * Adds draw d's prediction for rows [0, rows) of `codes` (P columns) to
   * out, scaled by `sign`; `only` restricts to the flagged trees.
   */
  addDraw(d: number, codes: Uint8Array, P: number, rows: number, out: Float64Array, sign = 1, only?: Uint8Array): void {
    const feat = this.feat;
    const cut = this.cut;
    const value = this.value;
    const rightOf = this.rightOf;
    // Root-only trees (most of bcf's effect trees) add one constant: summed first, added once.
    let constant = 0;
    for (let t = 0; t < this.trees; t++) {
      if (only !== undefined && only[t] === 0) continue;
      const root = this.first[d * this.trees + t]!;
      if (feat[root]! < 0) {
        constant += value[root]!;
        continue;
      }
      const j0 = feat[root]!;
      const c0 = cut[root]!;
      const l = root + 1;
      const r = rightOf[root]!;
      if (feat[l]! < 0 && feat[r]! < 0) {
        // A stump: one comparison per row.
        const vl = sign * value[l]!;
        const vr = sign * value[r]!;
        for (let i = 0, row = j0; i < rows; i++, row += P) out[i] = out[i]! + (codes[row]! <= c0 ? vl : vr);
        continue;
      }
      for (let i = 0, row = 0; i < rows; i++, row += P) {
        let node = root;
        let j = feat[node]!;
        while (j >= 0) {
          node = codes[row + j]! <= cut[node]! ? node + 1 : rightOf[node]!;
          j = feat[node]!;
        }
        out[i] = out[i]! + sign * value[node]!;
      }
    }
    if (constant !== 0) {
      const v = sign * constant;
      for (let i = 0; i < rows; i++) out[i] = out[i]! + v;
    }
  }

  toJSON(): PosteriorForestJSON {
    return {
      trees: this.trees,
      draws: this.draws,
      counts: encodeArray(this.counts),
      feat: encodeArray(this.feat),
      cut: encodeArray(this.cut),
      value: encodeArray(this.value),
    };
  }

  /** Throws a RangeError naming what is inconsistent. */
  static fromJSON(json: PosteriorForestJSON): PosteriorForest {
    const counts = decodeArray(json?.counts, Int32Array);
    const feat = decodeArray(json?.feat, Int32Array);
    const cut = decodeArray(json?.cut, Uint8Array);
    const value = decodeArray(json?.value, Float64Array);
    if (counts === undefined || feat === undefined || cut === undefined || value === undefined) {
      throw new RangeError('counts, feat, cut and value must be base64 arrays');
    }
    if (!Number.isInteger(json.trees) || json.trees < 1) throw new RangeError('trees must be a positive integer');
    if (cut.length !== feat.length || value.length !== feat.length) throw new RangeError('feat, cut and value differ in length');
    if (counts.length !== json.trees * json.draws) throw new RangeError(`counts holds ${counts.length} trees, expected trees × draws = ${json.trees * json.draws}`);
    return new PosteriorForest(json.trees, counts, feat, cut, value);
  }

  /** The forest with only the given draws. */
  select(draws: readonly number[]): PosteriorForest {
    const parts = draws.map((d) => {
      const s = this.first[d * this.trees]!;
      const last = d * this.trees + this.trees - 1;
      const e = this.first[last]! + this.counts[last]!;
      return {
        counts: this.counts.slice(d * this.trees, (d + 1) * this.trees),
        feat: this.feat.slice(s, e),
        cut: this.cut.slice(s, e),
        value: this.value.slice(s, e),
      };
    });
    return PosteriorForest.concat(this.trees, parts);
  }
}
