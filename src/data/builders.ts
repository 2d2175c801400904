/**
 * Column builders: accumulate one column while a reader streams rows, from
 * strings (the fast-csv path) or straight from bytes (our tokenizer). Both
 * entry points share one dictionary and one set of rules, so the two readers
 * build identical columns.
 */
import type { Column } from './table.js';
import { Float64Store, Int32Store } from './column-store.js';
import { LevelDictionary } from './levels.js';
import { asBuffer, parseNumber, parseTrimmedAsciiNumber } from './numbers.js';

export type ColumnKind = 'numeric' | 'categorical';

/** Distinct raw texts tracked per still-numeric column, so it can turn categorical without a re-read. */
export const DICTIONARY_LIMIT = 4096;

/** Plain integers below this get their dictionary code from a table indexed by value. */
const SMALL_INTEGERS = 4096;

function decimalDigits(n: number): number {
  return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;
}

/** What a push did: stored the cell, met text in a numeric column it must re-read for, or broke a declared kind. */
export type PushResult = true | false | 'not-numeric';

/** Accumulates one column; starts numeric unless declared, and may turn categorical. */
export class ColumnBuilder {
  readonly name: string;
  readonly declared: ColumnKind | undefined;
  kind: ColumnKind;
  numbers: Float64Store;
  codes: Int32Store;
  private dictionary = new LevelDictionary();
  /** Codes of plainly written small integers, by value (-1 when not seen yet), while tracking. */
  private smallIntegerCodes = new Int32Array(SMALL_INTEGERS).fill(-1);
  /** False once a numeric column has too many distinct texts to keep codes for. */
  tracking = true;
  /** Numeric cells seen, and the first text cell that made an inferred column categorical. */
  numericCells = 0;
  presentCells = 0;
  firstText: { line: number; value: string } | undefined;

  /** @param expectedRows rows the reader expects (0 when unknown), to size the storage once */
  constructor(name: string, declared: ColumnKind | undefined, expectedRows = 0) {
    this.name = name;
    this.declared = declared;
    this.kind = declared ?? 'numeric';
    this.numbers = new Float64Store(this.kind === 'numeric' ? expectedRows : 0);
    this.codes = new Int32Store(expectedRows);
  }

  /**
   * Adds a present cell given as text.
   *
   * @example
   * const b = new ColumnBuilder('x', undefined);
   * b.push('1.5', 2); b.push('oops', 3);
   * b.build(); // categorical, levels ['1.5', 'oops']
   */
  push(text: string, line: number): PushResult {
    this.presentCells++;
    if (this.kind === 'categorical') {
      if (this.declared === undefined && parseNumber(text) !== undefined) this.numericCells++;
      this.codes.push(this.dictionary.codeOfString(text));
      return true;
    }
    const value = parseNumber(text);
    if (value === undefined) return this.textInNumeric(text, line);
    this.numbers.push(value);
    this.numericCells++;
    if (this.tracking) this.track(this.dictionary.codeOfString(text));
    return true;
  }

  /**
   * Adds a present cell given as bytes [start, end) of its UTF-8 text, with
   * [trimmedStart, trimmedEnd) the same range less ASCII spaces at both ends;
   * the caller has checked that the trimmed range starts and ends with ASCII.
   */
  pushBytes(bytes: Uint8Array, start: number, end: number, trimmedStart: number, trimmedEnd: number, line: number): PushResult {
    this.presentCells++;
    if (this.kind === 'categorical') {
      if (this.declared === undefined && !Number.isNaN(parseTrimmedAsciiNumber(bytes, trimmedStart, trimmedEnd))) this.numericCells++;
      this.codes.push(this.dictionary.codeOfBytes(bytes, start, end));
      return true;
    }
    const value = parseTrimmedAsciiNumber(bytes, trimmedStart, trimmedEnd);
    if (Number.isNaN(value)) return this.textInNumeric(asBuffer(bytes).toString('utf8', start, end), line);
    this.numbers.push(value);
    this.numericCells++;
    if (this.tracking) this.track(this.dictionary.codeOfBytes(bytes, start, end));
    return true;
  }

  /**
   * Adds a cell already parsed as a number from bytes [start, end) (no spaces
   * around it), in a column that is still numeric.
   */
  pushParsedNumber(value: number, bytes: Uint8Array, start: number, end: number): void {
    this.presentCells++;
    this.numbers.push(value);
    this.numericCells++;
    if (!this.tracking) return;
    // A small integer written plainly ('0', '17', not '017', '+17' or '17.0') is named by its value alone.
    if (value >= 0 && value < SMALL_INTEGERS && (value | 0) === value && end - start === decimalDigits(value)) {
      let code = this.smallIntegerCodes[value]!;
      if (code < 0) {
        code = this.dictionary.codeOfBytes(bytes, start, end);
        this.smallIntegerCodes[value] = code;
      }
      this.track(code);
      return;
    }
    this.track(this.dictionary.codeOfBytes(bytes, start, end));
  }

  pushMissing(): void {
    if (this.kind === 'categorical') this.codes.push(-1);
    else {
      this.numbers.push(NaN);
      if (this.tracking) this.codes.push(-1);
    }
  }

  private textInNumeric(text: string, line: number): PushResult {
    if (this.declared === 'numeric') return 'not-numeric';
    if (!this.tracking) return false;
    this.firstText = { line, value: text };
    this.kind = 'categorical';
    this.numbers = new Float64Store();
    this.codes.push(this.dictionary.codeOfString(text));
    return true;
  }

  private track(code: number): void {
    this.codes.push(code);
    if (this.dictionary.size > DICTIONARY_LIMIT) {
      this.tracking = false;
      this.codes = new Int32Store();
      this.dictionary = new LevelDictionary();
      this.smallIntegerCodes = new Int32Array(0);
    }
  }

  /** True when an inferred column read as categorical holds mostly numbers (usually a typo worth a warning). */
  get mostlyNumeric(): boolean {
    return this.kind === 'categorical' && this.firstText !== undefined && this.numericCells >= 0.9 * this.presentCells;
  }

  build(): Column {
    if (this.kind === 'numeric') {
      this.codes = new Int32Store();
      return { kind: 'numeric', name: this.name, values: this.numbers.take() };
    }
    return { kind: 'categorical', name: this.name, codes: this.codes.take(), levels: this.dictionary.levels };
  }
}
