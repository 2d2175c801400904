/**
 * liftwise explain: why the model gives each unit its uplift. Per unit and
 * treated arm, the Shapley value of every feature (exact TreeSHAP for tree
 * learners whose uplift is a difference of tree sums, a seeded sampling
 * estimate with standard errors otherwise) and the base value; base +
 * Σ values = the unit's uplift.
 */
import type { Command } from 'commander';
import { readTable } from '../data/read.js';
import { writeTable } from '../data/write.js';
import { categoricalColumn, cellText, createTable, numericColumn, type Column, type Table } from '../data/table.js';
import { requireColumn } from '../data/roles.js';
import { UpliftModel } from '../uplift/model.js';
import { checkOutputFile } from '../util/outputs.js';
import { InputError } from '../errors.js';
import { explainUplift, meanAbsoluteShap, NO_COVERS, type ExplainMethod, type UpliftExplanation } from '../explain/uplift-shap.js';
import { explainErrors } from '../explain/messages.js';
import { action, integerOption, listOption } from './action.js';
import { info, printResult, stderrProgress, warn } from './output.js';
import { secondsSince } from './common.js';

interface ExplainFlags {
  model: string;
  data: string;
  out: string;
  rows?: string[];
  id?: string;
  method: string;
  pairs: number;
  background: number;
  seed: number;
  top: number;
  json?: boolean;
  quiet?: boolean;
}

const METHODS: readonly ExplainMethod[] = ['auto', 'tree', 'sampling'];

