/** Runs the @example block of every public function in src/causal: `expr; // expected` lines must hold. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as causal from '../../src/causal/index.js';
import { repoPath } from '../helpers/shared.js';

const dir = repoPath('src/causal');
const files = ['simulatePanel.ts', 'panelTable.ts', 'didPooledOls.ts', 'didTwoWayFixedEffects.ts', 'didEventStudy.ts', 'withinTransform.ts'];

describe('@example blocks of src/causal', () => {
  it('covers the files that exist', () => {
    for (const f of files) expect(readdirSync(dir)).toContain(f);
  });
  for (const f of files) {
    it(`${f} example evaluates to its comments`, () => {
      const source = readFileSync(`${dir}/${f}`, 'utf8');
      const block = /@example\n((?:\s*\*.*\n)+?)\s*\*\//.exec(source);
      expect(block).not.toBeNull();
      const lines = block![1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).filter((l) => l.trim() !== '');
      const context: string[] = [];
      let checks = 0;
      for (const line of lines) {
        const at = line.indexOf('; //');
        if (at < 0 || line.trimStart().startsWith('//')) {
          context.push(line);
          continue;
        }
        const run = new Function(...Object.keys(causal), `${context.join('\n')}\nreturn (${line.slice(0, at)});`);
        const got = run(...Object.values(causal)) as unknown;
        expect(got, line).toEqual(JSON.parse(line.slice(at + 4).trim()));
        context.push(line);
        checks++;
      }
      expect(checks).toBeGreaterThan(0);
    });
  }
});
