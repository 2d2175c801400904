/**
 * liftwise graph: causal graphs with hidden confounders.
 *   check     parse a graph file, list its districts
 *   identify  is P(y | do(x)) [given z] computable from observed data? the estimand, or the hedge
 *   sample    draws of y under do(x) from data (ID-GEN), written to a CSV
 *   effect    E[y | do(x)] − E[y | do(x')] beside the naive E[y | x] − E[y | x'], with intervals;
 *             with --by SEGMENT an effects file the planner (liftwise allocate --scores) reads
 */
import type { Command } from 'commander';
import { readGraph } from '../causal/graph/parse.js';
import type { Admg } from '../causal/graph/admg.js';
import { describeHedge, identify } from '../causal/graph/identify.js';
import { toLatex, toText } from '../causal/graph/estimand.js';
import { backdoorSets, frontdoorSets } from '../causal/graph/criteria.js';
import { graphErrors } from '../causal/graph/messages.js';
import { estimateEffects, unitEffects, type EffectsResult, type Summary } from '../causal/idgen/estimate.js';
import { writeDrawsFile } from '../effects/drawsFile.js';
import { textOf, valueFromText, variablesFromTable, type VariableData } from '../causal/idgen/variables.js';
import { readTable } from '../data/read.js';
import { writeTable } from '../data/write.js';
import { categoricalColumn, cellText, createTable, numericColumn, type Column } from '../data/table.js';
import { action, integerOption, listOption, numberOption } from './action.js';
import { info, printResult, stderrProgress } from './output.js';
import { refuseOverwritingInput } from './common.js';

interface CommonFlags {
  json?: boolean;
}

interface IdentifyFlags extends CommonFlags {
  treatment: string;
  outcome: string;
  given?: string;
}

interface SampleFlags extends CommonFlags {
  data: string;
  do: string[];
  outcome: string;
  n: number;
  seed: number;
  out?: string;
  learner: string;
  residuals: string;
  bootstrap: number;
  categorical?: string;
  quiet?: boolean;
}

interface EffectFlags extends SampleFlags {
  versus: string;
  drawsOut?: string;
  by?: string;
  id?: string;
  arm?: string[];
}

export function register(program: Command): void {
  const graph = program.command('graph').description('causal graphs with hidden confounders: check, identify, sample, effect');
  graph
    .command('check <graph>')
    .description("parse a graph file ('a -> b', 'a <-> b' for a hidden common cause, or dagitty's dag { … }) and list its districts")
    .option('--json', 'print JSON')
    .action(action(check));
  graph
    .command('identify <graph>')
    .description('the estimand of P(outcome | do(treatment)[, given]) in observed terms, or the hedge that makes it impossible')
    .requiredOption('--treatment <vars>', 'treatment variables, comma-separated')
    .requiredOption('--outcome <vars>', 'outcome variables, comma-separated')
    .option('--given <vars>', 'variables conditioned on (IDC), comma-separated')
    .option('--json', 'print JSON (estimand as a tree, text and LaTeX)')
    .action(action(identifyCommand));
  sampling(
    graph
      .command('sample <graph>')
      .description('draws of the outcome under an intervention, from observational data (ID-GEN)')
      .option('--out <file>', 'CSV of the draws to write'),
  ).action(action(sample));
  sampling(
    graph
      .command('effect <graph>')
      .description('interventional effect beside the naive difference, with intervals; --by for per-segment effects')
      .requiredOption('--versus <assignments>', 'the comparison intervention, e.g. X=0')
      .option('--by <variable>', 'conditional effects per level of this graph variable (IDC)')
      .option('--out <file>', 'with --by: effects file (id, segment, uplift_<arm>) for liftwise allocate --scores')
      .option('--id <column>', 'with --out: copy this data column as the unit id')
      .option('--draws-out <file>', 'with --by: the bootstrap draws of every unit\'s effect as a liftwise draws file')
      .option('--arm <name>', 'name of the arm in uplift_<name> (one per --do, in order; default its values)', collect),
  ).action(action(effect));
  // Usage errors in the subcommands exit 2 like every other command's.
  for (const sub of graph.commands) sub.exitOverride();
}

