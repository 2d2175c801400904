/**
 * Every message the allocation layer (and the `allocate` and `scholarship`
 * commands) shows a user, each with a stable code. Library errors name the
 * field path inside the problem; CLI errors name the file, line and column.
 */
import { InfeasibleError, InputError, LiftwiseError, type ErrorLocation } from '../errors.js';
import { countNoun } from '../util/count-noun.js';

const path = (...p: Array<string | number>): ErrorLocation => ({ path: p });
const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(10))));

export const allocateErrors = {
  noUpliftColumns: (file: string, columns: readonly string[]) =>
    new InputError(
      'E_NO_UPLIFT_COLUMNS',
      `no uplift_<arm> columns found (columns are ${columns.map((c) => `'${c}'`).join(', ')}); pass a file written by 'liftwise score'`,
      { file },
    ),
  // ── problem shape ────────────────────────────────────────────────────────
  badCount: (field: string, value: unknown, need: string) =>
    new InputError('E_PROBLEM_SHAPE', `${field} must be ${need}, got ${String(value)}`, path(field)),
  badLength: (field: string, length: number, expected: number, what: string) =>
    new InputError('E_PROBLEM_SHAPE', `${field} has ${length} entries; expected ${expected} (${what})`, path(field)),
  badCostEntry: (entry: number, length: number, units: number) =>
    new InputError('E_PROBLEM_SHAPE', `costs[${entry}] has ${length} entries; expected ${units} (one cost per unit)`, path('costs', entry)),
  notFinite: (field: string, unit: number, arm: string, value: number) =>
    new InputError('E_NOT_FINITE', `${field} for unit ${unit}, arm '${arm}' is ${value}; every entry must be a finite number`, path(field, unit)),
  negativeCost: (field: string, unit: number, arm: string, value: number) =>
    new InputError('E_NEGATIVE_COST', `${field} for unit ${unit}, arm '${arm}' is ${fmt(value)}; costs must be 0 or more`, path(field, unit)),

  // ── rules ────────────────────────────────────────────────────────────────
  negativeBudget: (field: ReadonlyArray<string | number>, value: number) =>
    new InputError('E_NEGATIVE_BUDGET', `the budget must be a finite number ≥ 0, got ${value}`, { path: field }),
  unknownArm: (field: ReadonlyArray<string | number>, arm: unknown, arms: number) =>
    new InputError('E_UNKNOWN_ARM_INDEX', `arm ${String(arm)} does not exist; arms are 0 … ${arms - 1}`, { path: field }),
  minAboveMax: (field: ReadonlyArray<string | number>, what: string, min: number, max: number) =>
    new InputError('E_CONTRADICTORY_RULES', `${what}: the minimum (${fmt(min)}) is above the maximum (${fmt(max)})`, { path: field }),
  minAboveUnits: (field: ReadonlyArray<string | number>, what: string, min: number, units: number) =>
    new InputError('E_CONTRADICTORY_RULES', `${what} asks for at least ${countNoun(min, 'unit')} but there are only ${units}`, { path: field }),
  minsAboveCap: (field: ReadonlyArray<string | number>, what: string, need: number, cap: number) =>
    new InputError(
      'E_CONTRADICTORY_RULES',
      `${what} need at least ${need} recipients together, but maxRecipients allows only ${cap}`,
      { path: field },
    ),
  minsAboveUnits: (field: ReadonlyArray<string | number>, need: number, units: number) =>
    new InputError(
      'E_CONTRADICTORY_RULES',
      `the arm minimums add up to ${countNoun(need, 'unit')}, but there are only ${units}`,
      { path: field },
    ),
  badShare: (field: ReadonlyArray<string | number>, value: unknown) =>
    new InputError('E_BAD_SHARE', `a share must be a number from 0 to 1, got ${String(value)}`, { path: field }),
  // ── doses ────────────────────────────────────────────────────────────────
  emptyLevels: () =>
    new InputError('E_EMPTY_LEVELS', 'the dose level grid is empty; give at least the untreated level and one dose', path('levels')),
  badLevels: (why: string) => new InputError('E_BAD_LEVELS', why, path('levels')),

  // ── solving ──────────────────────────────────────────────────────────────
  unknownSolver: (name: string, names: readonly string[]) =>
    new InputError('E_UNKNOWN_SOLVER', `unknown solver '${name}'; choose one of ${names.join(', ')}`, path('solver')),
  solverCannot: (solver: string, why: string, instead: string) =>
    new InputError('E_SOLVER_CANNOT', `the ${solver} solver cannot solve this problem: ${why}. Use ${instead}.`, path('solver')),
  badOption: (field: string, value: unknown, need: string) =>
    new InputError('E_BAD_OPTION', `${field} must be ${need}, got ${String(value)}`, path(field)),
  infeasible: (message: string) => new InfeasibleError('E_INFEASIBLE', message),
  noPlanInTime: (solver: string, seconds: number) =>
    new LiftwiseError('E_NO_PLAN_IN_TIME', `the ${solver} solver found no plan within the time limit of ${seconds} s; allow more time`),
  noPlanFound: (solver: string, why: string) =>
    new LiftwiseError('E_NO_PLAN_FOUND', `the ${solver} solver found no plan: ${why}; try solver 'highs' or a larger maxCoreColumns`),
  planBreaksRule: (solver: string, rule: string) =>
    new LiftwiseError('E_PLAN_CHECK', `the ${solver} solver returned a plan that breaks a rule (${rule}); this is a bug, please report it`),

  // ── the allocate command ─────────────────────────────────────────────────
  costCount: (option: string, got: number, arms: readonly string[]) =>
    new InputError(
      'E_COST_COUNT',
      `--${option} gives ${got} entries but the scores have ${arms.length} treated arms (${arms.map((a) => `'${a}'`).join(', ')}); give one for all arms or one per arm`,
      { path: [option] },
    ),
  badCostNumber: (text: string) =>
    new InputError('E_BAD_COST', `--cost needs numbers ≥ 0 (one, or one per arm separated by commas), got '${text}'`, { path: ['cost'] }),
  costOptions: () =>
    new InputError('E_COST_OPTIONS', 'give either --cost or --cost-col (not both, not neither)', { path: ['cost'] }),
  badCell: (file: string | undefined, line: number | undefined, column: string, value: string, need: string) =>
    new InputError('E_BAD_CELL', `value '${value}' in column '${column}' ${need}`, {
      ...(file === undefined ? {} : { file }),
      ...(line === undefined ? {} : { line }),
      column,
    }),
  unknownArmLabel: (option: string, arm: string, labels: readonly string[]) =>
    new InputError(
      'E_UNKNOWN_ARM',
      `--${option} names arm '${arm}', but the scores have the arms ${labels.map((l) => `'${l}'`).join(', ')}`,
      { path: [option] },
    ),
  // ── allocate --draws ─────────────────────────────────────────────────────
  scoresOrDraws: () =>
    new InputError('E_BAD_OPTION', 'give --scores, --draws, or both (--draws alone takes costs from --cost)', { path: ['scores'] }),
  needsScores: (option: string) =>
    new InputError('E_BAD_OPTION', `--${option} reads columns of the scores file: give --scores with --draws`, { path: [option] }),
  needsDraws: (option: string) =>
    new InputError('E_BAD_OPTION', `--${option} works on the effects' draws: give --draws FILE (from 'liftwise score --draws-out')`, { path: [option] }),
  drawsArms: (file: string, drawsArms: readonly string[], scoreArms: readonly string[]) =>
    new InputError(
      'E_DRAWS_ARMS',
      `the draws file has the treated arms ${drawsArms.map((a) => `'${a}'`).join(', ')} but the scores have ${scoreArms.map((a) => `'${a}'`).join(', ')}`,
      { file, path: ['arms'] },
    ),
  drawsUnits: (file: string, units: number, rows: number) =>
    new InputError(
      'E_DRAWS_UNITS',
      `the draws file has ${units} units but the scores file has ${rows} rows, and no ids to match them by (give --id naming the id column the draws file carries)`,
      { file, path: ['units'] },
    ),
  drawsIdMissing: (drawsFile: string, scoresFile: string | undefined, id: string, line: number | undefined, column: string) =>
    new InputError('E_DRAWS_IDS', `id '${id}' of the scores file is not in the draws file ${drawsFile}`, {
      ...(scoresFile === undefined ? {} : { file: scoresFile }),
      ...(line === undefined ? {} : { line }),
      column,
    }),
  drawsIdRepeated: (file: string, id: string) =>
    new InputError('E_DRAWS_IDS', `id '${id}' appears more than once in the draws file`, { file, path: ['ids'] }),
  badMinProbability: (value: number) =>
    new InputError('E_BAD_OPTION', `--min-probability must be a probability from 0 to 1, got ${value}`, { path: ['min-probability'] }),
  badValuePerOutcome: (value: number) =>
    new InputError('E_BAD_OPTION', `--value-per-outcome must be a finite number, got ${value}`, { path: ['value-per-outcome'] }),
  duplicateId: (file: string | undefined, first: number | undefined, second: number | undefined, column: string, id: string) =>
    new InputError(
      'E_DUPLICATE_ID',
      `id '${id}' appears twice (lines ${first ?? '?'} and ${second ?? '?'}); every row of the scores file must have its own id to join the plan back`,
      { ...(file === undefined ? {} : { file }), ...(second === undefined ? {} : { line: second }), column },
    ),
  missingId: (file: string | undefined, line: number | undefined, column: string) =>
    new InputError('E_MISSING_ID', 'the id cell is empty; every row of the scores file needs an id to join the plan back', {
      ...(file === undefined ? {} : { file }),
      ...(line === undefined ? {} : { line }),
      column,
    }),
};

