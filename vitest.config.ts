import { defineConfig } from 'vitest/config';

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
  },
});
