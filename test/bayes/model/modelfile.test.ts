import { describe, expect, it } from 'vitest';
import { bindModelFile, needsData, parseModelFile } from '../../../src/bayes/modelfile/load.js';
import { jsonErrorPosition } from '../../../src/bayes/modelfile/load.js';
import { categoricalColumn, createTable, numericColumn } from '../../../src/data/table.js';
import type { InputError } from '../../../src/errors.js';

const table = createTable(
  [
    numericColumn('tank', [3, 1, 3, 2]),
    categoricalColumn('pred', ['no', 'pred', 'pred', 'no']),
    numericColumn('x1', [1, 2, 3, 4]),
    numericColumn('x2', [0.5, 0.25, 0, 1]),
    numericColumn('y', [1, 0, 1, NaN]),
  ],
  { source: 'd.csv', lines: Int32Array.of(2, 3, 4, 5) },
);
const file = (nodes: unknown[]) => parseModelFile({ format: 'liftwise-bayes-model', version: 1, nodes });

describe('binding a model file to a table', () => {
  it('groups from numeric (ascending) and text (first appearance) columns, matrices from column lists, rows as groups', () => {
    const m = bindModelFile(
      file([
        { kind: 'group', name: 'tank' },
        { kind: 'group', name: 'p', column: 'pred' },
        { kind: 'group', name: 'row', rows: true },
        { kind: 'data', name: 'X', columns: ['x1', 'x2'] },
        { kind: 'data', name: 'c', value: 2 },
      ]),
      table,
    );
    expect(m.node('tank')).toMatchObject({ codes: Int32Array.of(2, 0, 2, 1), levels: 3, labels: ['1', '2', '3'] });
    expect(m.node('p')).toMatchObject({ codes: Int32Array.of(0, 1, 1, 0), levels: 2, labels: ['no', 'pred'] });
    expect(m.node('row')).toMatchObject({ codes: Int32Array.of(0, 1, 2, 3), levels: 4 });
    expect(m.node('X')).toMatchObject({ values: Float64Array.of(1, 0.5, 2, 0.25, 3, 0, 4, 1), shape: [4, 2] });
    expect(m.node('c')).toMatchObject({ values: Float64Array.of(2) });
  });

  it('a missing cell names the file, the line and the column; a text column cannot be numbers', () => {
    const e = (() => {
      try {
        bindModelFile(file([{ kind: 'param', name: 'a', dist: 'Normal(0, 1)' }, { kind: 'observed', name: 'y', dist: 'BernoulliLogit(a)' }]), table);
      } catch (err) {
        return err as InputError;
      }
      throw new Error('expected an error');
    })();
    expect(e.code).toBe('E_MODELFILE_MISSING');
    expect(e.message).toBe("d.csv:5, column 'y': column 'y' (node 'y') has a missing value; the model cannot use rows with gaps");
    expect(() => bindModelFile(file([{ kind: 'data', name: 'd', column: 'pred' }]), table)).toThrow(/holds text/);
  });

  it('knows when a file needs data, and validation reports every field path', () => {
    expect(needsData(file([{ kind: 'data', name: 'd', values: [1, 2] }]))).toBe(false);
    expect(needsData(file([{ kind: 'observed', name: 'y', dist: 'Normal(0, 1)' }]))).toBe(true);
    expect(() => file([{ kind: 'param', name: 'a', dist: 'Normal(0, 1)', shape: 0 }])).toThrow(/field nodes\[0\]\.shape: shape must be at least 1/);
    expect(() => file([{ kind: 'data', name: 'd', column: 'x', values: [1] }])).toThrow(/give at most one of column, columns, value and values/);
  });

  it('finds the line of a JSON syntax error', () => {
    const text = '{\n  "a": 1,\n  "b": [1, 2,, 3]\n}';
    const at = jsonErrorPosition(text);
    expect(text.slice(0, at).split('\n').length).toBe(3);
    expect(text[at]).toBe(',');
  });
});
