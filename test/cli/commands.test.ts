import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandEntries, commandNamed } from '../../src/cli/commands.js';

describe('command table', () => {
  it('lists each command with the description its own module gives it', async () => {
    for (const entry of commandEntries) {
      const program = new Command();
      (await entry.load())(program);
      const registered = program.commands.map((c) => c.name());
      expect(registered).toEqual([entry.name]);
      expect(program.commands[0]!.description()).toBe(entry.summary);
    }
  });

  it('finds the named command after options and after help', () => {
    expect(commandNamed(['fit', '--data', 'x.csv'])).toBe('fit');
    expect(commandNamed(['--json', 'score'])).toBe('score');
    expect(commandNamed(['help', 'allocate'])).toBe('allocate');
    expect(commandNamed(['--help'])).toBeUndefined();
    expect(commandNamed([])).toBeUndefined();
  });
});
