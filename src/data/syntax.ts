/**
 * Finds the physical line of a CSV quoting error, which fast-csv reports
 * without a position. Only runs after fast-csv has already failed, so it reads
 * the whole file as text; it follows fast-csv's quoting rules (see
 * tokenizer.ts) and counts lines as the readers do.
 */
import { readFile } from 'node:fs/promises';

export interface SyntaxErrorLocation {
  readonly line: number;
  readonly reason: string;
  /** The text of the records before the one with the error. */
  readonly before: string;
}

export async function locateCsvSyntaxError(file: string, delimiter: string): Promise<SyntaxErrorLocation | undefined> {
  const text = await readFile(file, 'utf8');
  return scanForQuoteError(text, delimiter);
}

const SPACE = /\s/;

/**
 * Walks the text with fast-csv's quoting rules and returns the first violation:
 * text after a closing quote, or a quote still open at the end.
 *
 * @example
 * scanForQuoteError('a,b\n"x"y,1\n', ','); // { line: 2, reason: "unexpected text after a closing quote: 'y'", before: 'a,b\n' }
 */
export function scanForQuoteError(text: string, delimiter: string): SyntaxErrorLocation | undefined {
  let line = 1;
  let recordStart = 0;
  let inQuote = false;
  let quoteOpenedAt = 0;
  /** Before the first character of a field that is not a space: a quote here opens a quoted field. */
  let fieldStart = true;
  let afterClosingQuote = false;
  const isSpace = (c: string): boolean => c !== delimiter && c !== '\r' && c !== '\n' && SPACE.test(c);
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuote) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else {
          inQuote = false;
          afterClosingQuote = true;
        }
      } else if (c === '\n') line++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      recordStart = i + 1;
      fieldStart = true;
      afterClosingQuote = false;
      continue;
    }
    if (c === delimiter) {
      fieldStart = true;
      afterClosingQuote = false;
      continue;
    }
    if (isSpace(c)) continue;
    if (afterClosingQuote) {
      return { line, reason: `unexpected text after a closing quote: '${c}'`, before: text.slice(0, recordStart) };
    }
    if (c === '"' && fieldStart) {
      inQuote = true;
      quoteOpenedAt = line;
    }
    fieldStart = false;
  }
  if (inQuote) return { line: quoteOpenedAt, reason: 'a quoted field is never closed', before: text.slice(0, recordStart) };
  return undefined;
}
