/** Every message the panel-data and difference-in-differences code shows a user, each with a stable code. */
import { InputError, LiftwiseError, type ErrorLocation } from '../errors.js';

const at = (file: string | undefined, line: number | undefined, column: string): ErrorLocation => ({
  ...(file === undefined ? {} : { file }),
  ...(line === undefined ? {} : { line }),
  column,
});

export const panelErrors = {
  badOption: (field: string, value: unknown, need: string) =>
    new InputError('E_PANEL_OPTION', `${field} = ${JSON.stringify(value) ?? String(value)} is not valid: ${need}`, {
      path: [field],
    }),
  lengthMismatch: (name: string, got: number, expected: number) =>
    new InputError('E_PANEL_LENGTH', `'${name}' has ${got} values but the panel has ${expected} rows`, { path: [name] }),
  badIndex: (name: string, row: number, value: number, limit: number) =>
    new InputError('E_PANEL_INDEX', `${name} index ${value} in row ${row} is not a whole number in [0, ${limit - 1}]`, {
      path: [name, row],
    }),
  notFinite: (name: string, row: number) =>
    new InputError('E_PANEL_VALUE', `'${name}' has a missing or non-finite value in row ${row}`, { path: [name, row] }),
  duplicateCell: (file: string | undefined, line: number | undefined, unit: string, period: number) =>
    new InputError('E_PANEL_DUPLICATE', `unit '${unit}' has two rows for period ${period}; a panel has one row per unit and period`, {
      ...(file === undefined ? {} : { file }),
      ...(line === undefined ? {} : { line }),
    }),
  notAbsorbing: (file: string | undefined, line: number | undefined, column: string, unit: string, period: number) =>
    new InputError(
      'E_PANEL_NOT_ABSORBING',
      `unit '${unit}' is untreated in period ${period} after having been treated; difference-in-differences here needs ` +
        'treatment that stays on once it starts',
      at(file, line, column),
    ),
  noGroup: (which: 'treated' | 'never-treated') =>
    new InputError('E_PANEL_NO_GROUP', `the panel has no ${which} units; difference-in-differences compares both`, {
      path: ['treatmentStart'],
    }),
  staggered: (first: number, other: number) =>
    new InputError(
      'E_PANEL_STAGGERED',
      `treated units start in different periods (${first} and ${other}); the pooled 'treated, post' regression needs one ` +
        'start period (use didTwoWayFixedEffects or didEventStudy)',
      { path: ['treatmentStart'] },
    ),
  collinear: (what: string) =>
    new InputError(
      'E_PANEL_COLLINEAR',
      `the regressors of ${what} are linearly dependent after removing unit and period effects (for example a ` +
        'covariate that is constant within units, or an event-time window with no observations)',
    ),
  notConverged: (sweeps: number) =>
    new LiftwiseError(
      'E_PANEL_NOT_CONVERGED',
      `removing unit and period effects did not converge in ${sweeps} sweeps (a very unbalanced panel); ` +
        'check that units and periods are connected',
    ),
  tooFewObservations: (n: number, k: number) =>
    new InputError('E_PANEL_TOO_SMALL', `${n} observations are too few for ${k} parameters`),
};
