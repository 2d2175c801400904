import { describe, expect, it } from 'vitest';
import { sample } from '../../../src/bayes/sampler/sample.js';
import { chainSeeds, resolveSampleOptions } from '../../../src/bayes/sampler/options.js';
import { gaussianTarget, referenceTargetSource } from '../../../src/bayes/sampler/reference-targets.js';
import { InputError, type LiftwiseError } from '../../../src/errors.js';

const target = gaussianTarget({ means: [0, 0], sds: [1, 1] });

describe('sampler options', () => {
  it("defaults to Stan's settings", () => {
    const r = resolveSampleOptions();
    expect([r.chains, r.warmup, r.draws, r.targetAccept, r.maxTreeDepth]).toEqual([4, 1000, 1000, 0.8, 10]);
    const c = r.configs[0]!;
    expect([c.stepSize, c.init, c.initBuffer, c.termBuffer, c.window, c.gamma, c.kappa, c.t0]).toEqual([1, 2, 75, 50, 25, 0.05, 0.75, 10]);
    expect(r.threads).toBeGreaterThanOrEqual(1);
    expect(r.threads).toBeLessThanOrEqual(4);
  });

  it('derives each chain seed from (seed, chain) alone', () => {
    expect(chainSeeds(5, 6).slice(0, 3)).toEqual(chainSeeds(5, 3));
    expect(new Set(chainSeeds(5, 6)).size).toBe(6);
    expect(chainSeeds(5, 1)).not.toEqual(chainSeeds(6, 1));
  });

  it.each([
    [{ chains: 0 }, 'chains'],
    [{ chains: 2.5 }, 'chains'],
    [{ draws: 0 }, 'draws'],
    [{ warmup: -1 }, 'warmup'],
    [{ targetAccept: 1 }, 'targetAccept'],
    [{ maxTreeDepth: 0 }, 'maxTreeDepth'],
    [{ stepSize: -0.1 }, 'stepSize'],
    [{ seed: Number.NaN }, 'seed'],
    [{ init: -1 }, 'init'],
    [{ adaptation: { window: 0 } }, 'adaptation.window'],
  ])('rejects %j with an InputError naming the option', (options, name) => {
    try {
      resolveSampleOptions(options as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).code).toBe('E_SAMPLER_OPTION');
      expect((e as InputError).where.path).toEqual(['options', name]);
      expect((e as InputError).message).toContain(name);
    }
  });

  it('checks initial points: count, length and finiteness', async () => {
    await expect(sample(target, { chains: 2, init: [[0, 0]] })).rejects.toMatchObject({ code: 'E_SAMPLER_INIT' });
    await expect(sample(target, { chains: 1, init: [0, 0, 0] })).rejects.toMatchObject({ code: 'E_SAMPLER_INIT' });
    await expect(sample(target, { chains: 1, init: [0, Number.NaN] })).rejects.toMatchObject({ code: 'E_SAMPLER_INIT' });
    const fit = await sample(target, { chains: 2, warmup: 10, draws: 5, init: [[0.5, -0.5], [1, 1]] });
    expect(Array.from(fit.chainInfo[0]!.initialPoint)).toEqual([0.5, -0.5]);
    expect(Array.from(fit.chainInfo[1]!.initialPoint)).toEqual([1, 1]);
  });

  it('starts every chain at zero with init 0 and inside (−r, r) otherwise', async () => {
    const zero = await sample(target, { chains: 2, warmup: 10, draws: 5, init: 0 });
    expect(Array.from(zero.chainInfo[1]!.initialPoint)).toEqual([0, 0]);
    const wide = await sample(target, { chains: 3, warmup: 10, draws: 5, init: 0.25 });
    for (const info of wide.chainInfo) for (const v of info.initialPoint) expect(Math.abs(v)).toBeLessThan(0.25);
  });
});

describe('progress', () => {
  it('reports chains × (warmup + draws) iterations, in threads and in-thread', async () => {
    for (const source of [target, referenceTargetSource('gaussianTarget', { means: [0, 0], sds: [1, 1] })]) {
      const events: string[] = [];
      let ticks = 0;
      const progress = {
        start: (label: string, total: number) => events.push(`start ${label} ${total}`),
        tick: (steps = 1) => {
          ticks += steps;
        },
        stop: () => events.push('stop'),
      };
      await sample(source, { chains: 3, warmup: 40, draws: 30, progress });
      expect(events).toEqual(['start sampling 3 chains 210', 'stop']);
      expect(ticks).toBe(210);
    }
  });
});

describe('sampler failures', () => {
  it('gives up after 100 initial points without a finite log density', async () => {
    const nowhere = { ...target, logDensityGradient: () => -Infinity };
    await expect(sample(nowhere, { chains: 1 })).rejects.toMatchObject({ code: 'E_SAMPLER_NO_INIT' });
  });

  it('brings a worker error back as the same LiftwiseError', async () => {
    // An empty model fails inside the worker with an InputError.
    const error = await sample(referenceTargetSource('gaussianTarget', { means: [], sds: [] }), { chains: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as LiftwiseError).code).toBe('E_SAMPLER_TARGET');
  });

  it('reports a TargetSource whose factory does not exist', async () => {
    const source = { ...referenceTargetSource('funnelTarget', { dim: 3 }), exportName: 'noSuchTarget' };
    await expect(sample(source, { chains: 1 })).rejects.toMatchObject({ code: 'E_SAMPLER_WORKER' });
  });

  it('rejects an object that is not a target', async () => {
    await expect(sample({ dim: 1 } as never, { chains: 1 })).rejects.toMatchObject({ code: 'E_SAMPLER_TARGET' });
  });
});
