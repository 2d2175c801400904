/**
 * Feature matrices and the encoder that builds them from a Table.
 *
 * A FeatureMatrix is column-major (one Float64Array per feature) so it can be
 * built from a Table without copying and scanned per feature by tree learners.
 * The encoder is fitted once (it remembers categorical levels) and saved with
 * a model, so scoring new data encodes it exactly as the training data was.
 */
import type { Table } from './table.js';
import { lineOfRow, cellText } from './table.js';
import { requireColumn } from './roles.js';
import { dataErrors } from './messages.js';

export interface FeatureMatrix {
  readonly nRows: number;
  /** One array per feature, each of length nRows. Missing values are NaN. */
  readonly columns: readonly Float64Array[];
  readonly names: readonly string[];
  /**
   * For each feature: 0 when numeric, else the number of categories of a
   * code-encoded categorical feature (values are codes 0..k-1, NaN missing).
   */
  readonly categories: readonly number[];
}

/** A matrix from plain column arrays (all numeric). */
export function featureMatrix(columns: readonly Float64Array[], names?: readonly string[]): FeatureMatrix {
  const nRows = columns[0]?.length ?? 0;
  for (const c of columns) if (c.length !== nRows) throw new RangeError('feature columns differ in length');
  return {
    nRows,
    columns,
    names: names ?? columns.map((_, j) => `x${j}`),
    categories: columns.map(() => 0),
  };
}

/** A row-major copy, for libraries that want arrays of rows. */
export function toRows(matrix: FeatureMatrix, rows?: ArrayLike<number>): number[][] {
  const n = rows === undefined ? matrix.nRows : rows.length;
  const out: number[][] = new Array<number[]>(n);
  const p = matrix.columns.length;
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : rows[i]!;
    const row = new Array<number>(p);
    for (let j = 0; j < p; j++) row[j] = matrix.columns[j]![r]!;
    out[i] = row;
  }
  return out;
}

/** The matrix restricted to some rows, in their order. */
export function selectRows(matrix: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const n = rows.length;
  const columns = matrix.columns.map((c) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[rows[i]!]!;
    return out;
  });
  return { nRows: n, columns, names: matrix.names, categories: matrix.categories };
}

/** The matrix with one more numeric column appended (an S-learner's treatment, say). */
export function appendColumn(matrix: FeatureMatrix, name: string, values: Float64Array): FeatureMatrix {
  if (values.length !== matrix.nRows) throw new RangeError('appended column has the wrong length');
  return {
    nRows: matrix.nRows,
    columns: [...matrix.columns, values],
    names: [...matrix.names, name],
    categories: [...matrix.categories, 0],
  };
}

export type CategoricalEncoding = 'onehot' | 'codes';

export type EncodedFeature =
  | { readonly name: string; readonly kind: 'numeric' }
  | {
      readonly name: string;
      readonly kind: 'categorical';
      readonly levels: readonly string[];
      readonly encoding: CategoricalEncoding;
    };

export interface FeatureEncoderJSON {
  readonly features: readonly EncodedFeature[];
}

/**
 * Encodes table columns as model features: numeric columns as they are,
 * categorical ones one-hot (`name=level` columns, like pandas.get_dummies) or
 * as integer codes for learners that split on categories directly. A level
 * not seen in training becomes all zeros (one-hot) or missing (codes).
 *
 * @example
 * const train = await readTable('campaign.csv');
 * const encoder = FeatureEncoder.fit(train, ['recency', 'channel']);
 * const X = encoder.transform(train);
 * X.names; // ['recency', 'channel=Web', 'channel=Phone']
 */
export class FeatureEncoder {
  readonly features: readonly EncodedFeature[];

  private constructor(features: readonly EncodedFeature[]) {
    this.features = features;
  }

  static fit(table: Table, names: readonly string[], options: { categorical?: CategoricalEncoding } = {}): FeatureEncoder {
    const encoding = options.categorical ?? 'onehot';
    const features = names.map((name): EncodedFeature => {
      const column = requireColumn(table, name, 'feature');
      if (column.kind === 'numeric') return { name, kind: 'numeric' };
      return { name, kind: 'categorical', levels: [...column.levels], encoding };
    });
    return new FeatureEncoder(features);
  }

  static fromJSON(json: FeatureEncoderJSON): FeatureEncoder {
    return new FeatureEncoder(json.features.map((f) => ({ ...f })));
  }

