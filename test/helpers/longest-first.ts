/**
 * The file order of `vitest run`: with durations from an earlier run (vitest's results cache), vitest's
 * own order (failed first, then longest first); without them (a fresh `npm ci`, as in .ci/run) vitest
 * runs the largest files first, which left the Redis worker files and the long CPU files for the end,
 * one worker finishing them while the other idled. Here the files measured slowest go first: the
 * Redis files first of all, because they mostly wait on child processes and timeouts, so the other
 * worker's CPU-bound files fill the cores meanwhile.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Slowest first (quiet 2-core machine, 2026-12-03: wall seconds of each file in a whole-suite run). */
export const SLOW_FILES = [
  'test/scale/workers.test.ts', // ~34 s, mostly waiting on Redis fault timeouts
  'test/scale/score-workers.test.ts', // ~17 s, waiting on a killed worker's lock
  'test/scale/stream.test.ts', // 7-21 s
  'test/allocate/risk-truth.test.ts', // ~12 s
  'test/scenario/shipped.test.ts', // ~10 s
  'test/data/parsers.test.ts', // ~8 s
  'test/bart/bcf.test.ts', // ~8 s
  'test/bayes/validation/confounding.test.ts', // ~7 s
  'test/allocate/min-recipients.test.ts',
  'test/causal/graph/idgen.test.ts', // ~5.6 s
  'test/uplift/more-learners.test.ts',
  'test/bayes/validation/paint-line.test.ts',
  'test/allocate/infeasible.test.ts',
  'test/cli/tune.test.ts',
  'test/uplift/auto.test.ts', // ~5.2 s
  'test/examples/examples.test.ts', // ~5.1 s
];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const path = (file: TestSpecification): string => relative(root, file.moduleId).split('\\').join('/');
    // Any file with a cached result: vitest's order already runs the longest first.
    if (sorted.some((file) => this.ctx.cache.getFileTestResults(`${file.project.name}:${path(file)}`) !== undefined)) return sorted;
    const rank = (file: TestSpecification): number => {
      const i = SLOW_FILES.indexOf(path(file));
      return i < 0 ? SLOW_FILES.length : i;
    };
    // A stable sort: the rest keep vitest's order (largest first).
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
