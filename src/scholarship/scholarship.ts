/**
 * The scholarship scenario (JANOS / Gurobi Machine Learning, data
 * INFORMSJoC/2020.1023, MIT licence): a college offers merit scholarships of
 * 0, 0.5, …, 2.5 k$ to admitted students and wants as many of them to enrol
 * as possible, spending at most 0.2·n k$ (and, optionally, giving at most
 * 0.2·n students a scholarship).
 *
 * 1. Fit P(enroll | SAT, GPA, merit) on the 20,000 historical students by
 *    logistic regression on standardised SAT and GPA plus raw merit (L2, C = 1,
 *    as the reference does).
 * 2. Draw n admitted students from the 6,000 applicants: the first n of a
 *    seeded permutation (liftwise's Random, xoshiro128**).
 * 3. Predict each student's enrolment probability at every level and solve
 *    the dose allocation exactly.
 * 4. Compare with no scholarships and with "the best students (by SAT, then
 *    GPA) get 2.5 until the money runs out".
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LogisticRegression } from '../learners/linear.js';
import { applyScaling, fitScaling } from '../learners/standardize.js';
import { featureMatrix } from '../data/features.js';
import { readTable } from '../data/read.js';
import { dataErrors } from '../data/messages.js';
import { Random } from '../util/random.js';
import type { Progress } from '../util/progress.js';
import { checkLevels, doseLevels, doseProblem } from '../allocate/dose.js';
import { solveAllocation } from '../allocate/solve.js';
import type { AllocationProblem } from '../allocate/problem.js';
import type { Plan } from '../allocate/plan.js';
import { allocateErrors } from '../allocate/messages.js';

export const HISTORY_FILE = 'college_student_enroll-s1-1.csv';
export const APPLICANTS_FILE = 'college_applications6000.csv';
/** The same data as shipped in scenarios/scholarship/data (R row numbers and BOM removed). */
export const BUNDLED_HISTORY_FILE = 'history.csv';
export const BUNDLED_APPLICANTS_FILE = 'applicants.csv';

/** The two files in `dataDir`: the bundled names when present, else JANOS's own. */
function dataFiles(dataDir: string): { history: string; applicants: string } {
  const bundled = existsSync(join(dataDir, BUNDLED_HISTORY_FILE));
  return {
    history: join(dataDir, bundled ? BUNDLED_HISTORY_FILE : HISTORY_FILE),
    applicants: join(dataDir, bundled ? BUNDLED_APPLICANTS_FILE : APPLICANTS_FILE),
  };
}

export interface ScholarshipOptions {
  /** Folder with the two JANOS CSV files (scenarios/scholarship/data, or JANOS's own data folder). */
  readonly dataDir: string;
  /** Admitted students to plan for (default 500). */
  readonly students?: number;
  /** Seed of the draw of students (default 1). */
  readonly seed?: number;
  /** Scholarship levels in k$, the first being no scholarship (default 0, 0.5, …, 2.5). */
  readonly levels?: readonly number[];
  /** Budget as a share of n, in k$ per student (default 0.2: 0.2·n k$). */
  readonly budgetPerStudent?: number;
  /** At most this share of students gets a scholarship (default: no cap). */
  readonly recipientShare?: number;
  /** Relative gap at which the plan is accepted (default 0: proven optimal). */
  readonly mipGap?: number;
  readonly progress?: Progress;
}

export interface StrategyResult {
  /** Σ P(enroll) over the admitted students. */
  readonly expectedEnrolments: number;
  readonly spend: number;
  readonly recipients: number;
}

export interface ScholarshipReport {
  readonly students: number;
  readonly seed: number;
  readonly levels: readonly number[];
  readonly budget: number;
  readonly maxRecipients: number | null;
  /** The fitted model on the original scale: logit = intercept + coef·(zSAT, zGPA, merit). */
  readonly model: { readonly intercept: number; readonly coef: readonly number[]; readonly historyRows: number };
  readonly plan: StrategyResult & {
    readonly status: Plan['status'];
    readonly solver: Plan['solver'];
    readonly bound: number;
    readonly gap: number;
    readonly seconds: number;
    /** Students per level, in level order. */
    readonly perLevel: ReadonlyArray<{ readonly level: number; readonly students: number }>;
  };
  readonly noScholarships: StrategyResult;
  readonly bestStudentsFirst: StrategyResult;
  /** The problem and plan, for writing the plan file or checking it. */
  readonly problem: AllocationProblem;
  readonly choice: Int32Array;
  /** Row of each admitted student in the applicants file (0-based), in plan order. */
  readonly applicantRows: Int32Array;
  readonly applicantIds: Float64Array;
  /** Each admitted student's SAT and GPA, in plan order. */
  readonly sat: Float64Array;
  readonly gpa: Float64Array;
}

