import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sample } from '../../../src/bayes/sampler/sample.js';
import { drawsToCsv, writeDrawsCsv } from '../../../src/bayes/sampler/draws-csv.js';
import { reedfrogsTarget } from '../../../src/bayes/sampler/reference-targets.js';
import { listDir, tempDir } from '../../helpers/cli.js';

describe('draws CSV', () => {
  it('writes chain, draw, every quantity and the sampler columns, values exactly', async () => {
    const fit = await sample(reedfrogsTarget({ surv: [3, 7, 9], density: [10, 10, 10] }), { chains: 2, warmup: 50, draws: 20, seed: 9 });
    const dir = tempDir();
    const file = join(dir, 'draws.csv');
    await writeDrawsCsv(file, fit);
    expect(listDir(dir)).toEqual(['draws.csv']);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(drawsToCsv(fit));
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('chain,draw,abar,sigma,a[1],a[2],a[3],lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__');
    expect(lines).toHaveLength(1 + 40);
    const row = lines[21]!.split(',').map(Number); // chain 2, draw 1
    expect(row.slice(0, 2)).toEqual([2, 1]);
    const P = fit.parameterNames.length;
    expect(row.slice(2, 2 + P)).toEqual(Array.from(fit.values.subarray(20 * P, 21 * P)));
    expect(row[2 + P]).toBe(fit.stats.lp[20]);
    expect(row[2 + P + 6]).toBe(fit.stats.energy[20]);
  });

  it('writes plain draws without sampler columns and quotes awkward names', () => {
    const csv = drawsToCsv({ parameterNames: ['b[1,2]', 'c'], chains: 1, draws: 2, values: new Float64Array([1.5, NaN, -Infinity, 2]) });
    expect(csv).toBe('chain,draw,"b[1,2]",c\n1,1,1.5,NaN\n1,2,-Inf,2\n');
  });

  it('leaves nothing behind when the target directory does not exist', async () => {
    const dir = tempDir();
    await expect(writeDrawsCsv(join(dir, 'missing', 'draws.csv'), { parameterNames: ['x'], chains: 1, draws: 1, values: new Float64Array([1]) })).rejects.toThrow();
    expect(listDir(dir)).toEqual([]);
  });
});
