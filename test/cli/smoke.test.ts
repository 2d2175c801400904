/**
 * One spawned run per command: the other CLI tests run the program in process
 * (helpers/cli.ts `cli`), so this file checks that each command loads and
 * parses in a fresh Node process as a user starts it (dist/src/cli/main.js,
 * the bundle tools/bundle-cli.mjs makes of the dist/ modules the in-process
 * tests run).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandEntries } from '../../src/cli/commands.js';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { writeTable } from '../../src/index.js';
import { cli, spawnCli, tempDir, type CliResult } from '../helpers/cli.js';
import { repoPath } from '../helpers/shared.js';

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

  it('is the bundle, and reads its version from package.json', async () => {
    expect(readFileSync(repoPath('dist/src/cli/main.js'), 'utf8')).toContain('Bundled by tools/bundle-cli.mjs');
    const r = await spawnCli(['--version']);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version);
  });

  it('fits the same model file as the unbundled program, worker threads included', async () => {
    const dir = tempDir();
    const data = join(dir, 'campaign.csv');
    await writeTable(data, simulateCampaign({ n: 600, seed: 5 }).table);
    // A forest on two threads: its trees are grown by tree-worker.js, found from the bundle through
    // the rewritten import.meta.url of learners/trees/forest.js.
    const options = join(dir, 'forest.json');
    writeFileSync(options, JSON.stringify({ nEstimators: 8, threads: 2 }));
    const args = (out: string) => ['fit', '--data', data, '--treatment', 'treatment', '--outcome', 'visit', '--exclude', 'id', '--learner', 'forest', '--options', options, '--out', join(dir, out), '--quiet'];
    const spawned = await spawnCli(args('spawned.json'));
    expect(spawned.stderr).toBe('');
    expect(spawned.code).toBe(0);
    const inProcess = await cli(args('in-process.json'));
    expect(inProcess.code, inProcess.stderr).toBe(0);
    expect(readFileSync(join(dir, 'spawned.json')).equals(readFileSync(join(dir, 'in-process.json')))).toBe(true);
  });
});