/** Texts an infeasibility explanation names besides the rules' own (each rule kind has its texts in rules/*.ts). */
export const ruleTexts = {
  oneArm: () => 'one arm per unit',
};

/** Sentences for infeasibility explanations (the rules are filled in from the rule kinds' texts). */
export const infeasibleTexts = {
  conflict: (rules: readonly string[]) => `no plan keeps all the rules; these conflict: ${rules.join('; ')}`,
  minCostAboveBudget: (rule: string, need: number, budget: string) =>
    `${rule} needs at least ${fmt(need)} to pay for, more than ${budget} allows`,
  notEnoughEligible: (rule: string, eligible: number) =>
    `${rule} cannot be met: only ${eligible} ${eligible === 1 ? 'unit is' : 'units are'} eligible for it`,
  integerOnly: () => 'the rules can be met with fractions of units but not with whole units',
  unexplained: (solver: string) => `the ${solver} solver reports that no plan keeps all the rules`,
};

/** Notes a plan carries about how it was solved (Plan.notes). */
export const noteTexts = {
  lp: (rounds: number, open: number, units: number, classes: number) =>
    `LP relaxation by sifting: ${rounds} small LP${rounds === 1 ? '' : 's'} (highs), last over ${open} of ${units} units` +
    (classes < open ? ` (${classes} classes of identical units)` : ''),
  core: (method: 'search' | 'highs' | 'none', units: number, columns: number, searches: number) =>
    method === 'none'
      ? 'the LP-rounded plan is within the gap; no core search needed'
      : `core ${method === 'search' ? 'search' : 'MIP (highs)'}: ${units} units, ${columns} columns${searches > 1 ? ` (the last of ${searches} searches as the reduced-cost threshold widened)` : ''}`,
  mended: () => 'rounding the LP solution broke a rule; moving single units to other arms mended it',
  coreTooLarge: (detail: string) => `the gap was not closed: ${detail}`,
  coreStopped: () => 'the core search stopped at the time limit',
  coreNote: (detail: string) => detail,
};

/**
 * A negative value per outcome is legitimate (an outcome that costs money:
 * paint used, churn) but flips what a good plan is, so it is always said.
 */
export function negativeValueWarning(what: string, value: number): string {
  return `negative value per outcome: ${what} is ${value}, so a lower outcome counts as better and the plan treats the units whose outcome the treatment lowers most; if the outcome is something you want more of, use a positive value`;
}
