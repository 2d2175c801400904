/** liftwise evaluate: score a ranking against observed outcomes with scikit-uplift's metrics. */
import type { Command } from 'commander';
import { readTable } from '../data/read.js';
import { binaryOutcome, checkedNumbers, encodeTreatment } from '../data/roles.js';
import type { Table } from '../data/table.js';
import { upliftMetricIntervals, weightedAverageUplift } from '../metrics/index.js';
import { action, integerOption, numberOption } from './action.js';
import { printResult, warn } from './output.js';
import { cliErrors } from './messages.js';
import { evaluateErrors } from './evaluate-messages.js';
import { evaluatePlan, planEvaluationText } from './evaluate-plan.js';
import { rowsInArms } from '../uplift/types.js';
import { FeatureEncoder } from '../data/features.js';
import { crossFitNuisance } from '../uplift/nuisance.js';
import { overlapDiagnostics, type OverlapReport } from '../uplift/overlap.js';
import { listOption } from './action.js';
import { numericOutcomeArm, outcomeKindOf, metricMeanings } from './evaluate-numeric.js';

interface EvaluateFlags {
  data: string;
  scores?: string;
  plan?: string;
  treatment: string;
  outcome: string;
  control?: string;
  k: number;
  overlap?: boolean;
  features?: string[];
  exclude?: string[];
  seed: number;
  level: number;
  replicates: number;
  json?: boolean;
}

/** An interval of a metric and what kind of interval it is. */
export interface MetricBand {
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly kind: 'bootstrap';
  readonly replicates: number;
}

export interface ArmEvaluation {
  readonly arm: string;
  readonly rows: number;
  readonly treatedRows: number;
  readonly qiniAuc: number;
  /** Poisson-bootstrap interval over rows of the Qini AUC (--level, default 95 %; --replicates, default 200). */
  readonly qiniAucInterval: MetricBand;
  /** False when that interval reaches 0: the ranking is not distinguishable from random targeting. */
  readonly signal: boolean;
  readonly upliftAuc: number;
  /** The same replicates' interval of the uplift AUC. */
  readonly upliftAucInterval: MetricBand;
  readonly upliftAtK: number;
  /** The same replicates' interval of uplift@k. */
  readonly upliftAtKInterval: MetricBand;
  readonly weightedAverageUplift: number;
  /** Numeric outcomes: total incremental outcome of treating the top k share (outcome units). */
  readonly incrementalAtK?: number;
}

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('evaluate uplift scores on data with observed outcomes (Qini AUC, uplift AUC, uplift@k, weighted average uplift)')
    .requiredOption('--data <file>', 'rows with treatment and outcome (the file that was scored)')
    .option('--scores <file>', 'scores written by liftwise score (same rows, same order)')
    .option('--plan <file>', 'a plan written by liftwise allocate for these rows: its incremental outcome estimated from the rows (held-out, randomised), beside what it promised')
    .requiredOption('--treatment <column>', 'treatment column')
    .requiredOption('--outcome <column>', 'outcome column: 0/1, or numeric (revenue, spend) for the same metrics in its units')
    .option('--control <value>', 'control value of the treatment column (default 0 or "control")')
    .option('--k <fraction>', 'share of top-ranked rows for uplift@k', numberOption('k'), 0.3)
    .option('--overlap', 'also check overlap: cross-fitted logistic propensities from the features, by arm')
    .option('--features <columns>', 'with --overlap: feature columns (default: every column but treatment and outcome)', listOption)
    .option('--exclude <columns>', 'with --overlap: columns to leave out of the default features (ids)', listOption)
    .option('--seed <n>', 'seed of the bootstrap intervals (Poisson bootstrap over rows)', integerOption('seed'), 0)
    .option('--level <fraction>', 'coverage of the bootstrap intervals of Qini AUC, uplift AUC and uplift@k', numberOption('level'), 0.95)
    .option('--replicates <n>', 'bootstrap replicates of the intervals', integerOption('replicates'), 200)
    .option('--json', 'print the metrics as JSON')
    .action(action(evaluate));
}

