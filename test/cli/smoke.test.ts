/**
 * One spawned run per command: the other CLI tests run the program in process
 * (helpers/cli.ts `cli`), so this file checks that each command loads and
 * parses in a fresh Node process as a user starts it (dist/src/cli/main.js).
 */
import { describe, expect, it } from 'vitest';
import { commandEntries } from '../../src/cli/commands.js';
import { spawnCli, type CliResult } from '../helpers/cli.js';

describe('every command starts in a fresh process', () => {
  it('prints its usage with --help and exits 0', async () => {
    const names = commandEntries.map((c) => c.name);
    expect(names.length).toBeGreaterThan(10);
    // Two at a time: all at once would queue on CI's two cores without finishing sooner.
    const results: CliResult[] = [];
    for (let i = 0; i < names.length; i += 2) results.push(...(await Promise.all(names.slice(i, i + 2).map((n) => spawnCli([n, '--help'])))));
    names.forEach((name, i) => {
      expect(results[i]!.stderr, name).toBe('');
      expect(results[i]!.code, name).toBe(0);
      expect(results[i]!.stdout, name).toContain(`Usage: liftwise ${name}`);
    });
  });

  it('reports a usage error with exit code 2', async () => {
    const r = await spawnCli(['fit', '--data']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--data/);
  });
});
