/**
 * Adversarial cases about temporary files: an interrupted run (Ctrl-C,
 * SIGTERM) removes its .liftwise-tmp-* files, and a run killed outright
 * (kill -9) has its leftovers swept by the next run writing in that folder.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepStaleTemps, writeFileAtomic } from '../../src/util/atomic.js';
import { listDir, tempDir } from '../helpers/cli.js';
import { repoPath } from '../helpers/shared.js';

/** A pid that is not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('stale temporary files of killed runs are swept', () => {
  it('the next write in the folder removes temps whose process is gone, and nothing else', async () => {
    const dir = tempDir();
    const dead = await deadPid();
    writeFileSync(join(dir, `.liftwise-tmp-plan.csv-${dead}-0123456789ab`), 'half');
    mkdirSync(join(dir, `.liftwise-tmp-results-${dead}-abcdef012345`));
    writeFileSync(join(dir, `.liftwise-tmp-live.csv-${process.pid}-0123456789ab`), 'mine, still writing');
    writeFileSync(join(dir, '.liftwise-tmp-notes'), 'a user file that only looks like ours');
    await writeFileAtomic(join(dir, 'out.csv'), 'x\n');
    expect(listDir(dir)).toEqual([`.liftwise-tmp-live.csv-${process.pid}-0123456789ab`, '.liftwise-tmp-notes', 'out.csv']);
  });

  it('old-style temps (no pid) are swept only when over an hour old', () => {
    const dir = tempDir();
    const old = join(dir, '.liftwise-tmp-model.json-0123456789ab');
    const fresh = join(dir, '.liftwise-tmp-plan.csv-ba9876543210');
    writeFileSync(old, '');
    writeFileSync(fresh, '');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    expect(sweepStaleTemps(dir)).toEqual(['.liftwise-tmp-model.json-0123456789ab']);
    expect(listDir(dir)).toEqual(['.liftwise-tmp-plan.csv-ba9876543210']);
  });
});

describe('interrupted runs remove their temporary files', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during a write leaves no .liftwise-tmp-* behind and ends by that signal`, async () => {
      const dir = tempDir();
      const script = `
        const { writeAtomically } = await import(${JSON.stringify(repoPath('dist/src/util/atomic.js'))});
        const { writeFileSync } = await import('node:fs');
        await writeAtomically(${JSON.stringify(join(dir, 'plan.csv'))}, async (temp) => {
          writeFileSync(temp, 'partial');
          process.stdout.write('ready\\n');
          await new Promise(() => setInterval(() => {}, 1000));
        });`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
      expect(listDir(dir)).toHaveLength(1);
      child.kill(signal);
      const [, sig] = await new Promise<[number | null, string | null]>((r) => child.on('exit', (c, s) => r([c, s])));
      expect(sig).toBe(signal);
      expect(listDir(dir)).toEqual([]);
    });
  }
});