export function register(program: Command): void {
  program
    .command('explain')
    .description("explain each unit's uplift: per unit and arm, one Shapley value per feature plus the base value (exact TreeSHAP for tree models)")
    .requiredOption('--model <file>', 'model written by liftwise fit')
    .requiredOption('--data <file>', 'rows to explain (CSV or Parquet with the model\'s feature columns)')
    .requiredOption('--out <file>', 'explanations CSV to write: unit, arm, uplift, base_value, shap_<feature> (and se_<feature> when sampled)')
    .option('--id <column>', 'id column: copied to the output, and what --rows names')
    .option('--rows <ids>', 'explain only these rows (comma-separated): ids of --id, else row numbers counted from 1 after the header', listOption)
    .option('--method <method>', 'auto (exact TreeSHAP when the model allows, else sampling), tree or sampling', 'auto')
    .option('--pairs <n>', 'sampling: antithetic pairs of permutations per unit', integerOption('pairs'), 32)
    .option('--background <n>', 'sampling: background rows drawn from --data', integerOption('background'), 100)
    .option('--seed <n>', 'sampling: random seed', integerOption('seed'), 0)
    .option('--top <n>', 'features listed per arm in the summary (by mean |value|)', integerOption('top'), 5)
    .option('--json', 'print a summary as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(action(explain));
}

/** The table rows --rows names: ids of the id column, else 1-based row numbers. */
function selectedRows(table: Table, file: string, rows: readonly string[] | undefined, id: string | undefined): number[] | undefined {
  if (rows === undefined) return undefined;
  if (id === undefined) {
    return rows.map((text) => {
      const r = Number(text);
      if (!Number.isInteger(r) || r < 1 || r > table.nRows) throw explainErrors.unknownRow(file, text, '(row number)');
      return r - 1;
    });
  }
  const column = requireColumn(table, id, 'id');
  const rowOf = new Map<string, number>();
  for (let i = table.nRows - 1; i >= 0; i--) rowOf.set(cellText(column, i), i);
  return rows.map((text) => {
    const r = rowOf.get(text);
    if (r === undefined) throw explainErrors.unknownRow(file, text, id);
    return r;
  });
}

function outputTable(e: UpliftExplanation, idColumn: Column | undefined): Table {
  const A = e.arms.length;
  const F = e.features.length;
  const n = e.rows.length;
  const N = n * A;
  const columns: Column[] = [];
  if (idColumn !== undefined) {
    columns.push(categoricalColumn(idColumn.name, Array.from({ length: N }, (_, k) => cellText(idColumn, e.rows[Math.floor(k / A)]!))));
  } else {
    // Row numbers counted from 1 after the header, as --rows takes them.
    columns.push(numericColumn('row', Array.from({ length: N }, (_, k) => e.rows[Math.floor(k / A)]! + 1)));
  }
  columns.push(categoricalColumn('arm', Array.from({ length: N }, (_, k) => e.arms[k % A]!)));
  columns.push(numericColumn('uplift', e.uplift));
  columns.push(numericColumn('base_value', e.base));
  e.features.forEach((f, j) => columns.push(numericColumn(`shap_${f}`, Float64Array.from({ length: N }, (_, k) => e.values[k * F + j]!))));
  if (e.se !== null) {
    const se = e.se;
    e.features.forEach((f, j) => columns.push(numericColumn(`se_${f}`, Float64Array.from({ length: N }, (_, k) => se[k * F + j]!))));
  }
  return createTable(columns);
}

/** Largest |base + Σ values − uplift| over units and arms: the explanation's own check. */
function additivityGap(e: UpliftExplanation): number {
  const A = e.arms.length;
  const F = e.features.length;
  let worst = 0;
  for (let k = 0; k < e.rows.length * A; k++) {
    let s = e.base[k]!;
    for (let j = 0; j < F; j++) s += e.values[k * F + j]!;
    worst = Math.max(worst, Math.abs(s - e.uplift[k]!));
  }
  return worst;
}

async function explain(flags: ExplainFlags): Promise<void> {
  if (!METHODS.includes(flags.method as ExplainMethod)) throw explainErrors.badMethod(flags.method);
  if (flags.pairs < 1) throw explainErrors.badSamples(flags.pairs);
  if (flags.background < 1) throw new InputError('E_EXPLAIN_BACKGROUND', `--background needs a whole number ≥ 1 (got ${flags.background})`, { path: ['background'] });
  await checkOutputFile(flags.out, [flags.data, flags.model]);
  const model = await UpliftModel.load(flags.model);
  const schema = model.encoder.schema();
  const exactText = flags.id !== undefined && !(flags.id in schema) ? [flags.id] : [];
  const table = await readTable(flags.data, { schema, exactText });
  const idColumn = flags.id === undefined ? undefined : requireColumn(table, flags.id, 'id');
  const rows = selectedRows(table, flags.data, flags.rows, flags.id);
  const start = performance.now();
  let e: UpliftExplanation;
  try {
    e = explainUplift(model, table, {
      method: flags.method as ExplainMethod,
      ...(rows === undefined ? {} : { rows }),
      pairs: flags.pairs,
      backgroundRows: flags.background,
      seed: flags.seed,
      progress: stderrProgress(flags.quiet === true),
    });
  } catch (error) {
    // Name the model file when it is the model that cannot be explained exactly.
    if (error instanceof InputError && error.code === 'E_EXPLAIN_NOT_TREE') throw new InputError(error.code, error.detail, { file: flags.model, path: ['method'] });
    throw error;
  }
  for (const w of e.warnings) warn(w);
  if (e.treeUnavailable === NO_COVERS) warn(`${flags.model}: ${NO_COVERS}; the values were sampled instead`);
  await writeTable(flags.out, outputTable(e, idColumn));
  const ranked = meanAbsoluteShap(e);
  const top = e.arms.map((arm) => ({ arm, features: ranked.filter((r) => r.arm === arm).slice(0, flags.top).map((r) => ({ feature: r.feature, meanAbsShap: r.meanAbs })) }));
  const summary = {
    explanations: flags.out,
    method: e.method,
    how: e.how,
    units: e.rows.length,
    arms: e.arms,
    features: e.features,
    top,
    additivityGap: additivityGap(e),
    seconds: secondsSince(start),
    warnings: e.warnings,
  };
  if (flags.quiet !== true && flags.json !== true) info(`explained ${e.rows.length} units in ${summary.seconds.toFixed(2)} s`);
  printResult(flags.json === true, summary, () =>
    [
      `explained the uplift of ${e.rows.length} units for ${e.arms.map((a) => `'${a}'`).join(', ')} → ${flags.out}`,
      `  method: ${e.how}`,
      `  check: base_value + Σ shap_<feature> = uplift for every unit (largest gap ${summary.additivityGap.toExponential(1)})`,
      ...top.flatMap((t) => [
        `  top features for '${t.arm}' (mean |SHAP|, outcome units):`,
        ...t.features.map((f) => `    ${f.feature.padEnd(Math.max(...t.features.map((x) => x.feature.length)))}  ${f.meanAbsShap.toPrecision(3)}`),
      ]),
    ].join('\n'),
  );
}
