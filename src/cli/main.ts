#!/usr/bin/env node
/** The liftwise command line: one file per command, registered here. */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands.js';
import { VERSION } from '../version.js';

const program = new Command();
program
  .name('liftwise')
  .description('Decide who gets which treatment under a budget: uplift models, Bayesian causal models, exact allocation.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

await registerCommands(program, process.argv.slice(2));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are not errors; every other commander error is a usage error.
    const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
    process.exitCode = benign.includes(error.code) ? 0 : 2;
  } else {
    process.stderr.write(`liftwise: internal error: ${String(error)}\n`);
    process.exitCode = 1;
  }
}
