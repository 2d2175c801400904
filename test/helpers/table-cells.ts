import { cellText, type Table } from '../../src/data/table.js';

/** Every cell of a table as the text a CSV would hold, column by column: compares tables cell for cell. */
export function tableCells(table: Table): string[][] {
  return table.names.map((name) => Array.from({ length: table.nRows }, (_, i) => cellText(table.columns.get(name)!, i)));
}