  toJSON(): FeatureEncoderJSON {
    return { features: this.features.map((f) => (f.kind === 'numeric' ? { ...f } : { ...f, levels: [...f.levels] })) };
  }

  /** Column kinds to declare when reading new data for this encoder. */
  schema(): Record<string, 'numeric' | 'categorical'> {
    const out: Record<string, 'numeric' | 'categorical'> = {};
    for (const f of this.features) out[f.name] = f.kind;
    return out;
  }

  /** Names of the encoded columns, in order. */
  outputNames(): string[] {
    const names: string[] = [];
    for (const f of this.features) {
      if (f.kind === 'categorical' && f.encoding === 'onehot') for (const l of f.levels) names.push(`${f.name}=${l}`);
      else names.push(f.name);
    }
    return names;
  }

  /**
   * The matrix of `table`'s rows. A category not seen in training is encoded
   * as described above; pass `unseen` to learn, per feature, how many cells
   * had one and the first of them (the caller warns: scores of those rows
   * rest on the other features only).
   */
  transform(table: Table, unseen?: UnseenLevels[]): FeatureMatrix {
    const n = table.nRows;
    const columns: Float64Array[] = [];
    const categories: number[] = [];
    for (const f of this.features) {
      const column = requireColumn(table, f.name, 'feature');
      if (f.kind === 'numeric') {
        if (column.kind !== 'numeric') {
          // Name the first cell that is not a number.
          const row = firstNonNumericRow(column.levels, column.codes);
          throw dataErrors.notNumeric(table.source, lineOfRow(table, row), f.name, cellText(column, row));
        }
        columns.push(column.values);
        categories.push(0);
        continue;
      }
      // A categorical feature; a numeric column here means the data reads as numbers (e.g. zip codes).
      const levelIndex = new Map<string, number>();
      f.levels.forEach((l, k) => levelIndex.set(l, k));
      // A categorical column's codes map to the feature's levels once per distinct text, not once per row.
      const codes = column.kind === 'categorical' ? column.codes : undefined;
      const byCode = column.kind === 'categorical' ? Int32Array.from(column.levels, (text) => levelIndex.get(text) ?? -2) : undefined;
      const values = column.kind === 'numeric' ? column.values : undefined;
      const codeOf = (row: number): number => {
        if (codes !== undefined) {
          const c = codes[row]!;
          return c < 0 ? -1 : byCode![c]!;
        }
        const v = values![row]!;
        return Number.isNaN(v) ? -1 : levelIndex.get(String(v)) ?? -2;
      };
      if (unseen !== undefined) {
        let count = 0;
        let first = -1;
        for (let i = 0; i < n; i++) {
          if (codeOf(i) === -2) {
            if (first < 0) first = i;
            count++;
          }
        }
        if (count > 0) unseen.push({ column: f.name, count, value: cellText(column, first), line: lineOfRow(table, first) });
      }
      if (f.encoding === 'codes') {
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const c = codeOf(i);
          out[i] = c < 0 ? NaN : c;
        }
        columns.push(out);
        categories.push(f.levels.length);
      } else {
        const outs = f.levels.map(() => new Float64Array(n));
        for (let i = 0; i < n; i++) {
          const c = codeOf(i);
          if (c === -1) for (const o of outs) o[i] = NaN;
          else if (c >= 0) outs[c]![i] = 1;
        }
        for (const o of outs) {
          columns.push(o);
          categories.push(0);
        }
      }
    }
    return { nRows: n, columns, names: this.outputNames(), categories };
  }
}

/** Cells of a categorical feature whose value training never saw. */
export interface UnseenLevels {
  readonly column: string;
  readonly count: number;
  /** The first such cell: its text and physical line. */
  readonly value: string;
  readonly line: number | undefined;
}

/** A warning for unseen categories, naming the column, the count and the first cell. */
export function unseenLevelsWarning(u: UnseenLevels, file: string | undefined, rows: number): string {
  const where = u.line === undefined ? '' : ` (first: '${u.value}' at ${file ?? 'line'}${file === undefined ? ' ' : ':'}${u.line})`;
  return `unseen categories: feature '${u.column}' has ${u.count} of ${rows} cells with a value the model never saw in training${where}; their scores ignore this feature`;
}

function firstNonNumericRow(levels: readonly string[], codes: Int32Array): number {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0 && Number.isNaN(Number(levels[c]!.trim()))) return i;
  }
  return 0;
}
