/** The list of commands; each lives in its own file and registers itself on the program. */
import type { Command } from 'commander';
import { register as fit } from './fit.js';
import { register as score } from './score.js';
import { register as split } from './split.js';
import { register as evaluate } from './evaluate.js';
import { register as demo } from './demo.js';
import { register as scenario } from './scenario.js';
import { register as bayes } from './bayes.js';
import { register as allocate } from './allocate.js';
import { register as scholarship } from './scholarship.js';
import { register as tune } from './tune.js';

export function registerCommands(program: Command): void {
  // Each command module adds one subcommand; commands inherit exitOverride so usage errors exit 2.
  for (const register of commands) register(program);
  for (const sub of program.commands) sub.exitOverride();
}

const commands: Array<(program: Command) => void> = [demo, scenario, fit, score, evaluate, split, bayes, allocate, scholarship, tune];
