/** Every message the diagnostics show a user, each with a stable code. */

const list = (names: readonly string[], max = 8): string => {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, … (${names.length} in all)` : shown;
};

/** Thresholds behind the warnings (Vehtari et al. 2021; Stan's diagnose). */
export const THRESHOLDS = {
  rhat: 1.01,
  ess: 400,
  ebfmi: 0.3,
} as const;

export const diagnosticMessages = {
  rhat: (names: readonly string[], worst: number) =>
    `R-hat above ${THRESHOLDS.rhat} for ${names.length} parameter${names.length === 1 ? '' : 's'} ` +
    `(worst ${worst.toFixed(3)}): ${list(names)}; the chains disagree, so the draws do not yet describe one posterior — ` +
    'run longer chains or reparameterise',
  essBulk: (names: readonly string[], worst: number) =>
    `bulk ESS below ${THRESHOLDS.ess} for ${names.length} parameter${names.length === 1 ? '' : 's'} ` +
    `(lowest ${Math.round(worst)}): ${list(names)}; means and medians are unreliable — run more draws`,
  essTail: (names: readonly string[], worst: number) =>
    `tail ESS below ${THRESHOLDS.ess} for ${names.length} parameter${names.length === 1 ? '' : 's'} ` +
    `(lowest ${Math.round(worst)}): ${list(names)}; 5 % and 95 % quantiles are unreliable — run more draws`,
  divergences: (count: number, total: number) =>
    `${count} of ${total} draws ended in a divergent transition; the sampler cannot explore part of the posterior ` +
    'and the draws may be biased — raise targetAccept (e.g. 0.95) or reparameterise (non-centred priors)',
  treeDepth: (count: number, total: number, maxDepth: number) =>
    `${count} of ${total} draws hit the maximum tree depth ${maxDepth}; sampling is inefficient, not wrong — ` +
    'raise maxTreeDepth or reparameterise',
  ebfmi: (chains: readonly number[], worst: number) =>
    `E-BFMI below ${THRESHOLDS.ebfmi} in chain${chains.length === 1 ? '' : 's'} ${chains.join(', ')} ` +
    `(lowest ${worst.toFixed(2)}); the momentum resampling explores the energy levels poorly — reparameterise`,
} as const;