function sampling(command: Command): Command {
  return command
    .requiredOption('--data <file>', 'CSV with a column for every variable of the graph')
    .requiredOption('--do <assignments>', 'the intervention, X=VALUE[,X2=VALUE]; repeatable for several arms', collect)
    .requiredOption('--outcome <var>', 'outcome variable')
    .option('--n <draws>', 'draws of the outcome per intervention', integerOption('n'), 100_000)
    .option('--seed <n>', 'random seed', integerOption('seed'), 0)
    .option('--learner <name>', "conditional models: 'linear' (logistic / ridge with pairwise interactions) or 'boosting'", 'linear')
    .option('--residuals <how>', "numeric variables: 'binned' (residuals drawn near the same fitted mean) or 'pooled'", 'binned')
    .option('--bootstrap <b>', 'bootstrap replicates for the intervals (0: none)', integerOption('bootstrap'), 50)
    .option('--level <p>', 'interval level', numberOption('level'), 0.95)
    .option('--categorical <vars>', 'numeric columns to treat as categorical (at most 64 levels)')
    .option('--quiet', 'no progress on stderr')
    .option('--json', 'print JSON');
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function check(file: string, flags: CommonFlags): Promise<void> {
  const { graph } = await readGraph(file);
  const districts = graph.districts();
  const summary = {
    file,
    variables: graph.order,
    directed: graph.directedEdges(),
    bidirected: graph.bidirectedEdges(),
    districts,
  };
  printResult(flags.json === true, summary, () =>
    [
      `${file}: ${graph.size} variables, ${summary.directed.length} directed and ${summary.bidirected.length} bidirected edges, acyclic`,
      `topological order: ${graph.order.join(', ')}`,
      `districts (c-components): ${districts.map((d) => `{${d.join(', ')}}`).join(' ')}`,
    ].join('\n'),
  );
}

/** Splits a comma list of graph variables, each of which must exist. */
function variables(graph: Admg, text: string | undefined, role: string): string[] {
  if (text === undefined) return [];
  const names = listOption(text);
  if (names.length === 0) throw graphErrors.emptyRole(role);
  for (const v of names) if (!graph.has(v)) throw graphErrors.unknownVariable(role, v, graph.order);
  return names;
}

function disjoint(roles: Array<[string, readonly string[]]>): void {
  for (let a = 0; a < roles.length; a++)
    for (let b = a + 1; b < roles.length; b++)
      for (const v of roles[b]![1]) if (roles[a]![1].includes(v)) throw graphErrors.overlap(roles[a]![0], roles[b]![0], v);
}

async function identifyCommand(file: string, flags: IdentifyFlags): Promise<void> {
  const { graph } = await readGraph(file);
  const treatment = variables(graph, flags.treatment, 'treatment');
  const outcome = variables(graph, flags.outcome, 'outcome');
  const given = variables(graph, flags.given, 'given');
  disjoint([
    ['treatment', treatment],
    ['outcome', outcome],
    ['given', given],
  ]);
  const r = identify(graph, { treatment, outcome, given });
  const query = `P(${outcome.join(', ')} | do(${treatment.join(', ')})${given.length > 0 ? `, ${given.join(', ')}` : ''})`;
  const adjustment = given.length === 0 ? { backdoor: backdoorSets(graph, treatment, outcome), frontdoor: frontdoorSets(graph, treatment, outcome) } : undefined;
  if (!r.identifiable) {
    printResult(flags.json === true, { query, identifiable: false, hedge: r.hedge, explanation: describeHedge(r.hedge) }, () =>
      [`${query} is NOT identifiable from the observed variables.`, `Reason: ${describeHedge(r.hedge)}.`].join('\n'),
    );
    return;
  }
  const sets = (s: { sets: string[][]; complete: boolean } | undefined): string =>
    s === undefined || s.sets.length === 0 ? 'none' : s.sets.map((z) => `{${z.join(', ')}}`).join(' ') + (s.complete ? '' : ' (one of several)');
  printResult(
    flags.json === true,
    {
      query,
      identifiable: true,
      estimand: { text: toText(r.estimand), latex: toLatex(r.estimand), tree: r.estimand },
      givenMovedToActions: r.moved,
      ...(adjustment === undefined ? {} : { adjustment }),
    },
    () =>
      [
        `${query} is identifiable:`,
        `  ${query} = ${toText(r.estimand)}`,
        `  LaTeX: ${toLatex(r.estimand)}`,
        ...(r.moved.length > 0 ? [`  (rule 2: ${r.moved.join(', ')} acts as an intervention here)`] : []),
        ...(adjustment === undefined
          ? []
          : [`  minimal back-door sets: ${sets(adjustment.backdoor)}`, `  minimal front-door sets: ${sets(adjustment.frontdoor)}`]),
      ].join('\n'),
  );
}

interface Prepared {
  graph: Admg;
  data: VariableData;
  arms: Array<Map<string, number>>;
  armTexts: string[];
}

/** Reads graph and data, checks the variables and parses the --do assignments (and --versus, first). */
async function prepare(file: string, flags: SampleFlags, assignments: string[], extra: string[] = [], idColumn?: string): Promise<{ p: Prepared; table: Awaited<ReturnType<typeof readTable>> }> {
  const { graph } = await readGraph(file);
  variables(graph, flags.outcome, 'outcome');
  if (listOption(flags.outcome).length !== 1) throw graphErrors.badOption('outcome', flags.outcome, 'one outcome variable');
  for (const v of extra) if (!graph.has(v)) throw graphErrors.unknownVariable('by', v, graph.order);
  const parsed = assignments.map((a) => parseAssignment(graph, a));
  const treatment = [...parsed[0]!.keys()];
  for (const p of parsed) {
    const keys = [...p.keys()];
    if (keys.length !== treatment.length || keys.some((k) => !treatment.includes(k))) {
      throw graphErrors.badOption('do', [...p.keys()].join(','), `every intervention must set the same variables (${treatment.join(', ')})`);
    }
  }
  disjoint([
    ['do', treatment],
    ['outcome', [flags.outcome]],
    ['by', extra],
  ]);
  if (!['binned', 'pooled'].includes(flags.residuals)) throw graphErrors.badOption('residuals', flags.residuals, "'binned' or 'pooled'");
  if (!['linear', 'boosting'].includes(flags.learner)) throw graphErrors.badOption('learner', flags.learner, "'linear' or 'boosting'");
  if (!(flags.n >= 1)) throw graphErrors.badOption('n', flags.n, 'a positive number of draws');
  if (flags.bootstrap < 0 || flags.bootstrap === 1) throw graphErrors.badOption('bootstrap', flags.bootstrap, '0 (no interval) or at least 2 replicates');
  const columns = [...graph.order, ...(idColumn !== undefined && !graph.has(idColumn) ? [idColumn] : [])];
  const table = await readTable(flags.data, { columns });
  const data = variablesFromTable(table, graph.order, flags.categorical === undefined ? [] : listOption(flags.categorical));
  for (const v of graph.order) {
    const values = data.values.get(v)!;
    if (values.every((x) => x === values[0])) throw graphErrors.constant(v);
  }
  const arms = parsed.map((p) => new Map([...p].map(([v, text]) => [v, valueFromText(data.specs.get(v)!, text)])));
  return { p: { graph, data, arms, armTexts: parsed.map((p) => [...p.values()].join('+')) }, table };
}

function parseAssignment(graph: Admg, text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of listOption(text)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) throw graphErrors.badAssignment('do', part);
    const name = part.slice(0, eq).trim();
    if (!graph.has(name)) throw graphErrors.unknownVariable('do', name, graph.order);
    out.set(name, part.slice(eq + 1).trim());
  }
  if (out.size === 0) throw graphErrors.badAssignment('do', text);
  return out;
}

