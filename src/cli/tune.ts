/**
 * liftwise tune: cross-fitted selection of uplift method, base learner and
 * hyperparameters (the same as `fit --method auto`), printing the leaderboard
 * and writing the chosen model refitted on all rows.
 */
import type { Command } from 'commander';
import { action, integerOption, listOption } from './action.js';
import { addAutoOptions, runFit, type FitFlags } from './fit.js';

export function register(program: Command): void {
  const command = program
    .command('tune')
    .description('choose an uplift method, learner and settings by cross-fitting a grid; print the leaderboard and save the chosen model')
    .requiredOption('--data <file>', 'training data (CSV)')
    .requiredOption('--treatment <column>', 'treatment column (0/1, or labels with --control)')
    .requiredOption('--outcome <column>', 'outcome column (0/1 or numeric)')
    .option('--features <columns>', 'comma-separated feature columns (default: all other columns)', listOption)
    .option('--exclude <columns>', 'columns to leave out of the default features (ids, other outcomes)', listOption)
    .option('--control <value>', 'the treatment value of the control group (default 0 or "control")')
    .option('--treated <values>', 'comma-separated treated arms to model (default: all non-control values)', listOption)
    .option('--seed <n>', 'random seed (folds and models)', integerOption('seed'), 0)
    .requiredOption('--out <file>', 'where to write the chosen model (JSON)')
    .option('--json', 'print the leaderboard as JSON')
    .option('--quiet', 'no progress on stderr');
  addAutoOptions(command);
  command.action(action((flags: Omit<FitFlags, 'method'>) => runFit({ ...flags, method: 'auto' }, 'tune')));
}
