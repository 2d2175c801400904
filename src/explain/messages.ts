/** Every message the explanation code shows a user, each with a stable code. */
import { InputError } from '../errors.js';

export const explainErrors = {
  noCovers: (file?: string) =>
    new InputError(
      'E_EXPLAIN_NO_COVERS',
      'this tree model was saved before liftwise recorded node covers (training rows per node), which exact TreeSHAP needs: refit the model with this version, or use --method sampling',
      file === undefined ? { path: ['model', 'state', 'trees', 'cover'] } : { file, path: ['model', 'state', 'trees', 'cover'] },
    ),
  featureMismatch: (got: number, expected: number) =>
    new InputError('E_EXPLAIN_FEATURES', `the data has ${got} feature columns but the model was fitted on ${expected}`),
  treeNotAvailable: (what: string) =>
    new InputError(
      'E_EXPLAIN_NOT_TREE',
      `exact TreeSHAP explains tree ensembles whose uplift is additive in their trees; ${what}: use --method sampling (or auto)`,
      { path: ['method'] },
    ),
  badMethod: (method: string) =>
    new InputError('E_EXPLAIN_METHOD', `unknown explanation method '${method}' (expected auto, tree or sampling)`, { path: ['method'] }),
  badSamples: (value: number) =>
    new InputError('E_EXPLAIN_SAMPLES', `the number of sampled permutations must be a whole number ≥ 1 (got ${value})`, { path: ['samples'] }),
  unknownRow: (file: string, id: string, column: string) =>
    new InputError('E_EXPLAIN_ROW', `no row has ${column} = '${id}' (asked for by --rows)`, { file, column }),
  noRows: (file: string) => new InputError('E_EXPLAIN_NO_ROWS', 'there are no rows to explain', { file }),
};
