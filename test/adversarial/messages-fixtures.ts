/**
 * Shared fixtures of the adversarial message/validation/report tests: a small
 * seeded campaign, a fitted model and its scores in one temp folder, and a
 * runner that spawns several CLI cases at once (each case is a separate
 * process, as a user runs it; running them together keeps the suite fast).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateCampaign } from '../../src/causal/campaign.js';
import { writeTable } from '../../src/data/write.js';
import { UpliftModel } from '../../src/uplift/model.js';
import { cli, spawnCli, tempDir, type CliResult } from '../helpers/cli.js';

export interface Fixture {
  readonly dir: string;
  /** campaign.csv: id, recency, history, mens, womens, zip_code, newbie, channel, treatment (control/email/coupon), visit. */
  readonly data: string;
  /** model.json: two-model logistic on recency, history, channel. */
  readonly model: string;
  /** scores.csv: id, uplift_email, uplift_coupon. */
  readonly scores: string;
  /** A file under dir with the given text; returns its path. */
  file(name: string, text: string): string;
}

export async function makeFixture(n = 600): Promise<Fixture> {
  const dir = tempDir('liftwise-adversarial-');
  const data = join(dir, 'campaign.csv');
  const { table } = simulateCampaign({ n, seed: 5, arms: ['email', 'coupon'] });
  await writeTable(data, table);
  const fitted = UpliftModel.fit(table, { treatment: 'treatment', outcome: 'visit', features: ['recency', 'history', 'channel'], method: 'two-model', learner: 'logistic' });
  const model = join(dir, 'model.json');
  await fitted.save(model);
  const { arms, uplift } = fitted.score(table);
  const lines = [`id,${arms.map((a) => `uplift_${a}`).join(',')}`];
  for (let i = 0; i < table.nRows; i++) lines.push([i + 1, ...uplift.map((u) => u[i]!)].join(','));
  const scores = join(dir, 'scores.csv');
  writeFileSync(scores, `${lines.join('\n')}\n`);
  return {
    dir,
    data,
    model,
    scores,
    file(name: string, text: string): string {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

/** Runs the built CLI once per argument list, all at once; results in the same order. */
export function runAll(cases: ReadonlyArray<readonly string[]>, options: { cwd?: string } = {}): Promise<CliResult[]> {
  return Promise.all(cases.map((args) => spawnCli(args, options)));
}

/** Runs each case in-process, one after another. */
export async function runEach(cases: ReadonlyArray<readonly string[]>, options: { cwd?: string } = {}): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (const args of cases) results.push(await cli(args, options));
  return results;
}

/** True when the text holds a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+\(?.*:\d+:\d+\)?/.test(text);
}

/** The one JSON error object a --json run printed on stderr. */
export function jsonError(stderr: string): { code: string; message: string; file?: string; line?: number; column?: string | number; field?: string } {
  const lines = stderr.trim().split('\n').filter((l) => l.startsWith('{'));
  if (lines.length !== 1) throw new Error(`expected one JSON line on stderr, got: ${stderr}`);
  return JSON.parse(lines[0]!);
}