/** Fits the enrolment model, draws the students and solves their scholarships. */
export async function runScholarship(options: ScholarshipOptions): Promise<ScholarshipReport> {
  const n = options.students ?? 500;
  const seed = options.seed ?? 1;
  const levels = options.levels ?? doseLevels(0, 2.5, 0.5);
  const budgetPerStudent = options.budgetPerStudent ?? 0.2;
  // Every option is checked before the data are read, so bad input fails fast.
  if (!(Number.isInteger(n) && n >= 1)) throw allocateErrors.badOption('students', n, 'a whole number ≥ 1');
  if (!(budgetPerStudent >= 0 && Number.isFinite(budgetPerStudent))) throw allocateErrors.negativeBudget(['budgetPerStudent'], budgetPerStudent);
  const share = options.recipientShare;
  if (share !== undefined && !(share >= 0 && share <= 1)) throw allocateErrors.badShare(['recipientShare'], share);
  checkLevels(levels);
  const files = dataFiles(options.dataDir);
  const history = await readNumericCsv(files.history, ['SAT', 'GPA', 'merit', 'enroll']);
  const applicants = await readNumericCsv(files.applicants, ['StudentID', 'SAT', 'GPA']);
  if (n > applicants.rows) throw allocateErrors.badOption('students', n, `at most the ${applicants.rows} applicants`);

  // Standardise SAT and GPA with the history's mean and population standard deviation (StandardScaler).
  const scaling = fitScaling(featureMatrix([history.columns.SAT!, history.columns.GPA!], ['SAT', 'GPA']));
  const [historySat, historyGpa] = applyScaling(featureMatrix([history.columns.SAT!, history.columns.GPA!]), scaling);
  const X = featureMatrix([historySat!, historyGpa!, history.columns.merit!], ['zSAT', 'zGPA', 'merit']);
  const model = new LogisticRegression({ l2: 1, standardize: false }).fit(X, history.columns.enroll!);

  const applicantRows = new Random(seed).permutation(applicants.rows).slice(0, n);
  const satOfStudent = Float64Array.from(applicantRows, (r) => applicants.columns.SAT![r]!);
  const gpaOfStudent = Float64Array.from(applicantRows, (r) => applicants.columns.GPA![r]!);
  const [zSat, zGpa] = applyScaling(featureMatrix([satOfStudent, gpaOfStudent]), scaling) as [Float64Array, Float64Array];
  const L = levels.length;
  const response = new Float64Array(n * L);
  levels.forEach((level, k) => {
    const p = model.predict(featureMatrix([zSat, zGpa, new Float64Array(n).fill(level)]));
    for (let i = 0; i < n; i++) response[i * L + k] = p[i]!;
  });

  const budget = budgetPerStudent * n;
  const maxRecipients = options.recipientShare === undefined ? undefined : Math.floor(options.recipientShare * n + 1e-9);
  const problem = doseProblem(
    { levels, response },
    { budget, ...(maxRecipients === undefined ? {} : { maxRecipients: Math.min(maxRecipients, n) }) },
  );
  const plan = await solveAllocation(problem, {
    mipGap: options.mipGap ?? 0,
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  if (plan.status === 'infeasible') throw allocateErrors.infeasible(plan.infeasibility?.message ?? 'no plan keeps the rules');

  const coefficients = model.coefficients();
  const perLevel = levels.map((level, k) => ({ level, students: plan.armCounts[k] ?? 0 }));
  return {
    students: n,
    seed,
    levels,
    budget,
    maxRecipients: maxRecipients ?? null,
    model: { intercept: coefficients.intercept, coef: Array.from(coefficients.coef), historyRows: history.rows },
    plan: {
      expectedEnrolments: plan.value,
      spend: plan.spend,
      recipients: plan.recipients,
      status: plan.status,
      solver: plan.solver,
      bound: plan.bound,
      gap: plan.gap,
      seconds: plan.seconds,
      perLevel,
    },
    noScholarships: evaluate(problem, new Int32Array(n)),
    bestStudentsFirst: evaluate(problem, bestStudentsFirst(problem, satOfStudent, gpaOfStudent)),
    problem,
    choice: plan.choice,
    applicantRows,
    applicantIds: Float64Array.from(applicantRows, (r) => applicants.columns.StudentID![r]!),
    sat: satOfStudent,
    gpa: gpaOfStudent,
  };
}

/**
 * "The best students get the top level until the money runs out": by SAT,
 * then GPA, each student gets the highest level while it fits the budget and
 * the cap; the last one gets the highest level that still fits.
 */
export function bestStudentsFirst(problem: AllocationProblem, sat: Float64Array, gpa: Float64Array): Int32Array {
  const { units: n, arms: L, costs } = problem;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sat[b]! - sat[a]! || gpa[b]! - gpa[a]! || a - b);
  const choice = new Int32Array(n);
  let left = problem.budget ?? Infinity;
  let slots = problem.maxRecipients ?? n;
  for (const i of order) {
    if (slots === 0) break;
    let k = L - 1;
    while (k > 0 && costs[i * L + k]! - costs[i * L]! > left + 1e-12) k--;
    if (k === 0) break;
    choice[i] = k;
    left -= costs[i * L + k]! - costs[i * L]!;
    slots--;
  }
  return choice;
}

function evaluate(problem: AllocationProblem, choice: Int32Array): StrategyResult {
  const L = problem.arms;
  let value = 0;
  let spend = 0;
  let recipients = 0;
  for (let i = 0; i < problem.units; i++) {
    value += problem.values[i * L + choice[i]!]!;
    spend += problem.costs[i * L + choice[i]!]!;
    if (choice[i] !== 0) recipients++;
  }
  return { expectedEnrolments: value, spend, recipients };
}

/**
 * Reads named numeric columns with readTable. JANOS's history file starts with
 * an unnamed R row-name column; it is not asked for, so it is not read.
 */
async function readNumericCsv(file: string, wanted: readonly string[]): Promise<{ rows: number; columns: Record<string, Float64Array> }> {
  const table = await readTable(file, { columns: wanted, schema: Object.fromEntries(wanted.map((name) => [name, 'numeric' as const])) });
  const columns: Record<string, Float64Array> = {};
  for (const name of wanted) {
    const column = table.columns.get(name)!;
    // Declared numeric, so readTable has refused any text cell with its file:line; a missing cell
    // has no meaning here (a score, a grade, an outcome), so it is refused too.
    if (column.kind !== 'numeric') continue;
    const missing = column.values.findIndex(Number.isNaN);
    if (missing >= 0) throw dataErrors.missingValue(file, missing + 2, name, "the scholarship model's input");
    columns[name] = column.values;
  }
  return { rows: table.nRows, columns };
}
