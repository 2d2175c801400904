/** Every distribution a model can name, by the name it is written with. */
import type { Family, Support } from './family.js';
import { beta, cauchy, exponential, flat, gamma, halfCauchy, halfNormal, logNormal, normal, studentT, uniform } from './continuous.js';
import { bernoulli, bernoulliLogit, binomial, binomialLogit, poisson, poissonLog } from './discrete.js';

export type { Family, DensityCall, Support } from './family.js';
export { densityCall } from './family.js';
export * as special from './special.js';

const all: readonly Family[] = [
  normal, halfNormal, exponential, studentT, cauchy, halfCauchy, beta, uniform, logNormal, gamma, flat,
  bernoulliLogit, binomialLogit, poissonLog, bernoulli, binomial, poisson,
];

export const families: ReadonlyMap<string, Family> = new Map(all.map((f) => [f.name, f]));

/** The family called `name`, or undefined. */
export function familyByName(name: string): Family | undefined {
  return families.get(name);
}

/** Does a value lie in the support? Used to check observed data before fitting. */
export function inSupport(support: Support, value: number, trials = Infinity): boolean {
  switch (support) {
    case 'real':
    case 'flat':
      return Number.isFinite(value);
    case 'positive':
      return value > 0 && Number.isFinite(value);
    case 'unit':
      return value > 0 && value < 1;
    case 'interval':
      return Number.isFinite(value);
    case 'binary':
      return value === 0 || value === 1;
    case 'count':
      return Number.isInteger(value) && value >= 0;
    case 'bounded-count':
      return Number.isInteger(value) && value >= 0 && value <= trials;
  }
}

/** A phrase for messages: what the support allows. */
export function describeSupport(support: Support): string {
  switch (support) {
    case 'real':
    case 'flat':
    case 'interval':
      return 'a finite number';
    case 'positive':
      return 'a positive number';
    case 'unit':
      return 'a number strictly between 0 and 1';
    case 'binary':
      return '0 or 1';
    case 'count':
      return 'a whole number ≥ 0';
    case 'bounded-count':
      return 'a whole number between 0 and the number of trials';
  }
}
