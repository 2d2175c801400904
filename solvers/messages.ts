/** Every message the solvers show a user, each with a stable code. */
import { InputError, LiftwiseError } from '../src/errors.js';

export const solverErrors = {
  tooLargeForJslp: (columns: number, rows: number, maxColumns: number) =>
    new InputError(
      'E_SOLVER_TOO_LARGE',
      `javascript-lp-solver works on a dense tableau and handles at most ${maxColumns} variables; this problem has ` +
        `${columns} variables and ${rows} constraints. Use the highs or glpk solver (or greedy when only a budget applies).`,
      { path: ['solver'] },
    ),
  backendFailed: (backend: string, detail: string) =>
    new LiftwiseError('E_SOLVER_FAILED', `the ${backend} solver stopped without a usable answer (${detail})`),
};
