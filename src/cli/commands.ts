/**
 * The list of commands. Each lives in its own file and registers itself on the
 * program; a call loads only the file of the command it names (and `--help`
 * none): importing every command pulled in the report renderer, the solvers and
 * the Bayesian core on each call, about 1.4 s of a 1.5 s `liftwise --help`.
 */
import type { Command } from 'commander';

type Register = (program: Command) => void;

export interface CommandEntry {
  readonly name: string;
  /** The one-line description `liftwise --help` lists; the command's own `.description` says the same. */
  readonly summary: string;
  readonly load: () => Promise<Register>;
}

export const commandEntries: readonly CommandEntry[] = [
  {
    name: 'demo',
    summary: 'run the whole path on a seeded synthetic campaign with known effects, and compare plans with the truth',
    load: async () => (await import('./demo.js')).register,
  },
  { name: 'scenario', summary: 'what-if scenarios kept in YAML or JSON files', load: async () => (await import('./scenario.js')).register },
  { name: 'fit', summary: 'fit an uplift model on a CSV file and save it as MODEL.json', load: async () => (await import('./fit.js')).register },
  {
    name: 'score',
    summary: 'score a CSV file with a saved model: one uplift_<arm> column per treated arm',
    load: async () => (await import('./score.js')).register,
  },
  {
    name: 'evaluate',
    summary: 'evaluate uplift scores on data with observed outcomes (Qini AUC, uplift AUC, uplift@k, weighted average uplift)',
    load: async () => (await import('./evaluate.js')).register,
  },
  { name: 'split', summary: 'split a CSV into train and test files for a holdout evaluation', load: async () => (await import('./split.js')).register },
  { name: 'bayes', summary: 'Bayesian causal models fitted with NUTS', load: async () => (await import('./bayes.js')).register },
  {
    name: 'allocate',
    summary: 'choose who gets which treatment under a budget, from a scores file with uplift_<arm> columns and/or a draws file',
    load: async () => (await import('./allocate.js')).register,
  },
  {
    name: 'scholarship',
    summary: 'the scholarship scenario: fit P(enroll | SAT, GPA, merit) on the JANOS history, plan merit aid for admitted students',
    load: async () => (await import('./scholarship.js')).register,
  },
  {
    name: 'policy',
    summary: 'readable treatment rules: policy trees over doubly robust scores, with a budget',
    load: async () => (await import('./policy.js')).register,
  },
  {
    name: 'explain',
    summary: "explain each unit's uplift: per unit and arm, one Shapley value per feature plus the base value (exact TreeSHAP for tree models)",
    load: async () => (await import('./explain.js')).register,
  },
  { name: 'graph', summary: 'causal graphs with hidden confounders: check, identify, sample, effect', load: async () => (await import('./graph.js')).register },
  { name: 'worker', summary: 'take liftwise jobs (score, summarise and plan shards) from Redis until stopped (Ctrl-C or SIGTERM)', load: async () => (await import('./worker.js')).register },
  {
    name: 'tune',
    summary: 'choose an uplift method, learner and settings by cross-fitting a grid; print the leaderboard and save the chosen model',
    load: async () => (await import('./tune.js')).register,
  },
];

/** The command a command line names: its first word that is not an option (after `help`, the next one). */
export function commandNamed(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Registers the named command in full and every other one as a stub that only
 * lists it in the help (and lets commander suggest it for a typo).
 * `args` are the user's arguments (process.argv without node and the script).
 */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const named = commandNamed(args);
  for (const entry of commandEntries) {
    if (entry.name === named) (await entry.load())(program);
    else program.command(entry.name).description(entry.summary);
  }
  // Commands inherit exitOverride so usage errors exit 2.
  for (const sub of program.commands) sub.exitOverride();
}