function progressFor(flags: SampleFlags): ((done: number, total: number) => void) | undefined {
  if (flags.bootstrap === 0) return undefined;
  const progress = stderrProgress(flags.quiet === true);
  let started = false;
  return (done, total) => {
    if (!started) {
      progress.start('bootstrap (refit every model)', total);
      started = true;
    }
    progress.tick();
    if (done === total) progress.stop();
  };
}

const fmt = (v: number): string => (Number.isFinite(v) ? (Math.abs(v) >= 1000 ? v.toFixed(1) : v.toPrecision(4)) : 'n/a');
const fmtSummary = (s: Summary): string => `${fmt(s.mean)}${s.interval === null ? '' : ` [${fmt(s.interval[0])}, ${fmt(s.interval[1])}]`}`;

async function sample(file: string, flags: SampleFlags): Promise<void> {
  if (flags.do.length !== 1) throw graphErrors.badOption('do', flags.do, 'graph sample takes one --do (use graph effect to compare interventions)');
  if (flags.out !== undefined) refuseOverwritingInput(flags.out, flags.data, file);
  const { p } = await prepare(file, flags, flags.do);
  const result = run(p, flags);
  const arm = result.arms[0]!;
  const spec = p.data.specs.get(flags.outcome)!;
  if (flags.out !== undefined) {
    const draws = result.samples[0]!;
    const column: Column =
      spec.kind === 'numeric' ? numericColumn(flags.outcome, draws) : categoricalColumn(flags.outcome, Array.from(draws, (v) => textOf(spec, v)));
    await writeTable(flags.out, createTable([column]));
  }
  const summary = {
    query: `P(${flags.outcome} | do(${flags.do[0]}))`,
    estimand: result.estimand,
    draws: result.draws,
    mean: arm.interventional.mean,
    interval: arm.interventional.interval,
    level: result.level,
    quantiles: arm.interventional.quantiles,
    naive: arm.naive,
    ...(flags.out === undefined ? {} : { out: flags.out }),
  };
  printResult(flags.json === true, summary, () =>
    [
      `${summary.query} = ${result.estimand}`,
      `E[${flags.outcome} | do(${flags.do[0]})] = ${fmtSummary(arm.interventional)}  (${result.draws} draws, ${Math.round(result.level * 100)} % bootstrap interval over ${result.bootstrap} refits)`,
      `quantiles: ${arm.interventional.quantiles.map((q) => `${q.p * 100} %: ${fmt(q.value)}`).join(', ')}`,
      `naive E[${flags.outcome} | ${flags.do[0]}] = ${fmtSummary(arm.naive)}`,
      ...(flags.out === undefined ? [] : [`draws → ${flags.out}`]),
    ].join('\n'),
  );
}

