/** Every message the sampler shows a user, each with a stable code. */
import { InputError, LiftwiseError } from '../../errors.js';

const optionPath = (name: string, index?: number): ReadonlyArray<string | number> =>
  index === undefined ? ['options', name] : ['options', name, index];

export const samplerErrors = {
  badInteger: (name: string, value: unknown, min: number, max: number) =>
    new InputError(
      'E_SAMPLER_OPTION',
      `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
      { path: optionPath(name) },
    ),
  badNumber: (name: string, value: unknown, rule: string) =>
    new InputError('E_SAMPLER_OPTION', `${name} must be ${rule}, got ${JSON.stringify(value)}`, {
      path: optionPath(name),
    }),
  initLength: (chain: number | undefined, got: number, dim: number) =>
    new InputError(
      'E_SAMPLER_INIT',
      `an initial point must have ${dim} unconstrained values (one per coordinate of the model), got ${got}`,
      { path: chain === undefined ? optionPath('init') : optionPath('init', chain) },
    ),
  initCount: (got: number, chains: number) =>
    new InputError(
      'E_SAMPLER_INIT',
      `init gives ${got} initial points but ${chains} chains run; give one point for all chains or one per chain`,
      { path: optionPath('init') },
    ),
  initNotFinite: (chain: number, index: number) =>
    new InputError('E_SAMPLER_INIT', `initial value ${index} of chain ${chain + 1} is not a finite number`, {
      path: optionPath('init', chain),
    }),
  initRejected: (chain: number) =>
    new InputError(
      'E_SAMPLER_INIT',
      `the log density or its gradient is not finite at the initial point given for chain ${chain + 1}`,
      { path: optionPath('init', chain) },
    ),
  noInitialPoint: (chain: number, attempts: number, radius: number) =>
    new LiftwiseError(
      'E_SAMPLER_NO_INIT',
      `chain ${chain + 1}: no initial point with a finite log density and gradient in ${attempts} tries ` +
        `(uniform in (-${radius}, ${radius}) on the unconstrained scale); check the model's priors and data, or give init values`,
    ),
  emptyTarget: () =>
    new InputError('E_SAMPLER_TARGET', 'the model has no parameters to sample (dimension 0)', {}),
  badTarget: (detail: string) => new InputError('E_SAMPLER_TARGET', `the target is not usable: ${detail}`, {}),
  improperPosterior: (chain: number) =>
    new LiftwiseError(
      'E_SAMPLER_IMPROPER',
      `chain ${chain + 1}: the step size grew past 1e7 while tuning; the posterior looks improper, check the model's priors`,
    ),
  noStepSize: (chain: number) =>
    new LiftwiseError(
      'E_SAMPLER_STEPSIZE',
      `chain ${chain + 1}: no acceptably small step size exists; the log density may not be continuous`,
    ),
  metricOverflow: (chain: number) =>
    new LiftwiseError(
      'E_SAMPLER_METRIC',
      `chain ${chain + 1}: the adapted metric is not finite; the sampler reached extreme values on the ` +
        'unconstrained scale, which happens when the posterior is too wide or improper',
    ),
  workerFailed: (chain: number, detail: string) =>
    new LiftwiseError('E_SAMPLER_WORKER', `chain ${chain + 1} failed in its worker thread: ${detail}`),
  workerExited: (code: number) =>
    new LiftwiseError('E_SAMPLER_WORKER', `a sampler worker thread stopped unexpectedly (exit code ${code})`),
} as const;
