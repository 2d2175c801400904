/** Library messages name the library's options; the CLI shows the same messages with its flags. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { categoricalColumn, createTable, numericColumn } from '../../src/data/table.js';
import { optionsAsFlags } from '../../src/errors.js';
import { UpliftModel } from '../../src/uplift/model.js';
import { cli, tempDir } from '../helpers/cli.js';

const arms = ['email', 'coupon', 'letter', 'email', 'coupon', 'letter'];
const table = createTable([
  categoricalColumn('arm', arms),
  numericColumn('x', [1, 2, 3, 4, 5, 6]),
  numericColumn('y', [0, 1, 0, 1, 1, 0]),
]);

describe('a message names an option, not a flag', () => {
  it('UpliftModel.fit without a control names the option control', () => {
    let error: unknown;
    try {
      UpliftModel.fit(table, { treatment: 'arm', outcome: 'y' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'E_NEED_CONTROL' });
    const message = (error as Error).message;
    expect(message).toContain("say which one is the control group with option 'control'");
    expect(message).not.toContain('--');
  });

  it('the CLI says --control for the same error', async () => {
    const dir = tempDir();
    const data = join(dir, 'd.csv');
    writeFileSync(data, `arm,x,y\n${arms.map((a, i) => `${a},${i + 1},${i % 2}`).join('\n')}\n`);
    const r = await cli(['fit', '--data', data, '--treatment', 'arm', '--outcome', 'y', '--out', join(dir, 'm.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_NEED_CONTROL');
    expect(r.stderr).toContain('say which one is the control group with --control');
    expect(r.stderr).not.toContain("option 'control'");
  });

  it('optionsAsFlags writes camelCase options as kebab-case flags and leaves other text alone', () => {
    expect(optionsAsFlags("raise option 'maxCore' or option 'n'; the option was 'x y'")).toBe("raise --max-core or --n; the option was 'x y'");
  });
});
