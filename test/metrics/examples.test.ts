/**
 * Runs the @example block of every public metric: each line `expr; // expected`
 * must evaluate to the expected value (a JSON value, NaN, or `throws CODE`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as metrics from '../../src/metrics/index.js';
import { repoPath } from '../helpers/shared.js';

const dir = repoPath('src/metrics');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && /^[a-z]+[A-Z]/.test(f) && f !== 'causalmlCurves.ts');

function exampleLines(source: string): string[] {
  const match = /@example\n((?:\s*\*.*\n)+?)\s*\*\//.exec(source);
  if (!match) return [];
  return match[1]!
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .filter((l) => l.trim() !== '');
}

const names = Object.keys(metrics);
const values = Object.values(metrics);

describe('@example blocks of src/metrics', () => {
  it('every public function file has an example with checked values', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) {
      const checked = exampleLines(readFileSync(`${dir}/${f}`, 'utf8')).filter((l) => l.includes('; //'));
      expect(checked.length, f).toBeGreaterThan(0);
    }
  });

  for (const f of files) {
    it(`${f} example evaluates to its comments`, () => {
      const lines = exampleLines(readFileSync(`${dir}/${f}`, 'utf8'));
      const context: string[] = [];
      let checks = 0;
      for (const line of lines) {
        const at = line.indexOf('; //');
        if (at < 0) {
          context.push(line);
          continue;
        }
        const expr = line.slice(0, at);
        const expected = line.slice(at + 4).trim();
        const run = new Function(...names, `${context.join('\n')}\nreturn (${expr});`) as (...a: unknown[]) => unknown;
        if (expected.startsWith('throws')) {
          const code = expected.split(/\s+/)[1];
          let thrown: unknown;
          try {
            run(...values);
          } catch (e) {
            thrown = e;
          }
          expect((thrown as { code?: string } | undefined)?.code, line).toBe(code);
        } else {
          const got = run(...values);
          const want = expected.startsWith('NaN') ? NaN : (JSON.parse(expected.split(' (')[0]!) as unknown);
          if (Number.isNaN(want)) expect(got, line).toBeNaN();
          else if (typeof want === 'number') expect(got as number, line).toBeCloseTo(want, 12);
          else expect(got, line).toEqual(want);
        }
        checks++;
      }
      expect(checks).toBeGreaterThan(0);
    });
  }
});
