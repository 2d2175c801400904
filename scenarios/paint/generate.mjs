// Writes batches.csv for the paint-line scenario (run after `npm run build`): the seeded paint-line
// data of scenarios/bayes/paint_line.csv (humidity → dilution → coating; humidity → coating, true
// effect of dilution −0.421) with a batch id and a humidity band (humid when humid > 0.5).
import { writeTable, createTable, numericColumn, categoricalColumn } from '../../dist/src/index.js';
import { paintLineData } from '../../dist/src/internals.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const table = paintLineData(1000, 2026);
const col = (name) => table.columns.get(name).values;
const d = { humid: col('humid'), dilution: col('dilution'), coating: col('coating') };
const n = table.nRows;
await writeTable(
  join(here, 'batches.csv'),
  createTable([
    numericColumn('batch', Array.from({ length: n }, (_, i) => i + 1)),
    numericColumn('humid', d.humid),
    categoricalColumn('humidity', Array.from(d.humid, (h) => (h > 0.5 ? 'humid' : 'dry'))),
    numericColumn('dilution', d.dilution),
    numericColumn('coating', d.coating),
  ]),
);
console.log('wrote batches.csv');
