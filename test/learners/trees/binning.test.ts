import { describe, expect, it } from 'vitest';
import { BinMapper, quantileEdges } from '../../../src/learners/trees/binning.js';
import { decodeArray, encodeArray } from '../../../src/learners/trees/codec.js';
import { Random } from '../../../src/util/random.js';
import { matrix } from './sim.js';

describe('binning', () => {
  it('puts edges midway between distinct values when there are few', () => {
    expect(Array.from(quantileEdges(Float64Array.of(1, 1, 2, 4, 4, 4), 255))).toEqual([1.5, 3]);
  });

  it('uses at most maxBins quantile bins with about equal counts', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i);
    const edges = quantileEdges(values, 10);
    expect(edges.length).toBe(9);
    const X = matrix([values]);
    const binned = BinMapper.fit(X, { maxBins: 10 }).transform(X);
    const counts = new Array(11).fill(0);
    for (const c of binned.codes) counts[c]++;
    expect(counts.slice(0, 10)).toEqual(new Array(10).fill(100));
  });

  it('codes missing values one past the last bin and categories as themselves', () => {
    const X = matrix([Float64Array.of(0.5, NaN, 2), Float64Array.of(2, NaN, 0)], [0, 3]);
    const mapper = BinMapper.fit(X);
    const b = mapper.transform(X);
    expect(Array.from(b.nBins)).toEqual([2, 3]);
    expect(Array.from(b.codes)).toEqual([0, 2, 2, 3, 1, 0]); // row-major
    const back = BinMapper.fromJSON(JSON.parse(JSON.stringify(mapper.toJSON())))!;
    expect(Array.from(back.transform(X).codes)).toEqual(Array.from(b.codes));
  });

  it('codes every value as the number of edges below it, also at the edges and in heavy tails', () => {
    const rng = new Random(11);
    const n = 20000;
    const heavy = Float64Array.from({ length: n }, () => Math.exp(3 * rng.normal()));
    const outlier = Float64Array.from({ length: n }, () => (rng.uniform() < 0.001 ? 1e300 : rng.normal()));
    const X = matrix([heavy, outlier]);
    const mapper = BinMapper.fit(X, { maxBins: 255 });
    // Probe the edges themselves and their nearest neighbours, where a coarse index could slip.
    const probe = [heavy.slice(), outlier.slice()];
    probe.forEach((column, j) => {
      mapper.edges[j]!.forEach((e, i) => {
        column[3 * i] = e;
        column[3 * i + 1] = e - Math.abs(e) * 2e-16;
        column[3 * i + 2] = e + Math.abs(e) * 2e-16;
      });
    });
    const codes = mapper.transform(matrix(probe)).codes;
    let wrong = 0;
    probe.forEach((column, j) => {
      const edges = mapper.edges[j]!;
      column.forEach((v, i) => {
        let below = 0;
        while (below < edges.length && edges[below]! < v) below++;
        if (codes[i * 2 + j] !== below) wrong++;
      });
    });
    expect(mapper.edges[0]!.length).toBe(254);
    expect(wrong).toBe(0);
  });

  it('rejects a categorical column with more than 255 levels', () => {
    expect(() => BinMapper.fit(matrix([Float64Array.of(0, 1)], [300]))).toThrow(expect.objectContaining({ code: 'E_TREE_TOO_MANY_CATEGORIES' }));
  });

  it('encodes typed arrays as little-endian base64 and back exactly', () => {
    const a = Float64Array.of(Math.PI, -0, 1e-310, NaN);
    expect(Array.from(decodeArray(encodeArray(a), Float64Array)!)).toEqual(Array.from(a));
    // In JSON text a packed array is little-endian base64, as model files of every version store it.
    expect(JSON.stringify(encodeArray(Int32Array.of(1, 2)))).toBe('"AQAAAAIAAAA="');
    expect(Array.from(decodeArray('AQAAAAIAAAA=', Int32Array)!)).toEqual([1, 2]);
  });
});
