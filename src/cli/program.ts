/** The liftwise program: its commands, options and error handling, runnable in-process (tests) or from main.ts. */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands.js';
import { VERSION } from '../version.js';
import { reportError, reportUsageError, setDebug } from './output.js';

/**
 * Commander's Command with two fixes for users who mistype a flag: an unknown
 * option is reported (with the closest known one) before a missing required
 * option, and `--budgt=3` is matched as `--budgt`.
 */
class LiftwiseCommand extends Command {
  override createCommand(name?: string): Command {
    return new LiftwiseCommand(name);
  }

  override parseOptions(args: string[]): { operands: string[]; unknown: string[] } {
    const parsed = super.parseOptions(args);
    const self = this as unknown as { _actionHandler?: unknown };
    const first = parsed.unknown[0];
    const asksHelp = parsed.unknown.some((a) => a === '--help' || a === '-h');
    if (self._actionHandler !== undefined && self._actionHandler !== null && this.commands.length === 0 && first?.startsWith('-') === true && !asksHelp) {
      this.unknownOption(first);
    }
    return parsed;
  }

  /** Commander's own method (not in its typings); called by the parser with the first unknown flag. */
  unknownOption(flag: string): never {
    const eq = flag.indexOf('=');
    const base = Command.prototype as unknown as { unknownOption(this: Command, f: string): never };
    return base.unknownOption.call(this, flag.startsWith('--') && eq > 0 ? flag.slice(0, eq) : flag);
  }
}

/**
 * Runs the CLI on `args` (without node and the script) and returns the exit
 * code; output goes to process.stdout / process.stderr as for a user.
 *
 * @example
 * const code = await runLiftwise(['scenario', 'check', 'scenarios/email/scenario.yaml']);
 * code; // 0
 */
export async function runLiftwise(args: readonly string[]): Promise<number> {
  // Read before parsing: errors found while parsing options must already know how to print.
  const json = args.includes('--json');
  setDebug(args.includes('--debug'));
  const program = new LiftwiseCommand();
  program
    .name('liftwise')
    .description('Decide who gets which treatment under a budget: uplift models, Bayesian causal models, exact allocation.')
    .version(VERSION)
    .option('--debug', 'on an internal error, print the stack trace')
    .showSuggestionAfterError(true)
    .exitOverride()
    // Parse errors are printed once, below (text or JSON); help and version go to stdout.
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s), outputError: () => undefined });
  await registerCommands(program, args);
  const previous = process.exitCode;
  process.exitCode = undefined;
  let code: number;
  try {
    await program.parseAsync([...args], { from: 'user' });
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; every other commander error is a usage error.
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      code = benign.includes(error.code) ? 0 : reportUsageError(error.code, error.message, json);
    } else {
      code = reportError(error, json);
    }
  }
  process.exitCode = previous;
  return code;
}
