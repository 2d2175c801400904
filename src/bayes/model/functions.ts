/** The functions an expression may call, and their arities. */
import { unaryFunctions, type UnaryKind } from '../ad/ops.js';

/** Unary functions under the names a model writes them with (aliases included). */
export const unaryByName: ReadonlyMap<string, UnaryKind> = new Map<string, UnaryKind>([
  ...unaryFunctions.filter((f) => f !== 'neg').map((f): [string, UnaryKind] => [f, f]),
  ['logistic', 'inv_logit'],
  ['log1p_exp', 'softplus'],
]);

/** Functions with their own lowering: pow(a, b), dot(X, b), sum(x), mean(x). */
export const specialFunctions: ReadonlyMap<string, number> = new Map([
  ['pow', 2],
  ['dot', 2],
  ['sum', 1],
  ['mean', 1],
]);

export const functionNames: readonly string[] = [...unaryByName.keys(), ...specialFunctions.keys()];
