import { mkdtempSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { armColumn, effectsFromColumns, effectsFromDraws } from '../../src/effects/effects.js';
import { openDrawsFile, readDrawsFile, writeDrawsFile } from '../../src/effects/drawsFile.js';
import { planValue } from '../../src/effects/planValue.js';
import { Random } from '../../src/util/random.js';

function randomEffects(n: number, K: number, S: number, seed: number) {
  const rng = new Random(seed);
  const values = new Float64Array(S * n * K);
  for (let s = 0; s < S; s++) for (let i = 0; i < n; i++) for (let k = 1; k < K; k++) values[(s * n + i) * K + k] = Math.fround(rng.uniform() - 0.3);
  return effectsFromDraws(['none', ...Array.from({ length: K - 1 }, (_, k) => `arm${k + 1}`)], S, values, 'bootstrap');
}

const dir = () => mkdtempSync(join(tmpdir(), 'liftwise-draws-'));

describe('effects', () => {
  it('puts score columns beside a zero arm 0 and reads a column back', () => {
    const e = effectsFromColumns(['email', 'coupon'], [Float64Array.of(0.1, 0.2), Float64Array.of(-1, 3)]);
    expect(e.arms).toEqual(['none', 'email', 'coupon']);
    expect(Array.from(e.mean)).toEqual([0, 0.1, -1, 0, 0.2, 3]);
    expect(Array.from(armColumn(e, 2))).toEqual([-1, 3]);
  });

  it('averages draws into the mean', () => {
    const e = effectsFromDraws(['none', 'a'], 3, Float64Array.of(0, 1, 0, 10, 0, 2, 0, 20, 0, 6, 0, 60), 'posterior');
    expect(e.units).toBe(2);
    expect(Array.from(e.mean)).toEqual([0, 3, 0, 30]);
  });

  it('refuses draws that do not split into draws × units × arms', () => {
    expect(() => effectsFromDraws(['none', 'a'], 3, new Float64Array(8), 'posterior')).toThrow(InputError);
  });
});

describe('plan value over draws', () => {
  it('gives the mean, a type-7 interval and P(> 0)', () => {
    // Four draws of one unit with totals 1, 2, 3, −1.
    const e = effectsFromDraws(['none', 'a'], 4, Float64Array.of(0, 1, 0, 2, 0, 3, 0, -1), 'posterior');
    const v = planValue(e, Int32Array.of(1), { level: 0.5 });
    expect(v.mean).toBe(1.25);
    expect(v.probabilityPositive).toBe(0.75);
    // sorted −1, 1, 2, 3: the 25 % quantile is at h = 0.75 → −1 + 0.75·2 = 0.5; 75 % at h = 2.25 → 2.25
    expect(v.interval).toEqual([0.5, 2.25]);
    expect(planValue(e, Int32Array.of(0)).mean).toBe(0);
  });
});

describe('draws file', () => {
  it('round-trips effects, ids and kind exactly (float32 draws, float64 mean)', async () => {
    const e = randomEffects(37, 3, 11, 5);
    const file = join(dir(), 'scores.draws');
    const ids = Array.from({ length: 37 }, (_, i) => `00${i}`);
    await writeDrawsFile(file, e, { ids, idColumn: 'customer' });
    const back = await readDrawsFile(file);
    expect(back.ids).toEqual(ids);
    expect(back.idColumn).toBe('customer');
    expect(back.effects.arms).toEqual(e.arms);
    expect(back.effects.draws?.kind).toBe('bootstrap');
    expect(back.effects.draws!.values).toEqual(e.draws!.values);
    expect(Array.from(back.effects.mean)).toEqual(Array.from(e.mean));
    // Size: the header, then 37 × 2 float64 means, then 37 × 2 × 11 float32 draws.
    const size = statSync(file).size;
    const headerEnd = size - 37 * 2 * 8 - 37 * 2 * 11 * 4;
    expect(headerEnd % 8).toBe(0);
    expect(readFileSync(file).subarray(0, 8).toString('latin1')).toBe('LWDRAWS\n');
  });

  it('reads any range of units on its own, unit-major', async () => {
    const e = randomEffects(20, 3, 5, 7);
    const file = join(dir(), 'x.draws');
    await writeDrawsFile(file, e);
    const reader = await openDrawsFile(file);
    const { mean, draws } = await reader.readUnits(13, 4);
    await reader.close();
    for (let u = 0; u < 4; u++) {
      for (let k = 1; k < 3; k++) {
        expect(mean[u * 2 + k - 1]).toBe(e.mean[(13 + u) * 3 + k]);
        for (let s = 0; s < 5; s++) expect(draws[(u * 2 + k - 1) * 5 + s]).toBe(e.draws!.values[(s * 20 + 13 + u) * 3 + k]);
      }
    }
  });

  it('refuses a truncated, foreign or corrupt file with the file named, and writes nothing on failure', async () => {
    const d = dir();
    const file = join(d, 'x.draws');
    await writeDrawsFile(file, randomEffects(5, 2, 4, 1));
    const whole = readFileSync(file);
    truncateSync(file, whole.length - 4);
    await expect(readDrawsFile(file)).rejects.toMatchObject({ code: 'E_DRAWS_TRUNCATED', where: { file } });
    writeFileSync(file, 'id,uplift\n1,0.2\n');
    await expect(readDrawsFile(file)).rejects.toMatchObject({ code: 'E_DRAWS_FILE' });
    const badVersion = Buffer.from(whole);
    badVersion.write('{"format":"liftwise-draws","version":9', 12, 'utf8');
    writeFileSync(file, badVersion);
    await expect(readDrawsFile(file)).rejects.toMatchObject({ code: 'E_DRAWS_VERSION' });
    // A NaN in the draws is named by unit and arm.
    const nan = Buffer.from(whole);
    nan.writeFloatLE(Number.NaN, nan.length - 4);
    writeFileSync(file, nan);
    await expect(readDrawsFile(file)).rejects.toThrow(/unit 5, arm 'arm1', draw 4 is not a finite number/);
    await expect(readDrawsFile(join(d, 'none.draws'))).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
    await expect(writeDrawsFile(join(d, 'p.draws'), effectsFromColumns(['a'], [Float64Array.of(1)]))).rejects.toMatchObject({ code: 'E_DRAWS_MISSING' });
    expect(readdirSync(d).sort()).toEqual(['x.draws']);
  });

  it('transposes tiles correctly past one tile and one block of units', async () => {
    // 3 arms × 200 draws: a write block is 6,990 units and a tile 64, so 8,000 units cross both.
    const e = randomEffects(8_000, 4, 200, 3);
    const file = join(dir(), 'big.draws');
    await writeDrawsFile(file, e);
    const back = await readDrawsFile(file);
    // A loop, not toEqual: vitest's deep equality on 16 M elements takes minutes.
    const a = back.effects.draws!.values;
    const b = e.draws!.values;
    let mismatches = 0;
    for (let j = 0; j < b.length; j++) if (a[j] !== b[j]) mismatches++;
    expect(a.length).toBe(b.length);
    expect(mismatches).toBe(0);
  });
});
