/**
 * A new effects source, written as a contributor would add one: effects kept
 * in a CSV (one `effect_<arm>` column per treated arm, e.g. exported from a
 * notebook or another tool), read into the one Effects type. Nothing else in
 * liftwise changes for it to be planned for: problemFromEffects, the solver
 * and planTable take any Effects (test/effects/extension.test.ts).
 */
import { readTable } from '../../../src/data/read.js';
import type { Table } from '../../../src/data/table.js';
import { effectsFromColumns, type Effects } from '../../../src/effects/effects.js';
import { InputError } from '../../../src/errors.js';

export const EFFECT_PREFIX = 'effect_';

/** The effects of a CSV's rows (arm 0 'none'), and the table for ids and costs. */
export async function effectsFromCsv(file: string, options: { readonly id?: string } = {}): Promise<{ effects: Effects; table: Table }> {
  const table = await readTable(file, { exactText: options.id === undefined ? [] : [options.id] });
  const names = table.names.filter((name) => name.startsWith(EFFECT_PREFIX));
  if (names.length === 0) throw new InputError('E_NO_EFFECT_COLUMNS', `no ${EFFECT_PREFIX}<arm> columns in ${file}`, { file });
  const columns = names.map((name) => {
    const column = table.columns.get(name)!;
    if (column.kind !== 'numeric') throw new InputError('E_BAD_EFFECT', `column ${name} must hold numbers`, { file, path: [name] });
    return column.values;
  });
  return { effects: effectsFromColumns(names.map((name) => name.slice(EFFECT_PREFIX.length)), columns), table };
}

/** The simplest source of all: the same effect per arm for every unit (a closed form to check plans against). */
export function constantEffects(units: number, perArm: Readonly<Record<string, number>>): Effects {
  const arms = Object.keys(perArm);
  return effectsFromColumns(arms, arms.map((arm) => new Float64Array(units).fill(perArm[arm]!)));
}