/** Uplift columns of a scores table, as arm labels. */
export function upliftArms(scores: Table): string[] {
  return scores.names.filter((n) => n.startsWith('uplift_')).map((n) => n.slice('uplift_'.length));
}

async function evaluate(flags: EvaluateFlags): Promise<void> {
  if (!(flags.k > 0 && flags.k < 1)) throw cliErrors.badFraction('k', flags.k);
  if (!(flags.level > 0 && flags.level < 1)) throw cliErrors.badFraction('level', flags.level);
  if (!(flags.replicates >= 20)) throw evaluateErrors.tooFewReplicates(flags.replicates);
  if (flags.scores === undefined && flags.plan === undefined) throw evaluateErrors.nothingToEvaluate();
  const data = await readTable(flags.data);
  const plan =
    flags.plan === undefined
      ? undefined
      : evaluatePlan(data, await readTable(flags.plan), {
          treatment: flags.treatment,
          outcome: flags.outcome,
          ...(flags.control === undefined ? {} : { control: flags.control }),
          level: flags.level,
          replicates: flags.replicates,
          seed: flags.seed,
        });
  if (flags.scores === undefined) {
    printResult(flags.json === true, { plan }, () => planEvaluationText(plan!).join('\n'));
    return;
  }
  const scoresFile = flags.scores;
  const scores = await readTable(scoresFile);
  const arms = upliftArms(scores);
  if (arms.length === 0) throw cliErrors.noUpliftColumns(scoresFile, scores.names);
  if (scores.nRows !== data.nRows) throw cliErrors.rowCountMismatch(scoresFile, flags.data, scores.nRows, data.nRows);
  // Every score must be a number: a bad cell is reported at its line in the scores file, as written.
  const scoreColumns = arms.map((arm) => {
    const name = `uplift_${arm}`;
    return checkedNumbers(scores, scores.columns.get(name)!, {
      fail: (line, text, need) => cliErrors.badScore(scoresFile, line, name, text, need),
    });
  });
  const treatment = encodeTreatment(data, flags.treatment, { control: flags.control, treated: arms });
  // A numeric outcome (revenue, spend) gets the same metrics in its own units (evaluate-numeric.ts).
  const outcomeKind = outcomeKindOf(data, flags.outcome);
  const results: ArmEvaluation[] = arms.map((arm, index) => {
    const k = index + 1;
    const rows = rowsInArms(treatment.arm, [0, k]);
    if (outcomeKind === 'continuous') return numericOutcomeArm(data, flags, arm, k, rows, treatment.arm, scoreColumns[index]!);
    const y = binaryOutcome(data, flags.outcome, rows);
    const t = Float64Array.from(rows, (r) => (treatment.arm[r] === k ? 1 : 0));
    const u = Float64Array.from(rows, (r) => scoreColumns[index]![r]!);
    let treatedRows = 0;
    for (const v of t) treatedRows += v;
    // One seeded Poisson bootstrap over rows gives all three intervals (same replicates).
    const iv = upliftMetricIntervals(y, u, t, { k: flags.k, level: flags.level, replicates: flags.replicates, seed: flags.seed + k });
    const band = (m: { lower: number; upper: number }): MetricBand => ({ lower: m.lower, upper: m.upper, level: iv.level, kind: iv.kind, replicates: iv.replicates });
    return {
      arm,
      rows: rows.length,
      treatedRows,
      qiniAuc: iv.qiniAuc.estimate,
      qiniAucInterval: band(iv.qiniAuc),
      signal: !iv.qiniAuc.containsZero,
      upliftAuc: iv.upliftAuc.estimate,
      upliftAucInterval: band(iv.upliftAuc),
      upliftAtK: iv.upliftAtK.estimate,
      upliftAtKInterval: band(iv.upliftAtK),
      weightedAverageUplift: weightedAverageUplift(y, u, t),
    };
  });
  for (const r of results) {
    if (!r.signal) {
      warn(
        `arm '${r.arm}': the Qini AUC ${r.qiniAuc.toFixed(4)} is not distinguishable from 0 (${pct(flags.level)} % bootstrap interval [${r.qiniAucInterval.lower.toFixed(4)}, ${r.qiniAucInterval.upper.toFixed(4)}]): these rows cannot show that the scores rank customers better than random targeting, so do not plan on them without more evidence`,
      );
    }
  }
  const overlap = flags.overlap === true ? overlapOf(data, flags, treatment.arm, treatment.encoding.arms) : undefined;
  for (const w of overlap?.warnings ?? []) warn(w);
  const level = pct(flags.level);
  const range = (b: MetricBand): string => `[${b.lower.toFixed(4)}, ${b.upper.toFixed(4)}]`;
  const meanings = metricMeanings(outcomeKind, flags.outcome, flags.k);
  printResult(flags.json === true, { k: flags.k, outcomeKind, meanings, arms: results, ...(overlap === undefined ? {} : { overlap }), ...(plan === undefined ? {} : { plan }) }, () =>
    [
      `arm\trows\tqini_auc\tqini_auc_${level}%\tuplift_auc\tuplift_auc_${level}%\tuplift@${flags.k}\tuplift@${flags.k}_${level}%\tweighted_avg_uplift`,
      ...results.map((r) =>
        [
          r.arm,
          r.rows,
          r.qiniAuc.toFixed(4),
          `${range(r.qiniAucInterval)}${r.signal ? '' : ' (no signal)'}`,
          r.upliftAuc.toFixed(4),
          range(r.upliftAucInterval),
          r.upliftAtK.toFixed(4),
          range(r.upliftAtKInterval),
          r.weightedAverageUplift.toFixed(4),
        ].join('\t'),
      ),
      `intervals: ${level} % percentile intervals of a Poisson bootstrap over rows (${flags.replicates} replicates, seed ${flags.seed})`,
      ...(overlap === undefined
        ? []
        : [
            '',
            `overlap: ${(100 * overlap.shareOutside).toFixed(1)} % of rows have a propensity outside [${overlap.bounds.join(', ')}]`,
            'arm\trows\tpropensity median (in arm / other arms)\teffective sample size',
            ...overlap.arms.map((a) =>
              [a.arm, a.rows, `${a.inArm.median.toFixed(3)} / ${a.otherArms.median.toFixed(3)}`, `${a.effectiveSampleSize.toFixed(0)} (${(100 * a.effectiveShare).toFixed(0)} %)`].join('\t'),
            ),
          ]),
      ...(plan === undefined ? [] : ['', ...planEvaluationText(plan)]),
      ...results.filter((r) => r.incrementalAtK !== undefined).map((r) => `arm '${r.arm}': incremental ${flags.outcome} from treating the top ${flags.k}: ${r.incrementalAtK!.toFixed(2)}`),
      '',
      `what the numbers mean (${outcomeKind === 'binary' ? '0/1' : 'numeric'} outcome '${flags.outcome}'):`,
      ...Object.entries(meanings).map(([name, text]) => `  ${name}: ${text}`),
    ].join('\n'),
  );
}

