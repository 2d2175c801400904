/**
 * `liftwise allocate --draws FILE`: the effects' draws (the file `liftwise
 * score --draws-out` writes) lined up with the units of the plan.
 *
 * - With --scores as well, the scores file gives costs (--cost-col), segment
 *   columns and ids; the draws file gives the effects (its means and draws;
 *   the uplift_<arm> columns, when present, must name the same arms). Units
 *   are matched by id when the draws file carries ids and the scores file
 *   has the id column (--id, else the draws file's own idColumn); otherwise
 *   by row order, and then the counts must agree.
 * - With --draws alone, the plan has the draws file's units in its order,
 *   their ids (when it carries them), and costs from --cost.
 */
import { readDrawsFile } from '../effects/drawsFile.js';
import type { Effects } from '../effects/effects.js';
import { lineOfRow, type Column, type Table } from '../data/table.js';
import { allocateErrors } from '../allocate/messages.js';

export interface LinedUpDraws {
  /** Effects in the plan's unit order (the scores' rows, or the file's units). */
  readonly effects: Effects;
  /** The file's ids in the plan's order, when it has them. */
  readonly ids?: readonly string[];
  readonly idColumn?: string;
}

/**
 * Reads a draws file and puts its units in the scores file's row order.
 *
 * @example
 * // Two units' draws, stored in the order c2, c1; the scores file lists c1 then c2.
 * const e = effectsFromDraws(['none', 'email'], 3, Float64Array.of(0, 0.2, 0, 0.1, 0, 0.4, 0, 0.3, 0, 0.6, 0, 0.5), 'bootstrap');
 * await writeDrawsFile('out/lined-up.draws', e, { ids: ['c2', 'c1'], idColumn: 'id' });
 * const table = createTable([categoricalColumn('id', ['c1', 'c2']), numericColumn('uplift_email', [0.3, 0.4])]);
 * const { effects } = await drawsForScores('out/lined-up.draws', table, ['email'], 'id');
 * effects.draws?.count; // 3 (S)
 * effects.mean; // Float64Array [0, 0.3, 0, 0.4] (c1's mean first)
 */
export async function drawsForScores(
  file: string,
  table: Table | undefined,
  scoreArms: readonly string[] | undefined,
  idFlag: string | undefined,
): Promise<LinedUpDraws> {
  const read = await readDrawsFile(file);
  const { effects } = read;
  const treated = effects.arms.slice(1);
  if (scoreArms !== undefined && scoreArms.length > 0 && (scoreArms.length !== treated.length || scoreArms.some((a, k) => a !== treated[k]))) {
    throw allocateErrors.drawsArms(file, treated, scoreArms);
  }
  const base = {
    ...(read.ids === undefined ? {} : { ids: read.ids }),
    ...(read.idColumn === undefined ? {} : { idColumn: read.idColumn }),
  };
  if (table === undefined) return { effects, ...base };
  const idName = idFlag ?? read.idColumn;
  const idColumn = idName === undefined ? undefined : table.columns.get(idName);
  if (read.ids === undefined || idColumn === undefined) {
    if (effects.units !== table.nRows) throw allocateErrors.drawsUnits(file, effects.units, table.nRows);
    return { effects, ...base };
  }
  const order = matchIds(file, table, idColumn, read.ids);
  if (order === undefined) return { effects, ...base };
  return { effects: permuteUnits(effects, order), ids: Array.from(order, (u) => read.ids![u]!), ...(read.idColumn === undefined ? {} : { idColumn: read.idColumn }) };
}

/** For each scores row, the draws file's unit with its id; undefined when they are already in the same order. */
function matchIds(file: string, table: Table, column: Column, ids: readonly string[]): Int32Array | undefined {
  const unitOf = new Map<string, number>();
  ids.forEach((id, u) => {
    if (unitOf.has(id)) throw allocateErrors.drawsIdRepeated(file, id);
    unitOf.set(id, u);
  });
  const n = table.nRows;
  if (ids.length !== n) throw allocateErrors.drawsUnits(file, ids.length, n);
  const order = new Int32Array(n);
  let identity = true;
  for (let i = 0; i < n; i++) {
    const text = cellText(column, i);
    const u = unitOf.get(text);
    if (u === undefined) throw allocateErrors.drawsIdMissing(file, table.source, text, lineOfRow(table, i), column.name);
    order[i] = u;
    if (u !== i) identity = false;
  }
  return identity ? undefined : order;
}

/** An id cell as text, the way the draws file keeps ids. */
function cellText(column: Column, row: number): string {
  if (column.kind === 'numeric') return String(column.values[row]);
  const code = column.codes[row]!;
  return code < 0 ? '' : column.levels[code]!;
}

/** Effects with unit i taken from unit order[i]. */
function permuteUnits(effects: Effects, order: Int32Array): Effects {
  const K = effects.arms.length;
  const n = effects.units;
  const mean = new Float64Array(n * K);
  for (let i = 0; i < n; i++) mean.set(effects.mean.subarray(order[i]! * K, order[i]! * K + K), i * K);
  const draws = effects.draws;
  if (draws === undefined) return { ...effects, mean };
  const values = new Float64Array(draws.values.length);
  for (let s = 0; s < draws.count; s++) {
    const base = s * n * K;
    for (let i = 0; i < n; i++) values.set(draws.values.subarray(base + order[i]! * K, base + order[i]! * K + K), base + i * K);
  }
  return { ...effects, mean, draws: { ...draws, values } };
}
