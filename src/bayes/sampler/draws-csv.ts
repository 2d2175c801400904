/**
 * Draws as CSV: one row per draw with chain and draw (both 1-based), the
 * quantities, then Stan's sampler columns (lp__, accept_stat__, stepsize__,
 * treedepth__, n_leapfrog__, divergent__, energy__). Numbers keep full
 * precision. Written atomically, streaming in blocks so memory stays flat.
 */
import { open } from 'node:fs/promises';
import { writeAtomically } from '../../util/atomic.js';
import { STAN_STAT_COLUMNS, type DrawsArray, type SampleResult } from './result.js';

function csvNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  return String(x);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function hasStats(draws: DrawsArray | SampleResult): draws is SampleResult {
  return (draws as SampleResult).stats !== undefined;
}

function header(draws: DrawsArray | SampleResult): string {
  const stats = hasStats(draws) ? STAN_STAT_COLUMNS.map(([name]) => name) : [];
  return ['chain', 'draw', ...draws.parameterNames.map(csvField), ...stats].join(',');
}

function row(draws: DrawsArray | SampleResult, r: number): string {
  const P = draws.parameterNames.length;
  const cells = [String(Math.floor(r / draws.draws) + 1), String((r % draws.draws) + 1)];
  for (let p = 0; p < P; p++) cells.push(csvNumber(draws.values[r * P + p]!));
  if (hasStats(draws)) for (const [, key] of STAN_STAT_COLUMNS) cells.push(csvNumber(draws.stats[key][r]!));
  return cells.join(',');
}

/**
 * All draws as one CSV string.
 *
 * @example
 * drawsToCsv({ parameterNames: ['mu'], chains: 1, draws: 2, values: new Float64Array([0.5, 0.25]) }); // 'chain,draw,mu\n1,1,0.5\n1,2,0.25\n'
 */
export function drawsToCsv(draws: DrawsArray | SampleResult): string {
  const lines = [header(draws)];
  const rows = draws.chains * draws.draws;
  for (let r = 0; r < rows; r++) lines.push(row(draws, r));
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the draws CSV to `file` whole or not at all.
 *
 * @example
 * // A fit from sample() is written the same way: await writeDrawsCsv('out/draws.csv', fit).
 * await writeDrawsCsv('out/draws.csv', { parameterNames: ['mu'], chains: 1, draws: 2, values: new Float64Array([0.5, 0.25]) });
 * (await readTable('out/draws.csv')).nRows; // 2
 */
export async function writeDrawsCsv(file: string, draws: DrawsArray | SampleResult): Promise<void> {
  await writeAtomically(file, async (temp) => {
    const handle = await open(temp, 'w');
    try {
      let block = `${header(draws)}\n`;
      const rows = draws.chains * draws.draws;
      for (let r = 0; r < rows; r++) {
        block += `${row(draws, r)}\n`;
        if (block.length > 1 << 20) {
          await handle.write(block);
          block = '';
        }
      }
      await handle.write(block);
    } finally {
      await handle.close();
    }
  });
}
