/**
 * liftwise scholarship: the scholarship scenario (scenarios/scholarship) as
 * one command — fit the enrolment model on the JANOS history, draw admitted
 * students, plan their scholarships exactly, compare with the baselines.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScholarship, type ScholarshipReport } from '../scholarship/scholarship.js';
import { writeTable } from '../data/write.js';
import { numericColumn } from '../data/table.js';
import { planTable } from '../allocate/plan-file.js';
import { checkOutputFile } from '../util/outputs.js';
import { action, integerOption, numberListOption, numberOption } from './action.js';
import { printResult, stderrProgress } from './output.js';

interface ScholarshipFlags {
  students: number;
  seed: number;
  levels?: number[];
  budgetPerStudent: number;
  recipientShare?: number;
  dataDir?: string;
  mipGap: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('scholarship')
    .description('the scholarship scenario: fit P(enroll | SAT, GPA, merit) on the JANOS history, plan merit aid for admitted students')
    .option('--students <n>', 'admitted students drawn from the 6,000 applicants', integerOption('students'), 500)
    .option('--seed <n>', 'seed of the draw', integerOption('seed'), 1)
    .option('--levels <k$>', 'scholarship levels in k$, the first = none (default 0,0.5,1,1.5,2,2.5)', numberListOption('levels'))
    .option('--budget-per-student <k$>', 'budget = this × students (k$)', numberOption('budget-per-student'), 0.2)
    .option('--recipient-share <s>', 'at most this share of students gets a scholarship (e.g. 0.2)', numberOption('recipient-share'))
    .option('--data-dir <dir>', 'folder with the JANOS CSV files (default: the copy shipped in scenarios/scholarship/data)')
    .option('--mip-gap <g>', 'accept a plan within this relative gap (default 0: proven optimal)', numberOption('mip-gap'), 0)
    .option('--out <file>', 'write the plan: student_id, SAT, GPA, merit, p_enroll')
    .option('--json', 'print the report as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(action(scholarship));
}

async function scholarship(flags: ScholarshipFlags): Promise<void> {
  if (flags.out !== undefined) await checkOutputFile(flags.out);
  const report = await runScholarship({
    dataDir: flags.dataDir ?? defaultDataDir(),
    students: flags.students,
    seed: flags.seed,
    budgetPerStudent: flags.budgetPerStudent,
    mipGap: flags.mipGap,
    progress: stderrProgress(flags.quiet === true),
    ...(flags.levels === undefined ? {} : { levels: flags.levels }),
    ...(flags.recipientShare === undefined ? {} : { recipientShare: flags.recipientShare }),
  });
  if (flags.out !== undefined) await writePlan(flags.out, report);
  const { problem: _problem, choice: _choice, applicantRows: _rows, applicantIds: _ids, ...summary } = report;
  printResult(flags.json === true, summary, () => reportText(report));
}

/** The JANOS data shipped with liftwise: scenarios/scholarship/data in the package. */
function defaultDataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, 'scenarios', 'scholarship', 'data');
}

async function writePlan(file: string, report: ScholarshipReport): Promise<void> {
  // The plan table with the scholarship's own names: the level is the merit award, the value P(enrol).
  await writeTable(
    file,
    planTable(report.problem, { choice: report.choice }, {
      id: numericColumn('student_id', report.applicantIds),
      extra: [numericColumn('SAT', report.sat), numericColumn('GPA', report.gpa)],
      columns: [
        { name: 'merit', of: 'level' },
        { name: 'p_enroll', of: 'value' },
      ],
    }),
  );
}

function reportText(r: ScholarshipReport): string {
  const row = (name: string, s: { expectedEnrolments: number; spend: number; recipients: number }): string =>
    `  ${name.padEnd(34)}${s.expectedEnrolments.toFixed(2).padStart(10)}${s.spend.toFixed(1).padStart(12)}${String(s.recipients).padStart(12)}`;
  const [b0, b1, b2, b3] = [r.model.intercept, ...r.model.coef].map((x) => x!.toFixed(4));
  return [
    `scholarship scenario — ${r.students} admitted students (seed ${r.seed}), levels ${r.levels.join(', ')} k$, budget ${r.budget} k$` +
      (r.maxRecipients === null ? '' : `, at most ${r.maxRecipients} recipients`),
    `model: logit P(enroll) = ${b0} + ${b1}·zSAT + ${b2}·zGPA + ${b3}·merit (${r.model.historyRows} historical students)`,
    `  ${'strategy'.padEnd(34)}${'enrolments'.padStart(10)}${'spend k$'.padStart(12)}${'recipients'.padStart(12)}`,
    row('liftwise plan', r.plan),
    row('no scholarships', r.noScholarships),
    row(`best students get ${r.levels[r.levels.length - 1]} first`, r.bestStudentsFirst),
    `plan: ${r.plan.status} (${r.plan.solver}, ${r.plan.seconds.toFixed(2)} s), bound ${r.plan.bound.toFixed(4)}, gap ${r.plan.gap.toExponential(2)}; ` +
      `students per level: ${r.plan.perLevel.map((p) => `${p.level}: ${p.students}`).join(', ')}`,
  ].join('\n');
}