function run(p: Prepared, flags: SampleFlags, by?: string): EffectsResult {
  const start = performance.now();
  const onProgress = progressFor(flags);
  const result = estimateEffects(
    p.graph,
    p.data,
    { outcome: flags.outcome, arms: p.arms, armNames: p.armTexts, ...(by === undefined ? {} : { by }) },
    {
      learner: flags.learner as 'linear' | 'boosting',
      residuals: flags.residuals as 'binned' | 'pooled',
      seed: flags.seed,
      draws: flags.n,
      bootstrap: flags.bootstrap,
      level: (flags as { level?: number }).level ?? 0.95,
      ...(onProgress === undefined ? {} : { onProgress }),
    },
  );
  if (flags.quiet !== true) info(`sampled in ${((performance.now() - start) / 1000).toFixed(2)} s`);
  return result;
}

async function effect(file: string, flags: EffectFlags): Promise<void> {
  if (flags.out !== undefined && flags.by === undefined) throw graphErrors.badOption('out', flags.out, 'an effects file needs --by SEGMENT');
  if (flags.out !== undefined) refuseOverwritingInput(flags.out, flags.data, file);
  if (flags.drawsOut !== undefined) {
    if (flags.by === undefined) throw graphErrors.badOption('draws-out', flags.drawsOut, 'a draws file needs --by SEGMENT');
    if (flags.bootstrap < 2) throw graphErrors.badOption('draws-out', flags.drawsOut, 'a draws file needs --bootstrap of 2 or more');
    refuseOverwritingInput(flags.drawsOut, flags.data, file);
  }
  const by = flags.by === undefined ? [] : [flags.by];
  const { p, table } = await prepare(file, flags, [flags.versus, ...flags.do], by, flags.id);
  const names = flags.arm ?? p.armTexts.slice(1);
  if (names.length !== flags.do.length) throw graphErrors.badOption('arm', flags.arm, `one name per --do (${flags.do.length})`);
  p.armTexts = [p.armTexts[0]!, ...names];
  const result = run(p, flags, flags.by);
  if (flags.out !== undefined && result.segments !== undefined) {
    const seg = p.data.values.get(flags.by!)!;
    const columns: Column[] = [];
    if (flags.id !== undefined) {
      const idColumn = table.columns.get(flags.id);
      if (idColumn === undefined) throw graphErrors.missingColumn(table.source, flags.id);
      columns.push(categoricalColumn(flags.id, Array.from({ length: table.nRows }, (_, i) => cellText(idColumn, i))));
    }
    const segSpec = p.data.specs.get(flags.by!)!;
    columns.push(categoricalColumn(flags.by!, Array.from(seg, (v) => textOf(segSpec, v))));
    names.forEach((arm, j) => {
      const uplift = result.segments!.results.map((s) => s.effects[j]!.mean);
      columns.push(numericColumn(`uplift_${arm}`, Array.from(seg, (v) => uplift[v]!)));
    });
    await writeTable(flags.out, createTable(columns));
  }
  if (flags.drawsOut !== undefined && result.segments !== undefined) {
    const effects = unitEffects(result, p.data.values.get(flags.by!)!);
    const idColumn = flags.id === undefined ? undefined : table.columns.get(flags.id);
    await writeDrawsFile(
      flags.drawsOut,
      effects,
      idColumn === undefined ? {} : { ids: Array.from({ length: table.nRows }, (_, i) => cellText(idColumn, i)), idColumn: flags.id! },
    );
  }
  const json = {
    outcome: flags.outcome,
    estimand: result.estimand,
    draws: result.draws,
    bootstrap: result.bootstrap,
    level: result.level,
    arms: result.arms.map((a) => ({ name: a.name, interventional: a.interventional, naive: a.naive })),
    contrasts: result.contrasts,
    ...(result.segments === undefined ? {} : { segments: { variable: result.segments.variable, results: result.segments.results } }),
    ...(flags.out === undefined ? {} : { out: flags.out }),
    ...(flags.drawsOut === undefined ? {} : { drawsOut: flags.drawsOut }),
  };
  const y = flags.outcome;
  printResult(flags.json === true, json, () => {
    const lines = [`estimand: ${result.estimand}`, ''];
    const rows = [['', 'naive E[y | x]', 'interventional E[y | do(x)]']];
    const armLabel = (k: number): string => [flags.versus, ...flags.do][k]!;
    result.arms.forEach((a, k) => {
      rows.push([armLabel(k), fmtSummary(a.naive), fmtSummary(a.interventional)]);
    });
    result.contrasts.forEach((c, j) => {
      rows.push([`${armLabel(j + 1)} vs ${flags.versus}`, fmtSummary(c.naive), fmtSummary(c.interventional)]);
    });
    const width = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
    for (const r of rows) lines.push(r.map((cell, col) => cell.padEnd(width[col]!)).join('   ').trimEnd());
    lines.push('', `${y}: ${result.draws} draws per intervention; ${Math.round(result.level * 100)} % bootstrap intervals over ${result.bootstrap} refits`);
    if (result.segments !== undefined) {
      lines.push('', `effect per ${result.segments.variable} (E[${y} | do(x), ${result.segments.variable}] − E[${y} | do(${flags.versus}), ${result.segments.variable}]):`);
      for (const s of result.segments.results) {
        const effects = s.effects.map((e, j) => `${names[j]}: ${fmtSummary(e)}`);
        lines.push(`  ${s.level} (${s.rows} rows): ${effects.join(', ')}`);
      }
      if (flags.out !== undefined) lines.push(`effects → ${flags.out}`);
    }
    return lines.join('\n');
  });
}
