/** writeTable: write a Table as CSV with fast-csv, or as Parquet (parquet.ts), atomically. */
import { createWriteStream } from 'node:fs';
import type { Table } from './table.js';
import { cellText } from './table.js';
import { writeAtomically } from '../util/atomic.js';
import { dataErrors } from './messages.js';
import { isParquetPath } from './parquet-path.js';
import { checkOutputFile } from '../util/outputs.js';

export interface WriteTableOptions {
  readonly delimiter?: string;
}

/**
 * Writes the table to `file` (Parquet when the name ends in .parquet, else CSV): a temp file is written in full, then renamed, so
 * the target is either the complete new file or untouched.
 *
 * @example
 * await writeTable('plan.csv', createTable([numericColumn('arm', [0, 1, 1])]));
 * (await readTable('plan.csv')).columns.get('arm')!.values; // Float64Array [0, 1, 1]
 */
export async function writeTable(file: string, table: Table, options: WriteTableOptions = {}): Promise<void> {
  if (isParquetPath(file)) return (await import('./parquet.js')).writeParquet(file, table);
  // fast-csv is loaded by the first write, not by every command that might write (about 0.1 s).
  const { format } = await import('fast-csv');
  const columns = table.names.map((n) => table.columns.get(n)!);
  try {
    await writeAtomically(file, (temp) =>
      new Promise<void>((resolve, reject) => {
        const out = createWriteStream(temp);
        const csv = format({ headers: false, delimiter: options.delimiter ?? ',', rowDelimiter: '\n', includeEndRowDelimiter: true });
        out.on('error', reject);
        out.on('finish', () => resolve());
        csv.on('error', reject);
        csv.pipe(out);
        csv.write([...table.names]);
        const row: string[] = new Array<string>(columns.length);
        let i = 0;
        const writeSome = (): void => {
          // Respect back-pressure so a million-row plan does not sit in memory twice.
          while (i < table.nRows) {
            for (let j = 0; j < columns.length; j++) row[j] = cellText(columns[j]!, i);
            i++;
            if (!csv.write([...row])) {
              csv.once('drain', writeSome);
              return;
            }
          }
          csv.end();
        };
        writeSome();
      }),
    );
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // Name the folder that is missing (or the file in the way) rather than the bare system code.
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR' || err.code === 'EISDIR') await checkOutputFile(file);
    throw dataErrors.writeFailed(file, err.code ?? err.message);
  }
}
