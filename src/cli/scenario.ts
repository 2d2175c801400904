/** liftwise scenario run: fit once per model, solve every variation, write plans, summaries and a report. */
import type { Command } from 'commander';
import { runScenario } from '../scenario/run.js';
import { checkScenarioOutput, formatGap, slug, summaryRows, writeScenarioOutputs } from '../scenario/output.js';
import { loadScenario } from '../scenario/load.js';
import { checkScenario, variationsToRun } from '../scenario/validate.js';
import { action } from './action.js';
import { info, printResult, stderrProgress, warn } from './output.js';
import { secondsSince } from './common.js';

interface RunFlags {
  out?: string;
  replace?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  const scenario = program.command('scenario').description('what-if scenarios kept in YAML or JSON files');
  scenario
    .command('run <file>')
    .description('run a scenario file: plans per variation, summary.csv/json and report.html in the output folder')
    .option('--out <dir>', 'output folder (default: <scenario name>-results in the current folder)')
    .option('--replace', 'replace an output folder a previous run wrote (only the files its .liftwise-output.json lists; refused if it holds anything else)')
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(action(run));
  scenario
    .command('check <file>')
    .description('check a scenario file, its data and models as a run would, without fitting')
    .option('--json', 'print the parsed scenario as JSON')
    .action(
      action(async (file: string, flags: { json?: boolean }) => {
        const loaded = await loadScenario(file);
        // The checks a run makes before fitting, the same code (scenario/validate.ts).
        const { warnings } = await checkScenario(loaded);
        for (const w of warnings) warn(w);
        const plans = variationsToRun(loaded.spec).map(({ variation }) => variation?.name ?? 'base');
        printResult(flags.json === true, { ...loaded.spec, plans, warnings }, () => `${file}: valid scenario '${loaded.spec.name}': ${plans.length} plan(s) (${plans.join(', ')}), data and models checked`);
      }),
    );
  for (const sub of scenario.commands) sub.exitOverride();
}

async function run(file: string, flags: RunFlags): Promise<void> {
  const progress = stderrProgress(flags.quiet === true);
  const started = performance.now();
  const scenario = await loadScenario(file);
  const out = flags.out ?? `${slug(scenario.spec.name)}-results`;
  // Check where the results go before any model is fitted.
  const checked = await checkScenarioOutput(scenario, out, { replace: flags.replace === true });
  const result = await runScenario(scenario, { progress });
  const files = await writeScenarioOutputs(result, out, { replace: flags.replace === true, checked });
  for (const w of result.warnings) warn(w);
  const rows = summaryRows(result);
  if (flags.quiet !== true) info(`scenario '${result.name}' done in ${secondsSince(started).toFixed(2)} s; wrote ${files.length} files to ${out}`);
  printResult(flags.json === true, { scenario: result.name, out, variations: rows, warnings: result.warnings }, () =>
    [
      `variation\tstatus\tbudget\tspend\trecipients\texpected_incremental\tinterval\tgap`,
      ...rows.map((r) =>
        [
          r.variation,
          r.status,
          r.budget === null ? '-' : r.budget,
          r.spend.toFixed(2),
          r.recipients,
          r.expected_incremental.toFixed(2),
          r.incremental_lower === null ? '-' : `${r.incremental_lower.toFixed(1)}–${r.incremental_upper!.toFixed(1)}`,
          formatGap(r.relative_gap),
        ].join('\t'),
      ),
      `→ ${out}/report.html`,
    ].join('\n'),
  );
}