/** 0.95 → '95', 0.9 → '90'. */
function pct(level: number): string {
  return String(Number((100 * level).toFixed(2)));
}

/** Propensities from 5-fold cross-fitted logistic regressions on the features, and their overlap diagnostics. */
function overlapOf(data: Table, flags: EvaluateFlags, arm: Int32Array, labels: readonly string[]): OverlapReport {
  const excluded = new Set([flags.treatment, flags.outcome, ...(flags.exclude ?? [])]);
  const features = flags.features ?? data.names.filter((n) => !excluded.has(n));
  const encoder = FeatureEncoder.fit(data, features, { categorical: 'onehot' });
  const rows = rowsInArms(arm, labels.map((_, k) => k));
  const full = encoder.transform(data);
  const X = { ...full, nRows: rows.length, columns: full.columns.map((c) => Float64Array.from(rows, (r) => c[r]!)) };
  const a = Int32Array.from(rows, (r) => arm[r]!);
  // The outcome models are not needed for overlap; a constant outcome keeps them trivial.
  const cf = crossFitNuisance(
    X,
    a,
    new Float64Array(rows.length),
    { outcome: { name: 'linear' }, outcomeTask: 'regression', propensity: { name: 'logistic' }, clip: 0 },
    'evaluate --overlap',
  );
  return overlapDiagnostics(cf.propensity, a, labels);
}
