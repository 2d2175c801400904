import { describe, expect, it } from 'vitest';
import { sample } from '../../../src/bayes/sampler/sample.js';
import { reedfrogsTarget, referenceTargetSource } from '../../../src/bayes/sampler/reference-targets.js';
import type { SampleResult } from '../../../src/bayes/sampler/result.js';

// A small multilevel binomial model (m13.2's form) on made-up tanks.
const args = { surv: [9, 10, 7, 10, 9, 9, 4, 9, 1, 2, 20, 18], density: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 25, 25] };
const options = { chains: 3, warmup: 150, draws: 100 };

const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function expectIdentical(a: SampleResult, b: SampleResult): void {
  expect(bytes(a.values).equals(bytes(b.values))).toBe(true);
  for (const key of ['lp', 'acceptStat', 'stepSize', 'treeDepth', 'nLeapfrog', 'divergent', 'energy'] as const) {
    expect(bytes(a.stats[key]).equals(bytes(b.stats[key])), key).toBe(true);
  }
}

describe('reproducibility', () => {
  it('gives identical draws for the same seed, whether 1 or 2 threads or the calling thread run the chains', async () => {
    const source = referenceTargetSource('reedfrogsTarget', args);
    const one = await sample(source, { ...options, seed: 42, threads: 1 });
    const two = await sample(source, { ...options, seed: 42, threads: 2 });
    const inThread = await sample(reedfrogsTarget(args), { ...options, seed: 42 });
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(inThread.threads).toBe(0);
    expectIdentical(one, two);
    expectIdentical(one, inThread);
    expect(one.parameterNames.slice(0, 3)).toEqual(['abar', 'sigma', 'a[1]']);
    // Timings are reported per chain; on Linux the chain thread's CPU time too, never above its wall time.
    for (const info of two.chainInfo) {
      expect(info.warmupSeconds).toBeGreaterThan(0);
      expect(info.samplingSeconds).toBeGreaterThan(0);
      if (process.platform === 'linux') {
        expect(info.cpuSeconds).toBeGreaterThan(0);
        expect(info.cpuSeconds).toBeLessThanOrEqual(info.warmupSeconds + info.samplingSeconds + 0.01);
      }
    }
  });

  it('gives different draws for a different seed, and chain c does not depend on how many chains run', async () => {
    const target = reedfrogsTarget(args);
    const a = await sample(target, { ...options, seed: 42 });
    const b = await sample(target, { ...options, seed: 43 });
    expect(bytes(a.values).equals(bytes(b.values))).toBe(false);
    const fewer = await sample(target, { ...options, chains: 2, seed: 42 });
    const P = a.parameterNames.length;
    expect(bytes(fewer.values).equals(bytes(a.values.subarray(0, 2 * a.draws * P)))).toBe(true);
  });
});
