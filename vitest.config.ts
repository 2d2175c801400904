import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/helpers/longest-first.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: one file at a time on CI's two cores.
    // Most files are single-threaded CPU work or wait on a child process, so two files at a time
    // (measured in BENCHMARKS.md, "Test suite") keep both cores busy.
    maxWorkers: 2,
    // Files share a worker's module cache instead of importing the library afresh each: on
    // test/learners + test/metrics + test/data (18 files) vitest's import time went from 21.3 s to
    // 8.8 s and the run from 42.7 s to 29.2 s (load ~8). Tests must not rely on module state
    // left by another file; the whole suite passes this way.
    isolate: false,
    // Without cached durations (a fresh install), the slowest files first: test/helpers/longest-first.ts.
    sequence: { sequencer: LongestFirst },
  },
});
