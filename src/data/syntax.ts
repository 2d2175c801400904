/**
 * Finds the physical line of a CSV quoting error, which fast-csv reports
 * without a position. Only runs after fast-csv has already failed.
 */
import { readFile } from 'node:fs/promises';

export interface SyntaxErrorLocation {
  readonly line: number;
  readonly reason: string;
}

export async function locateCsvSyntaxError(file: string, delimiter: string): Promise<SyntaxErrorLocation | undefined> {
  const text = await readFile(file, 'utf8');
  return scanForQuoteError(text, delimiter);
}

/** Walks the text with RFC 4180 quoting rules and returns the first violation. */
export function scanForQuoteError(text: string, delimiter: string): SyntaxErrorLocation | undefined {
  let line = 1;
  let inQuote = false;
  let quoteOpenedAt = 0;
  let fieldStart = true;
  let afterClosingQuote = false;
  for (let i = 0; i < text.length; i++) {
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
    if (c === '\n') {
      line++;
      fieldStart = true;
      afterClosingQuote = false;
      continue;
    }
    if (c === '\r') continue;
    if (c === delimiter) {
      fieldStart = true;
      afterClosingQuote = false;
      continue;
    }
    if (afterClosingQuote) {
      return { line, reason: `unexpected text after a closing quote: '${c}'` };
    }
    if (c === '"') {
      if (!fieldStart) return { line, reason: 'a quote inside an unquoted field' };
      inQuote = true;
      quoteOpenedAt = line;
    }
    fieldStart = false;
  }
  if (inQuote) return { line: quoteOpenedAt, reason: 'a quoted field is never closed' };
  return undefined;
}
